package io.switchboard.common.worker;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A session that writes down every event ("started", "digit 5", "ended CALLER_HUNG_UP", ...). */
final class RecordingSession implements WorkerSession {
    final WorkerCall call;
    final List<String> events = new CopyOnWriteArrayList<>();
    private final Consumer<WorkerCall> onStart;

    RecordingSession(WorkerCall call, Consumer<WorkerCall> onStart) {
        this.call = call;
        this.onStart = onStart;
    }

    @Override
    public void onStarted() {
        events.add("started");
        onStart.accept(call);
    }

    @Override
    public void onDigit(char digit) {
        events.add("digit " + digit);
    }

    @Override
    public void onPromptFinished(int playId) {
        events.add("prompt finished " + playId);
    }

    @Override
    public void onTimer() {
        events.add("timer");
    }

    @Override
    public void onTransferFailed(String why) {
        events.add("transfer failed: " + why);
    }

    @Override
    public void onEnded(CallEnd end) {
        events.add("ended " + end);
    }

    /** An application on one number whose sessions are recorded, running {@code onStart} when the call starts. */
    static final class App implements WorkerApplication, WorkerApplications {
        final String number;
        final List<RecordingSession> sessions = new CopyOnWriteArrayList<>();
        Consumer<WorkerCall> onStart = call -> { };

        App(String number) {
            this.number = number;
        }

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public WorkerSession open(WorkerCall call) {
            RecordingSession s = new RecordingSession(call, onStart);
            sessions.add(s);
            return s;
        }

        @Override
        public java.util.Optional<WorkerApplication> byNumber(String dialled) {
            return number.equals(dialled) ? java.util.Optional.of(this) : java.util.Optional.empty();
        }

        RecordingSession last() {
            return sessions.get(sessions.size() - 1);
        }
    }
}
