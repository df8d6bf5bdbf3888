/** Per-user call features (do not disturb, call forwarding): their records, storage and cluster copy. */
package io.switchboard.signaling.feature;
