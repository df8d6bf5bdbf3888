/** Request routing in signaling: which part of call control answers each SIP method (RFC 3261 §8.2.1, §11). */
package io.switchboard.signaling.route;
