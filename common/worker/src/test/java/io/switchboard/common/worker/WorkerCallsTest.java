package io.switchboard.common.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.cluster.ClusterPeers;
import io.switchboard.common.sip.Flow;
import io.switchboard.common.sip.SipTransportKind;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import javax.sip.header.AllowHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker as a SIP UAS behind signaling: admission, the dialog's requests, CANCEL, missing ACK, shutdown. */
class WorkerCallsTest {
    @TempDir
    Path prompts;
    private WorkerFixture worker;

    private WorkerFixture worker(int maxSessions, int portPairs) {
        worker = new WorkerFixture(maxSessions, portPairs, prompts);
        return worker;
    }

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.close();
        }
    }

    private static String body(Response r) {
        return new String(r.getRawContent(), StandardCharsets.UTF_8);
    }

    private static List<String> allow(Response r) {
        List<String> methods = new ArrayList<>();
        ListIterator<?> it = r.getHeaders(AllowHeader.NAME);
        while (it.hasNext()) {
            methods.add(((AllowHeader) it.next()).getMethod());
        }
        return methods;
    }

    @Test
    void anInviteIsAnsweredAtOnceWithOurEndpointsSdpAndContact_rfc3264_6() {
        WorkerFixture w = worker(10, 10);
        CallerLeg leg = w.newLeg();
        Response ok = w.send(leg.invite(CallerLeg.PCMU_OFFER)).response();

        assertThat(ok.getStatusCode()).isEqualTo(200);
        assertThat(((ToHeader) ok.getHeader(ToHeader.NAME)).getTag()).as("our tag makes the dialog").isNotBlank();
        assertThat(ok.getHeader("Contact").toString()).contains("<sip:ivr@10.0.0.5:5070>");
        assertThat(ok.getHeader("Content-Type").toString()).contains("application/sdp");
        assertThat(body(ok)).contains("c=IN IP4 10.0.0.5", "m=audio 30000 RTP/AVP 0 101");
        assertThat(allow(ok)).containsExactly("INVITE", "ACK", "BYE", "CANCEL", "INFO", "NOTIFY", "OPTIONS");
        assertThat(w.calls.size()).isEqualTo(1);
        assertThat(w.calls.meters().callsAnswered()).isEqualTo(1);
        assertThat(w.app.last().events).as("nothing starts before the ACK").isEmpty();
        assertThat(w.ports.last().started).isNull();
    }

    @Test
    void theAckStartsMediaAndTheSessionOnce_rfc3261_13_3_1_4() {
        WorkerFixture w = worker(10, 10);
        CallerLeg leg = w.answered();
        RecordingTransaction ack = w.send(leg.ack());
        w.send(leg.ack());

        assertThat(ack.responses).as("an ACK is never answered").isEmpty();
        assertThat(w.ports.last().started.codec().name()).isEqualTo("PCMU");
        assertThat(w.app.last().events).containsExactly("started");
    }

    @Test
    void aRequestFromOutsideTheClusterIsForbiddenAndCounted_rfc3261_21_4_4() throws Exception {
        WorkerFixture w = worker(10, 10);
        w.calls.admitOnly(new ClusterPeers(List.of("127.0.0.1"))::allows);
        Flow direct = new Flow(SipTransportKind.UDP, CallerLeg.WORKER, new InetSocketAddress("127.0.0.5", 5099));
        CallerLeg scanner = w.newLeg();
        RecordingTransaction invite = new RecordingTransaction(scanner.invite(CallerLeg.PCMU_OFFER), direct);
        RecordingTransaction ack = new RecordingTransaction(scanner.withTag(Request.ACK, "x"), direct);
        w.calls.onRequest(invite);
        w.calls.onRequest(ack);

        assertThat(invite.response().getStatusCode()).isEqualTo(403);
        assertThat(invite.response().getReasonPhrase()).isEqualTo("Forbidden - calls reach the IVR through signaling");
        assertThat(ack.responses).isEmpty();
        assertThat(w.calls.meters().forbiddenSources()).isEqualTo(2);
        assertThat(w.calls.size()).isZero();
        assertThat(w.ports.opened).as("no RTP port for a stranger").isEmpty();
    }

    @Test
    void aFullNodeAnswers503WithRetryAfterSoSignalingTriesTheNextNode_rfc3261_21_5_4() {
        WorkerFixture w = worker(1, 10);
        w.answered();
        Response refused = w.send(w.newLeg().invite(CallerLeg.PCMU_OFFER)).response();

        assertThat(refused.getStatusCode()).isEqualTo(503);
        assertThat(refused.getHeader("Retry-After").toString()).contains("Retry-After: 5");
        assertThat(w.calls.meters().callsRefused()).isEqualTo(1);
        assertThat(w.calls.size()).isEqualTo(1);
    }

    @Test
    void noFreeRtpPortIs503WithRetryAfterToo_rfc3261_21_5_4() {
        WorkerFixture w = worker(10, 1);
        w.answered();
        Response refused = w.send(w.newLeg().invite(CallerLeg.PCMU_OFFER)).response();

        assertThat(refused.getStatusCode()).isEqualTo(503);
        assertThat(refused.getReasonPhrase()).isEqualTo("Service Unavailable - no RTP port");
        assertThat(refused.getHeader("Retry-After")).isNotNull();
        assertThat(w.calls.meters().callsRefused()).isEqualTo(1);
    }

    @Test
    void refusalsThatAnotherNodeWouldRepeatCarryNoRetryAfter_rfc3261_21_4() {
        WorkerFixture w = worker(10, 10);
        Response notFound = w.send(new CallerLeg(w.sip, "c404", "8999").invite(CallerLeg.PCMU_OFFER)).response();
        Response noCodec = w.send(w.newLeg().invite(CallerLeg.G729_OFFER)).response();
        Response badSdp = w.send(w.newLeg().invite("v=1")).response();

        assertThat(List.of(notFound.getStatusCode(), noCodec.getStatusCode(), badSdp.getStatusCode()))
                .containsExactly(404, 488, 400);
        assertThat(List.of(notFound, noCodec, badSdp)).allSatisfy(r -> assertThat(r.getHeader("Retry-After")).isNull());
        assertThat(w.calls.meters().callsRefused()).isZero();
        assertThat(w.ports.opened).allSatisfy(m -> assertThat(m.closed).isTrue());
        assertThat(w.calls.size()).isZero();
    }

    @Test
    void byeEndsTheCallAndFreesItsPorts_rfc3261_15_1_2() {
        WorkerFixture w = worker(10, 10);
        CallerLeg leg = w.started();
        Response ok = w.send(leg.inDialog(Request.BYE)).response();

        assertThat(ok.getStatusCode()).isEqualTo(200);
        assertThat(w.calls.size()).isZero();
        assertThat(w.ports.last().closed).isTrue();
        assertThat(w.app.last().events).containsExactly("started", "ended CALLER_HUNG_UP");
        assertThat(w.sender.sent).as("the caller hung up: no BYE of ours").isEmpty();
        assertThat(w.send(leg.inDialog(Request.BYE)).response().getStatusCode())
                .as("the dialog is gone").isEqualTo(481);
    }

    @Test
    void requestsOfADialogWeDoNotHaveGet481_rfc3261_12_2_2() {
        WorkerFixture w = worker(10, 10);
        w.started();
        CallerLeg stranger = w.newLeg();

        assertThat(w.send(stranger.withTag(Request.BYE, "no-such-tag")).response().getStatusCode()).isEqualTo(481);
        assertThat(w.send(stranger.withTag(Request.INVITE, "no-such-tag")).response().getStatusCode()).isEqualTo(481);
        assertThat(w.send(stranger.withTag(Request.INFO, "no-such-tag")).response().getStatusCode()).isEqualTo(481);
        assertThat(w.send(stranger.withTag(Request.BYE, null)).response().getStatusCode()).isEqualTo(481);
        assertThat(w.send(stranger.withTag(Request.ACK, "no-such-tag")).responses).isEmpty();
        assertThat(w.calls.size()).as("the live call is untouched").isEqualTo(1);
    }

    @Test
    void outsideADialogOptionsIsAnsweredAndOtherMethodsAreNotAllowed_rfc3261_11_2_and_21_4_6() {
        WorkerFixture w = worker(10, 10);
        CallerLeg probe = w.newLeg();
        Response options = w.send(probe.withTag(Request.OPTIONS, null)).response();
        Response info = w.send(probe.withTag(Request.INFO, null)).response();

        assertThat(options.getStatusCode()).isEqualTo(200);
        assertThat(allow(options)).contains("INVITE", "BYE", "INFO", "NOTIFY");
        assertThat(info.getStatusCode()).isEqualTo(405);
    }

    @Test
    void aReInviteIsAnsweredWithTheSameSdpBecauseWeKeepOurStream_rfc3264_8() {
        WorkerFixture w = worker(10, 10);
        CallerLeg leg = w.newLeg();
        Response first = w.send(leg.invite(CallerLeg.PCMU_OFFER)).response();
        leg.answered(first);
        w.send(leg.ack());
        Response again = w.send(leg.inDialog(Request.INVITE, "application/sdp", CallerLeg.PCMU_OFFER.replace(
                "o=- 1 1", "o=- 1 2").replace("a=fmtp", "a=sendonly\r\na=fmtp"))).response();

        assertThat(again.getStatusCode()).isEqualTo(200);
        assertThat(body(again)).isEqualTo(body(first));
        assertThat(w.calls.size()).isEqualTo(1);
    }

    @Test
    void inTheDialogMethodsWeDoNotTakeGet405WithAllow_rfc3261_21_4_6() {
        WorkerFixture w = worker(10, 10);
        CallerLeg leg = w.started();
        Response update = w.send(leg.inDialog(Request.UPDATE)).response();
        Response options = w.send(leg.inDialog(Request.OPTIONS)).response();

        assertThat(update.getStatusCode()).isEqualTo(405);
        assertThat(allow(update)).doesNotContain("UPDATE").contains("INVITE");
        assertThat(options.getStatusCode()).isEqualTo(200);
        assertThat(w.calls.size()).isEqualTo(1);
    }

    @Test
    void aKeyInSipInfoReachesTheSessionOnceTheCallStarted_rfc2976() {
        WorkerFixture w = worker(10, 10);
        CallerLeg leg = w.answered();
        Response early = w.send(leg.inDialog(Request.INFO, "application/dtmf-relay", "Signal=4\r\nDuration=160\r\n"))
                .response();
        w.send(leg.ack());
        Response ok = w.send(leg.inDialog(Request.INFO, "application/dtmf-relay", "Signal=5\r\nDuration=160\r\n"))
                .response();

        assertThat(early.getStatusCode()).isEqualTo(200);
        assertThat(ok.getStatusCode()).isEqualTo(200);
        assertThat(w.app.last().events).as("a key before the ACK is dropped").containsExactly("started", "digit 5");
    }

    @Test
    void anRfc4733KeyIsHandedOffTheMediaLoopToTheSession_rfc4733_2_3() {
        WorkerFixture w = worker(10, 10);
        w.started();
        w.ports.last().pressKey('7');
        w.flush();

        assertThat(w.app.last().events).containsExactly("started", "digit 7");
    }

    @Test
    void aCancelBeforeOurAnswerEndsTheCallWithoutBye_rfc3261_9_2() {
        WorkerFixture w = worker(10, 10);
        RecordingTransaction invite = w.send(w.newLeg().invite(CallerLeg.PCMU_OFFER));
        invite.onCancel.run();

        assertThat(w.calls.size()).isZero();
        assertThat(w.ports.last().closed).isTrue();
        assertThat(w.sender.sent).isEmpty();
        assertThat(w.app.last().events).containsExactly("ended CANCELLED");
    }

    @Test
    void noAckForOurAnswerEndsTheCallWithBye_rfc3261_13_3_1_4() {
        WorkerFixture w = worker(10, 10);
        RecordingTransaction invite = w.send(w.newLeg().invite(CallerLeg.PCMU_OFFER));
        invite.onAckTimeout.run();

        assertThat(w.sender.methods()).containsExactly("BYE");
        assertThat(w.calls.size()).isZero();
        assertThat(w.ports.last().closed).isTrue();
        assertThat(w.app.last().events).containsExactly("ended NO_ACK");
    }

    @Test
    void shuttingDownSendsByeOnEveryCall() {
        WorkerFixture w = worker(10, 10);
        w.started();
        w.started();
        w.calls.closeAll();

        assertThat(w.sender.methods()).containsExactly("BYE", "BYE");
        assertThat(w.calls.size()).isZero();
        assertThat(w.ports.opened).allSatisfy(m -> assertThat(m.closed).isTrue());
        assertThat(w.app.sessions).allSatisfy(s -> assertThat(s.events).endsWith("ended SHUTDOWN"));
    }
}
