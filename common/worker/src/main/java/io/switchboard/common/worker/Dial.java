package io.switchboard.common.worker;

import java.net.InetSocketAddress;

/**
 * A call a worker places through signaling (a queue ringing an agent, a callback to a caller).
 *
 * @param number      what signaling routes: an extension, a queue, an IVR number
 * @param signaling   signaling's SIP address; the INVITE's source is our SIP socket, which signaling
 *                    knows as a cluster worker's and so does not challenge
 * @param fromUser    the user part of our From: the number the callee's phone shows
 * @param fromDisplay the display name the callee's phone shows (empty for none)
 */
public record Dial(String number, InetSocketAddress signaling, String fromUser, String fromDisplay) {
}
