package io.switchboard.dist.extend;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The system's {@code ssh} and {@code scp}, password-free (BatchMode): the operator's ~/.ssh/config and keys apply,
 * or the file of {@code --ssh-config}. A remote script goes on standard input to {@code bash -s} (through
 * {@code sudo -n} for a user other than root), so nothing is quoted twice.
 */
final class Ssh {
    /** What a command did: its exit code and its standard output and error, together. */
    record Result(int exit, String output) {
        boolean ok() {
            return exit == 0;
        }

        /** ssh's own failure (connection, authentication) rather than the remote command's. */
        boolean unreachable() {
            return exit == 255;
        }

        /** The last non-empty line: the reason, for a one-line message. */
        String lastLine() {
            String[] lines = output.strip().split("\n");
            return lines.length == 0 ? "" : lines[lines.length - 1].strip();
        }
    }

    static final String LOCAL_USER = System.getProperty("user.name");

    private final Path config;
    private final String user;

    /** {@code user} null: the ssh config's User for the host, else root. */
    Ssh(Path config, String user) {
        this.config = config;
        this.user = user;
    }

    private List<String> options(String program) {
        List<String> cmd = new ArrayList<>(List.of(program, "-o", "BatchMode=yes", "-o", "ConnectTimeout=5"));
        if (config != null) {
            cmd.add("-F");
            cmd.add(config.toString());
        }
        return cmd;
    }

    /**
     * The user to log in as on {@code host}: {@code --ssh-user}, else the ssh config's User for the host, else root
     * ({@code ssh -G} reports the local user when the config names none).
     */
    String userFor(String host) {
        if (user != null) {
            return user;
        }
        List<String> cmd = options("ssh");
        cmd.add("-G");
        cmd.add(host);
        Result r = exec(cmd, null, Duration.ofSeconds(10));
        for (String line : r.output().split("\n")) {
            if (line.startsWith("user ")) {
                String configured = line.substring(5).strip();
                return configured.equals(LOCAL_USER) ? "root" : configured;
            }
        }
        return "root";
    }

    /** user@host for the commands and for messages. */
    String target(String host) {
        return userFor(host) + "@" + host;
    }

    /** Runs {@code script} with bash on {@code host} as root (sudo -n when logging in as another user). */
    Result run(String host, String script, Duration timeout) {
        String login = userFor(host);
        List<String> cmd = options("ssh");
        cmd.add(login + "@" + host);
        cmd.add(login.equals("root") ? "bash -s" : "sudo -n bash -s");
        return exec(cmd, "set -e\n" + script, timeout);
    }

    /** Copies a local file to {@code host}:{@code remotePath}. */
    Result copy(Path local, String host, String remotePath, Duration timeout) {
        List<String> cmd = options("scp");
        cmd.add("-q");
        cmd.add(local.toString());
        cmd.add(userFor(host) + "@" + host + ":" + remotePath);
        return exec(cmd, null, timeout);
    }

    static Result exec(List<String> command, String stdin, Duration timeout) {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(127, command.get(0) + ": " + e.getMessage() + " (install openssh-client)");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> drain(p.getInputStream(), out), "ssh-output");
        reader.setDaemon(true);
        reader.start();
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // The process ended before reading its input: its exit code and output say why.
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                reader.join(1000);
                return new Result(124, out.toString(StandardCharsets.UTF_8) + "\ntimed out after " + timeout.toSeconds() + " s");
            }
            reader.join(5000);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
        return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8));
    }

    private static void drain(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException e) {
            // The process was killed (timeout): what was read so far is the output.
        }
    }
}
