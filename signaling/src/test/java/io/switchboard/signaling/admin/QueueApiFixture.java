package io.switchboard.signaling.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.common.ivr.IvrApps;
import io.switchboard.common.meeting.RoomBoard;
import io.switchboard.common.meeting.RoomCommands;
import io.switchboard.common.meeting.RoomDefinitions;
import io.switchboard.common.meeting.RoomMaps;
import io.switchboard.common.meeting.RoomOwners;
import io.switchboard.common.queue.QueueAgents;
import io.switchboard.common.queue.QueueDefinitions;
import io.switchboard.common.queue.QueueMaps;
import io.switchboard.common.queue.QueueStatsBoard;
import io.switchboard.signaling.dialplan.IvrNumbers;
import io.switchboard.signaling.dialplan.NumberPlan;
import io.switchboard.signaling.directory.Database;
import io.switchboard.signaling.directory.DirectoryCluster;
import io.switchboard.signaling.directory.PasswordPolicy;
import io.switchboard.signaling.directory.UserDirectory;
import io.switchboard.signaling.directory.UserStore;
import io.switchboard.signaling.queue.QueueCallStore;
import io.switchboard.signaling.queue.QueueDirectory;
import io.switchboard.signaling.queue.QueueNumbers;
import io.switchboard.signaling.queue.QueueStore;
import io.switchboard.signaling.room.RoomDirectory;
import io.switchboard.signaling.room.RoomNumbers;
import io.switchboard.signaling.room.RoomStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Test fixture: signaling's queue, agent and room API assembled as {@code SignalingServer} does it
 * (users, IVR applications, queues and rooms in one number plan), on an H2 file database and one real Hazelcast
 * member, served over real HTTP.
 */
final class QueueApiFixture implements AutoCloseable {
    static final String PASSWORD = "correct horse";
    static final ObjectMapper JSON = new ObjectMapper();
    /** A user's SIP password the default policy accepts. */
    static final String SIP_PASSWORD = "Kq7-vault-Rx9z";

    final Database database;
    final HazelcastInstance hz;
    final IvrApps ivrApps;
    final QueueDefinitions definitions;
    final QueueAgents agents;
    final QueueStatsBoard stats;
    final NumberPlan plan;
    final UserDirectory users;
    final QueueStore store;
    final QueueDirectory queues;
    final QueueCallStore queueCalls;
    final RoomDefinitions roomDefinitions;
    final RoomStore roomStore;
    final RoomDirectory rooms;
    final RoomBoard roomBoard;
    final RoomCommands roomCommands;
    final AdminServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    QueueApiFixture(Path dataDir) {
        DirectoryCluster.quietLogs();
        database = Database.open(DirectoryCluster.jdbcUrl(dataDir), "sa", "");
        UserStore userStore = new UserStore(database);
        Config config = new Config();
        config.setClusterName("queue-routes-" + UUID.randomUUID());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.getNetworkConfig().setPort(5901).setPortAutoIncrement(true);
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1");
        UserDirectory.configure(config, userStore);
        IvrApps.configure(config);
        QueueMaps.configure(config);
        RoomMaps.configure(config);
        hz = Hazelcast.newHazelcastInstance(config);
        ivrApps = new IvrApps(hz);
        definitions = new QueueDefinitions(hz);
        agents = new QueueAgents(hz, Clock.systemUTC());
        stats = new QueueStatsBoard(hz);
        roomDefinitions = new RoomDefinitions(hz);
        plan = new NumberPlan(List.of(new IvrNumbers(ivrApps), new QueueNumbers(definitions, new io.switchboard.common.queue.QueueOwners(hz)),
                new RoomNumbers(roomDefinitions, new RoomOwners(hz))));
        users = new UserDirectory(hz, userStore, DirectoryCluster.REALM, plan, PasswordPolicy.defaults());
        store = new QueueStore(database);
        queues = new QueueDirectory(store, definitions, plan, number -> users.find(number).isPresent());
        queues.loadAll();
        queueCalls = new QueueCallStore(database);
        roomStore = new RoomStore(database);
        rooms = new RoomDirectory(roomStore, roomDefinitions, plan, number -> users.find(number).isPresent());
        rooms.loadAll();
        roomBoard = new RoomBoard(hz);
        roomCommands = new RoomCommands(hz);
        server = new AdminServer();
        server.start("127.0.0.1", 0, PASSWORD, List.of(new UserRoutes(users),
                new IvrRoutes(ivrApps, () -> Set.of("demo-welcome", "invalid", "timeout", "goodbye"), number -> users.find(number).isPresent()),
                new QueueRoutes(queues, agents, stats, queueCalls), new AgentRoutes(definitions, agents),
                new RoomRoutes(rooms, roomBoard, roomCommands)));
    }

    /** Creates the users (agents must be users) that do not exist yet. */
    void users(String... extensions) {
        for (String e : extensions) {
            if (users.find(e).isEmpty()) {
                users.create(e, SIP_PASSWORD, "Agent " + e);
            }
        }
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(authed(path).GET().build());
    }

    HttpResponse<String> post(String path, String json) throws Exception {
        return send(authed(path).header("Content-Type", "application/json").POST(BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> put(String path, String json) throws Exception {
        return send(authed(path).header("Content-Type", "application/json").PUT(BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> putYaml(String path, String yaml) throws Exception {
        return send(authed(path).header("Content-Type", "application/yaml").PUT(BodyPublishers.ofString(yaml)).build());
    }

    HttpResponse<String> delete(String path) throws Exception {
        return send(authed(path).DELETE().build());
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(Duration.ofSeconds(30));
    }

    private HttpRequest.Builder authed(String path) {
        String basic = Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        return request(path).header("Authorization", "Basic " + basic);
    }

    HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    /** Asserts the status and the field the error names; returns the error message. */
    static String refused(HttpResponse<String> r, int status, String field) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(json(r).path("field").asText()).as(r.body()).isEqualTo(field);
        return json(r).get("error").asText();
    }

    static void status(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    }

    @Override
    public void close() {
        server.stop();
        hz.getLifecycleService().terminate();
        database.close();
    }
}
