package io.switchboard.signaling.dialplan;

import io.switchboard.common.ivr.IvrApp;
import io.switchboard.common.ivr.IvrApps;
import java.util.Optional;

/** IVR application numbers, from the event-kept index of {@link IvrApps}. */
public final class IvrNumbers implements ServiceNumbers {
    private final IvrApps apps;

    public IvrNumbers(IvrApps apps) {
        this.apps = apps;
    }

    @Override
    public ServiceKind kind() {
        return ServiceKind.IVR;
    }

    @Override
    public Optional<String> nameOf(String number) {
        return apps.routeNumber(number).map(IvrApp::name);
    }
}
