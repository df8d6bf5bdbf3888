package io.switchboard.dist.service;

/**
 * Starts, stops and reports one role on this host: {@link SystemdService} where systemd is PID 1,
 * {@link SupervisedService} (a detached process and its PID file) elsewhere.
 */
public interface RoleService {
    /** How this host runs roles, for result lines: "systemd" or "supervised". */
    String mode();

    /** Makes the role startable (unit installed and enabled, or nothing more for a supervised process); says what it did. */
    String install(Role role, String user) throws ServiceFailure;

    /** Starts the role; one that already runs is left alone and says so. */
    Outcome start(Role role) throws ServiceFailure;

    /** Stops the role gracefully (SIGTERM, up to 90 s); one that does not run is "stopped" too. */
    Outcome stop(Role role) throws ServiceFailure;

    Outcome restart(Role role) throws ServiceFailure;

    /** Running (exit 0) or not running (exit 3), never trusting a PID alone. */
    Outcome status(Role role) throws ServiceFailure;

    /** Removes what {@link #install} and {@link #start} added for a stopped role (the unit, or the PID file); says what. */
    String remove(Role role) throws ServiceFailure;
}
