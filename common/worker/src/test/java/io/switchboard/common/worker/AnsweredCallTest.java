package io.switchboard.common.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an application does with its answered call: prompts, timers, BYE from our side, REFER and its outcome. */
class AnsweredCallTest {
    @TempDir
    Path prompts;
    private WorkerFixture w;

    @BeforeEach
    void start() {
        w = new WorkerFixture(10, 10, prompts);
    }

    @AfterEach
    void stop() {
        w.close();
    }

    private static String header(Request r, String name) {
        return r.getHeader(name).toString().trim();
    }

    /** A final response to {@code request} as signaling would send it (the transport adds our Via on sending). */
    private Response answer(Request request, int status) throws ParseException {
        Request copy = (Request) request.clone();
        copy.addHeader(w.sip.headers().createHeader("Via", "SIP/2.0/UDP 10.0.0.5:5070;branch=z9hG4bK-ours"));
        return w.sip.response(copy, status);
    }

    @Test
    void hangingUpSendsByeWithinTheDialog_rfc3261_15_1_1() {
        w.app.onStart = WorkerCall::hangUp;
        CallerLeg leg = w.started();

        RecordingSender.Sent bye = w.sender.last();
        assertThat(bye.method()).isEqualTo("BYE");
        assertThat(bye.flow()).as("back on the flow the INVITE came in on").isEqualTo(CallerLeg.FLOW);
        assertThat(bye.request().getRequestURI().toString()).as("the remote target: the INVITE's Contact (§12.2.1.1)")
                .isEqualTo("sip:b2bua@127.0.0.41:5060");
        assertThat(header(bye.request(), "From")).contains("tag=" + leg.workerTag());
        assertThat(header(bye.request(), "To")).contains("tag=caller-call-1");
        assertThat(header(bye.request(), "CSeq")).isEqualTo("CSeq: 1 BYE");
        assertThat(header(bye.request(), "Contact")).contains("sip:ivr@10.0.0.5:5070");
        assertThat(w.calls.size()).isZero();
        assertThat(w.ports.last().closed).isTrue();
        assertThat(w.app.last().events).containsExactly("started", "ended HUNG_UP");
    }

    @Test
    void aPromptPlaysToItsEndAndTheSessionIsToldWithItsPlayId() {
        w.app.onStart = call -> call.play(7, "welcome");
        w.started();
        FakeMedia media = w.ports.last();

        // No welcome.wav in the directory: the library's 1 s tone, 50 frames of 20 ms.
        assertThat(media.playToTheEnd()).isEqualTo(50);
        w.flush();
        assertThat(w.app.last().events).containsExactly("started", "prompt finished 7");
    }

    @Test
    void aTimerCallsTheSessionBack() {
        w.app.onStart = call -> call.armTimer(Duration.ofMillis(5));
        w.started();

        await().atMost(Duration.ofSeconds(5)).until(() -> w.app.last().events.contains("timer"));
    }

    @Test
    void aTransferIsAReferToSignalingNamingTheTargetAndUs_rfc3515_2_1_rfc5589_6() {
        w.app.onStart = call -> {
            call.play(1, "welcome");
            call.transfer("1002");
        };
        w.started();

        RecordingSender.Sent refer = w.sender.last();
        assertThat(refer.method()).isEqualTo("REFER");
        assertThat(header(refer.request(), "Refer-To")).as("signaling resolves the number")
                .isEqualTo("Refer-To: <sip:1002@127.0.0.41>");
        assertThat(header(refer.request(), "Referred-By")).isEqualTo("Referred-By: <sip:ivr@10.0.0.5>");
        assertThat(header(refer.request(), "CSeq")).isEqualTo("CSeq: 1 REFER");
        assertThat(w.ports.last().stops).as("the prompt stops for the transfer").isEqualTo(1);
        assertThat(w.calls.size()).as("the caller stays until the transfer succeeds").isEqualTo(1);
    }

