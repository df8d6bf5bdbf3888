package io.switchboard.common.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Builds {@link Settings} in layers: the reference files (every key with its default), then the
 * operator's YAML file, then environment variables ({@code SWITCHBOARD_SIP_PORT} overrides
 * {@code sip.port}), then command-line options. A key not in a reference file stops start-up.
 */
public final class ConfigLoader {
    public static final String ENV_PREFIX = "SWITCHBOARD_";
    private final Map<String, String> reference = new LinkedHashMap<>();

    /** @param referenceResources class-path YAML files that list every key and its default */
    public ConfigLoader(List<String> referenceResources) {
        for (String resource : referenceResources) {
            try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("reference configuration missing from the class path: " + resource);
                }
                reference.putAll(flatten(parse(new java.io.InputStreamReader(in, StandardCharsets.UTF_8), resource)));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + resource, e);
            }
        }
    }

    public Map<String, String> referenceDefaults() {
        return java.util.Collections.unmodifiableMap(reference);
    }

    public Settings load(Path file, Map<String, String> env, Map<String, String> overrides) {
        Map<String, String> values = new LinkedHashMap<>(reference);
        if (file != null) {
            if (!Files.isReadable(file)) {
                throw new ConfigException("--config", "cannot read file " + file);
            }
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                apply(values, flatten(parse(r, file.toString())), "in " + file);
            } catch (IOException e) {
                throw new ConfigException("--config", "cannot read file " + file + ": " + e.getMessage());
            }
        }
        apply(values, fromEnvironment(env), "from the environment");
        apply(values, overrides, "on the command line");
        return new Settings(values);
    }

    /** Environment variable name for a key: {@code sip.udp-port} is {@code SWITCHBOARD_SIP_UDP_PORT}. */
    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * Variables of the launcher, the admin commands and the test harness, not configuration keys of a
     * worker role: {@code SWITCHBOARD_JAVA_OPTS}, {@code SWITCHBOARD_ADMIN_PASSWORD} (the CLI's; signaling
     * reads it as {@code admin.password}), {@code SWITCHBOARD_SERVICE_ROOT}, {@code SWITCHBOARD_SSH_*},
     * {@code SWITCHBOARD_TEST_*}. A shell that exported the admin password must still start a media server.
     */
    static boolean isLauncherVariable(String name) {
        return name.equals(ENV_PREFIX + "JAVA_OPTS") || name.equals(ENV_PREFIX + "ADMIN_PASSWORD")
                || name.equals(ENV_PREFIX + "SERVICE_ROOT") || name.startsWith(ENV_PREFIX + "SSH_")
                || name.startsWith(ENV_PREFIX + "TEST_");
    }

    private Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> byEnvName = reference.keySet().stream()
                .collect(Collectors.toMap(ConfigLoader::envName, k -> k, (a, b) -> a));
        Map<String, String> out = new LinkedHashMap<>();
        env.forEach((name, value) -> {
            String key = byEnvName.get(name);
            if (key != null) {
                out.put(key, value);
            } else if (name.startsWith(ENV_PREFIX) && !isLauncherVariable(name)) {
                // A typo (SWITCHBOARD_SIP_PROT) silently ignored would leave the operator guessing.
                throw new ConfigException(name, "environment variable matches no configuration key of this role"
                        + " (see the configuration reference in README.md)");
            }
        });
        return out;
    }

    private void apply(Map<String, String> values, Map<String, String> layer, String where) {
        layer.forEach((key, value) -> {
            if (!reference.containsKey(key)) {
                throw new ConfigException(key, "unknown key " + where + " (see the configuration reference in README.md)");
            }
            values.put(key, value);
        });
    }

    private static Object parse(Reader reader, String source) {
        try {
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (org.yaml.snakeyaml.error.MarkedYAMLException e) {
            // Name the file and line (1-based) like a compiler would: the operator opens it there.
            org.yaml.snakeyaml.error.Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = mark == null ? source : source + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
            throw ConfigException.inFile(where, "not valid YAML: "
                    + (e.getProblem() != null ? e.getProblem() : e.getMessage().lines().findFirst().orElse("")));
        } catch (YAMLException e) {
            throw ConfigException.inFile(source, "not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    static Map<String, String> flatten(Object yaml) {
        Map<String, String> out = new LinkedHashMap<>();
        if (yaml == null) {
            return out;
        }
        if (!(yaml instanceof Map<?, ?> root)) {
            throw new ConfigException("--config", "the file must be a map of keys, not " + yaml.getClass().getSimpleName());
        }
        flatten("", root, out);
        return out;
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out) {
        map.forEach((k, v) -> {
            String key = prefix + k;
            if (v instanceof Map<?, ?> nested) {
                flatten(key + ".", nested, out);
            } else if (v instanceof List<?> list) {
                out.put(key, list.stream().map(String::valueOf).collect(Collectors.joining(",")));
            } else {
                out.put(key, v == null ? "" : String.valueOf(v));
            }
        });
    }
}
