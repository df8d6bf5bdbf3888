package io.switchboard.loadtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The cumulative counters of SIPp's {@code -trace_stat} file, read from its last line (SIPp writes
 * one line every {@code -fd} period and a final one at exit). Elapsed time comes from the
 * StartTime and CurrentTime columns, which carry epoch seconds with microseconds; ElapsedTime(C)
 * itself is rounded to the second, too coarse for a run of a few seconds.
 */
public record SippStatistics(long created, long successful, long failed, long failedUnexpectedMessage,
                             long failedTimeoutOnRecv, long failedMaxUdpRetrans, long retransmissions,
                             long elapsedMillis) {

    public static final SippStatistics NONE = new SippStatistics(0, 0, 0, 0, 0, 0, 0, 0);

    /** The statistics in {@code file}, or {@link #NONE} if SIPp wrote no data line (it died at start). */
    public static SippStatistics read(Path file) {
        if (!Files.exists(file)) {
            return NONE;
        }
        try {
            return parse(Files.readAllLines(file, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static SippStatistics parse(List<String> lines) {
        List<String> data = lines.stream().filter(l -> !l.isBlank()).toList();
        if (data.size() < 2) {
            return NONE;
        }
        List<String> header = Arrays.asList(data.get(0).split(";", -1));
        String[] last = data.get(data.size() - 1).split(";", -1);
        Columns c = new Columns(header, last);
        long elapsedMicros = c.epochMicros("CurrentTime") - c.epochMicros("StartTime");
        return new SippStatistics(c.count("TotalCallCreated"), c.count("SuccessfulCall(C)"), c.count("FailedCall(C)"),
                c.count("FailedUnexpectedMessage(C)"), c.count("FailedTimeoutOnRecv(C)"),
                c.count("FailedMaxUDPRetrans(C)"), c.count("Retransmissions(C)"), elapsedMicros / 1000);
    }

    private record Columns(List<String> header, String[] values) {
        String value(String name) {
            int i = header.indexOf(name);
            if (i < 0 || i >= values.length) {
                throw new IllegalArgumentException("SIPp statistics have no column " + name);
            }
            return values[i].trim();
        }

        long count(String name) {
            return Long.parseLong(value(name));
        }

        /** "2026-11-25\t16:04:22.996185\t1795622662.996185": the last tab-separated part is epoch seconds. */
        long epochMicros(String name) {
            String v = value(name);
            String epoch = v.substring(v.lastIndexOf('\t') + 1);
            int dot = epoch.indexOf('.');
            if (dot < 0) {
                return Long.parseLong(epoch) * 1_000_000;
            }
            String micros = (epoch.substring(dot + 1) + "000000").substring(0, 6);
            return Long.parseLong(epoch.substring(0, dot)) * 1_000_000 + Long.parseLong(micros);
        }
    }
}
