/** The {@code switchboard} command line: starts roles and the all-in-one, and talks to the admin API. */
package io.switchboard.dist;
