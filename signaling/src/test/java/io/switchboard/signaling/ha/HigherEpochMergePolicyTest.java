package io.switchboard.signaling.ha;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.spi.merge.MergingValue;
import org.junit.jupiter.api.Test;

/** After a partition, the higher fencing epoch survives the merge whichever half merges into which. */
class HigherEpochMergePolicyTest {
    private final HigherEpochMergePolicy policy = new HigherEpochMergePolicy();

    @Test
    void theHigherEpochWinsInEitherDirection() {
        assertThat(policy.merge(epoch(8), epoch(7))).isEqualTo("raw-8");
        assertThat(policy.merge(epoch(7), epoch(8))).isEqualTo("raw-8");
        assertThat(policy.merge(epoch(7), epoch(7))).as("equal: the existing one stays").isEqualTo("raw-7");
    }

    @Test
    void anEpochOnlyOneHalfHasIsKept() {
        assertThat(policy.merge(epoch(3), null)).isEqualTo("raw-3");
    }

    private static MergingValue<Long> epoch(long value) {
        return new MergingValue<>() {
            @Override
            public Long getDeserializedValue() {
                return value;
            }

            @Override
            public Object getRawValue() {
                return "raw-" + value;
            }
        };
    }
}
