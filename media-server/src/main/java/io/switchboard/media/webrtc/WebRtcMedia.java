package io.switchboard.media.webrtc;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a media node needs for WebRTC legs: its DTLS identity, fresh ICE credentials, and the threads
 * DTLS handshakes block on. A handshake holds its thread for a few round trips; {@value #THREADS}
 * threads carry hundreds of call set-ups a second, and further handshakes wait in the queue (the
 * endpoint's records wait in their session's queue meanwhile). One per node, closed at shutdown.
 */
public final class WebRtcMedia implements AutoCloseable {
    static final int THREADS = 16;

    private final SecureRandom random;
    private final DtlsIdentity identity;
    private final ExecutorService handshakes;

    public WebRtcMedia(SecureRandom random) {
        this.random = random;
        this.identity = DtlsIdentity.generate(random, Instant.now());
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "dtls-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        this.handshakes = pool;
    }

    public DtlsIdentity identity() {
        return identity;
    }

    public IceCredentials newCredentials() {
        return IceCredentials.random(random);
    }

    public ExecutorService handshakes() {
        return handshakes;
    }

    @Override
    public void close() {
        handshakes.shutdownNow();
    }
}
