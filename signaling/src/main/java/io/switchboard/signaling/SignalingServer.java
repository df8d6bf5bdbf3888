package io.switchboard.signaling;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.common.cluster.ClusterPeers;
import io.switchboard.common.cluster.ClusterMember;
import io.switchboard.common.cluster.NodeRegistry;
import io.switchboard.common.cluster.NodeStatus;
import io.switchboard.common.lifecycle.ShutdownStack;
import io.switchboard.common.config.ConfigException;
import io.switchboard.common.metrics.ProcessMetrics;
import io.switchboard.common.sip.SipMessages;
import io.switchboard.common.sip.SipTransport;
import io.switchboard.common.sip.SipTransportKind;
import io.switchboard.common.sip.SipTransportSettings;
import io.switchboard.common.sip.SipWarmup;
import io.switchboard.signaling.admin.AdminPassword;
import io.switchboard.signaling.admin.AdminLockout;
import io.switchboard.signaling.admin.AdminServer;
import io.switchboard.signaling.admin.AgentRoutes;
import io.switchboard.signaling.admin.CallRoutes;
import io.switchboard.signaling.admin.IvrRoutes;
import io.switchboard.signaling.admin.PromptDirectory;
import io.switchboard.signaling.admin.QueueRoutes;
import io.switchboard.signaling.admin.RoomRoutes;
import io.switchboard.common.meeting.RoomBoard;
import io.switchboard.common.meeting.RoomCommands;
import io.switchboard.common.meeting.RoomDefinitions;
import io.switchboard.common.meeting.RoomMaps;
import io.switchboard.common.meeting.RoomOwners;
import io.switchboard.signaling.room.RoomDirectory;
import io.switchboard.signaling.room.RoomNumbers;
import io.switchboard.signaling.room.RoomStore;
import io.switchboard.common.queue.QueueAgents;
import io.switchboard.common.queue.QueueDefinitions;
import io.switchboard.common.queue.QueueMaps;
import io.switchboard.common.queue.QueueOwners;
import io.switchboard.common.queue.BusyAgents;
import io.switchboard.common.queue.QueueCallLog;
import io.switchboard.common.queue.QueueStatsBoard;
import io.switchboard.common.ivr.IvrApps;
import io.switchboard.signaling.call.CallControl;
import io.switchboard.signaling.ha.PairMember;
import io.switchboard.signaling.call.CallHangups;
import io.switchboard.signaling.call.CallStore;
import io.switchboard.signaling.cdr.CdrStore;
import io.switchboard.signaling.cdr.CdrWriter;
import io.switchboard.signaling.queue.AgentBusyCalls;
import io.switchboard.signaling.queue.AgentCallEnds;
import io.switchboard.signaling.queue.QueueCallStore;
import io.switchboard.signaling.queue.QueueCallWriter;
import io.switchboard.common.ng.NgClient;
import io.switchboard.signaling.admin.HealthRoutes;
import io.switchboard.signaling.admin.MetricsRoutes;
import io.switchboard.signaling.admin.NodeRoutes;
import io.switchboard.signaling.admin.RegistrationRoutes;
import io.switchboard.signaling.admin.UserRoutes;
import io.switchboard.signaling.auth.DigestAuthenticator;
import io.switchboard.signaling.auth.FailedAuthGuard;
import io.switchboard.signaling.auth.NonceSecret;
import io.switchboard.signaling.auth.NonceService;
import io.switchboard.signaling.directory.Database;
import io.switchboard.signaling.dialplan.IvrNumbers;
import io.switchboard.signaling.dialplan.NumberPlan;
import io.switchboard.signaling.directory.CredentialCache;
import io.switchboard.signaling.directory.UserDirectory;
import io.switchboard.signaling.directory.UserStore;
import io.switchboard.signaling.location.LocationService;
import io.switchboard.signaling.queue.QueueDirectory;
import io.switchboard.signaling.queue.QueueNumbers;
import io.switchboard.signaling.queue.QueueStore;
import io.switchboard.signaling.registrar.Registrar;
import io.switchboard.signaling.registrar.RegistrarCounters;
import io.switchboard.signaling.route.SignalingRouter;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signaling process assembled in one place, in start-up order: database, metrics, cluster
 * member, registry heartbeat, registrar, SIP transport, admin API. {@link #close()} stops them in
 * reverse so the SIP ports close first and the cluster last.
 */
public final class SignalingServer implements AutoCloseable {
    public static final String ROLE = "signaling";
    private static final Logger LOG = LoggerFactory.getLogger(SignalingServer.class);

    private final ShutdownStack stack = new ShutdownStack();
    private SipTransport sip;
    private io.switchboard.signaling.trunk.TrunkRegistrations trunkRegistrations;
    private io.switchboard.signaling.trunk.TrunkMonitor trunkMonitor;
    private AdminServer admin;
    private HazelcastInstance hz;
    /**
     * How long a media node may take to answer ng (one retransmission halfway), as rtpengine's Kamailio
     * module waits by default. At 500 ms, media nodes busy compiling or collecting in the first
     * seconds of 250 calls/s timed out hundreds of offers whose calls then got 503.
     */
    private static final java.time.Duration NG_TIMEOUT = java.time.Duration.ofMillis(1000);
    private volatile NodeRegistry registry;
    private io.switchboard.common.cluster.ServerInventory inventory;
    private final io.switchboard.signaling.admin.StatsHistory history = new io.switchboard.signaling.admin.StatsHistory();
    private io.switchboard.signaling.inventory.ServerDirectory servers;
    private CallControl callControl;
    private LocationService location;
    private UserDirectory users;
    private QueueDefinitions queueDefinitions;
    private QueueAgents queueAgents;
    private QueueOwners queueOwners;
    private NumberPlan numberPlan;
    private AdminPassword adminPassword;
    private SignalingRouter router;
    private SignalingSettings settings;
    /** Active or standby in an HA pair; always active outside one. */
    /** This member's place in the HA pair; null outside a pair (always active). */
    private PairMember pair;

    private SignalingServer() {
    }

    /** Starts signaling and serves SIP once everything it lists is up. */
    public static SignalingServer start(SignalingSettings settings, String version, PrintStream out) throws Exception {
        SignalingServer server = startClosed(settings, version, out);
        server.openSip();
        return server;
    }

    /**
     * Starts signaling with SIP answering 503 (Retry-After) until {@link #openSip}: the all-in-one
     * opens it once its embedded media and IVR servers are up too.
     */
    public static SignalingServer startClosed(SignalingSettings settings, String version, PrintStream out) throws Exception {
        SignalingServer server = new SignalingServer();
        try {
            server.boot(settings, version);
        } catch (io.switchboard.common.lifecycle.ListenError e) {
            server.close();
            throw e.inRole("signaling");
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
        server.printBanner(settings, out);
        return server;
    }

    private void boot(SignalingSettings s, String version) throws Exception {
        settings = s;
        Files.createDirectories(s.dataDir());
        adminPassword = AdminPassword.resolve(s.adminPassword(), s.dataDir());
        Database database = openDatabase(s);
        stack.push(database);
        UserStore store = new UserStore(database);
        ProcessMetrics metrics = new ProcessMetrics(s.nodeName(), ROLE, s.jvmMetrics());
        stack.push(metrics);

        hz = ClusterMember.start(s.cluster(), s.nodeName(), config -> {
            // Workers admit SIP and ng only from members: say where our SIP socket sends from.
            ClusterPeers.announceSources(config, sourceAddresses(s));
            LocationService.configure(config);
            UserDirectory.configure(config, store);
            CallStore.configure(config);
            IvrApps.configure(config);
            QueueMaps.configure(config);
            RoomMaps.configure(config);
            io.switchboard.signaling.ha.HaEpoch.configure(config);
            AdminLockout.configure(config);
            io.switchboard.signaling.admin.PortalSessions.configure(config);
            io.switchboard.common.cluster.ServerInventory.configure(config);
        });
        stack.push(() -> hz.shutdown());
        location = new LocationService(hz, Clock.systemUTC());
        stack.push(location);
        if (s.ha().enabled()) {
            // A pair member starts as the standby: following the active's registrations until the
            // virtual IP is here (see openSip).
            pair = new PairMember(s.ha(), hz, location, s.cluster().memberTimeout());
            stack.push(pair);
        }
        // One instance for the admin API and call routing: a definition stored is routed at once.
        IvrApps ivrApps = new IvrApps(hz);
        queueDefinitions = new QueueDefinitions(hz);
        queueAgents = new QueueAgents(hz, Clock.systemUTC());
        queueOwners = new QueueOwners(hz);
        QueueStatsBoard queueStats = new QueueStatsBoard(hz);
        RoomDefinitions roomDefinitions = new RoomDefinitions(hz);
        // The one number plan: call routing, transfers and the directory's reserved numbers.
        numberPlan = new NumberPlan(List.of(new IvrNumbers(ivrApps), new QueueNumbers(queueDefinitions, queueOwners),
                new RoomNumbers(roomDefinitions, new RoomOwners(hz))));
        users = new UserDirectory(hz, store, s.realm(), numberPlan, s.passwordPolicy());
        // The database is the record of queues: every member publishes it to the map at start.
        QueueDirectory queues = new QueueDirectory(new QueueStore(database), queueDefinitions, numberPlan,
                number -> users.find(number).isPresent());
        queues.loadAll();
        // Rooms likewise: the database is their record, published by every member at start.
        RoomDirectory rooms = new RoomDirectory(new RoomStore(database), roomDefinitions, numberPlan,
                number -> users.find(number).isPresent());
        rooms.loadAll();
        // The server inventory likewise: which workers may be given work, published by every member at start.
        inventory = new io.switchboard.common.cluster.ServerInventory(hz);
        servers = new io.switchboard.signaling.inventory.ServerDirectory(
                new io.switchboard.signaling.inventory.ServerStore(database), inventory);
        servers.loadAll();

        SipMessages messages = new SipMessages(s.serverHeader());
        NonceService nonces = new NonceService(NonceSecret.shared(hz), s.nonceTtl(), Clock.systemUTC());
        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "signaling-housekeeping");
            t.setDaemon(true);
            return t;
        });
        stack.push(housekeeping::shutdownNow);
        FailedAuthGuard guard = new FailedAuthGuard(s.maxAuthFailures(), s.authBlockTime(), Clock.systemUTC());
        housekeeping.scheduleAtFixedRate(() -> {
            nonces.sweep();
            guard.sweep();
            location.sweep();
        }, 30, 30, TimeUnit.SECONDS);
        CredentialCache credentials = CredentialCache.load(hz, users, store, s.credentialCacheEntries());
        stack.push(credentials::close);
        DigestAuthenticator auth = new DigestAuthenticator(s.realm(), s.algorithms(), nonces, credentials::findNow,
                messages.headers(), guard);
        Registrar registrar = new Registrar(s.registrar(), auth, credentials::find, location, messages,
                new RegistrarCounters(metrics.registry()));
        // Bindings held by this member's location service (its authoritative copy), for dashboards and the load test.
        metrics.registry().gauge("sip.registrations", location, LocationService::size);
        NgClient ng = new NgClient(NG_TIMEOUT);
        stack.push(ng);
        CdrStore cdrStore = new CdrStore(database.dataSource());
        CdrWriter cdrWriter = new CdrWriter(cdrStore, metrics.registry());
        stack.push(cdrWriter);
        CallStore calls = new CallStore(hz);
        if (pair != null) {
            calls.gate(pair::gate);
        }
        // Each caller's passage through a queue: the queue nodes publish it, one signaling member stores it.
        QueueCallStore queueCalls = new QueueCallStore(database);
        stack.push(new QueueCallWriter(new QueueCallLog(hz), queueCalls, metrics.registry()));
        // Closed after call control (which may queue the last changes) and before the cluster.
        stack.push(calls);
        // The router needs call control and call control needs the transport: the router is
        // created first and given call control once the transport is up (before traffic matters).
        router = new SignalingRouter(registrar, messages);
        try {
            sip = SipTransport.start(new SipTransportSettings(s.sipAddress(), s.sipPort(),
                    s.transports().contains(SipTransportKind.UDP), s.transports().contains(SipTransportKind.TCP),
                    s.workers(), s.queueCapacity(), s.perSourceRate(), SipTransportSettings.defaults().maxMessageBytes(),
                    SipTransportSettings.defaults().socketBufferBytes(), (int) s.t1().toMillis())
                            .withAdvertisedAddress(s.sipAdvertisedAddress().orElse(null)).withStreams(s.streams()),
                    s.tls(), s.webSockets(), router, messages, metrics.registry());
        } catch (IllegalArgumentException e) {
            if (s.tls().isPresent()) {
                throw new io.switchboard.common.config.ConfigException("sip.tls.certificate", e.getMessage());
            }
            throw e;
        }
        stack.push(sip::close);
        // Calls keep their timers on their event loops; this thread only checks for lost media nodes.
        ScheduledExecutorService callTimers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "call-housekeeping");
            t.setDaemon(true);
            return t;
        });
        stack.push(callTimers::shutdownNow);
        callControl = new CallControl(messages, sip, auth, credentials::find, location, () -> registry, ng, calls, cdrWriter,
                s.calls(), callTimers, metrics.registry(), numberPlan);
        stack.push(callControl);
        if (pair != null) {
            pair.onPromotion(callControl::dropOrphans);
        }
        // An agent's queue call ends at signaling: its state goes to wrap-up off the call's loop. Agents
        // on a call are recorded (agent-calls), so queues do not offer them callers.
        java.util.concurrent.ScheduledExecutorService queueWork = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                new io.netty.util.concurrent.DefaultThreadFactory("queue-work", true));
        stack.push(queueWork::shutdownNow);
        AgentCallEnds wrapUps = new AgentCallEnds(queueDefinitions, queueAgents, queueWork);
        AgentBusyCalls busyCalls = new AgentBusyCalls(queueDefinitions, new BusyAgents(hz), queueWork);
        callControl.onAnsweredCallStart(busyCalls::started);
        callControl.onAnsweredCallEnd(call -> {
            busyCalls.ended(call); // first: the agent is not busy by the time it is available again
            wrapUps.accept(call);
        });
        queueWork.scheduleWithFixedDelay(() -> busyCalls.sweep(id -> callControl.isActive(id) || calls.isListed(id)),
                60, 60, TimeUnit.SECONDS);
        // A queue node lost with callers waiting: they are offered to their queue again (another node takes it).
        queueWork.scheduleWithFixedDelay(new io.switchboard.signaling.queue.QueueNodeWatch(() -> registry,
                callControl::queueNodeLost), 500, 250, java.util.concurrent.TimeUnit.MILLISECONDS);
        router.serveCalls(callControl);
        CallHangups hangups = new CallHangups(hz, callControl, calls);
        stack.push(hangups);
        if (s.transports().contains(SipTransportKind.UDP)) {
            if (onThisHost(s.sipAddress())) {
                SipWarmup.run(s.sipAddress(), sip.udpPort(), s.warmupRequests(), java.time.Duration.ofSeconds(15));
            } else {
                // The HA standby, bound to a virtual IP another host holds: warm the same pipeline on loopback.
                io.netty.channel.Channel loopback = sip.openLoopbackUdp();
                try {
                    SipWarmup.run("127.0.0.1", ((java.net.InetSocketAddress) loopback.localAddress()).getPort(),
                            s.warmupRequests(), java.time.Duration.ofSeconds(15));
                } finally {
                    loopback.close().syncUninterruptibly();
                }
            }
        }

        // Trunks: the database is their record; the active member registers the registration trunks.
        io.switchboard.signaling.trunk.TrunkBook trunkBook = new io.switchboard.signaling.trunk.TrunkBook(hz);
        io.switchboard.signaling.trunk.TrunkDirectory trunks = new io.switchboard.signaling.trunk.TrunkDirectory(
                new io.switchboard.signaling.trunk.TrunkStore(database), trunkBook);
        io.switchboard.signaling.trunk.DidStore didStore = new io.switchboard.signaling.trunk.DidStore(database);
        io.switchboard.signaling.trunk.RouteStore routeStore = new io.switchboard.signaling.trunk.RouteStore(database);
        trunks.loadAll(didStore, routeStore);
        io.switchboard.signaling.trunk.RouteDirectory routes = new io.switchboard.signaling.trunk.RouteDirectory(routeStore, trunkBook);
        io.switchboard.signaling.trunk.DidDirectory dids = new io.switchboard.signaling.trunk.DidDirectory(didStore, trunkBook);
        trunkRegistrations = new io.switchboard.signaling.trunk.TrunkRegistrations(sip, messages,
                () -> pair == null || pair.role().active(), Clock.systemUTC());
        stack.push(trunkRegistrations);
        trunkBook.onChange(() -> trunkRegistrations.update(trunkBook.trunks()));
        trunkRegistrations.update(trunkBook.trunks());
        io.switchboard.signaling.trunk.OutboundRouter outboundRoutes = new io.switchboard.signaling.trunk.OutboundRouter(trunkBook,
                trunkRegistrations);
        trunkMonitor = new io.switchboard.signaling.trunk.TrunkMonitor(sip, messages, trunkBook::trunks, outboundRoutes::addressOf,
                () -> pair == null || pair.role().active(), Clock.systemUTC());
        stack.push(trunkMonitor);
        outboundRoutes.usableWhen(trunkMonitor::usable);
        trunkMonitor.start(java.time.Duration.ofSeconds(2));
        trunkBook.onChange(trunkMonitor::soon);
        callControl.trunks(new io.switchboard.signaling.trunk.TrunkInbound(trunkBook, trunkRegistrations), outboundRoutes,
                new io.switchboard.signaling.trunk.TrunkChannels(name -> trunkBook.trunk(name)
                        .map(io.switchboard.signaling.trunk.Trunk::maxChannels).orElse(0)));

        // Call features (DND, forwarding): the database is their record, published at start.
        io.switchboard.signaling.feature.FeatureBook featureBook = new io.switchboard.signaling.feature.FeatureBook(hz);
        io.switchboard.signaling.feature.FeatureDirectory featureDirectory = new io.switchboard.signaling.feature.FeatureDirectory(
                new io.switchboard.signaling.feature.FeatureStore(database), featureBook);
        featureDirectory.loadAll();
        callControl.features(featureBook);
        // Ring groups: the same pattern, their numbers checked against users and service numbers.
        io.switchboard.signaling.group.RingGroupBook ringGroupBook = new io.switchboard.signaling.group.RingGroupBook(hz);
        io.switchboard.signaling.group.RingGroupDirectory ringGroups = new io.switchboard.signaling.group.RingGroupDirectory(
                new io.switchboard.signaling.group.RingGroupStore(database), ringGroupBook,
                number -> users.find(number).isPresent() ? java.util.Optional.of("the extension " + number)
                        : numberPlan.ownerOf(number));
        ringGroups.loadAll();
        callControl.ringGroups(ringGroupBook);

        admin = new AdminServer();
        // NodeRoutes reads the registry lazily: the node's entry names the HTTP port, known only once bound.
        admin.start(s.httpAddress(), s.httpPort(), adminPassword.value(), AdminLockout.shared(hz),
                io.switchboard.signaling.admin.PortalSessions.shared(hz), List.of(new HealthRoutes(this::health),
                new MetricsRoutes(metrics), new UserRoutes(users), new NodeRoutes(() -> registry),
                new RegistrationRoutes(location), new CallRoutes(calls, cdrStore, hangups, ng),
                new IvrRoutes(ivrApps, () -> PromptDirectory.names(s.promptDir()), number -> users.find(number).isPresent()),
                new QueueRoutes(queues, queueAgents, queueStats, queueCalls), new AgentRoutes(queueDefinitions, queueAgents),
                new RoomRoutes(rooms, new RoomBoard(hz), new RoomCommands(hz)),
                new io.switchboard.signaling.admin.ServerRoutes(servers, () -> registry),
                new io.switchboard.signaling.admin.StatsRoutes(history),
                new io.switchboard.signaling.admin.TrunkRoutes(trunks, trunkRegistrations, trunkMonitor),
                new io.switchboard.signaling.admin.DidRoutes(dids),
                new io.switchboard.signaling.admin.RouteRoutes(routes),
                new io.switchboard.signaling.admin.FeatureRoutes(featureDirectory, users),
                new io.switchboard.signaling.admin.RingGroupRoutes(ringGroups)));
        // The dashboard's last hour: a point now and every 10 s (on the housekeeping thread; nothing on a hot path).
        housekeeping.scheduleAtFixedRate(this::sampleStats, 0, io.switchboard.signaling.admin.StatsHistory.INTERVAL_SECONDS,
                TimeUnit.SECONDS);
        stack.push(admin::stop);
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("sip", sipPort());
        ports.put("http", admin.port());
        // Where workers join the cluster: extend writes it into a new server's cluster.members.
        ports.put("cluster", hz.getCluster().getLocalMember().getAddress().getPort());
        registry = new NodeRegistry(hz, new NodeStatus(s.nodeName(), ROLE, s.privateAddress(), s.publicAddress(), ports,
                version, 0, 0, System.currentTimeMillis(), 0, s.cluster().heartbeat().toMillis(), false),
                callControl::activeCalls, inventory);
        registry.start();
        stack.push(registry);
    }

    /** A database that cannot be reached is a start-up error that names the key to fix. */
    private static Database openDatabase(SignalingSettings s) {
        try {
            return Database.open(s.databaseUrl(), s.databaseUser(), s.databasePassword());
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new ConfigException("database.url", "cannot open the user database: " + root.getMessage());
        }
    }

    private void sampleStats() {
        try {
            NodeRegistry nodes = registry;
            Map<String, Integer> sessions = new java.util.TreeMap<>();
            if (nodes != null) {
                for (NodeStatus n : nodes.all()) {
                    if (!n.role().equals(ROLE) && nodes.isOnline(n)) {
                        sessions.put(n.name(), n.activeSessions());
                    }
                }
            }
            history.record(new io.switchboard.signaling.admin.StatsHistory.Point(System.currentTimeMillis(), location.size(),
                    callControl == null ? 0 : callControl.activeCalls(), sessions));
        } catch (RuntimeException e) {
            LOG.debug("stats sample skipped: {}", e.toString());
        }
    }

    private Map<String, Object> health() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("node", registry == null ? "" : registry.self().name());
        h.put("clusterName", hz.getConfig().getClusterName());
        h.put("clusterMembers", hz.getCluster().getMembers().size());
        h.put("registrations", location.size());
        h.put("activeCalls", callControl.activeCalls());
        if (pair != null) {
            h.put("ha", pair.health());
        }
        return h;
    }

    private void printBanner(SignalingSettings s, PrintStream out) {
        String host = "0.0.0.0".equals(s.httpAddress()) ? "127.0.0.1" : s.httpAddress();
        out.printf("Switchboard signaling %s is up (node %s)%n", registry.self().version(), s.nodeName());
        out.printf("  SIP        %s %s:%d  realm \"%s\"%n", s.transports(), s.sipAddress(), sipPort(), s.realm());
        s.tls().ifPresent(tls -> out.printf("  SIP TLS    %s:%d  certificate %s (reloaded when it changes)%s%n", s.sipAddress(),
                sip.tlsPort(), tls.certificate(), tls.clientAuth() == io.switchboard.common.sip.SipTls.ClientAuth.NONE ? ""
                        : ", client certificates " + tls.clientAuth().name().toLowerCase(java.util.Locale.ROOT)));
        if (sip.wsPort() > 0 || sip.wssPort() > 0) {
            out.printf("  SIP WS     %s%s  (SIP over WebSocket, RFC 7118: browser phones)%n",
                    sip.wsPort() > 0 ? "ws://" + s.sipAddress() + ":" + sip.wsPort() + "/ " : "",
                    sip.wssPort() > 0 ? "wss://" + s.sipAddress() + ":" + sip.wssPort() + "/" : "");
        }
        String bound = s.httpAddress() + ":" + admin.port();
        out.printf("  Admin API  http://%s:%d/api  (user admin; listening on %s)%n", host, admin.port(), bound);
        out.printf("  Portal     http://%s:%d/portal/  (sign in with the admin password)%n", host, admin.port());
        out.printf("  Metrics    http://%s:%d/metrics%n", host, admin.port());
        out.printf("  Cluster    '%s', member %s%n", s.cluster().name(), hz.getCluster().getLocalMember().getAddress());
        s.ha().virtualAddress().ifPresent(vip -> out.printf("  HA pair    virtual IP %s: standby until keepalived puts it here; beats into %s%n",
                vip.getHostAddress(), s.ha().healthPipe()));
        out.printf("  Database   %s%n", s.databaseUrl().replaceAll("password=[^;&]*", "password=***"));
        if (adminPassword.generated()) {
            out.printf("  Admin password generated: %s  (stored in %s)%n", adminPassword.value(), adminPassword.file());
        } else if (s.adminPassword().isEmpty()) {
            out.printf("  Admin password: stored in %s%n", adminPassword.file());
        } else {
            out.println("  Admin password: from admin.password / SWITCHBOARD_ADMIN_PASSWORD");
        }
        out.println("  Add a user: " + userAddHint(s, host));
        out.flush();
    }

    private static List<String> sourceAddresses(SignalingSettings s) {
        List<String> out = new ArrayList<>();
        out.add(s.sipAddress());
        s.sipAdvertisedAddress().ifPresent(out::add);
        return out;
    }

    /** The {@code user add} command that works as printed against this very process. */
    String userAddHint(SignalingSettings s, String host) {
        StringBuilder hint = new StringBuilder("./switchboard user add 1001 --name Alice");
        if (!"127.0.0.1".equals(host) || admin.port() != 8888) {
            hint.append(" --api http://").append(host).append(':').append(admin.port());
        }
        if (s.adminPassword().isPresent()) {
            hint.append(" --admin-password '<admin.password>'");
        } else if (!adminPassword.file().toAbsolutePath().normalize().getParent()
                .equals(java.nio.file.Path.of("data").toAbsolutePath().normalize())) {
            hint.append(" --data-dir ").append(adminPassword.file().toAbsolutePath().normalize().getParent());
        }
        return hint.toString();
    }

    /** Serves SIP from now on (before: 503 with Retry-After). */
    public void openSip() {
        router.open();
        if (pair != null) {
            // Only now, up and warm, may keepalived see this member healthy and give it the virtual IP.
            pair.start();
            stack.push(pair);
        }
    }

    /** Whether {@code address} is the wildcard or configured on one of this host's interfaces. */
    private static boolean onThisHost(String address) {
        try {
            java.net.InetAddress a = java.net.InetAddress.getByName(address);
            return a.isAnyLocalAddress() || a.isLoopbackAddress() || java.net.NetworkInterface.getByInetAddress(a) != null;
        } catch (java.io.IOException e) {
            return true;
        }
    }

    public int sipPort() {
        return sip.udpPort() > 0 ? sip.udpPort() : sip.tcpPort();
    }

    /** The SIP over WebSocket ports {ws, wss}, 0 when not served. */
    public int[] sipWebSocketPorts() {
        return new int[] {sip.wsPort(), sip.wssPort()};
    }

    /** The SIP over TLS port, or 0 without TLS. */
    public int sipTlsPort() {
        return sip.tlsPort();
    }

    public int httpPort() {
        return admin.port();
    }

    public String adminPassword() {
        return adminPassword.value();
    }

    /** The server inventory: the all-in-one adds its default local servers through it. */
    public io.switchboard.signaling.inventory.ServerDirectory servers() {
        return servers;
    }

    public HazelcastInstance hazelcast() {
        return hz;
    }

    public LocationService location() {
        return location;
    }

    public CallControl calls() {
        return callControl;
    }

    public UserDirectory users() {
        return users;
    }

    /** Which queue node hosts each queue ({@code queue-owners}), for routing a queue's callers. */
    public QueueOwners queueOwners() {
        return queueOwners;
    }

    /** The queues as the cluster shares them ({@code queues}), from the local event-kept copy. */
    public QueueDefinitions queueDefinitions() {
        return queueDefinitions;
    }

    /** The agents' states ({@code queue-agents}). */
    public QueueAgents queueAgents() {
        return queueAgents;
    }

    @Override
    public void close() {
        stack.close();
    }
}