    @Test
    void aSuccessfulSipfragEndsOurLegWithBye_rfc3515_2_4_5() {
        w.app.onStart = call -> call.transfer("1002");
        CallerLeg leg = w.started();

        Response trying = w.send(leg.inDialog(Request.NOTIFY, "message/sipfrag", "SIP/2.0 100 Trying\r\n")).response();
        assertThat(trying.getStatusCode()).isEqualTo(200);
        assertThat(w.sender.methods()).containsExactly("REFER");

        Response done = w.send(leg.inDialog(Request.NOTIFY, "message/sipfrag", "SIP/2.0 200 OK\r\n")).response();
        assertThat(done.getStatusCode()).isEqualTo(200);
        assertThat(w.sender.methods()).containsExactly("REFER", "BYE");
        assertThat(header(w.sender.last().request(), "CSeq")).isEqualTo("CSeq: 2 BYE");
        assertThat(w.calls.size()).isZero();
        assertThat(w.app.last().events).containsExactly("started", "ended TRANSFERRED");
    }

    @Test
    void aFailedSipfragGivesTheCallerBackToTheSession_rfc3515_2_4_5() {
        w.app.onStart = call -> call.transfer("1009");
        CallerLeg leg = w.started();
        w.send(leg.inDialog(Request.NOTIFY, "message/sipfrag", "SIP/2.0 480 Temporarily Unavailable\r\n"));
        w.send(leg.inDialog(Request.NOTIFY, "message/sipfrag", "SIP/2.0 200 OK\r\n"));

        assertThat(w.app.last().events).as("a NOTIFY after the outcome changes nothing")
                .containsExactly("started", "transfer failed: sipfrag 480");
        assertThat(w.sender.methods()).containsExactly("REFER");
        assertThat(w.calls.size()).isEqualTo(1);
    }

    @Test
    void aRefusedOrUnansweredReferGivesTheCallerBackToo_rfc3515_2_4_2() throws Exception {
        w.app.onStart = call -> call.transfer("1002");
        w.started();
        RecordingSender.Sent first = w.sender.last();
        first.user().onFinal(null, answer(first.request(), 403));

        w.app.last().call.transfer("1003");
        RecordingSender.Sent second = w.sender.last();
        second.user().onTimeout(null);

        assertThat(w.app.last().events).containsExactly("started", "transfer failed: REFER answered 403",
                "transfer failed: REFER timed out");
        assertThat(w.calls.size()).isEqualTo(1);
    }

    @Test
    void anAcceptedReferWaitsForTheNotify_rfc3515_2_4_4() throws Exception {
        w.app.onStart = call -> call.transfer("1002");
        w.started();
        RecordingSender.Sent refer = w.sender.last();
        refer.user().onFinal(null, answer(refer.request(), 202));

        assertThat(w.app.last().events).containsExactly("started");
        assertThat(w.calls.size()).isEqualTo(1);
    }

    @Test
    void nothingReachesTheSessionAfterTheEnd() {
        CallerLeg leg = w.started();
        FakeMedia media = w.ports.last();
        WorkerCall call = w.app.last().call;
        w.send(leg.inDialog(Request.BYE));
        media.pressKey('1');
        w.flush();
        call.play(2, "welcome");
        call.hangUp();

        assertThat(w.app.last().events).containsExactly("started", "ended CALLER_HUNG_UP");
        assertThat(media.playing).as("no prompt on a closed call").isNull();
        assertThat(w.sender.sent).isEmpty();
    }

    @Test
    void anInDialogRequestWithALowerCseqGets500_rfc3261_12_2_2() {
        CallerLeg leg = w.started();
        assertThat(w.send(leg.inDialogWithCseq(Request.OPTIONS, 10)).response().getStatusCode()).isEqualTo(200);
        assertThat(w.send(leg.inDialogWithCseq(Request.OPTIONS, 9)).response().getStatusCode()).isEqualTo(500);
        assertThat(w.send(leg.inDialogWithCseq(Request.OPTIONS, 11)).response().getStatusCode()).isEqualTo(200);
    }

    @Test
    void aReInvitesContactBecomesTheTargetOfOurNextRequest_rfc3261_12_2_2() throws ParseException {
        WorkerCall[] started = new WorkerCall[1];
        w.app.onStart = call -> started[0] = call;
        CallerLeg leg = w.started();
        Request reInvite = leg.inDialog(Request.INVITE, "application/sdp", CallerLeg.PCMU_OFFER);
        reInvite.setHeader(w.sip.headers().createHeader("Contact", "<sip:b2bua@127.0.0.42:5060>"));
        assertThat(w.send(reInvite).response().getStatusCode()).isEqualTo(200);
        started[0].hangUp();
        assertThat(w.sender.last().request().getRequestURI().toString()).isEqualTo("sip:b2bua@127.0.0.42:5060");
    }
}
