package io.switchboard.ivr.call;

import io.switchboard.common.worker.WorkerCalls;

/**
 * The IVR node's callers: the worker skeleton that holds them ({@link WorkerCalls}: SIP, admission,
 * dialogs, media) and what the IVR sessions counted.
 */
public record IvrCalls(WorkerCalls worker, IvrMeters meters) {

    /** Live callers (each holds an RTP port pair and a session). */
    public int size() {
        return worker.size();
    }
}
