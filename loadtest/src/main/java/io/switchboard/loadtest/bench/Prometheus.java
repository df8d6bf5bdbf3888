package io.switchboard.loadtest.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** A {@code /metrics} scrape reduced to one number per metric name (the sum over its labels). */
final class Prometheus {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Prometheus() {
    }

    /** Scrapes {@code http://127.0.0.1:port/metrics}; {@code adminPassword} null for no authentication. */
    static Map<String, Double> scrape(int port, String adminPassword) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10));
        if (adminPassword != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8)));
        }
        String body = HTTP.send(b.GET().build(), BodyHandlers.ofString()).body();
        Map<String, Double> out = new HashMap<>();
        for (String line : body.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            int brace = line.indexOf('{');
            String name = line.substring(0, brace > 0 && brace < space ? brace : space);
            try {
                out.merge(name, Double.parseDouble(line.substring(space + 1)), Double::sum);
            } catch (NumberFormatException e) {
                // NaN and friends carry nothing a benchmark reports.
            }
        }
        return out;
    }

    /**
     * One metric's samples by the value of one label ({@code le} of a histogram's buckets), summed over
     * the other labels; the name must match exactly (Micrometer's counters end in {@code _total}).
     */
    static Map<String, Double> labelled(int port, String metric, String label) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10)).GET().build();
        String body = HTTP.send(request, BodyHandlers.ofString()).body();
        java.util.regex.Pattern value = java.util.regex.Pattern.compile("[{,]" + label + "=\"([^\"]*)\"");
        Map<String, Double> out = new HashMap<>();
        for (String line : body.split("\n")) {
            if (!line.startsWith(metric + "{")) {
                continue;
            }
            java.util.regex.Matcher m = value.matcher(line);
            if (m.find()) {
                try {
                    out.merge(m.group(1), Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
                } catch (NumberFormatException e) {
                    // NaN carries nothing to add up.
                }
            }
        }
        return out;
    }

    /** The kernel's UDP counters ({@code Udp:} lines of /proc/net/snmp): InDatagrams, RcvbufErrors, SndbufErrors... */
    static Map<String, Long> udpCounters() throws IOException {
        String[] lines = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/net/snmp")).split("\n");
        Map<String, Long> out = new HashMap<>();
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].startsWith("Udp:") && lines[i + 1].startsWith("Udp:")) {
                String[] names = lines[i].split("\\s+");
                String[] values = lines[i + 1].split("\\s+");
                for (int k = 1; k < names.length && k < values.length; k++) {
                    out.put(names[k], Long.parseLong(values[k]));
                }
                break;
            }
        }
        return out;
    }
}
