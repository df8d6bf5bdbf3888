package io.switchboard.signaling.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.common.queue.QueueDefinition;
import io.switchboard.common.queue.QueueMember;
import io.switchboard.common.queue.QueueStrategy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one JSON shape of a queue (table and API). Plain objects. */
class QueueJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void writtenThenReadIsTheSameDefinition() {
        QueueDefinition q = QueueStoreTest.support();

        assertThat(QueueJson.readStored(QueueJson.write(q))).isEqualTo(q);
        assertThat(QueueJson.toJson(q).get("strategy").asText()).isEqualTo("weighted-random");
        assertThat(QueueJson.toJson(q).get("members").get(0).get("weight").asInt()).isEqualTo(10);
    }

    @Test
    void aStoredDefinitionFromAnotherVersionTakesDefaultsAndIgnoresUnknownFields() {
        QueueDefinition q = QueueJson.readStored("{\"name\":\"old\",\"number\":\"7000\",\"strategy\":\"linear\",\"retired\":1}");

        assertThat(q).isEqualTo(new QueueDefinition("old", "7000", QueueStrategy.LINEAR, 15, 10, 100, 600, true, false,
                60, "", 0, 20, 0, 2, 15, 3, false, "", "", "", "", "queue-welcome", List.of("moh"), List.of()));
    }

    @Test
    void aRequestOverlaysTheBaseAndNamesAWrongField() throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree("{\"wrapUp\": 0, \"greeting\": null, \"members\": [\"1001\", {\"extension\": \"1002\", \"weight\": 3}]}");

        QueueDefinition q = QueueJson.fromRequest(body, QueueDefinition.defaults("s", "7000"));

        assertThat(q.wrapUp()).isZero();
        assertThat(q.greeting()).as("null keeps the base").isEqualTo("queue-welcome");
        assertThat(q.members()).containsExactly(QueueMember.of("1001"), new QueueMember("1002", 1, 3));
        assertThatThrownBy(() -> QueueJson.fromRequest((ObjectNode) JSON.readTree("{\"maxWait\": 1e3}"), q))
                .isInstanceOfSatisfying(QueueDirectoryException.class, e -> assertThat(e.field()).isEqualTo("maxWait"));
        assertThatThrownBy(() -> QueueJson.fromRequest((ObjectNode) JSON.readTree("{\"maxWait\": 99999999999}"), q))
                .isInstanceOfSatisfying(QueueDirectoryException.class, e -> assertThat(e.field()).isEqualTo("maxWait"));
        assertThatThrownBy(() -> QueueJson.fromRequest((ObjectNode) JSON.readTree("{\"members\": [\" \"]}"), q))
                .isInstanceOfSatisfying(QueueDirectoryException.class, e -> assertThat(e.field()).isEqualTo("members"));
    }
}
