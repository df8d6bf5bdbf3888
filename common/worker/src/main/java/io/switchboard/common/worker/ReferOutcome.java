package io.switchboard.common.worker;

import io.switchboard.common.sip.ClientTransaction;
import io.switchboard.common.sip.ClientTransactionUser;
import java.util.function.Consumer;
import javax.sip.message.Response;

/**
 * A REFER's own answer (RFC 3515 §2.4.2): only a failure matters here, since success is reported by
 * NOTIFY sipfrag; {@code failed} gets why (non-2xx, timeout, not sent).
 */
final class ReferOutcome implements ClientTransactionUser {
    private final Consumer<String> failed;

    ReferOutcome(Consumer<String> failed) {
        this.failed = failed;
    }

    @Override
    public void onProvisional(ClientTransaction tx, Response response) {
    }

    @Override
    public void onFinal(ClientTransaction tx, Response response) {
        if (response.getStatusCode() >= 300) {
            failed.accept("REFER answered " + response.getStatusCode());
        }
    }

    @Override
    public void onTimeout(ClientTransaction tx) {
        failed.accept("REFER timed out");
    }

    @Override
    public void onTransportError(ClientTransaction tx, String reason) {
        failed.accept("REFER not sent: " + reason);
    }
}
