package io.switchboard.ivr.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.ivr.IvrApp;
import io.switchboard.common.ivr.IvrAppParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The demo the all-in-one ships on 8000: press 1 to 9 for extension 1001 to 1009, 0 to repeat. */
class DemoAppTest {
    static final Set<String> DEMO_PROMPTS = Set.of("demo-welcome", "invalid", "timeout", "goodbye");

    @Test
    void demoParsesWithItsFourPrompts() throws IOException {
        IvrApp demo = demo();

        assertThat(demo.name()).isEqualTo("demo");
        assertThat(demo.number()).isEqualTo("8000");
        assertThat(demo.start().prompt()).isEqualTo("demo-welcome");
    }

    @Test
    void keysOneToNineReachExtensions1001To1009() throws IOException {
        for (char key = '1'; key <= '9'; key++) {
            FakeClock clock = new FakeClock();
            RecordingOutput out = new RecordingOutput(clock);
            IvrSession session = new IvrSession(demo(), out, clock);
            session.start();
            session.onDigit(key);

            assertThat(out.take()).containsExactly("play demo-welcome", "stop", "transfer EXTENSION 100" + key);
        }
    }

    @Test
    void zeroRepeatsAndAnythingElseIsInvalid() throws IOException {
        FakeClock clock = new FakeClock();
        RecordingOutput out = new RecordingOutput(clock);
        IvrSession session = new IvrSession(demo(), out, clock);
        session.start();
        session.onPromptFinished(out.lastPlayId);
        session.onDigit('0');
        session.onPromptFinished(out.lastPlayId);
        session.onDigit('#');

        assertThat(out.take()).containsExactly("play demo-welcome", "timer 10000ms", "play demo-welcome",
                "timer 10000ms", "play invalid");
    }

    static IvrApp demo() throws IOException {
        try (InputStream in = DemoAppTest.class.getResourceAsStream("/ivr/demo.yaml")) {
            return IvrAppParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), DEMO_PROMPTS);
        }
    }
}
