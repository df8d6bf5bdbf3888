package io.switchboard.dist.service;

/**
 * What one service command ends with: its one result line and its exit code (0 done, 3 not running as
 * {@code systemctl status} says it, 1 failed).
 */
public record Outcome(int exitCode, String line) {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int NOT_RUNNING = 3;

    public static Outcome ok(Role role, String what) {
        return new Outcome(OK, role + ": " + what);
    }

    public static Outcome notRunning(Role role, String detail) {
        return new Outcome(NOT_RUNNING, role + ": not running" + detail);
    }

    public static Outcome failed(Role role, String why) {
        return new Outcome(FAILED, role + ": " + why);
    }

    public boolean succeeded() {
        return exitCode == OK;
    }
}
