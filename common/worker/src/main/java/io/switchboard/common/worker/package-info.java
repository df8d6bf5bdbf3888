/**
 * The skeleton every worker role stands on (IVR today, queue and meeting next): a SIP UAS behind
 * signaling that answers a service number's INVITE at once with its own RTP endpoint, keeps the
 * answered calls, and ends or hands them on. What the role adds is an application per number
 * ({@link io.switchboard.common.worker.WorkerApplications}) and a session per call
 * ({@link io.switchboard.common.worker.WorkerSession}) that drives the call through
 * {@link io.switchboard.common.worker.WorkerCall}.
 *
 * <p>{@link io.switchboard.common.worker.WorkerCalls} is the transport's request handler and the
 * one owner of the live calls; {@link io.switchboard.common.worker.InviteAdmission} decides whether
 * a new INVITE is answered (RFC 3261 §21, RFC 3264 §6); {@link io.switchboard.common.worker.AnsweredCall}
 * is one call: dialog (RFC 3261 §12), media, BYE, REFER (RFC 3515) and timers, under one lock.
 * Media and SIP sending are reached through {@link io.switchboard.common.worker.MediaPorts} and
 * {@link io.switchboard.common.worker.RequestSender}, so the whole flow is tested without sockets.
 */
package io.switchboard.common.worker;
