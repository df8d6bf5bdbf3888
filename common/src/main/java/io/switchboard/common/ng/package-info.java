/**
 * The rtpengine "ng" control protocol shared by the media server and its client, signaling:
 * bencoded dictionaries behind a cookie, over UDP (rtpengine docs/ng_control_protocol.md).
 */
package io.switchboard.common.ng;
