package io.switchboard.queue.call;

import io.switchboard.common.worker.Dial;
import io.switchboard.common.worker.DialListener;
import io.switchboard.common.worker.DialedCall;
import java.util.Optional;

/** How a queue places its calls (agents, callbacks): the worker's {@code WorkerCalls::dial}; a fake in tests. */
@FunctionalInterface
public interface Dialer {
    Optional<DialedCall> dial(Dial dial, DialListener listener);
}
