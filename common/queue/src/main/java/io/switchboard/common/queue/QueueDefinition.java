package io.switchboard.common.queue;

import io.switchboard.common.api.FieldProblem;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One call queue as the operator defined it. Times are in seconds; 0 turns a timed feature off
 * where the field says so. A destination is a number the router resolves (an extension, another
 * queue, an IVR or a room) or empty for hang-up.
 *
 * @param name                  unique, {@code [a-z0-9_-]}, 1-64 characters: the API's key
 * @param number                what callers dial (digits), routed by signaling like an IVR number
 * @param strategy              which agent is rung ({@link QueueStrategy})
 * @param ringTimeout           how long one agent rings before the next is tried (1-300)
 * @param wrapUp                after a queue call, how long the agent gets no other (0-3600)
 * @param maxCallers            waiting callers at most; the next goes to {@code fullDestination} (1-10000)
 * @param maxWait               longest wait before {@code timeoutDestination}; 0 = no limit
 * @param joinEmpty             whether a caller may join when no agent is logged in
 * @param leaveWhenEmpty        whether waiting callers leave (to {@code fullDestination}) when the last agent logs out
 * @param announcePosition      position and estimated wait every this often; 0 = never
 * @param periodicPrompt        a prompt played every {@code periodicEvery}; empty = none
 * @param periodicEvery         seconds between periodic prompts (0 = never)
 * @param serviceLevel          the target answer time in the service-level statistic (1-3600)
 * @param callbackAfter         after this wait the caller is offered a callback (key 1); 0 = never
 * @param callbackRetries       how often an unanswered callback is tried again (0-10)
 * @param tierWait              how long a caller waits before the next tier is offered the call too (0-3600)
 * @param autoPauseMisses       an agent who misses this many offers in a row is paused (0 = never)
 * @param offerBusyAgents       whether an agent on a direct call may be offered a queue call
 * @param exitKey               a key that leaves the queue to {@code exitDestination}; empty = none
 * @param exitDestination       where {@code exitKey} leads
 * @param timeoutDestination    where a caller goes after {@code maxWait}
 * @param fullDestination       where a caller goes when the queue is full or has no agent
 * @param greeting              prompt played on entry; empty = none
 * @param music                 music-on-hold prompts, played in turn and looped (at least one)
 * @param members               the agents, with tier and weight
 */
