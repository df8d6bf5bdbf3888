package io.switchboard.queue.call;

import io.switchboard.common.worker.Dial;
import io.switchboard.common.worker.DialListener;
import io.switchboard.common.worker.DialedCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Places {@link FakeDialedCall}s and keeps them, in order, for the test to answer or fail. */
final class FakeDialer implements Dialer {
    private final ManualTimers timers;
    private final List<FakeDialedCall> calls = new ArrayList<>();
    private boolean refusing;

    FakeDialer(ManualTimers timers) {
        this.timers = timers;
    }

    /** Dials from now on place nothing (no RTP port free). */
    synchronized void refuse(boolean refuse) {
        this.refusing = refuse;
    }

    @Override
    public synchronized Optional<DialedCall> dial(Dial dial, DialListener listener) {
        if (refusing) {
            return Optional.empty();
        }
        FakeDialedCall call = new FakeDialedCall("dialed-" + (calls.size() + 1), dial, listener, timers);
        calls.add(call);
        return Optional.of(call);
    }

    /** Every call placed, in order. */
    synchronized List<FakeDialedCall> calls() {
        return List.copyOf(calls);
    }

    /** The numbers dialled, in order. */
    synchronized List<String> numbers() {
        return calls.stream().map(FakeDialedCall::number).toList();
    }

    /** The last call placed to {@code number}. */
    synchronized FakeDialedCall last(String number) {
        for (int i = calls.size() - 1; i >= 0; i--) {
            if (calls.get(i).number().equals(number)) {
                return calls.get(i);
            }
        }
        throw new IllegalStateException(number + " was never dialled; dialled: " + numbers());
    }
}
