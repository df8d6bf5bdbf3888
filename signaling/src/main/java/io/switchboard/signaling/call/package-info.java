/** B2BUA call control (RFC 3261 §12-15, RFC 3264 offer/answer through the media relay): one B2buaCall per call, two legs. */
package io.switchboard.signaling.call;
