package io.switchboard.dist.service;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One {@code switchboard service ...} run through picocli: its exit code and what it printed on each stream. */
record CommandRun(int exitCode, String out, String err) {
    static CommandRun of(ServiceCommand command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CommandRun(code, out.toString(), err.toString());
    }

    /** The one result line, from whichever stream it went to. */
    String line() {
        return (out + err).strip();
    }
}
