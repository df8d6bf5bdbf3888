package io.switchboard.loadtest.bench;

import java.io.IOException;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A node's cumulative tick histogram (Prometheus {@code _bucket} counters by {@code le}, summed over
 * every other label, e.g. one series per media loop) at one scrape. Two scrapes subtracted give the
 * ticks of the window between them; a percentile is read as the smallest bucket bound holding that
 * share, so it is an upper bound at the buckets' resolution, never an interpolation.
 *
 * @param counts ticks at most {@code le} seconds, by {@code le} ({@code +Inf} as positive infinity)
 */
record TickBuckets(NavigableMap<Double, Double> counts) {

    /**
     * Scrapes the histogram {@code base} (e.g. {@code switchboard_meeting_tick_seconds}) from the node's
     * /metrics. The buckets are registered as counters named {@code <base>_bucket}, which Micrometer's
     * Prometheus naming exports as {@code <base>_total} (it drops the {@code _bucket}); the literal name
     * is tried too, should the naming change.
     */
    static TickBuckets scrape(int port, String base) throws IOException, InterruptedException {
        NavigableMap<Double, Double> counts = new TreeMap<>();
        Map<String, Double> samples = Prometheus.labelled(port, base + "_total", "le");
        if (samples.isEmpty()) {
            samples = Prometheus.labelled(port, base + "_bucket_total", "le");
        }
        for (Map.Entry<String, Double> e : samples.entrySet()) {
            double le = "+Inf".equals(e.getKey()) ? Double.POSITIVE_INFINITY : Double.parseDouble(e.getKey());
            counts.merge(le, e.getValue(), Double::sum);
        }
        return new TickBuckets(counts);
    }

    /** The ticks counted since {@code before}, bucket by bucket. */
    TickBuckets since(TickBuckets before) {
        NavigableMap<Double, Double> diff = new TreeMap<>();
        counts.forEach((le, n) -> diff.put(le, n - before.counts.getOrDefault(le, 0.0)));
        return new TickBuckets(diff);
    }

    /** Every tick (the {@code +Inf} bucket). */
    double total() {
        Double all = counts.get(Double.POSITIVE_INFINITY);
        return all == null ? 0 : all;
    }

    /** The share of ticks at most {@code seconds} (that bound must be one of the buckets); 0 when no tick was counted. */
    double shareWithin(double seconds) {
        Double n = counts.get(seconds);
        return total() <= 0 || n == null ? 0 : n / total();
    }

    /** The smallest bucket bound, in ms, holding at least {@code share} of the ticks; infinity when none but {@code +Inf} does or no tick was counted. */
    double boundMs(double share) {
        double all = total();
        if (all <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        for (Map.Entry<Double, Double> e : counts.entrySet()) {
            if (e.getValue() / all >= share) {
                return e.getKey() * 1000;
            }
        }
        return Double.POSITIVE_INFINITY;
    }
}
