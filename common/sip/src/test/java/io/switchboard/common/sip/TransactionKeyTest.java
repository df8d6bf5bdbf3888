package io.switchboard.common.sip;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.StringMsgParser;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TransactionKeyTest {

    private static SIPRequest parse(String text) throws Exception {
        return (SIPRequest) new StringMsgParser().parseSIPMessage(text.getBytes(StandardCharsets.UTF_8), true, false, null);
    }

    @Test
    void ackMatchesItsInviteAndCancelFindsItByMethod_rfc3261_17_2_3() throws Exception {
        String via = "SIP/2.0/UDP 10.0.0.1:5070;branch=z9hG4bKAbC";
        TransactionKey invite = TransactionKey.of(parse(SipText.request("INVITE", "bob", via, "k1", 1)));
        TransactionKey ack = TransactionKey.of(parse(SipText.request("ACK", "bob", via, "k1", 1)));
        TransactionKey cancel = TransactionKey.of(parse(SipText.request("CANCEL", "bob", via, "k1", 1)));

        assertThat(ack).isEqualTo(invite);
        assertThat(cancel).isNotEqualTo(invite);
        assertThat(cancel.withMethod("INVITE")).isEqualTo(invite);
        assertThat(invite.branch()).isEqualTo("z9hg4bkabc");
        assertThat(invite.sentBy()).isEqualTo("10.0.0.1:5070");
    }

    @Test
    void branchWithoutMagicCookieUsesRfc2543Fields_rfc3261_17_2_3() throws Exception {
        String via = "SIP/2.0/UDP 10.0.0.1;branch=old1";
        TransactionKey first = TransactionKey.of(parse(SipText.request("OPTIONS", "bob", via, "k2", 7)));
        TransactionKey again = TransactionKey.of(parse(SipText.request("OPTIONS", "bob", via, "k2", 7)));
        TransactionKey next = TransactionKey.of(parse(SipText.request("OPTIONS", "bob", via, "k2", 8)));

        assertThat(again).isEqualTo(first);
        assertThat(next).isNotEqualTo(first);
        assertThat(first.sentBy()).isEqualTo("10.0.0.1:5060");
    }
}
