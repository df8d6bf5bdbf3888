package io.switchboard.common.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.sip.ServerTransaction;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A call the worker places through signaling (UAC, RFC 3261 §12.1.2 and §13.2.2), and the attended transfer that joins it. */
class OutboundCallTest {
    private static final String ANSWER = "v=0\r\no=- 2 2 IN IP4 127.0.0.42\r\ns=-\r\nc=IN IP4 127.0.0.42\r\nt=0 0\r\n"
            + "m=audio 40002 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n";

    @TempDir
    Path prompts;
    private WorkerFixture w;
    private final List<String> events = new ArrayList<>();
    private final DialListener listener = new DialListener() {
        @Override
        public void onRinging(DialedCall call) {
            events.add("ringing");
        }

        @Override
        public void onAnswered(DialedCall call) {
            events.add("answered");
        }

        @Override
        public void onFailed(DialedCall call, int status, String reason) {
            events.add("failed " + status);
        }

        @Override
        public void onEnded(DialedCall call, CallEnd end) {
            events.add("ended " + end);
        }
    };

    @BeforeEach
    void start() {
        w = new WorkerFixture(10, 10, prompts);
    }

    @AfterEach
    void stop() {
        w.close();
    }

    private DialedCall dial() {
        return w.calls.dial(new Dial("1001", CallerLeg.SIGNALING, "1002", "Alice (sales)"), listener).orElseThrow();
    }

    /** The response signaling would send to {@code request}, with its To tag. */
    private Response respond(Request request, int status, String body) throws ParseException {
        Request copy = (Request) request.clone();
        copy.addHeader(w.sip.headers().createHeader("Via", "SIP/2.0/UDP 10.0.0.5:5070;branch=z9hG4bK-ours"));
        Response r = w.sip.response(copy, status);
        if (status > 100) {
            ((ToHeader) r.getHeader(ToHeader.NAME)).setTag("sig-tag");
            r.addHeader(w.sip.headers().createHeader("Contact", "<sip:b2bua@127.0.0.41:5060>"));
        }
        if (body != null) {
            r.setContent(body, w.sip.headers().createContentTypeHeader("application", "sdp"));
        }
        return r;
    }

    private RecordingSender.Sent invite() {
        return w.sender.sent.stream().filter(s -> s.method().equals("INVITE")).findFirst().orElseThrow();
    }

    @Test
    void theInviteGoesToSignalingWithAnOfferAndTheCallerShownInFrom() {
        dial();
        RecordingSender.Sent invite = invite();
        assertThat(invite.request().getRequestURI().toString()).isEqualTo("sip:1001@127.0.0.41:5060");
        assertThat(invite.flow().remote()).isEqualTo(CallerLeg.SIGNALING);
        assertThat(invite.request().getHeader("From").toString()).contains("\"Alice (sales)\"").contains("sip:1002@10.0.0.5");
        assertThat(new String(invite.request().getRawContent(), StandardCharsets.UTF_8))
                .contains("c=IN IP4 10.0.0.5").contains("m=audio " + w.ports.last().localPort());
        assertThat(w.calls.size()).as("a session while it rings").isEqualTo(1);
    }

    @Test
    void a2xxIsAckedStartsTheStreamAndIsAckedAgainWhenResent_rfc3261_13_2_2_4() throws Exception {
        DialedCall call = dial();
        RecordingSender.Sent invite = invite();
        invite.user().onProvisional(null, respond(invite.request(), Response.RINGING, null));
        Response ok = respond(invite.request(), Response.OK, ANSWER);
        invite.user().onFinal(null, ok);
        invite.user().onFinal(null, ok);

        assertThat(events).containsExactly("ringing", "answered");
        assertThat(w.sender.acks).hasSize(2);
        assertThat(w.sender.acks.get(0).getRequestURI().toString()).as("the 2xx's Contact").isEqualTo("sip:b2bua@127.0.0.41:5060");
        assertThat(w.ports.last().started).isNotNull();
        assertThat(call.replaces()).isEqualTo(call.callId() + ";to-tag=sig-tag;from-tag="
                + ((javax.sip.header.FromHeader) invite.request().getHeader("From")).getTag());
    }