public record QueueDefinition(String name, String number, QueueStrategy strategy, int ringTimeout, int wrapUp,
                              int maxCallers, int maxWait, boolean joinEmpty, boolean leaveWhenEmpty,
                              int announcePosition, String periodicPrompt, int periodicEvery, int serviceLevel,
                              int callbackAfter, int callbackRetries, int tierWait, int autoPauseMisses,
                              boolean offerBusyAgents, String exitKey, String exitDestination,
                              String timeoutDestination, String fullDestination, String greeting, List<String> music,
                              List<QueueMember> members) implements Serializable {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{2,15}");
    private static final Pattern DESTINATION = Pattern.compile("|[0-9*#+]{1,32}");
    private static final Pattern KEY = Pattern.compile("|[0-9*#]");
    private static final Pattern PROMPT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    public QueueDefinition {
        periodicPrompt = periodicPrompt == null ? "" : periodicPrompt;
        exitKey = exitKey == null ? "" : exitKey;
        exitDestination = exitDestination == null ? "" : exitDestination;
        timeoutDestination = timeoutDestination == null ? "" : timeoutDestination;
        fullDestination = fullDestination == null ? "" : fullDestination;
        greeting = greeting == null ? "" : greeting;
        music = music == null ? List.of() : List.copyOf(music);
        members = members == null ? List.of() : List.copyOf(members);
    }

    /** A queue with the shipped defaults: ringall, 15 s ring, 10 s wrap-up, 100 callers, 10 minutes' wait. */
    public static QueueDefinition defaults(String name, String number) {
        return new QueueDefinition(name, number, QueueStrategy.RINGALL, 15, 10, 100, 600, true, false, 60, "", 0, 20,
                0, 2, 15, 3, false, "", "", "", "", "queue-welcome", List.of("moh"), List.of());
    }

    /** Every problem, each naming its field (API names); empty when the definition can be stored. */
    public List<FieldProblem> problems() {
        List<FieldProblem> out = new ArrayList<>();
        if (name == null || !NAME.matcher(name).matches()) {
            out.add(new FieldProblem("name", "must be 1-64 of a-z 0-9 _ - (starting with a letter or digit), got '" + name + "'"));
        } else if (AgentFeatureCodes.isFeatureName(name)) {
            out.add(new FieldProblem("name", "'" + name + "' is the name of an agent feature code; choose another"));
        }
        if (number == null || !NUMBER.matcher(number).matches()) {
            out.add(new FieldProblem("number", "must be 2-15 digits, got '" + number + "'"));
        }
        if (strategy == null) {
            out.add(new FieldProblem("strategy", "must be one of " + QueueStrategy.names()));
        }
        range(out, "ringTimeout", ringTimeout, 1, 300);
        range(out, "wrapUp", wrapUp, 0, 3600);
        range(out, "maxCallers", maxCallers, 1, 10_000);
        range(out, "maxWait", maxWait, 0, 86_400);
        range(out, "announcePosition", announcePosition, 0, 3600);
        range(out, "periodicEvery", periodicEvery, 0, 3600);
        range(out, "serviceLevel", serviceLevel, 1, 3600);
        range(out, "callbackAfter", callbackAfter, 0, 86_400);
        range(out, "callbackRetries", callbackRetries, 0, 10);
        range(out, "tierWait", tierWait, 0, 3600);
        range(out, "autoPauseMisses", autoPauseMisses, 0, 100);
        if (!KEY.matcher(exitKey).matches()) {
            out.add(new FieldProblem("exitKey", "must be one key of 0-9 * # or empty, got '" + exitKey + "'"));
        } else if (!exitKey.isEmpty() && exitKey.equals("1") && callbackAfter > 0) {
            out.add(new FieldProblem("exitKey", "key 1 asks for a callback in this queue (callbackAfter > 0); choose another"));
        }
        destination(out, "exitDestination", exitDestination);
        destination(out, "timeoutDestination", timeoutDestination);
        destination(out, "fullDestination", fullDestination);
        if (number != null && (number.equals(exitDestination) || number.equals(timeoutDestination)
                || number.equals(fullDestination))) {
            out.add(new FieldProblem(number.equals(exitDestination) ? "exitDestination"
                    : number.equals(timeoutDestination) ? "timeoutDestination" : "fullDestination",
                    "must not be the queue's own number " + number + " (a caller would loop)"));
        }
        if (!greeting.isEmpty() && !PROMPT.matcher(greeting).matches()) {
            out.add(new FieldProblem("greeting", "must be a prompt name (a-z 0-9 _ . -) or empty, got '" + greeting + "'"));
        }
        if (!periodicPrompt.isEmpty() && !PROMPT.matcher(periodicPrompt).matches()) {
            out.add(new FieldProblem("periodicPrompt", "must be a prompt name or empty, got '" + periodicPrompt + "'"));
        }
        if (music.isEmpty()) {
            out.add(new FieldProblem("music", "needs at least one prompt (music on hold)"));
        }
        for (String m : music) {
            if (m == null || !PROMPT.matcher(m).matches()) {
                out.add(new FieldProblem("music", "'" + m + "' is not a prompt name (a-z 0-9 _ . -)"));
            }
        }
        Set<String> seen = new HashSet<>();
        for (QueueMember m : members) {
            if (!m.extension().matches("[0-9A-Za-z_.-]{1,32}")) {
                out.add(new FieldProblem("members", "'" + m.extension() + "' is not an extension"));
            } else if (!seen.add(m.extension())) {
                out.add(new FieldProblem("members", "agent " + m.extension() + " is listed twice"));
            }
            if (m.tier() < 1 || m.tier() > 9) {
                out.add(new FieldProblem("members", "agent " + m.extension() + ": tier must be 1-9, got " + m.tier()));
            }
            if (m.weight() < 1 || m.weight() > 100) {
                out.add(new FieldProblem("members", "agent " + m.extension() + ": weight must be 1-100, got " + m.weight()));
            }
        }
        return out;
    }

    public QueueDefinition withMembers(List<QueueMember> next) {
        return new QueueDefinition(name, number, strategy, ringTimeout, wrapUp, maxCallers, maxWait, joinEmpty,
                leaveWhenEmpty, announcePosition, periodicPrompt, periodicEvery, serviceLevel, callbackAfter,
                callbackRetries, tierWait, autoPauseMisses, offerBusyAgents, exitKey, exitDestination,
                timeoutDestination, fullDestination, greeting, music, next);
    }

    /** The membership of {@code extension}, if it is an agent of this queue. */
    public java.util.Optional<QueueMember> member(String extension) {
        return members.stream().filter(m -> m.extension().equals(extension)).findFirst();
    }

    private static void range(List<FieldProblem> out, String field, int value, int min, int max) {
        if (value < min || value > max) {
            out.add(new FieldProblem(field, "must be " + min + "-" + max + ", got " + value));
        }
    }

    private static void destination(List<FieldProblem> out, String field, String value) {
        if (!DESTINATION.matcher(value).matches()) {
            out.add(new FieldProblem(field, "must be a number to dial (0-9 * # +) or empty for hang-up, got '" + value + "'"));
        }
    }
}
