package io.switchboard.signaling.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.sip.Flow;
import io.switchboard.common.sip.ServerTransaction;
import io.switchboard.common.sip.SipMessages;
import io.switchboard.common.sip.SipTransportKind;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import javax.sip.header.RetryAfterHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;

/** Until every local role is up SIP answers 503 + Retry-After (RFC 3261 §21.5.4), so a 200 to a probe means ready. */
class StartupGateTest {
    private final SipMessages sip = new SipMessages("test");

    private Request options(String userAgent) throws Exception {
        return sip.messages().createRequest("OPTIONS sip:switchboard@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5099;branch=z9hG4bK-probe\r\n"
                + "From: <sip:probe@127.0.0.1>;tag=p1\r\nTo: <sip:switchboard@127.0.0.1>\r\nCall-ID: probe-1\r\n"
                + "CSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n" + (userAgent == null ? "" : "User-Agent: " + userAgent + "\r\n")
                + "Content-Length: 0\r\n\r\n");
    }

    private static ServerTransaction tx(Request request, List<Response> answers) {
        return new ServerTransaction() {
            @Override
            public Request request() {
                return request;
            }

            @Override
            public Flow flow() {
                return new Flow(SipTransportKind.UDP, new InetSocketAddress("127.0.0.1", 5060),
                        new InetSocketAddress("127.0.0.1", 5099));
            }

            @Override
            public void respond(Response response) {
                answers.add(response);
            }
        };
    }

    @Test
    void aProbeGets503WithRetryAfterUntilOpenThen200() throws Exception {
        SignalingRouter router = new SignalingRouter(null, sip);
        List<Response> answers = new ArrayList<>();
        assertThat(router.answerInline(tx(options("health-probe"), answers))).isTrue();
        assertThat(answers.get(0).getStatusCode()).isEqualTo(503);
        assertThat(answers.get(0).getHeader(RetryAfterHeader.NAME)).isNotNull();

        router.answerInline(tx(options("switchboard-warmup"), answers));
        assertThat(answers.get(1).getStatusCode()).as("the start-up warm-up is served").isEqualTo(200);

        router.open();
        router.answerInline(tx(options(null), answers));
        assertThat(answers.get(2).getStatusCode()).isEqualTo(200);
    }
}
