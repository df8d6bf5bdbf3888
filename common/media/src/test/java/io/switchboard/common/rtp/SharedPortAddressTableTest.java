package io.switchboard.common.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The shared port's address table against a HashMap: puts, removes and growth in random order. */
class SharedPortAddressTableTest {

    @Test
    void theTableAnswersAsAMapDoesThroughRandomPutsRemovesAndGrowth() {
        SharedPort.AddressTable table = new SharedPort.AddressTable();
        Map<Long, RtpEndpoint> expected = new HashMap<>();
        RtpEndpoint[] endpoints = new RtpEndpoint[50];
        for (int i = 0; i < endpoints.length; i++) {
            endpoints[i] = new RtpEndpoint(null, null, 40000 + 2 * i);
        }
        Random random = new Random(42);
        for (int step = 0; step < 20_000; step++) {
            long key = SharedPort.key(new InetSocketAddress("127.0.0." + (1 + random.nextInt(3)), 10000 + random.nextInt(200)));
            RtpEndpoint e = endpoints[random.nextInt(endpoints.length)];
            if (random.nextBoolean()) {
                table.put(key, e);
                expected.put(key, e);
            } else {
                table.remove(key, expected.get(key) == null ? e : expected.get(key));
                expected.remove(key);
            }
            if (step % 97 == 0) {
                for (Map.Entry<Long, RtpEndpoint> x : expected.entrySet()) {
                    assertThat(table.get(x.getKey())).isSameAs(x.getValue());
                }
                assertThat(table.size()).isEqualTo(expected.size());
            }
        }
    }

    @Test
    void removingAnotherEndpointsEntryLeavesItInPlace() {
        SharedPort.AddressTable table = new SharedPort.AddressTable();
        RtpEndpoint a = new RtpEndpoint(null, null, 40000);
        RtpEndpoint b = new RtpEndpoint(null, null, 40002);
        long key = SharedPort.key(new InetSocketAddress("127.0.0.1", 10000));
        table.put(key, a);
        table.put(key, b); // the address moved on to b's stream
        table.remove(key, a);
        assertThat(table.get(key)).isSameAs(b);
    }
}
