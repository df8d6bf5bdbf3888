package io.switchboard.common.metrics;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics} for the worker roles, which have no admin API: the JDK's small HTTP server on
 * one thread (a scrape every few seconds needs no more), Prometheus text from {@link ProcessMetrics}.
 */
public final class MetricsEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);
    private final HttpServer http;
    private final ExecutorService executor;

    public MetricsEndpoint(String address, int port, ProcessMetrics metrics, String threadName) throws IOException {
        try {
            http = HttpServer.create(new InetSocketAddress(address, port), 16);
        } catch (java.io.IOException e) {
            throw io.switchboard.common.lifecycle.ListenError.of("metrics http", address, port, e);
        }
        http.createContext("/metrics", exchange -> {
            try (exchange) {
                if (!"GET".equals(exchange.getRequestMethod())) {
                    exchange.sendResponseHeaders(405, -1);
                    return;
                }
                byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream o = exchange.getResponseBody()) {
                    o.write(body);
                }
            } catch (IOException e) {
                LOG.debug("metrics scrape: {}", e.toString());
            }
        });
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(executor);
        http.start();
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** The URL to print in a banner: a wildcard bind address is shown as loopback. */
    public static String url(String address, int port) {
        return "http://" + ("0.0.0.0".equals(address) ? "127.0.0.1" : address) + ":" + port + "/metrics";
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }
}
