package io.switchboard.common.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The validated, flat view of a process's configuration ({@code sip.port}, {@code cluster.members}).
 * Every key exists in a reference file; typed getters fail with the key and the reason.
 */
public final class Settings {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");
    private final Map<String, String> values;

    Settings(Map<String, String> values) {
        this.values = new TreeMap<>(values);
    }

    /** For tests and embedding: settings from a flat map, no reference check. */
    public static Settings of(Map<String, String> values) {
        return new Settings(values);
    }

    public Map<String, String> asMap() {
        return java.util.Collections.unmodifiableMap(values);
    }

    public Settings with(String key, String value) {
        Map<String, String> copy = new TreeMap<>(values);
        copy.put(key, value);
        return new Settings(copy);
    }

    private String raw(String key) {
        if (!values.containsKey(key)) {
            throw new ConfigException(key, "unknown key (not in the reference configuration)");
        }
        String v = values.get(key);
        return v == null ? "" : v.trim();
    }

    public String string(String key) {
        return raw(key);
    }

    /** Empty values are "not set". */
    public Optional<String> optional(String key) {
        String v = raw(key);
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    public String required(String key) {
        return optional(key).orElseThrow(() -> new ConfigException(key, "must be set"));
    }

    public int integer(String key, int min, int max) {
        String v = raw(key);
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new ConfigException(key, "must be between " + min + " and " + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "must be a whole number, got '" + v + "'");
        }
    }

    public int port(String key) {
        return integer(key, 0, 65535);
    }

    public boolean bool(String key) {
        String v = raw(key).toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new ConfigException(key, "must be true or false, got '" + v + "'");
        };
    }

    /** Durations as {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}; a bare number is seconds. */
    public Duration duration(String key, Duration min, Duration max) {
        String v = raw(key).toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(v);
        if (!m.matches()) {
            throw new ConfigException(key, "must be a duration like 500ms, 2s, 5m or 1h, got '" + v + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration d = switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new ConfigException(key, "must be between " + min + " and " + max + ", got " + v);
        }
        return d;
    }

    /** Comma-separated list; empty entries dropped. */
    public List<String> list(String key) {
        return Arrays.stream(raw(key).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** An IP address literal (no DNS lookups at start-up: a missing resolver must not hang a PBX). */
    public InetAddress ipAddress(String key) {
        String v = raw(key);
        if (!v.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            throw new ConfigException(key, "must be an IP address, got '" + v + "'");
        }
        try {
            return InetAddress.getByName(v);
        } catch (UnknownHostException e) {
            throw new ConfigException(key, "must be an IP address, got '" + v + "'");
        }
    }

    public <E extends Enum<E>> E oneOf(String key, Class<E> type) {
        String v = raw(key);
        for (E e : type.getEnumConstants()) {
            if (e.name().replace('_', '-').equalsIgnoreCase(v)) {
                return e;
            }
        }
        throw new ConfigException(key, "must be one of " + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT) + ", got '" + v + "'");
    }
}
