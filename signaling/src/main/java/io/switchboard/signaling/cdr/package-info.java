/** Call detail records: one per call, written to the database off the SIP path, read by the admin API. */
package io.switchboard.signaling.cdr;
