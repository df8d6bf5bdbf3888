/** The registrar (RFC 3261 §10.3): authenticates REGISTER with digest, applies the binding rules and answers with the current bindings. */
package io.switchboard.signaling.registrar;
