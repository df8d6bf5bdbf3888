package io.switchboard.loadtest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The SIPp scenarios kept under {@code src/main/resources/sipp/}. */
public enum SippScenario {
    /** REGISTER, 401, REGISTER with digest credentials, 200 listing the binding (RFC 3261 §10.2). */
    REGISTER("register.xml"),
    /** Register, refresh, query without Contact, unregister with Expires: 0 (RFC 3261 §10.2.1-§10.2.4). */
    REREGISTER_QUERY_UNREGISTER("register-reregister-query-unregister.xml"),
    /** Credentials with a wrong password: 401 is the only answer the call accepts. */
    WRONG_PASSWORD("register-wrong-password.xml"),
    /** OPTIONS answered 200 (RFC 3261 §11). */
    OPTIONS("options.xml");

    private final String file;

    SippScenario(String file) {
        this.file = file;
    }

    public String file() {
        return file;
    }

    /** SIPp reads scenarios from files, not from the classpath: copies this one into {@code dir}. */
    public Path copyTo(Path dir) {
        Path target = dir.resolve(file);
        try (InputStream in = SippScenario.class.getResourceAsStream("/sipp/" + file)) {
            if (in == null) {
                throw new IllegalStateException("scenario sipp/" + file + " is not on the classpath");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy scenario " + file + " to " + dir, e);
        }
        return target;
    }
}
