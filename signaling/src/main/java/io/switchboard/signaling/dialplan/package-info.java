/**
 * The number plan: what a dialled number reaches (a user, or a service number owned by a worker
 * role: IVR application, queue, meeting room), used by INVITE, REFER and, later, trunks; and which
 * requests come from the cluster's own workers and so need no digest challenge.
 */
package io.switchboard.signaling.dialplan;
