package io.switchboard.ivr.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.ivr.IvrAppParser;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IvrSessionTest {
    static final Set<String> PROMPTS = Set.of("welcome", "invalid", "timeout", "goodbye", "sales", "closed",
            "enter-extension");

    static final String APP = """
            name: shop
            number: "8100"
            start: main
            menus:
              main:
                prompt: welcome
                overall-timeout: 10s
                invalid-prompt: invalid
                timeout-prompt: timeout
                goodbye-prompt: goodbye
                retries: 2
                digits:
                  "1": { menu: sales }
                  "2": { queue: support }
                  "3": { meeting: standup }
                  "4": { outside: "+4420794600" }
                  "5": { play-and-hangup: closed }
                  "6": { menu: dial }
                  "0": repeat
                  "*": hangup
              sales:
                prompt: sales
                digits:
                  "1": { extension: "2001" }
                  "9": { menu: main }
              dial:
                prompt: enter-extension
                inter-digit-timeout: 3s
                overall-timeout: 10s
                retries: 0
                digits:
                  "0": { menu: main }
                  "#": { menu: sales }
                input:
                  min-digits: 3
                  max-digits: 4
                  action: { extension: "{digits}" }
            """;

    final FakeClock clock = new FakeClock();
    final RecordingOutput out = new RecordingOutput(clock);
    final IvrSession session = new IvrSession(IvrAppParser.parse(APP, PROMPTS), out, clock);

    @Test
    void startPlaysTheStartMenuAndWaitsTheOverallTimeoutAfterThePrompt() {
        session.start();
        assertThat(out.take()).containsExactly("play welcome");

        promptEnds();
        assertThat(out.take()).containsExactly("timer 10000ms");
        assertThat(session.menu().name()).isEqualTo("main");
    }

    @Test
    void eachActionOfTheMenu() {
        assertThat(afterKeys('2')).containsExactly("transfer QUEUE support");
        assertThat(afterKeys('3')).containsExactly("transfer MEETING standup");
        assertThat(afterKeys('4')).containsExactly("transfer OUTSIDE +4420794600");
        assertThat(afterKeys('*')).containsExactly("hangup");
        assertThat(afterKeys('1')).containsExactly("play sales");
    }

    @Test
    void aKeyDuringThePromptStopsItAndActs_bargeIn() {
        session.start();
        out.take();

        session.onDigit('1');
        assertThat(out.take()).containsExactly("stop", "play sales");
        session.onDigit('1');
        assertThat(out.take()).containsExactly("stop", "transfer EXTENSION 2001");
        assertThat(session.ended()).isTrue();
        session.onDigit('9');
        session.onTimer();
        assertThat(out.take()).isEmpty();
    }

    @Test
    void invalidKeyPlaysTheInvalidPromptThenTheMenuAgain() {
        waitingInMain();

        session.onDigit('7');
        assertThat(out.take()).containsExactly("play invalid");
        promptEnds();
        assertThat(out.take()).containsExactly("play welcome");
        promptEnds();
        assertThat(out.take()).containsExactly("timer 10000ms");
    }

    @Test
    void silenceUntilTheOverallTimeoutPlaysTheTimeoutPromptThenTheMenu() {
        waitingInMain();

        elapse(Duration.ofMillis(9_999));
        assertThat(out.take()).isEmpty();
        elapse(Duration.ofMillis(1));
        assertThat(out.take()).containsExactly("play timeout");
        promptEnds();
        assertThat(out.take()).containsExactly("play welcome");
    }

    @Test
    void failuresCountTogetherAndTheOneAfterTheRetriesSaysGoodbyeAndHangsUp() {
        waitingInMain();
        session.onDigit('7');
        promptEnds();
        promptEnds();
        elapse(Duration.ofSeconds(10));
        promptEnds();
        promptEnds();
        out.take();

        session.onDigit('8');
        assertThat(out.take()).containsExactly("play goodbye");
        session.onDigit('1');
        assertThat(out.take()).as("no barge-in into the goodbye").isEmpty();
        promptEnds();
        assertThat(out.take()).containsExactly("hangup");
        assertThat(session.ended()).isTrue();
    }

    @Test
    void repeatReplaysTheMenuWithoutCountingAFailure() {
        waitingInMain();
        for (int i = 0; i < 5; i++) {
            session.onDigit('0');
            assertThat(out.take()).containsExactly("play welcome");
            promptEnds();
            out.take();
        }
        session.onDigit('7');
        assertThat(out.take()).containsExactly("play invalid");
    }

    @Test
    void enteringAnotherMenuResetsTheFailures() {
        waitingInMain();
        session.onDigit('7');
        promptEnds();
        session.onDigit('7');
        promptEnds();
        out.take();

        session.onDigit('1');
        session.onDigit('9');
        assertThat(out.take()).containsExactly("stop", "play sales", "stop", "play welcome");
        session.onDigit('7');
        assertThat(out.take()).containsExactly("stop", "play invalid");
    }

    @Test
    void playAndHangUpPlaysThePromptThenHangsUp() {
        waitingInMain();

        session.onDigit('5');
        assertThat(out.take()).containsExactly("play closed");
        promptEnds();
        assertThat(out.take()).containsExactly("hangup");
    }

    @Test
    void multiDigitEntryEndsAtTheTerminator() {
        inDial();

        session.onDigit('1');
        session.onDigit('2');
        session.onDigit('3');
        assertThat(out.take()).containsExactly("timer 3000ms", "timer 3000ms", "timer 3000ms");
        session.onDigit('#');
        assertThat(out.take()).containsExactly("transfer EXTENSION 123");
    }

    @Test
    void multiDigitEntryEndsAtMaxDigits() {
        inDial();

        for (char c : "1234".toCharArray()) {
            session.onDigit(c);
        }
        assertThat(out.take()).containsExactly("timer 3000ms", "timer 3000ms", "timer 3000ms",
                "transfer EXTENSION 1234");
    }

    @Test
    void multiDigitEntryEndsAtTheInterDigitTimeout() {
        inDial();
        session.onDigit('4');
        elapse(Duration.ofSeconds(2));
        session.onDigit('0');
        elapse(Duration.ofSeconds(2));
        session.onDigit('1');
        out.take();

        elapse(Duration.ofMillis(2_999));
        assertThat(out.take()).isEmpty();
        elapse(Duration.ofMillis(1));
        assertThat(out.take()).containsExactly("transfer EXTENSION 401");
    }

    @Test
    void theOverallTimeoutCutsASlowEntry() {
        inDial();
        for (int i = 0; i < 3; i++) {
            elapse(Duration.ofMillis(2_900));
            session.onDigit('5');
        }
        // 8.7 s in; the next inter-digit deadline (11.7 s) is past the overall one (10 s).
        assertThat(out.take()).containsExactly("timer 3000ms", "timer 3000ms", "timer 1300ms");
        elapse(Duration.ofMillis(1_300));
        assertThat(out.take()).containsExactly("transfer EXTENSION 555");
    }

    @Test
    void aSingleBoundKeyInAnInputMenuRunsItsActionOnceTheEntryEnds() {
        inDial();

        session.onDigit('0');
        elapse(Duration.ofSeconds(3));
        assertThat(out.take()).containsExactly("timer 3000ms", "play welcome");
    }

    @Test
    void theTerminatorAloneRunsTheActionBoundToIt() {
        inDial();

        session.onDigit('#');
        assertThat(out.take()).containsExactly("play sales");
    }

    @Test
    void anEntryTooShortIsInvalidAndWithNoRetriesLeftHangsUp() {
        inDial();

        session.onDigit('1');
        session.onDigit('2');
        session.onDigit('#');
        assertThat(out.take()).containsExactly("timer 3000ms", "timer 3000ms", "hangup");
    }

    @Test
    void staleTimersAndPromptEndsAreIgnored() {
        session.start();
        int firstPrompt = out.lastPlayId;
        session.onDigit('1');
        out.take();
        session.onPromptFinished(firstPrompt);
        assertThat(out.take()).as("the welcome prompt that was stopped").isEmpty();

        promptEnds();
        out.take();
        clock.advance(Duration.ofSeconds(4));
        session.onDigit('9');
        promptEnds();
        out.take();
        // The timer "sales" armed (due at 10 s) still fires; "main" now waits until 14 s.
        clock.advance(Duration.ofSeconds(6));
        session.onTimer();
        assertThat(out.take()).isEmpty();
        elapse(Duration.ofSeconds(4));
        assertThat(out.take()).containsExactly("play timeout");
    }

    @Test
    void afterTheCallerHangsUpNothingIsSent() {
        waitingInMain();
        session.onCallerHangUp();

        session.onDigit('1');
        elapse(Duration.ofSeconds(30));
        promptEnds();
        assertThat(out.take()).isEmpty();
        assertThat(session.ended()).isTrue();
    }

    @Test
    void failedTransferPlaysTransferFailedThenTheMenuAgain_rfc3515_2_4_5() {
        session.start();
        promptEnds();
        out.take();
        session.onDigit('2');
        assertThat(out.take()).containsExactly("transfer QUEUE support");
        assertThat(session.ended()).isTrue();

        session.onTransferFailed();
        assertThat(session.ended()).isFalse();
        assertThat(out.take()).containsExactly("play transfer-failed");
        promptEnds();
        assertThat(out.take()).containsExactly("play welcome");
        promptEnds();
        assertThat(out.take()).containsExactly("timer 10000ms");
    }

    @Test
    void transferFailedAfterAHangUpIsIgnored() {
        session.start();
        promptEnds();
        session.onDigit('*');
        out.take();
        session.onTransferFailed();
        assertThat(out.take()).isEmpty();
        assertThat(session.ended()).isTrue();
    }

    private java.util.List<String> afterKeys(char key) {
        IvrSession s = new IvrSession(IvrAppParser.parse(APP, PROMPTS), out, clock);
        s.start();
        s.onPromptFinished(out.lastPlayId);
        out.take();
        s.onDigit(key);
        return out.take();
    }

    private void waitingInMain() {
        session.start();
        promptEnds();
        out.take();
    }

    private void inDial() {
        waitingInMain();
        session.onDigit('6');
        promptEnds();
        assertThat(out.take()).containsExactly("play enter-extension", "timer 10000ms");
    }

    private void promptEnds() {
        session.onPromptFinished(out.lastPlayId);
    }

    /** Moves the clock and fires the armed timer when it is due, as the host's timer wheel would. */
    private void elapse(Duration d) {
        clock.advance(d);
        if (out.timerDueAt != Long.MIN_VALUE && clock.millis() >= out.timerDueAt) {
            out.timerDueAt = Long.MIN_VALUE;
            session.onTimer();
        }
    }
}
