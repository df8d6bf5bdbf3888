package io.switchboard.loadtest;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.LoggerFactory;

/** {@code --name value} options of a benchmark main, each with a default; unknown names are refused. */
public final class BenchmarkOptions {
    private final Map<String, String> values = new HashMap<>();

    private BenchmarkOptions() {
    }

    /** Parses {@code args} against {@code defaults} (names without the leading dashes). */
    public static BenchmarkOptions parse(String[] args, Map<String, String> defaults) {
        BenchmarkOptions o = new BenchmarkOptions();
        o.values.putAll(defaults);
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!defaults.containsKey(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown option or missing value at '" + args[i]
                        + "' (options: --" + String.join(" --", Set.copyOf(defaults.keySet())) + ")");
            }
            o.values.put(name, args[++i]);
        }
        quietLogging();
        return o;
    }

    public int integer(String name) {
        return Integer.parseInt(values.get(name));
    }

    public boolean bool(String name) {
        return Boolean.parseBoolean(values.get(name));
    }

    public String string(String name) {
        return values.get(name);
    }

    /** Without a logback.xml on the classpath logback logs DEBUG; a benchmark keeps WARN and our INFO. */
    private static void quietLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx) {
            ctx.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
            ctx.getLogger("io.switchboard").setLevel(Level.INFO);
        }
    }
}
