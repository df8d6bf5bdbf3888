package io.switchboard.queue.logic;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.queue.logic.WaitingLine.Waiter;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaitingLineTest {
    private final WaitingLine line = new WaitingLine();

    @Test
    void positionsFollowTheOrderOfJoining() {
        line.join("a", 100);
        line.join("b", 200);
        line.join("c", 300);

        assertThat(line.position("a")).isEqualTo(1);
        assertThat(line.position("b")).isEqualTo(2);
        assertThat(line.position("c")).isEqualTo(3);
        assertThat(line.position("nobody")).isZero();
        assertThat(line.size()).isEqualTo(3);
        assertThat(line.head()).map(Waiter::id).contains("a");
    }

    @Test
    void sequencesIncreaseWithEveryJoin() {
        Waiter a = line.join("a", 100);
        Waiter b = line.join("b", 100);

        assertThat(b.sequence()).isGreaterThan(a.sequence());
        assertThat(a.callback()).isFalse();
    }

    @Test
    void removingACallerMovesTheOnesBehindItUp() {
        line.join("a", 100);
        line.join("b", 200);
        line.join("c", 300);

        assertThat(line.remove("b")).map(Waiter::id).contains("b");
        assertThat(line.position("c")).isEqualTo(2);
        assertThat(line.remove("b")).isEmpty();

        line.remove("a");
        assertThat(line.head()).map(Waiter::id).contains("c");
        line.remove("c");
        assertThat(line.head()).isEmpty();
        assertThat(line.isEmpty()).isTrue();
    }

    @Test
    void joiningTwiceKeepsTheFirstPlace() {
        Waiter first = line.join("a", 100);
        line.join("b", 200);

        assertThat(line.join("a", 300)).isEqualTo(first);
        assertThat(line.size()).isEqualTo(2);
        assertThat(line.position("a")).isEqualTo(1);
    }

    @Test
    void restoredCallersGoBackToTheirOriginalPlaces() {
        line.restore("c", 300, 9, false);
        line.restore("a", 100, 2, false);
        line.restore("b", 200, 5, true);

        assertThat(ids()).containsExactly("a", "b", "c");
        assertThat(line.get("b")).map(Waiter::callback).contains(true);

        // A caller joining after the takeover goes behind every restored one.
        Waiter d = line.join("d", 50);
        assertThat(d.sequence()).isEqualTo(10);
        assertThat(ids()).containsExactly("a", "b", "c", "d");
    }

    @Test
    void restoreOrdersEqualSequencesByJoinTime() {
        line.restore("late", 500, 3, false);
        line.restore("early", 400, 3, false);

        assertThat(ids()).containsExactly("early", "late");
    }

    @Test
    void restoringACallerAgainReplacesItsEntry() {
        line.join("a", 100);
        line.join("b", 200);
        line.restore("b", 50, 0, true);

        assertThat(ids()).containsExactly("b", "a");
        assertThat(line.size()).isEqualTo(2);
    }

    @Test
    void callbackKeepsItsPlaceBetweenEarlierAndLaterCallers() {
        line.join("early", 100);
        Waiter before = line.join("middle", 200);
        line.join("late", 300);

        Waiter converted = line.convertToCallback("middle").orElseThrow();

        assertThat(converted.callback()).isTrue();
        assertThat(converted.sequence()).isEqualTo(before.sequence());
        assertThat(converted.joinedAt()).isEqualTo(before.joinedAt());
        assertThat(ids()).containsExactly("early", "middle", "late");

        line.remove("early");
        assertThat(line.head()).contains(converted);
        assertThat(line.convertToCallback("nobody")).isEmpty();
    }

    @Test
    void longestWaitIsTheEarliestJoinersWait() {
        assertThat(line.longestWaitMillis(1_000)).isZero();

        line.join("a", 400);
        line.restore("b", 100, 50, false); // taken over: joined earliest, placed later
        line.convertToCallback("b");

        assertThat(line.longestWaitMillis(1_000)).isEqualTo(900);
        assertThat(line.get("a").orElseThrow().waitedMillis(1_000)).isEqualTo(600);
    }

    @Test
    void snapshotIsAnOrderedCopy() {
        line.join("a", 100);
        List<Waiter> snapshot = line.snapshot();
        line.join("b", 200);

        assertThat(snapshot).extracting(Waiter::id).containsExactly("a");
    }

    private List<String> ids() {
        return line.snapshot().stream().map(Waiter::id).toList();
    }
}
