package io.switchboard.common.worker;

/** One service the worker runs (an IVR menu tree, a queue, a room): it makes a session per answered call. */
public interface WorkerApplication {

    /** For logs. */
    String name();

    /**
     * A session for a call being answered. Called before our 200 goes out, under the call's lock: the
     * session should only keep {@code call} here and act from {@link WorkerSession#onStarted()}.
     */
    WorkerSession open(WorkerCall call);
}
