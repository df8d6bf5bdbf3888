package io.switchboard.common.worker;

import java.util.Optional;

/**
 * The role's number plan: which application answers a dialled number (the Request-URI user). The
 * IVR asks its {@code IvrApps}; queues and rooms will ask theirs. Called on a SIP worker thread per
 * new INVITE, so it may read the cluster; empty means 404.
 */
@FunctionalInterface
public interface WorkerApplications {
    Optional<WorkerApplication> byNumber(String number);
}
