/**
 * The user directory: provisioned SIP users and their HA1 credentials (RFC 7616 §3.4.2), kept in
 * a JDBC database (embedded H2 or PostgreSQL) and read through the Hazelcast map {@code users}.
 */
package io.switchboard.signaling.directory;
