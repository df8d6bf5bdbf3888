/** The location service (RFC 3261 §10.2, §16.5): bindings of addresses of record to contacts, kept in Hazelcast so every signaling process sees them. */
package io.switchboard.signaling.location;
