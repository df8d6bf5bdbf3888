package io.switchboard.ivr.session;

import io.switchboard.common.ivr.TransferKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Records every command as a line ("play welcome", "timer 10000ms", ...) and the timer it was asked for. */
final class RecordingOutput implements IvrOutput {
    final List<String> commands = new ArrayList<>();
    private final FakeClock clock;
    int lastPlayId;
    long timerDueAt = Long.MIN_VALUE;

    RecordingOutput(FakeClock clock) {
        this.clock = clock;
    }

    @Override
    public void play(int playId, String prompt) {
        lastPlayId = playId;
        commands.add("play " + prompt);
    }

    @Override
    public void stopPlayback() {
        commands.add("stop");
    }

    @Override
    public void transfer(TransferKind kind, String target) {
        commands.add("transfer " + kind + " " + target);
    }

    @Override
    public void hangUp() {
        commands.add("hangup");
    }

    @Override
    public void armTimer(Duration after) {
        timerDueAt = clock.millis() + after.toMillis();
        commands.add("timer " + after.toMillis() + "ms");
    }

    /** The commands since the last call, then forgets them. */
    List<String> take() {
        List<String> out = List.copyOf(commands);
        commands.clear();
        return out;
    }
}
