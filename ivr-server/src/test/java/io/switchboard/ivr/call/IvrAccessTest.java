package io.switchboard.ivr.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.cluster.ClusterPeers;
import io.switchboard.common.sip.Flow;
import io.switchboard.common.sip.ServerTransaction;
import io.switchboard.common.sip.SipMessages;
import io.switchboard.common.sip.SipTransportKind;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;

/** An INVITE sent straight to the IVR, not through signaling, would make it stream RTP anywhere: 403. */
class IvrAccessTest {
    private static final String INVITE = "INVITE sip:8000@127.0.0.1:5070 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.5:5099;branch=z9hG4bK-direct\r\n"
            + "From: <sip:scanner@127.0.0.5>;tag=s1\r\nTo: <sip:8000@127.0.0.1>\r\nCall-ID: direct-1\r\n"
            + "CSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";

    @Test
    void aRequestFromOutsideTheClusterIsForbiddenAndCounted_rfc3261_21_4_4() throws Exception {
        SipMessages sip = new SipMessages("test");
        IvrCalls calls = new IvrCalls(null, null, null, null, sip, null, "127.0.0.1", 10, Clock.systemUTC());
        calls.admitOnly(new ClusterPeers(List.of("127.0.0.1"))::allows);
        Request invite = sip.messages().createRequest(INVITE);
        List<Response> answers = new ArrayList<>();
        calls.onRequest(new ServerTransaction() {
            @Override
            public Request request() {
                return invite;
            }

            @Override
            public Flow flow() {
                return new Flow(SipTransportKind.UDP, new InetSocketAddress("127.0.0.1", 5070),
                        new InetSocketAddress("127.0.0.5", 5099));
            }

            @Override
            public void respond(Response response) {
                answers.add(response);
            }
        });
        assertThat(answers).singleElement().extracting(Response::getStatusCode).isEqualTo(403);
        assertThat(calls.meters().forbiddenSources()).isEqualTo(1);
        assertThat(calls.size()).isZero();
    }
}
