package io.switchboard.common.worker;

import io.switchboard.common.dtmf.DigitListener;
import io.switchboard.common.rtp.FrameSource;
import io.switchboard.common.rtp.NegotiatedMedia;
import io.switchboard.common.rtp.RtpEndpoint;
import io.switchboard.common.rtp.RtpEndpoints;

/** Where an admitted INVITE gets its media: a bound port pair, or null when none is free (503). */
@FunctionalInterface
public interface MediaPorts {

    /** Binds a new stream; blocks until bound, so it runs on a SIP worker, never on a media event loop. */
    CallMedia open();

    /** The process's RTP endpoints as ports for calls. */
    static MediaPorts of(RtpEndpoints endpoints) {
        return () -> {
            RtpEndpoint endpoint = endpoints.open();
            return endpoint == null ? null : new EndpointMedia(endpoint);
        };
    }

    /** An {@link RtpEndpoint} as a call's media: each method forwards, nothing is added per packet. */
    record EndpointMedia(RtpEndpoint endpoint) implements CallMedia {
        @Override
        public int localPort() {
            return endpoint.localPort();
        }

        @Override
        public void start(NegotiatedMedia media, DigitListener digits) {
            endpoint.start(media, digits);
        }

        @Override
        public void play(FrameSource frames) {
            endpoint.play(frames);
        }

        @Override
        public void stopPlayback() {
            endpoint.stopPlayback();
        }

        @Override
        public void close() {
            endpoint.close();
        }
    }
}
