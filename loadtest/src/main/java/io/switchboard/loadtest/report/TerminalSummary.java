package io.switchboard.loadtest.report;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The terminal side of a run: a one-line progress bar redrawn in place while a step runs (on a
 * terminal; elsewhere, e.g. under Maven's output redirection to a file, one line per update at most
 * every 5 s), and the short summary table printed at the end.
 */
public final class TerminalSummary {
    private static final int BAR = 30;
    private final PrintStream out;
    private final boolean inPlace;
    private long lastPrintNanos;
    private boolean barShown;

    public TerminalSummary(PrintStream out, boolean inPlace) {
        this.out = out;
        this.inPlace = inPlace;
    }

    /** A summary writing to the console in place when there is one. */
    public static TerminalSummary console() {
        return new TerminalSummary(System.out, System.console() != null);
    }

    /** The bar for {@code fraction} (0..1) done, e.g. {@code [#########.....]  60% register 2000/s  ok 1200 failed 0}. */
    public static String bar(String label, double fraction, String detail) {
        double f = Math.max(0, Math.min(1, fraction));
        int filled = (int) Math.round(f * BAR);
        return "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] "
                + String.format(Locale.ROOT, "%3d%%", Math.round(f * 100)) + " " + label + (detail.isEmpty() ? "" : "  " + detail);
    }

    public synchronized void progress(String label, double fraction, String detail) {
        String line = bar(label, fraction, detail);
        long now = System.nanoTime();
        if (inPlace) {
            out.print("\r" + line + "\u001b[K");
            out.flush();
            barShown = true;
        } else if (now - lastPrintNanos >= 5_000_000_000L || fraction >= 1) {
            out.println(line);
            lastPrintNanos = now;
        }
    }

    /** A message on a line of its own (ends the bar's line first). */
    public synchronized void println(String message) {
        endBar();
        out.println(message);
    }

    public synchronized void endBar() {
        if (barShown) {
            out.println();
            barShown = false;
        }
    }

    /** The summary table: every figure, then every comparison row. */
    public static String table(Report r) {
        StringBuilder b = new StringBuilder();
        int w = 10;
        for (Report.Figure f : r.figures) {
            w = Math.max(w, f.name().length());
        }
        String fmt = "%-10s %-" + w + "s %14s  %s%n";
        b.append(String.format(Locale.ROOT, fmt, "scenario", "figure", "value", "unit"));
        b.append("-".repeat(10 + w + 30)).append('\n');
        for (Report.Figure f : r.figures) {
            b.append(String.format(Locale.ROOT, fmt, f.scenario(), f.name(), HtmlReport.num(f.value()), f.unit()));
        }
        if (!r.comparisons.isEmpty()) {
            b.append('\n').append(String.format(Locale.ROOT, "%-10s %-" + w + "s %14s %14s %8s  %s%n", "scenario", "figure",
                    "switchboard", "peer", "ratio", "peer"));
            for (Report.Comparison c : r.comparisons) {
                b.append(String.format(Locale.ROOT, "%-10s %-" + w + "s %14s %14s %8s  %s%n", c.scenario(), c.figure(),
                        c.switchboard() == null ? "n/a" : HtmlReport.num(c.switchboard()), c.peerValue() == null ? "n/a" : HtmlReport.num(c.peerValue()),
                        c.ratio() == null ? "n/a" : String.format(Locale.ROOT, "%.2f", c.ratio()), c.peer()));
            }
        }
        for (String n : r.notes) {
            b.append("note: ").append(n).append('\n');
        }
        return b.toString();
    }

    public synchronized void summary(Report r) {
        endBar();
        out.print(table(r));
        out.flush();
    }
}
