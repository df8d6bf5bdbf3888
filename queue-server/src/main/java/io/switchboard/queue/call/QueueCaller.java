package io.switchboard.queue.call;

import io.switchboard.common.worker.CallEnd;
import io.switchboard.common.worker.WorkerCall;
import io.switchboard.common.worker.WorkerSession;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * One caller in a queue as the worker sees it: every event is handed to the queue's serial executor
 * (the worker calls us under the call's lock, and the queue calls the call back: handing over keeps
 * the two locks from ever being taken in the other order). Its playback (prompts, then music on hold
 * in a loop) is kept here and driven by the queue.
 */
final class QueueCaller implements WorkerSession {
    final WorkerCall call;
    private final QueueRuntime queue;
    /** Prompts to play before the music goes on (greeting, an announcement). */
    private final Deque<String> pending = new ArrayDeque<>();
    private int playId;
    private int track;
    private boolean musicOn;

    QueueCaller(WorkerCall call, QueueRuntime queue) {
        this.call = call;
        this.queue = queue;
    }

    String id() {
        return call.callId();
    }

    // ---- worker events, handed to the queue ----

    @Override
    public void onStarted() {
        queue.execute(() -> queue.join(this));
    }

    @Override
    public void onDigit(char digit) {
        queue.execute(() -> queue.digit(this, digit));
    }

    @Override
    public void onPromptFinished(int id) {
        queue.execute(() -> {
            if (id == playId) {
                playNext();
            }
        });
    }

    @Override
    public void onTimer() {
        queue.execute(() -> queue.tick(this));
    }

    @Override
    public void onTransferFailed(String why) {
        queue.execute(() -> queue.transferFailed(this, why));
    }

    @Override
    public void onEnded(CallEnd end) {
        queue.execute(() -> queue.ended(this, end));
    }

    // ---- playback, on the queue's executor ----

    /** Plays {@code prompts} now, then the music again. */
    void announce(List<String> prompts) {
        pending.clear();
        pending.addAll(prompts);
        playNext();
    }

    /** Plays {@code prompts} and then nothing: {@link QueueRuntime} is told when they are done. */
    void musicOff() {
        musicOn = false;
    }

    void musicOn() {
        musicOn = true;
    }

    private void playNext() {
        String next = pending.poll();
        List<String> music = queue.definition().music();
        if (next == null) {
            if (!musicOn) {
                queue.execute(() -> queue.promptsDone(this));
                return;
            }
            next = music.get(track++ % music.size());
        }
        call.play(++playId, next);
    }
}
