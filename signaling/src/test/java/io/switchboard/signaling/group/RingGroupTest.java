package io.switchboard.signaling.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.api.FieldProblem;
import io.switchboard.signaling.feature.FeatureCodes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A ring group's steps by strategy, its validation, and the pickup feature codes, as plain objects. */
class RingGroupTest {
    private static RingGroup group(RingStrategy s, String... members) {
        return new RingGroup("sales", "6001", s, List.of(members), 20, "");
    }

    @Test
    void allRingsEveryMemberInOneStep() {
        assertThat(group(RingStrategy.ALL, "1", "2", "3").steps(0)).containsExactly(List.of("1", "2", "3"));
    }

    @Test
    void inOrderRingsOneMemberPerStepAndRoundRobinStartsFurtherOnEachCall() {
        assertThat(group(RingStrategy.ORDER, "1", "2", "3").steps(0)).containsExactly(List.of("1"), List.of("2"), List.of("3"));
        assertThat(group(RingStrategy.ROUND_ROBIN, "1", "2", "3").steps(2)).containsExactly(List.of("3"), List.of("1"), List.of("2"));
    }

    @Test
    void problemsNameTheField() {
        assertThat(new RingGroup("Bad Name", "6001", RingStrategy.ALL, List.of("1"), 20, "").problems())
                .extracting(FieldProblem::field).containsExactly("name");
        assertThat(new RingGroup("g", "6001", RingStrategy.ALL, List.of("1", "1"), 4, "6001").problems())
                .extracting(FieldProblem::field).containsExactly("members", "ringSeconds", "fallthrough");
    }

    @Test
    void pickupCodesAreStarEightAndStarStarExtension() {
        assertThat(FeatureCodes.isPickup("*8")).isTrue();
        assertThat(FeatureCodes.directedPickupTarget("**1002")).isEqualTo("1002");
        assertThat(FeatureCodes.directedPickupTarget("**")).isNull();
        assertThat(FeatureCodes.directedPickupTarget("**12a")).isNull();
        assertThat(FeatureCodes.isPickup("*45")).isFalse();
    }
}
