package io.switchboard.common.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.codec.CodecRegistry;
import io.switchboard.common.rtp.MediaNegotiation;
import io.switchboard.common.sip.SipMessages;
import javax.sip.message.Request;
import org.junit.jupiter.api.Test;

/** Which INVITEs a worker answers, as decisions (no SIP responses, no sockets). */
class InviteAdmissionTest {
    private final SipMessages sip = new SipMessages("test");
    private final RecordingSession.App app = new RecordingSession.App("8000");
    private final FakePorts ports = new FakePorts(1);
    private final InviteAdmission admission = new InviteAdmission(new WorkerRole("ivr", "IVR", "10.0.0.5", 2), app, ports,
            new MediaNegotiation(CodecRegistry.g711()));

    private Request invite(String number, String sdp) {
        return new CallerLeg(sip, "admission", number).invite(sdp);
    }

    @Test
    void anOfferWeShareACodecWithIsAcceptedWithOurPortAndAddressInTheAnswer_rfc3264_6() {
        Admission decision = admission.admit(invite("8000", CallerLeg.PCMU_OFFER), 0);

        assertThat(decision).isInstanceOf(Admission.Accepted.class);
        Admission.Accepted accepted = (Admission.Accepted) decision;
        assertThat(accepted.application()).isSameAs(app);
        assertThat(accepted.negotiated().codec().name()).isEqualTo("PCMU");
        assertThat(accepted.negotiated().telephoneEventPayloadType()).isEqualTo(101);
        assertThat(accepted.answerSdp()).contains("c=IN IP4 10.0.0.5", "m=audio 30000 RTP/AVP 0 101");
        assertThat(accepted.media()).isSameAs(ports.last());
    }

    @Test
    void aNumberNoApplicationHoldsIsNotFound_rfc3261_21_4_5() {
        assertThat(admission.admit(invite("8999", CallerLeg.PCMU_OFFER), 0))
                .isEqualTo(new Admission.Refused(404, "Not Found - no IVR application on 8999", false));
        assertThat(ports.opened).as("no port bound for a refusal").isEmpty();
    }

    @Test
    void atTheSessionCapTheNodeIsUnavailableAndAsksToRetryElsewhereBeforeBindingAPort_rfc3261_21_5_4() {
        assertThat(admission.admit(invite("8000", CallerLeg.PCMU_OFFER), 2))
                .isEqualTo(new Admission.Refused(503, "Service Unavailable - IVR node full", true));
        assertThat(ports.opened).isEmpty();
    }

    @Test
    void withoutAFreeRtpPortTheNodeIsUnavailableToo_rfc3261_21_5_4() {
        admission.admit(invite("8000", CallerLeg.PCMU_OFFER), 0);
        assertThat(admission.admit(invite("8000", CallerLeg.PCMU_OFFER), 1))
                .isEqualTo(new Admission.Refused(503, "Service Unavailable - no RTP port", true));
    }

    @Test
    void anInviteWithoutAnOfferIsNotAcceptable_rfc3261_21_4_26() {
        assertThat(admission.admit(invite("8000", null), 0))
                .isEqualTo(new Admission.Refused(488, "Not Acceptable Here - an SDP offer is required", false));
    }

    @Test
    void anOfferThatDoesNotParseIsABadRequest_rfc3261_21_4_1() {
        assertThat(admission.admit(invite("8000", "this is not SDP"), 0))
                .isEqualTo(new Admission.Refused(400, "Bad Request - unreadable SDP", false));
        assertThat(ports.opened).isEmpty();
    }

    @Test
    void anOfferWithNoCodecOfOursIsNotAcceptableAndThePortBoundForItIsReleased_rfc3264_6() {
        assertThat(admission.admit(invite("8000", CallerLeg.G729_OFFER), 0))
                .isEqualTo(new Admission.Refused(488, "Not Acceptable Here - no common codec", false));
        assertThat(ports.last().closed).isTrue();
    }
}
