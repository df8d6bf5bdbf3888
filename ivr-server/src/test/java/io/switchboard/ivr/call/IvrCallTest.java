package io.switchboard.ivr.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.ivr.IvrAppParser;
import io.switchboard.common.worker.CallEnd;
import io.switchboard.common.worker.WorkerCall;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The IVR menu on a worker call: events in, commands out to the call, and the IVR's counters. */
class IvrCallTest {
    private static final String APP = """
            name: front
            number: "8100"
            start: main
            menus:
              main:
                prompt: welcome
                digits:
                  "2": { extension: "1002" }
                  "*": hangup
            """;

    /** Writes down what the menu asks of its call. */
    private static final class RecordingCall implements WorkerCall {
        final List<String> commands = new ArrayList<>();

        @Override
        public io.switchboard.common.worker.CallMedia media() {
            return null; // these sessions play prompts through the call; they never touch its stream
        }

        @Override
        public String callId() {
            return "ivr-call-test";
        }

        @Override
        public void play(int playId, String prompt) {
            commands.add("play " + prompt);
        }

        @Override
        public void stopPlayback() {
            commands.add("stop");
        }

        @Override
        public void armTimer(Duration after) {
            commands.add("timer");
        }

        @Override
        public void hangUp() {
            commands.add("hangup");
        }

        @Override
        public void transfer(String target) {
            commands.add("transfer " + target);
        }

        @Override
        public void transfer(String target, io.switchboard.common.worker.DialedCall replacing) {
            commands.add("transfer " + target + " replacing " + replacing.callId());
        }

        @Override
        public java.util.Optional<String> clusterHeader(String name) {
            return java.util.Optional.empty();
        }

        @Override
        public String callerNumber() {
            return "1001";
        }

        @Override
        public String callerDisplayName() {
            return "";
        }

        @Override
        public java.net.InetSocketAddress signaling() {
            return new java.net.InetSocketAddress("127.0.0.1", 5060);
        }
    }

    private final IvrMeters meters = new IvrMeters();
    private final RecordingCall call = new RecordingCall();
    private final IvrCall ivr = new IvrCall(IvrAppParser.parse(APP, Set.of("welcome")), call, meters, Clock.systemUTC());

    @Test
    void theMenuStartsWhenTheCallStartsAndItsPromptIsCounted() {
        ivr.onStarted();

        assertThat(call.commands).containsExactly("play welcome");
        assertThat(meters.timesPlayed("welcome")).isEqualTo(1);
    }

    @Test
    void aKeyIsCountedAndItsTransferGoesOutAsTheCallsRefer_rfc5589_6() {
        ivr.onStarted();
        ivr.onDigit('2');

        assertThat(meters.digitsReceived()).isEqualTo(1);
        assertThat(call.commands).containsExactly("play welcome", "stop", "transfer 1002");
    }

    @Test
    void aTransferCountsOnceTheCallEndsTransferred_rfc3515_2_4_5() {
        ivr.onStarted();
        ivr.onDigit('2');
        ivr.onEnded(CallEnd.TRANSFERRED);

        assertThat(meters.transfersDone()).isEqualTo(1);
        assertThat(meters.transfersFailed()).isZero();
    }

    @Test
    void aFailedTransferIsCountedAndPlaysTransferFailedBeforeTheMenu_rfc3515_2_4_5() {
        ivr.onStarted();
        ivr.onDigit('2');
        call.commands.clear();
        ivr.onTransferFailed("sipfrag 480");

        assertThat(meters.transfersFailed()).isEqualTo(1);
        assertThat(call.commands).containsExactly("play transfer-failed");
    }

    @Test
    void theMenuHangsUpThroughTheCallAndACallerByeEndsTheMenu() {
        ivr.onStarted();
        ivr.onDigit('*');
        ivr.onEnded(CallEnd.HUNG_UP);
        ivr.onDigit('2');

        assertThat(call.commands).containsExactly("play welcome", "stop", "hangup");
        assertThat(meters.transfersDone()).isZero();
    }
}
