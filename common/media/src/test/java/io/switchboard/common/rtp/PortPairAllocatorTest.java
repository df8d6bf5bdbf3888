package io.switchboard.common.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortPairAllocatorTest {
    @Test
    void rtpGetsTheEvenPortAndRtcpTheNext_rfc3550_11() {
        PortPairAllocator pairs = new PortPairAllocator(10001, 10006);
        // 10001 has no even partner below it, 10006 none above: two pairs, 10002/10003 and 10004/10005.
        assertThat(pairs.capacity()).isEqualTo(2);
        assertThat(pairs.reserve()).isEqualTo(10002);
        assertThat(pairs.reserve()).isEqualTo(10004);
        assertThat(pairs.reserve()).as("exhausted").isEqualTo(-1);
        assertThat(pairs.inUse()).isEqualTo(2);
    }

    @Test
    void aRangeWithoutAnEvenOddPairIsRefused() {
        assertThatThrownBy(() -> new PortPairAllocator(10001, 10002)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10001-10002");
        assertThatThrownBy(() -> new PortPairAllocator(10010, 10000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFreedPairIsReusedOnlyAfterTheOthers_rfc3550_11() {
        PortPairAllocator pairs = new PortPairAllocator(20000, 20005);
        int first = pairs.reserve();
        pairs.release(first);
        // Late packets of the call that held `first` must not latch the next call: round-robin.
        assertThat(pairs.reserve()).isEqualTo(20002);
        assertThat(pairs.reserve()).isEqualTo(20004);
        assertThat(pairs.reserve()).as("wrapped").isEqualTo(first);
    }

    @Test
    void releasingTwiceOrAPortNeverReservedChangesNothing() {
        PortPairAllocator pairs = new PortPairAllocator(20000, 20003);
        int port = pairs.reserve();
        pairs.release(port);
        pairs.release(port);
        pairs.release(19998);
        pairs.release(30000);
        assertThat(pairs.inUse()).isZero();
        assertThat(pairs.reserve()).isEqualTo(20002);
        assertThat(pairs.inUse()).isEqualTo(1);
    }

    @Test
    void aPairThatCannotBeBoundIsFreedAndTheNextTried() {
        PortPairAllocator pairs = new PortPairAllocator(20000, 20005);
        List<Integer> tried = new ArrayList<>();
        Integer bound = pairs.bindFree(port -> {
            tried.add(port);
            if (port == 20000) {
                throw new IllegalStateException("held by another process");
            }
            return port;
        });
        assertThat(bound).isEqualTo(20002);
        assertThat(tried).containsExactly(20000, 20002);
        assertThat(pairs.inUse()).isEqualTo(1);
    }

    @Test
    void whenNoPairCanBeBoundEachIsTriedOnceAndAllAreFreed() {
        PortPairAllocator pairs = new PortPairAllocator(20000, 20005);
        pairs.reserve();
        List<Integer> tried = new ArrayList<>();
        Object bound = pairs.bindFree(port -> {
            tried.add(port);
            throw new IllegalStateException("held");
        });
        assertThat(bound).isNull();
        assertThat(tried).containsExactly(20002, 20004);
        assertThat(pairs.inUse()).as("the pair reserved before").isEqualTo(1);
    }

    @Test
    void anInterruptedBindGivesUpFreesThePairAndKeepsTheInterrupt() {
        PortPairAllocator pairs = new PortPairAllocator(20000, 20005);
        List<Integer> tried = new ArrayList<>();
        try {
            Object bound = pairs.bindFree(port -> {
                tried.add(port);
                throw new InterruptedException();
            });
            assertThat(bound).isNull();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(tried).containsExactly(20000);
        assertThat(pairs.inUse()).isZero();
    }
}
