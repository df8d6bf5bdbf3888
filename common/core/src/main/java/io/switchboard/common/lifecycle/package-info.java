/** Start-up and shutdown of a role's parts in order. */
package io.switchboard.common.lifecycle;
