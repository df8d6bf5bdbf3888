package io.switchboard.signaling.ha;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;

/**
 * When the two halves of a partitioned cluster merge, the higher fencing epoch wins, whichever half
 * Hazelcast merges into which (it picks by member count, then by a hash of the masters' addresses, not
 * by which half holds the active). A promotion on either side while cut off is thus never undone by
 * the merge, so a member replaced during the partition stays replaced.
 */
public final class HigherEpochMergePolicy implements SplitBrainMergePolicy<Long, MergingValue<Long>, Object> {

    @Override
    public Object merge(MergingValue<Long> merging, MergingValue<Long> existing) {
        if (existing == null) {
            return merging.getRawValue();
        }
        Long incoming = merging.getDeserializedValue();
        Long kept = existing.getDeserializedValue();
        return incoming != null && (kept == null || incoming > kept) ? merging.getRawValue() : existing.getRawValue();
    }

    @Override
    public void writeData(ObjectDataOutput out) {
        // No state.
    }

    @Override
    public void readData(ObjectDataInput in) {
        // No state.
    }
}
