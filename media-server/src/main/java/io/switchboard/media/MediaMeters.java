package io.switchboard.media;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.switchboard.media.ng.NgServer;
import io.switchboard.media.record.CallRecorder;
import io.switchboard.media.relay.LegStats;
import io.switchboard.media.relay.RelayPorts;
import io.switchboard.media.relay.RelaySessions;
import java.util.function.ToLongFunction;

/**
 * The media server's meters, bound once over the relay's plain counters (the packet path never
 * touches Micrometer). Node totals are computed at scrape time from live and removed sessions.
 */
final class MediaMeters implements MeterBinder {
    private final RelaySessions sessions;
    private final RelayPorts ports;
    private final NgServer ng;
    private final CallRecorder recorder;

    MediaMeters(RelaySessions sessions, RelayPorts ports, NgServer ng, CallRecorder recorder) {
        this.sessions = sessions;
        this.ports = ports;
        this.ng = ng;
        this.recorder = recorder;
    }

    /** A session moves from "live" to "removed" between two reads: never let a counter step back. */
    private FunctionCounter.Builder<RelaySessions> total(String name, ToLongFunction<LegStats> f) {
        long[] high = new long[1];
        return FunctionCounter.builder(name, sessions, s -> {
            long v = f.applyAsLong(s.totals());
            synchronized (high) {
                high[0] = Math.max(high[0], v);
                return high[0];
            }
        });
    }

    @Override
    public void bindTo(MeterRegistry r) {
        Gauge.builder("media_sessions_active", sessions, RelaySessions::size).description("Relayed calls now").register(r);
        Gauge.builder("media_sessions_capacity", sessions, RelaySessions::maxSessions).description("media.max-sessions").register(r);
        Gauge.builder("media_port_pairs_in_use", ports, RelayPorts::pairsInUse).register(r);
        Gauge.builder("media_open_sockets", ports, RelayPorts::openSockets)
                .description("Relay UDP sockets open now: 2 a call whose legs both use rtcp-mux, up to 4 without").register(r);
        FunctionCounter.builder("media_rtcp_bind_failures", ports, RelayPorts::rtcpBindFailures)
                .description("RTCP ports a leg needed after its answer but another process held").register(r);
        FunctionCounter.builder("media_sessions_created", sessions, RelaySessions::created).register(r);
        FunctionCounter.builder("media_sessions_rejected", sessions, RelaySessions::rejected)
                .description("Offers refused: session cap or ports exhausted").register(r);
        FunctionCounter.builder("media_sessions_timed_out", sessions, RelaySessions::timedOut).register(r);
        total("media_rtp_packets", LegStats::rtpPackets).description("RTP packets received").register(r);
        total("media_rtp_bytes", LegStats::rtpBytes).register(r);
        total("media_rtcp_packets", LegStats::rtcpPackets).register(r);
        total("media_packets_dropped", LegStats::drops)
                .description("Strangers before latching, no destination yet, or send buffer full").register(r);
        total("media_socket_errors", LegStats::errors).register(r);
        total("media_rtp_sequence_gaps", LegStats::sequenceGaps).register(r);
        FunctionCounter.builder("media_ng_commands", ng, NgServer::commands).register(r);
        FunctionCounter.builder("media_ng_retransmissions", ng, NgServer::retransmissions).register(r);
        FunctionCounter.builder("media_ng_errors", ng, NgServer::errors).register(r);
        FunctionCounter.builder("media_ng_refused", ng, NgServer::refused)
                .description("ng commands from a source outside the cluster (or media.ng-allow), dropped").register(r);
        FunctionCounter.builder("media_recording_dropped", recorder, CallRecorder::queueDrops)
                .description("Recorded packets dropped because the recorder fell behind").register(r);
    }
}
