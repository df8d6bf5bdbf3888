/** SIP transport (RFC 3261 §18, RFC 3581) on Netty and our own transaction layer, server and client (RFC 3261 §17, RFC 6026); the JAIN-SIP RI supplies only the message model and parser. */
package io.switchboard.common.sip;