    @Test
    void hangingUpWhileRingingCancelsAndThe487EndsIt_rfc3261_9_1() throws Exception {
        DialedCall call = dial();
        RecordingSender.Sent invite = invite();
        invite.user().onProvisional(null, respond(invite.request(), Response.RINGING, null));
        call.hangUp();
        assertThat(w.sender.cancelled).hasSize(1);
        invite.user().onFinal(null, respond(invite.request(), Response.REQUEST_TERMINATED, null));

        assertThat(events).containsExactly("ringing", "failed 487");
        assertThat(w.calls.size()).isZero();
        assertThat(w.ports.last().closed).isTrue();
    }

    @Test
    void anAnswerThatCrossesOurCancelIsAckedAndEndedWithBye_rfc3261_9_1() throws Exception {
        DialedCall call = dial();
        RecordingSender.Sent invite = invite();
        call.hangUp();
        invite.user().onFinal(null, respond(invite.request(), Response.OK, ANSWER));

        assertThat(w.sender.acks).hasSize(1);
        assertThat(w.sender.methods()).containsExactly("INVITE", "BYE");
        assertThat(events).containsExactly("failed 487");
        assertThat(w.calls.size()).isZero();
    }

    @Test
    void aByeFromSignalingEndsTheAnsweredCall() throws Exception {
        dial();
        RecordingSender.Sent invite = invite();
        invite.user().onFinal(null, respond(invite.request(), Response.OK, ANSWER));
        Request bye = w.sip.messages().createRequest(
                "BYE sip:1002@10.0.0.5:5070 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.41:5060;branch=z9hG4bK-bye\r\n"
                        + "From: <sip:1001@127.0.0.41>;tag=sig-tag\r\nTo: " + invite.request().getHeader("From").toString()
                        .substring("From: ".length()).trim() + "\r\nCall-ID: " + invite.request().getHeader("Call-ID")
                        .toString().substring("Call-ID: ".length()).trim() + "\r\nCSeq: 1 BYE\r\nMax-Forwards: 70\r\n"
                        + "Content-Length: 0\r\n\r\n");
        RecordingTransaction tx = w.send(bye);

        assertThat(tx.response().getStatusCode()).isEqualTo(200);
        assertThat(events).containsExactly("answered", "ended CALLER_HUNG_UP");
        assertThat(w.calls.size()).isZero();
    }

    @Test
    void aRefusalEndsItWithTheStatus() throws Exception {
        dial();
        RecordingSender.Sent invite = invite();
        invite.user().onFinal(null, respond(invite.request(), Response.BUSY_HERE, null));
        assertThat(events).containsExactly("failed 486");
        assertThat(w.calls.size()).isZero();
    }

    @Test
    void attendedTransferRefersWithReplacesNamingThePlacedCall_rfc3891_rfc5589_7() throws Exception {
        DialedCall[] agent = new DialedCall[1];
        w.app.onStart = call -> {
            agent[0] = w.calls.dial(new Dial("1001", call.signaling(), "1002", ""), listener).orElseThrow();
        };
        w.started();
        RecordingSender.Sent invite = invite();
        invite.user().onFinal(null, respond(invite.request(), Response.OK, ANSWER));
        w.app.last().call.transfer("1001", agent[0]);

        RecordingSender.Sent refer = w.sender.last();
        assertThat(refer.method()).isEqualTo("REFER");
        String referTo = refer.request().getHeader("Refer-To").toString();
        String escaped = referTo.substring(referTo.indexOf("?Replaces=") + "?Replaces=".length(), referTo.indexOf('>'));
        assertThat(URLDecoder.decode(escaped, StandardCharsets.UTF_8)).isEqualTo(agent[0].replaces());
        assertThat(io.switchboard.common.sip.dialog.Replaces.parseEscaped(escaped)).isPresent();
    }
}
