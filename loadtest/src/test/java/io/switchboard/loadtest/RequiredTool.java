package io.switchboard.loadtest;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A tool an integration test drives (SIPp, baresip). Missing, the test is skipped with the package
 * to install, except under {@code ./switchboard test} (SWITCHBOARD_TEST_REQUIRE_TOOLS=1), which
 * installs them first: there a missing tool fails the run, so green always means tested.
 */
public final class RequiredTool {
    private RequiredTool() {
    }

    public static void require(boolean present, String message) {
        if ("1".equals(System.getenv("SWITCHBOARD_TEST_REQUIRE_TOOLS"))) {
            if (!present) {
                fail(message + " (required: SWITCHBOARD_TEST_REQUIRE_TOOLS=1)");
            }
            return;
        }
        assumeTrue(present, message);
    }
}
