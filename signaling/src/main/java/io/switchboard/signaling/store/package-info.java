/**
 * What the CDR and queue call writers share: a background thread that writes rows in batches
 * ({@link io.switchboard.signaling.store.BatchWriter}) and the JDBC insert behind it
 * ({@link io.switchboard.signaling.store.JdbcInsert}).
 */
package io.switchboard.signaling.store;
