package io.switchboard.dist.service;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A host without root side effects: not root (no useradd, no chown), commands recorded and answered by a function. */
final class FakeHost implements Host {
    final List<List<String>> commands = new ArrayList<>();
    Function<List<String>, Result> answer = c -> new Result(0, "");

    @Override
    public boolean isRoot() {
        return false;
    }

    @Override
    public boolean userExists(String user) {
        return true;
    }

    @Override
    public void createSystemUser(String user, Path home) {
        throw new AssertionError("not root: no user is created");
    }

    @Override
    public void chown(Path path, String user) {
        throw new AssertionError("not root: no owner changes");
    }

    @Override
    public void chgrp(Path path, String group) {
        throw new AssertionError("not root: no group changes");
    }

    @Override
    public String owner(Path path) {
        throw new AssertionError("not root: the owner is not asked");
    }

    @Override
    public Result run(List<String> command) {
        commands.add(command);
        return answer.apply(command);
    }
}
