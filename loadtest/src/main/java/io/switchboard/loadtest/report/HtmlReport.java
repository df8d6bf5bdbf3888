package io.switchboard.loadtest.report;

import java.util.List;
import java.util.Locale;

/**
 * {@code report.html}: one self-contained page (inline CSS and SVG, no script, nothing fetched
 * when viewed) with the summary figures, the comparison table, one line chart per report chart,
 * the latency percentiles, the run parameters and the machine.
 */
public final class HtmlReport {
    static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"};
    private static final int W = 760;
    private static final int H = 280;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 16;
    private static final int BOTTOM = 40;

    private HtmlReport() {
    }

    public static String render(Report r) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Switchboard load test ")
                .append(esc(r.startedAt)).append("</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1000px}")
                .append("table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}")
                .append("td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f3f3}")
                .append("svg{background:#fff;border:1px solid #ddd}.ax{stroke:#888}.grid{stroke:#eee}")
                .append("text{font-size:11px;fill:#444}.legend text{font-size:12px}h2{margin-top:32px}")
                .append("</style></head><body>\n");
        h.append("<h1>Switchboard load test</h1>\n<p>Scenarios: ").append(esc(String.join(", ", r.scenarios)))
                .append(". Started ").append(esc(r.startedAt)).append(", finished ").append(esc(r.finishedAt)).append(".</p>\n");
        figures(h, r);
        comparisons(h, r);
        h.append("<h2>Charts</h2>\n");
        if (r.charts.isEmpty()) {
            h.append("<p>No time series were recorded.</p>\n");
        }
        for (Report.Chart c : r.charts) {
            h.append("<h3>").append(esc(c.title())).append(" (").append(esc(c.yUnit())).append(")</h3>\n");
            h.append(svg(c)).append('\n');
        }
        latencies(h, r);
        h.append("<h2>Run parameters</h2>\n<table>");
        r.parameters.forEach((k, v) -> h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(String.valueOf(v))).append("</td></tr>"));
        h.append("</table>\n");
        if (r.machine != null) {
            Report.Machine m = r.machine;
            h.append("<h2>Machine</h2>\n<table>");
            row(h, "CPU", m.cpuModel());
            row(h, "cores", Integer.toString(m.cores()));
            row(h, "memory", m.memoryMiB() + " MiB");
            row(h, "OS", m.os());
            row(h, "JVM", m.jvm());
            m.versions().forEach((k, v) -> row(h, k, v));
            h.append("</table>\n");
        }
        if (!r.notes.isEmpty()) {
            h.append("<h2>Notes</h2>\n<ul>");
            r.notes.forEach(n -> h.append("<li>").append(esc(n)).append("</li>"));
            h.append("</ul>\n");
        }
        return h.append("</body></html>\n").toString();
    }

    private static void figures(StringBuilder h, Report r) {
        h.append("<h2>Figures</h2>\n<table><tr><th>scenario</th><th>figure</th><th>value</th><th>unit</th><th>meaning</th></tr>");
        for (Report.Figure f : r.figures) {
            h.append("<tr><td>").append(esc(f.scenario())).append("</td><td>").append(esc(f.name()))
                    .append("</td><td class=\"n\">").append(num(f.value())).append("</td><td>").append(esc(f.unit()))
                    .append("</td><td>").append(esc(f.description())).append("</td></tr>");
        }
        h.append("</table>\n");
    }

    private static void comparisons(StringBuilder h, Report r) {
        if (r.comparisons.isEmpty()) {
            return;
        }
        h.append("<h2>Comparison</h2>\n<table><tr><th>scenario</th><th>figure</th><th>unit</th><th>Switchboard</th>"
                + "<th>peer</th><th>peer value</th><th>ratio (Switchboard / peer)</th></tr>");
        for (Report.Comparison c : r.comparisons) {
            h.append("<tr><td>").append(esc(c.scenario())).append("</td><td>").append(esc(c.figure())).append("</td><td>")
                    .append(esc(c.unit())).append("</td><td class=\"n\">").append(c.switchboard() == null ? "n/a" : num(c.switchboard())).append("</td><td>")
                    .append(esc(c.peer() + (c.peerVersion() == null ? "" : " " + c.peerVersion()))).append("</td><td class=\"n\">")
                    .append(c.peerValue() == null ? "n/a" : num(c.peerValue())).append("</td><td class=\"n\">")
                    .append(c.ratio() == null ? "n/a" : String.format(Locale.ROOT, "%.2f", c.ratio())).append("</td></tr>");
        }
        h.append("</table>\n");
    }

    private static void latencies(StringBuilder h, Report r) {
        if (r.latencies.isEmpty()) {
            return;
        }
        List<String> cols = List.of("min", "p50", "p90", "p99", "p99.9", "max");
        h.append("<h2>Latency percentiles (ms)</h2>\n<table><tr><th>scenario</th><th>measure</th><th>samples</th>");
        cols.forEach(c -> h.append("<th>").append(c).append("</th>"));
        h.append("</tr>");
        for (Report.Latency l : r.latencies) {
            h.append("<tr><td>").append(esc(l.scenario())).append("</td><td>").append(esc(l.name()))
                    .append("</td><td class=\"n\">").append(l.count()).append("</td>");
            for (String c : cols) {
                Double v = l.percentilesMs().get(c);
                h.append("<td class=\"n\">").append(v == null ? "" : num(v)).append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</table>\n");
    }

    /** One chart as an inline SVG: axes with rounded ticks, a grid, one polyline per series, a legend. */
    static String svg(Report.Chart c) {
        double xMin = Double.MAX_VALUE;
        double xMax = -Double.MAX_VALUE;
        double yMax = 0;
        for (Report.Series s : c.series()) {
            for (double[] p : s.points()) {
                xMin = Math.min(xMin, p[0]);
                xMax = Math.max(xMax, p[0]);
                yMax = Math.max(yMax, p[1]);
            }
        }
        if (xMin > xMax) {
            return "<p>(no data)</p>";
        }
        if (c.axis() == Report.Axis.PERCENTILE) {
            xMin = 0;
            xMax = 5;
        } else {
            xMin = Math.min(0, xMin);
        }
        if (xMax <= xMin) {
            xMax = xMin + 1;
        }
        double yTop = niceCeiling(yMax);
        int legendRows = (c.series().size() + 2) / 3;
        int height = H + legendRows * 18;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">",
                W, height, W, height, esc(c.title())));
        int plotW = W - LEFT - RIGHT;
        int plotH = H - TOP - BOTTOM;
        // y grid and ticks
        for (int i = 0; i <= 5; i++) {
            double v = yTop * i / 5;
            double y = TOP + plotH - plotH * i / 5.0;
            s.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>", LEFT, y, LEFT + plotW, y));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", LEFT - 6, y + 4, num(v)));
        }
        // x ticks
        if (c.axis() == Report.Axis.PERCENTILE) {
            String[] labels = {"0%", "90%", "99%", "99.9%", "99.99%", "max"};
            for (int i = 0; i <= 5; i++) {
                double x = LEFT + plotW * i / 5.0;
                s.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>", x, TOP, x, TOP + plotH));
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x, TOP + plotH + 16, labels[i]));
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">percentile</text>", LEFT + plotW / 2, TOP + plotH + 32));
        } else {
            double step = niceStep((xMax - xMin) / 8);
            for (double v = Math.ceil(xMin / step) * step; v <= xMax + 1e-9; v += step) {
                double x = LEFT + plotW * (v - xMin) / (xMax - xMin);
                s.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>", x, TOP, x, TOP + plotH));
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x, TOP + plotH + 16, num(v)));
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">seconds since start</text>", LEFT + plotW / 2, TOP + plotH + 32));
        }
        s.append(String.format(Locale.ROOT, "<line class=\"ax\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", LEFT, TOP + plotH, LEFT + plotW, TOP + plotH));
        s.append(String.format(Locale.ROOT, "<line class=\"ax\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", LEFT, TOP, LEFT, TOP + plotH));
        // series
        for (int k = 0; k < c.series().size(); k++) {
            Report.Series series = c.series().get(k);
            String color = COLORS[k % COLORS.length];
            StringBuilder pts = new StringBuilder();
            for (double[] p : series.points()) {
                double x = LEFT + plotW * (p[0] - xMin) / (xMax - xMin);
                double y = TOP + plotH - plotH * (yTop == 0 ? 0 : p[1] / yTop);
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            if (series.points().size() == 1) {
                s.append("<circle cx=\"").append(pts.toString().split(",")[0]).append("\" cy=\"")
                        .append(pts.toString().split(",")[1].trim()).append("\" r=\"3\" fill=\"").append(color).append("\"/>");
            } else {
                s.append("<polyline fill=\"none\" stroke-width=\"1.8\" stroke=\"").append(color).append("\" points=\"")
                        .append(pts.toString().trim()).append("\"/>");
            }
            int lx = LEFT + (k % 3) * 230;
            int ly = H + (k / 3) * 18;
            s.append("<g class=\"legend\"><rect x=\"").append(lx).append("\" y=\"").append(ly - 9).append("\" width=\"14\" height=\"4\" fill=\"")
                    .append(color).append("\"/><text x=\"").append(lx + 20).append("\" y=\"").append(ly - 4).append("\">")
                    .append(esc(series.name())).append("</text></g>");
        }
        return s.append("</svg>").toString();
    }

    /** The smallest 1, 2 or 5 times a power of ten at or above {@code v} (1 for 0). */
    static double niceCeiling(double v) {
        if (v <= 0) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    static double niceStep(double raw) {
        return niceCeiling(Math.max(raw, 1e-9));
    }

    static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 1 ? "%.2f" : "%.3f", v);
    }

    private static void row(StringBuilder h, String k, String v) {
        h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>");
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
