package io.switchboard.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The media node's cap from its open-file limit: four descriptors a call, what is open and a margin kept back. */
class DescriptorBudgetTest {

    @Test
    void theDefaultLimitOf1024HoldsFewerCallsThanTheDefaultCap() {
        DescriptorBudget budget = new DescriptorBudget(1024, 120);
        assertThat(budget.calls()).isEqualTo((1024 - 120 - DescriptorBudget.MARGIN) / 4);
        assertThat(budget.calls()).isLessThan(5000);
    }

    @Test
    void fiveThousandCallsNeedAboutTwentyThousandDescriptors() {
        DescriptorBudget budget = new DescriptorBudget(1_048_576, 120);
        assertThat(budget.calls()).isGreaterThan(5000);
        assertThat(budget.limitFor(5000)).isEqualTo(120 + DescriptorBudget.MARGIN + 20_000);
        assertThat(new DescriptorBudget(budget.limitFor(5000), 120).calls()).isEqualTo(5000);
    }

    @Test
    void anUnknownLimitDoesNotCapAndAnExhaustedOneGivesNone() {
        assertThat(new DescriptorBudget(-1, 0).calls()).isEqualTo(Integer.MAX_VALUE);
        assertThat(new DescriptorBudget(300, 200).calls()).isZero();
    }

    @Test
    void thisProcessHasALimit() {
        assertThat(DescriptorBudget.ofThisProcess().limit()).isPositive();
    }

    @Test
    void aCallIsAdmittedWhileItsWorstCaseFitsNextToTheSocketsOpen() {
        DescriptorBudget budget = new DescriptorBudget(20_000, 144);
        long room = 20_000 - 144 - DescriptorBudget.MARGIN;
        assertThat(budget.sockets()).isEqualTo(room);
        assertThat(budget.admits((int) room - 4)).isTrue();
        assertThat(budget.admits((int) room - 3)).isFalse();
        // 5,000 calls with rtcp-mux hold 10,000 sockets: a 20,000 limit admits all of them.
        assertThat(budget.admits(2 * 4_999)).isTrue();
        assertThat(budget.muxedCalls()).isEqualTo(room / 2);
    }

    @Test
    void anUnknownLimitAdmitsEveryCall() {
        assertThat(new DescriptorBudget(-1, 0).admits(Integer.MAX_VALUE - 8)).isTrue();
    }
}
