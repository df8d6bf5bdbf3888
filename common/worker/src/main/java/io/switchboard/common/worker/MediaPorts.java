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

    /** As {@link #open()}, for a call to {@code number}: a conference's calls share one media thread. */
    default CallMedia open(String number) {
        return open();
    }

    /**
     * As {@link #open(String)}, but on a port pair of its own even when calls share their loop's port:
     * for a peer that sends several streams from one address (another node's trunks).
     */
    default CallMedia openDedicated(String number) {
        return open(number);
    }

    /** The process's RTP endpoints as ports for calls. */
    static MediaPorts of(RtpEndpoints endpoints) {
        return () -> {
            RtpEndpoint endpoint = endpoints.open();
            return endpoint == null ? null : new EndpointMedia(endpoint);
        };
    }

    /** The process's RTP endpoints, each call's stream on the media thread its dialled number picks (rooms). */
    static MediaPorts byNumber(RtpEndpoints endpoints) {
        return new MediaPorts() {
            @Override
            public CallMedia open() {
                RtpEndpoint endpoint = endpoints.open();
                return endpoint == null ? null : new EndpointMedia(endpoint);
            }

            @Override
            public CallMedia open(String number) {
                RtpEndpoint endpoint = endpoints.open(number);
                return endpoint == null ? null : new EndpointMedia(endpoint);
            }

            @Override
            public CallMedia openDedicated(String number) {
                RtpEndpoint endpoint = endpoints.openDedicated(number);
                return endpoint == null ? null : new EndpointMedia(endpoint);
            }
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
        public void receiveAudio(io.switchboard.common.rtp.AudioSink sink) {
            endpoint.receiveAudio(sink);
        }

        @Override
        public java.util.concurrent.Executor loop() {
            return endpoint.loop();
        }

        @Override
        public String codecName() {
            return endpoint.codecName();
        }

        @Override
        public void close() {
            endpoint.close();
        }
    }
}
