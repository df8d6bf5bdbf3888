/**
 * A minimal SDP (RFC 4566) model for offer/answer rewriting (RFC 3264): origin, connection and
 * media lines parsed, every other line kept verbatim and in order so a rewrite changes only what it means to.
 */
package io.switchboard.common.sdp;
