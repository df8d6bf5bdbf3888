/**
 * The rtpengine "ng" control protocol shared by the media server and its client, signaling:
 * bencoded dictionaries behind a cookie, over UDP (rtpengine docs/ng_control_protocol.md), with the
 * typed request ({@link io.switchboard.common.ng.NgCommand}) both sides use and the typed reply
 * ({@link io.switchboard.common.ng.NgReply}) the client reads.
 */
package io.switchboard.common.ng;
