/** The server inventory: the worker servers the operator added, stored in the database and published to the cluster. */
package io.switchboard.signaling.inventory;
