package io.switchboard.media.ng;

import io.switchboard.common.ng.NgCommand;
import io.switchboard.common.ng.NgMessage;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the ng control path before the node says it is online: offer, answer and delete cycles, each
 * through the same decode → command → relay ports → encode steps a real command takes. A cold JVM
 * answered its first offers under 250 calls/s in over 500 ms, so signaling timed them out and gave
 * those callers 503 (1,338 of 10,000 calls in the first 8 s of a concurrent-calls benchmark, none
 * after). The relay ports it opens are closed again by each delete; no packet leaves the machine.
 */
public final class NgWarmup {
    private static final Logger LOG = LoggerFactory.getLogger(NgWarmup.class);
    private static final String OFFER = "v=0\r\no=warmup 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 9 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=rtcp-mux\r\na=sendrecv\r\n";

    private NgWarmup() {
    }

    /** @return cycles completed within {@code limit} */
    public static int run(NgControl control, int cycles, Duration limit) {
        if (cycles <= 0) {
            return 0;
        }
        long started = System.nanoTime();
        long deadline = started + limit.toNanos();
        int done = 0;
        while (done < cycles && System.nanoTime() < deadline) {
            String callId = "switchboard-warmup-" + done;
            boolean ok = roundTrip(control, NgCommand.offer(callId, "a", OFFER).build())
                    && roundTrip(control, NgCommand.answer(callId, "a", "b", OFFER).build());
            roundTrip(control, NgCommand.delete(callId));
            if (!ok) {
                break;
            }
            done++;
        }
        LOG.info("ng warm-up: {} of {} offer/answer/delete cycles in {} ms", done, cycles,
                (System.nanoTime() - started) / 1_000_000);
        return done;
    }

    /** One command as it would arrive and leave: bencoded, decoded, executed, the reply bencoded. */
    private static boolean roundTrip(NgControl control, NgCommand command) {
        byte[] wire = new NgMessage("warmup", command.toDictionary()).encode();
        Map<String, Object> reply = control.execute(NgCommand.from(NgMessage.decode(wire).dict()));
        new NgMessage("warmup", reply).encode();
        return !"error".equals(reply.get("result"));
    }
}
