/**
 * SIP dialogs (RFC 3261 §12) shared by every role that is a user agent: signaling's B2BUA legs and
 * the workers (IVR, later queue and meeting servers). The dialog state is a model; in-dialog requests
 * are built from it with the SIP stack's factories, never written as text and parsed again.
 */
package io.switchboard.common.sip.dialog;
