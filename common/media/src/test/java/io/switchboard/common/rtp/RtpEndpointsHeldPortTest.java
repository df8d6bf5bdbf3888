package io.switchboard.common.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Ports another process (here another socket) holds, on 127.0.0.1. */
class RtpEndpointsHeldPortTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @Test
    void aHeldPairIsSkippedAndTheNextOneBound_rfc3550_11() throws Exception {
        try (DatagramSocket held = new DatagramSocket(new InetSocketAddress(LOOPBACK, 47300));
             RtpEndpoints endpoints = new RtpEndpoints(LOOPBACK, 47300, 47303, 1)) {
            RtpEndpoint e = endpoints.open();
            assertThat(e).isNotNull();
            assertThat(e.localPort()).isEqualTo(47302);
            assertThat(endpoints.inUse()).isEqualTo(1);
            e.close();
        }
    }

    @Test
    void failedBindsLeakNoDescriptors() throws Exception {
        try (DatagramSocket held = new DatagramSocket(new InetSocketAddress(LOOPBACK, 47310));
             RtpEndpoints endpoints = new RtpEndpoints(LOOPBACK, 47310, 47311, 1)) {
            assertThat(endpoints.open()).isNull();
            long before = openDescriptors();
            for (int i = 0; i < 50; i++) {
                assertThat(endpoints.open()).isNull();
            }
            // Netty's Bootstrap closes a channel whose bind failed (CLOSE_ON_FAILURE), asynchronously:
            // a few may still be closing, 50 would be a leak.
            assertThat(openDescriptors() - before).isLessThan(10);
            assertThat(endpoints.inUse()).isZero();
        }
    }
}
