/**
 * The rtpengine ng control protocol, server side: bencoded commands in, typed {@link io.switchboard.common.ng.NgCommand}s
 * executed against the relay sessions, replies (cached per cookie for retransmissions) out. See README-ng.md.
 */
package io.switchboard.media.ng;
