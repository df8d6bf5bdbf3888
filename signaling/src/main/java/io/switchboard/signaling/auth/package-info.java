/** HTTP Digest authentication of SIP requests: RFC 3261 §22, RFC 2617, RFC 7616 (MD5 and SHA-256, qop=auth), RFC 8760. */
package io.switchboard.signaling.auth;
