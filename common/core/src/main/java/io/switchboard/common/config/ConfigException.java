package io.switchboard.common.config;

/** A configuration value that cannot start the process; the message names the key and the reason. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String key;

    public ConfigException(String key, String reason) {
        super("config key '" + key + "': " + reason);
        this.key = key;
    }

    private ConfigException(String key, String message, boolean fullMessage) {
        super(message);
        this.key = key;
    }

    /** A file that cannot be read as configuration; {@code where} is the path, with ":line:column" when known. */
    public static ConfigException inFile(String where, String reason) {
        return new ConfigException("--config", "config file " + where + ": " + reason, true);
    }

    public String key() {
        return key;
    }
}
