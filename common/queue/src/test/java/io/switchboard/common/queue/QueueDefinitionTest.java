package io.switchboard.common.queue;

import io.switchboard.common.api.FieldProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a queue definition may hold: every problem names its field. Plain objects. */
class QueueDefinitionTest {

    private static QueueDefinition support() {
        return QueueDefinition.defaults("support", "7000");
    }

    private static List<String> fields(QueueDefinition q) {
        return q.problems().stream().map(FieldProblem::field).toList();
    }

    @Test
    void theShippedDefaultsHaveNoProblem() {
        assertThat(support().problems()).isEmpty();
        assertThat(support().strategy()).isEqualTo(QueueStrategy.RINGALL);
        assertThat(support().music()).containsExactly("moh");
    }

    @Test
    void aBadNameOrNumberIsNamed() {
        assertThat(fields(QueueDefinition.defaults("Support Team", "7000"))).containsExactly("name");
        assertThat(fields(QueueDefinition.defaults("", "7000"))).containsExactly("name");
        assertThat(fields(QueueDefinition.defaults("a".repeat(65), "7000"))).containsExactly("name");
        assertThat(fields(QueueDefinition.defaults("support", "7"))).containsExactly("number");
        assertThat(fields(QueueDefinition.defaults("support", "70a0"))).containsExactly("number");
        assertThat(fields(QueueDefinition.defaults("support", null))).containsExactly("number");
        assertThat(QueueDefinition.defaults("support", "7").problems().get(0).reason()).isEqualTo("must be 2-15 digits, got '7'");
    }

    @Test
    void theAgentFeatureNamesAreNoQueueNames() {
        assertThat(fields(QueueDefinition.defaults(AgentFeatureCodes.LOGIN_TOGGLE_NAME, "7000"))).containsExactly("name");
        assertThat(fields(QueueDefinition.defaults(AgentFeatureCodes.PAUSE_TOGGLE_NAME, "7000"))).containsExactly("name");
    }

    @Test
    void outOfRangeTimesAreNamedWithTheirRange() {
        QueueDefinition q = new QueueDefinition("support", "7000", QueueStrategy.LINEAR, 0, 3601, 0, -1, true, false, 60,
                "", 0, 20, 0, 11, 15, 3, false, "", "", "", "", "", List.of("moh"), List.of());

        assertThat(q.problems()).extracting(FieldProblem::field)
                .containsExactly("ringTimeout", "wrapUp", "maxCallers", "maxWait", "callbackRetries");
        assertThat(q.problems().get(0).reason()).isEqualTo("must be 1-300, got 0");
    }

    @Test
    void aMissingStrategyListsTheValidNames() {
        QueueDefinition q = new QueueDefinition("support", "7000", null, 15, 10, 100, 600, true, false, 60, "", 0, 20,
                0, 2, 15, 3, false, "", "", "", "", "", List.of("moh"), List.of());

        assertThat(q.problems()).containsExactly(new FieldProblem("strategy", "must be one of " + QueueStrategy.names()));
        assertThat(QueueStrategy.names()).startsWith("ringall, round-robin, ");
    }

    @Test
    void destinationsKeysAndPromptsAreChecked() {
        QueueDefinition q = new QueueDefinition("support", "7000", QueueStrategy.RINGALL, 15, 10, 100, 600, true, false,
                60, "bad prompt", 0, 20, 0, 2, 15, 3, false, "12", "abc", "7000", "", "wel come", List.of(), List.of());

        assertThat(fields(q)).containsExactly("exitKey", "exitDestination", "timeoutDestination", "greeting",
                "periodicPrompt", "music");
    }

    @Test
    void exitKeyOneIsTheCallbackKeyWhenCallbacksAreOn() {
        QueueDefinition q = new QueueDefinition("support", "7000", QueueStrategy.RINGALL, 15, 10, 100, 600, true, false,
                60, "", 0, 20, 300, 2, 15, 3, false, "1", "8000", "", "", "", List.of("moh"), List.of());

        assertThat(fields(q)).containsExactly("exitKey");
        assertThat(fields(q.withMembers(List.of()))).containsExactly("exitKey");
    }

    @Test
    void membersAreCheckedForDuplicatesTierAndWeight() {
        QueueDefinition q = support().withMembers(List.of(QueueMember.of("1001"), QueueMember.of("1001"),
                new QueueMember("1002", 0, 1), new QueueMember("1003", 1, 101), QueueMember.of("a b")));

        assertThat(q.problems()).extracting(FieldProblem::reason).containsExactly("agent 1001 is listed twice",
                "agent 1002: tier must be 1-9, got 0", "agent 1003: weight must be 1-100, got 101",
                "'a b' is not an extension");
        assertThat(fields(q)).containsOnly("members");
        assertThat(q.member("1003")).contains(new QueueMember("1003", 1, 101));
        assertThat(q.member("1009")).isEmpty();
    }

    @Test
    void strategiesParseByTheirLabelsInAnyCase() {
        assertThat(QueueStrategy.parse("round-robin")).contains(QueueStrategy.ROUND_ROBIN);
        assertThat(QueueStrategy.parse(" Weighted_Random ")).contains(QueueStrategy.WEIGHTED_RANDOM);
        assertThat(QueueStrategy.parse("roundrobin")).isEmpty();
        assertThat(QueueStrategy.parse(null)).isEmpty();
    }

    @Test
    void featureCodesNameTheirFeatures() {
        assertThat(AgentFeatureCodes.nameOf("*45")).contains("agent-login");
        assertThat(AgentFeatureCodes.nameOf("*46")).contains("agent-pause");
        assertThat(AgentFeatureCodes.nameOf("7000")).isEmpty();
    }
}
