package io.switchboard.common.sip;

import java.util.Locale;

/**
 * Client transaction key (RFC 3261 §17.1.3): the top-Via branch we generated and the CSeq method,
 * so the CANCEL on an INVITE's branch (§9.1) is a transaction of its own. Sent-by is not compared.
 */
record ClientTransactionKey(String branch, String method) {

    static ClientTransactionKey of(String branch, String method) {
        return new ClientTransactionKey(branch.toLowerCase(Locale.ROOT), method);
    }
}
