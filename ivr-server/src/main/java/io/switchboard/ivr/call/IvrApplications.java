package io.switchboard.ivr.call;

import io.switchboard.common.ivr.IvrApp;
import io.switchboard.common.ivr.IvrApps;
import io.switchboard.common.worker.WorkerApplication;
import io.switchboard.common.worker.WorkerApplications;
import io.switchboard.common.worker.WorkerCall;
import io.switchboard.common.worker.WorkerSession;
import java.time.Clock;
import java.util.Optional;

/** The IVR's number plan for the worker: the dialled number's {@link IvrApp} ({@link IvrApps#routeNumber}), one {@link IvrCall} per caller. */
public final class IvrApplications implements WorkerApplications {
    private final IvrApps apps;
    private final IvrMeters meters;
    private final Clock clock;

    public IvrApplications(IvrApps apps, IvrMeters meters, Clock clock) {
        this.apps = apps;
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    public Optional<WorkerApplication> byNumber(String number) {
        return apps.routeNumber(number).map(this::application);
    }

    private WorkerApplication application(IvrApp app) {
        return new WorkerApplication() {
            @Override
            public String name() {
                return app.name();
            }

            @Override
            public WorkerSession open(WorkerCall call) {
                return new IvrCall(app, call, meters, clock);
            }
        };
    }
}
