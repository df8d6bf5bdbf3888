package io.switchboard.common.rtp;

/**
 * How long the media clock's ticks take and how far their starts stray from the 20 ms grid, as
 * counts per bucket (cumulative since start): a benchmark reads two snapshots and takes the
 * percentile of the difference. One writer per clock (its loop); readers see plain longs, so a
 * read during a tick may be one tick behind.
 */
public final class TickStats {
    /** Upper bounds in microseconds; the last bucket holds everything above. */
    public static final long[] BOUNDS_MICROS = {250, 500, 1000, 2000, 3000, 4000, 5000, 7500, 10_000, 15_000, 20_000, 50_000};

    final long[] duration = new long[BOUNDS_MICROS.length + 1];
    final long[] pacing = new long[BOUNDS_MICROS.length + 1];

    void record(long durationMicros, long deviationMicros) {
        duration[bucket(durationMicros)]++;
        pacing[bucket(deviationMicros)]++;
    }

    private static int bucket(long micros) {
        long[] b = BOUNDS_MICROS;
        for (int i = 0; i < b.length; i++) {
            if (micros <= b[i]) {
                return i;
            }
        }
        return b.length;
    }

    /** Ticks whose work took at most {@code BOUNDS_MICROS[i]} (cumulative; the last index: all ticks). */
    public long durationAtMost(int i) {
        return cumulative(duration, i);
    }

    /** Ticks that started at most {@code BOUNDS_MICROS[i]} off their 20 ms step after the previous one (cumulative). */
    public long pacingAtMost(int i) {
        return cumulative(pacing, i);
    }

    private static long cumulative(long[] counts, int i) {
        long n = 0;
        for (int k = 0; k <= i && k < counts.length; k++) {
            n += counts[k];
        }
        return n;
    }

    void addTo(TickStats total) {
        for (int i = 0; i < duration.length; i++) {
            total.duration[i] += duration[i];
            total.pacing[i] += pacing[i];
        }
    }
}
