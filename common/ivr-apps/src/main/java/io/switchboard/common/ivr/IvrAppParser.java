package io.switchboard.common.ivr;

import io.switchboard.common.ivr.IvrAction.GoToMenu;
import io.switchboard.common.ivr.IvrAction.HangUp;
import io.switchboard.common.ivr.IvrAction.PlayAndHangUp;
import io.switchboard.common.ivr.IvrAction.Repeat;
import io.switchboard.common.ivr.IvrAction.TransferExtension;
import io.switchboard.common.ivr.IvrAction.TransferMeeting;
import io.switchboard.common.ivr.IvrAction.TransferOutside;
import io.switchboard.common.ivr.IvrAction.TransferQueue;
import io.switchboard.common.ivr.IvrDefinitionException.Problem;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads an IVR application from YAML (format in {@code ivr-server/README-ivr.md}). It works on
 * SnakeYAML's node tree rather than constructed maps so that every problem keeps its line, and it
 * collects all problems before refusing, so an operator fixes a definition in one round.
 *
 * <p>Checks: required keys, unknown keys (a typo is never silently ignored), duplicate keys,
 * digit keys other than {@code 0-9 * #}, unknown actions, menus referenced but not defined,
 * prompts not in the available set, timeouts out of range, retries below 0, input digit counts.
 *
 * <p>Over 400 lines as one class on purpose: every check appends to one problem list and the menu
 * references can only be resolved once all menus are read; split, the pieces would pass that state
 * back and forth.
 */
public final class IvrAppParser {
    static final List<String> APP_KEYS = List.of("name", "number", "description", "start", "menus");
    static final List<String> MENU_KEYS = List.of("prompt", "digits", "input", "inter-digit-timeout",
            "overall-timeout", "invalid-prompt", "timeout-prompt", "goodbye-prompt", "retries");
    static final List<String> INPUT_KEYS = List.of("min-digits", "max-digits", "terminator", "action");
    static final List<String> ACTIONS = List.of("menu", "extension", "queue", "meeting", "outside",
            "play-and-hangup", "repeat", "hangup");

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    static final Pattern NUMBER = Pattern.compile("[A-Za-z0-9+*#._-]{1,32}");
    static final Pattern EXTENSION = Pattern.compile("[A-Za-z0-9+*#._-]{1,64}");
    static final Pattern OUTSIDE = Pattern.compile("\\+?[0-9*#]{1,32}");
    static final Pattern DURATION = Pattern.compile("(\\d{1,7})\\s*(ms|s|m)?");
    static final String DIGIT_KEYS = "0123456789*#";
    static final Duration MIN_INTER_DIGIT = Duration.ofMillis(100);
    static final Duration MAX_INTER_DIGIT = Duration.ofSeconds(60);
    static final Duration MIN_OVERALL = Duration.ofSeconds(1);
    static final Duration MAX_OVERALL = Duration.ofMinutes(10);
    static final int MAX_RETRIES = 10;
    /** An IVR definition is a page of YAML; anything far larger is a mistake or an attack. */
    static final int MAX_SOURCE_CHARS = 256 * 1024;

    private IvrAppParser() {
    }

    /**
     * Parses and validates a definition.
     *
     * @param availablePrompts prompt names that exist; every prompt the definition names must be one
     * @throws IvrDefinitionException with every problem found, in line order
     */
    public static IvrApp parse(String yaml, Set<String> availablePrompts) {
        return new Run(availablePrompts).app(yaml);
    }

    /**
     * Parses a definition that was validated when it was stored: prompts are not checked again (one
     * removed since is the player's problem, and must not make the stored entry unreadable).
     */
    static IvrApp parseStored(String yaml) {
        return new Run(null).app(yaml);
    }

    /** One parse: the problems found so far and the references to check once every menu is known. */
    private static final class Run {
        private final Set<String> prompts;
        private final List<Problem> problems = new ArrayList<>();
        private final List<Reference> menuReferences = new ArrayList<>();

        private record Reference(String menu, int line) {
        }

        Run(Set<String> prompts) {
            this.prompts = prompts;
        }

        IvrApp app(String yaml) {
            Node root = compose(yaml);
            IvrApp app = root == null ? null : app(root, yaml);
            if (!problems.isEmpty() || app == null) {
                if (problems.isEmpty()) {
                    problem(1, "the definition is empty (expected a mapping with " + String.join(", ", APP_KEYS) + ")");
                }
                problems.sort(Comparator.comparingInt(Problem::line));
                throw new IvrDefinitionException(problems);
            }
            return app;
        }

        private Node compose(String yaml) {
            if (yaml.length() > MAX_SOURCE_CHARS) {
                problem(1, "the definition is " + yaml.length() + " characters long (at most " + MAX_SOURCE_CHARS + ")");
                return null;
            }
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(20);
            options.setAllowRecursiveKeys(false);
            try {
                return new Yaml(options).compose(new StringReader(yaml));
            } catch (MarkedYAMLException e) {
                Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
                String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
                problem(mark == null ? 1 : mark.getLine() + 1, "not valid YAML: " + what);
                return null;
            } catch (YAMLException e) {
                problem(1, "not valid YAML: " + e.getMessage());
                return null;
            }
        }

        private IvrApp app(Node root, String yaml) {
            Map<String, Node> fields = fields(root, "an IVR application", APP_KEYS);
            if (fields == null) {
                return null;
            }
            String name = required(root, fields, "name", "name");
            if (name != null && !NAME.matcher(name).matches()) {
                problem(fields.get("name"), "name '" + name + "' may contain only letters, digits, '.', '_' and '-' (at most 64)");
            }
            String number = required(root, fields, "number", "number");
            if (number != null && !NUMBER.matcher(number).matches()) {
                problem(fields.get("number"), "number '" + number + "' may contain only digits, letters, '+', '*', '#', '.', '_' and '-' (at most 32)");
            }
            if (fields.containsKey("description")) {
                scalar(fields.get("description"), "description");
            }
            String start = required(root, fields, "start", "start menu");
            Map<String, IvrMenu> menus = new LinkedHashMap<>();
            Node menusNode = fields.get("menus");
            if (menusNode == null) {
                problem(root, "menus is missing");
            } else if (menusNode instanceof MappingNode mapping) {
                menus(mapping, menus);
            } else {
                problem(menusNode, "menus must be a mapping of menu name to menu");
            }
            if (start != null && menusNode instanceof MappingNode && !menus.containsKey(start)) {
                problem(fields.get("start"), "start menu '" + start + "' is not defined");
            }
            for (Reference r : menuReferences) {
                if (!menus.containsKey(r.menu()) && menusNode instanceof MappingNode) {
                    problem(r.line(), "menu '" + r.menu() + "' referenced but not defined");
                }
            }
            if (!problems.isEmpty()) {
                return null;
            }
            return new IvrApp(name, number, start, menus, 0, yaml);
        }

        private void menus(MappingNode mapping, Map<String, IvrMenu> menus) {
            Map<String, Node> byName = fields(mapping, "menus", null);
            if (byName == null) {
                return;
            }
            if (byName.isEmpty()) {
                problem(mapping, "menus is empty (define at least the start menu)");
            }
            for (Map.Entry<String, Node> e : byName.entrySet()) {
                String menuName = e.getKey();
                if (!NAME.matcher(menuName).matches()) {
                    problem(e.getValue(), "menu name '" + menuName + "' may contain only letters, digits, '.', '_' and '-'");
                }
                // Registered even when it has problems, so references to it do not pile on more.
                IvrMenu menu = menu(menuName, e.getValue());
                menus.put(menuName, menu);
            }
        }

        private IvrMenu menu(String menuName, Node node) {
            Map<String, Node> f = fields(node, "menu '" + menuName + "'", MENU_KEYS);
            if (f == null) {
                return placeholder(menuName);
            }
            String prompt = required(node, f, "prompt", "prompt of menu '" + menuName + "'");
            prompt = prompt == null ? null : prompt(f.get("prompt"), prompt);
            Map<String, IvrAction> digits = new LinkedHashMap<>();
            Node digitsNode = f.get("digits");
            if (digitsNode != null) {
                digits(digitsNode, digits);
            }
            Optional<DigitInput> input = f.containsKey("input") ? input(f.get("input")) : Optional.empty();
            if (digitsNode == null && !f.containsKey("input")) {
                problem(node, "menu '" + menuName + "' has neither digits nor input: the caller could only time out");
            }
            Duration interDigit = duration(f.get("inter-digit-timeout"), "inter-digit-timeout",
                    IvrMenu.DEFAULT_INTER_DIGIT_TIMEOUT, MIN_INTER_DIGIT, MAX_INTER_DIGIT);
            Duration overall = duration(f.get("overall-timeout"), "overall-timeout",
                    IvrMenu.DEFAULT_OVERALL_TIMEOUT, MIN_OVERALL, MAX_OVERALL);
            if (interDigit != null && overall != null && interDigit.compareTo(overall) > 0) {
                problem(f.getOrDefault("inter-digit-timeout", node), "inter-digit-timeout " + show(interDigit)
                        + " is longer than overall-timeout " + show(overall));
            }
            int retries = retries(f.get("retries"));
            return new IvrMenu(menuName, prompt, digits,
                    interDigit == null ? IvrMenu.DEFAULT_INTER_DIGIT_TIMEOUT : interDigit,
                    overall == null ? IvrMenu.DEFAULT_OVERALL_TIMEOUT : overall,
                    optionalPrompt(f.get("invalid-prompt"), "invalid-prompt"),
                    optionalPrompt(f.get("timeout-prompt"), "timeout-prompt"),
                    optionalPrompt(f.get("goodbye-prompt"), "goodbye-prompt"), retries, input);
        }

        private static IvrMenu placeholder(String menuName) {
            return new IvrMenu(menuName, "", Map.of(), IvrMenu.DEFAULT_INTER_DIGIT_TIMEOUT,
                    IvrMenu.DEFAULT_OVERALL_TIMEOUT, Optional.empty(), Optional.empty(), Optional.empty(), 0,
                    Optional.empty());
        }

        private void digits(Node node, Map<String, IvrAction> digits) {
            if (!(node instanceof MappingNode mapping)) {
                problem(node, "digits must be a mapping of key to action, like \"1\": { extension: \"1001\" }");
                return;
            }
            Map<String, Integer> firstLine = new LinkedHashMap<>();
            for (NodeTuple t : mapping.getValue()) {
                String key = keyText(t.getKeyNode());
                if (key == null) {
                    continue;
                }
                if (key.length() != 1 || DIGIT_KEYS.indexOf(key.charAt(0)) < 0) {
                    problem(t.getKeyNode(), "digit key '" + key + "' is not one of 0-9, * or # (one key each)");
                    continue;
                }
                Integer first = firstLine.putIfAbsent(key, line(t.getKeyNode()));
                if (first != null) {
                    problem(t.getKeyNode(), "duplicate digit '" + key + "' (first at line " + first + ")");
                    continue;
                }
                IvrAction action = action(t.getValueNode(), false);
                if (action != null) {
                    digits.put(key, action);
                }
            }
        }

        private Optional<DigitInput> input(Node node) {
            Map<String, Node> f = fields(node, "input", INPUT_KEYS);
            if (f == null) {
                return Optional.empty();
            }
            int min = count(f.get("min-digits"), "min-digits", 1);
            int max = count(f.get("max-digits"), "max-digits", DigitInput.MAX_DIGITS);
            if (min > max) {
                problem(f.getOrDefault("min-digits", node), "min-digits " + min + " is more than max-digits " + max);
            }
            Optional<Character> terminator = Optional.of('#');
            Node t = f.get("terminator");
            if (t != null) {
                String text = t instanceof ScalarNode s && s.getTag().equals(Tag.NULL) ? null : scalar(t, "terminator");
                if (text == null) {
                    problem(t, "terminator has no value (quote the key: terminator: \"#\", or write none)");
                } else if (text.equals("none")) {
                    terminator = Optional.empty();
                } else if (text.equals("#") || text.equals("*")) {
                    terminator = Optional.of(text.charAt(0));
                } else {
                    problem(t, "terminator '" + text + "' must be \"#\", \"*\" or none");
                }
            }
            Node actionNode = f.get("action");
            if (actionNode == null) {
                problem(node, "input has no action (like action: { extension: \"{digits}\" })");
                return Optional.empty();
            }
            IvrAction action = action(actionNode, true);
            return action == null ? Optional.empty() : Optional.of(new DigitInput(min, max, terminator, action));
        }

        /** An action: a bare keyword ({@code repeat}) or a one-key mapping ({@code extension: "1001"}). */
        private IvrAction action(Node node, boolean digitsAllowed) {
            String keyword;
            Node argument = null;
            if (node instanceof ScalarNode s) {
                keyword = s.getValue();
            } else if (node instanceof MappingNode m && m.getValue().size() == 1) {
                keyword = keyText(m.getValue().get(0).getKeyNode());
                argument = m.getValue().get(0).getValueNode();
                if (keyword == null) {
                    return null;
                }
            } else if (node instanceof MappingNode m) {
                problem(node, "an action has exactly one key (one of " + String.join(", ", ACTIONS) + "), found "
                        + m.getValue().size());
                return null;
            } else {
                problem(node, "an action is a keyword or keyword: argument (one of " + String.join(", ", ACTIONS) + ")");
                return null;
            }
            if (!ACTIONS.contains(keyword)) {
                problem(node, "unknown action '" + keyword + "' (expected " + String.join(", ", ACTIONS) + ")");
                return null;
            }
            if (keyword.equals("repeat") || keyword.equals("hangup")) {
                if (argument != null && !(argument instanceof ScalarNode s && s.getTag().equals(Tag.NULL))) {
                    problem(node, "action '" + keyword + "' takes no argument (write just " + keyword + ")");
                    return null;
                }
                return keyword.equals("repeat") ? new Repeat() : new HangUp();
            }
            String arg = argument == null || argument instanceof ScalarNode s && s.getTag().equals(Tag.NULL)
                    ? null : scalar(argument, "the argument of " + keyword);
            if (arg == null || arg.isBlank()) {
                if (argument == null || argument instanceof ScalarNode) {
                    problem(node, "action '" + keyword + "' needs an argument (" + keyword + ": ...)");
                }
                return null;
            }
            Node at = argument;
            if (arg.contains(DigitInput.DIGITS_PLACEHOLDER)) {
                if (!digitsAllowed) {
                    problem(at, "'" + DigitInput.DIGITS_PLACEHOLDER + "' is only allowed in the action of an input");
                    return null;
                }
                if (keyword.equals("menu") || keyword.equals("play-and-hangup")) {
                    problem(at, "action '" + keyword + "' cannot use " + DigitInput.DIGITS_PLACEHOLDER);
                    return null;
                }
            }
            String sample = arg.replace(DigitInput.DIGITS_PLACEHOLDER, "1");
            return switch (keyword) {
                case "menu" -> {
                    menuReferences.add(new Reference(arg, line(at)));
                    yield new GoToMenu(arg);
                }
                case "extension" -> checked(at, arg, sample, EXTENSION, "extension", new TransferExtension(arg));
                case "queue" -> checked(at, arg, sample, NAME, "queue", new TransferQueue(arg));
                case "meeting" -> checked(at, arg, sample, NAME, "meeting room", new TransferMeeting(arg));
                case "outside" -> checked(at, arg, sample, OUTSIDE, "outside number", new TransferOutside(arg));
                case "play-and-hangup" -> new PlayAndHangUp(prompt(at, arg));
                default -> throw new IllegalStateException(keyword);
            };
        }

        private IvrAction checked(Node at, String arg, String sample, Pattern pattern, String what, IvrAction action) {
            if (!pattern.matcher(sample).matches()) {
                String expected = pattern == OUTSIDE ? "digits, '*' and '#', optionally after '+'"
                        : "letters, digits, '+', '*', '#', '.', '_' and '-'";
                problem(at, what + " '" + arg + "' may contain only " + expected);
                return null;
            }
            return action;
        }

        /** A prompt name: a file name in the prompt directory, never a path. */
        private String prompt(Node at, String name) {
            if (!NAME.matcher(name).matches()) {
                problem(at, "prompt name '" + name + "' may contain only letters, digits, '.', '_' and '-'");
            } else if (prompts != null && !prompts.contains(name)) {
                problem(at, "prompt '" + name + "' not found");
            }
            return name;
        }

        private Optional<String> optionalPrompt(Node node, String key) {
            if (node == null) {
                return Optional.empty();
            }
            String name = scalar(node, key);
            return name == null ? Optional.empty() : Optional.of(prompt(node, name));
        }

        private Duration duration(Node node, String key, Duration dflt, Duration min, Duration max) {
            if (node == null) {
                return dflt;
            }
            String text = scalar(node, key);
            if (text == null) {
                return null;
            }
            Matcher m = DURATION.matcher(text.trim());
            if (!m.matches()) {
                problem(node, key + " '" + text + "' is not a duration (like 500ms, 5s or 1m; a bare number is seconds)");
                return null;
            }
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            Duration d = switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            };
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                problem(node, key + " " + text + " must be between " + show(min) + " and " + show(max));
                return null;
            }
            return d;
        }

        private int retries(Node node) {
            if (node == null) {
                return IvrMenu.DEFAULT_RETRIES;
            }
            String text = scalar(node, "retries");
            if (text == null) {
                return 0;
            }
            try {
                int n = Integer.parseInt(text.trim());
                if (n >= 0 && n <= MAX_RETRIES) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below, with the range
            }
            problem(node, "retries must be a whole number from 0 to " + MAX_RETRIES + ", got '" + text + "'");
            return 0;
        }

        private int count(Node node, String key, int dflt) {
            if (node == null) {
                return dflt;
            }
            String text = scalar(node, key);
            if (text == null) {
                return dflt;
            }
            try {
                int n = Integer.parseInt(text.trim());
                if (n >= 1 && n <= DigitInput.MAX_DIGITS) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below, with the range
            }
            problem(node, key + " must be a whole number from 1 to " + DigitInput.MAX_DIGITS + ", got '" + text + "'");
            return dflt;
        }

        private String required(Node parent, Map<String, Node> fields, String key, String what) {
            Node node = fields.get(key);
            if (node == null) {
                problem(parent, what + " is missing (" + key + ": ...)");
                return null;
            }
            if (node instanceof ScalarNode s && s.getTag().equals(Tag.NULL)) {
                problem(node, what + " has no value");
                return null;
            }
            String text = scalar(node, key);
            if (text != null && text.isBlank()) {
                problem(node, what + " is empty");
                return null;
            }
            return text;
        }

        /**
         * The keys of a mapping; problems for a key that is not text, repeated, or (when
         * {@code allowed} is given) not one of them. Null when {@code node} is not a mapping.
         */
        private Map<String, Node> fields(Node node, String what, List<String> allowed) {
            if (!(node instanceof MappingNode mapping)) {
                problem(node, what + " must be a mapping" + (allowed == null ? "" : " with " + String.join(", ", allowed)));
                return null;
            }
            Map<String, Node> out = new LinkedHashMap<>();
            Map<String, Integer> firstLine = new LinkedHashMap<>();
            for (NodeTuple t : mapping.getValue()) {
                String key = keyText(t.getKeyNode());
                if (key == null) {
                    continue;
                }
                if (allowed != null && !allowed.contains(key)) {
                    problem(t.getKeyNode(), "unknown key '" + key + "' in " + what + " (expected "
                            + String.join(", ", allowed) + ")");
                    continue;
                }
                Integer first = firstLine.putIfAbsent(key, line(t.getKeyNode()));
                if (first != null) {
                    problem(t.getKeyNode(), "duplicate key '" + key + "' in " + what + " (first at line " + first + ")");
                    continue;
                }
                out.put(key, t.getValueNode());
            }
            return out;
        }

        private String keyText(Node key) {
            if (key instanceof ScalarNode s) {
                return s.getValue();
            }
            problem(key, "a key must be plain text");
            return null;
        }

        private String scalar(Node node, String what) {
            if (node instanceof ScalarNode s) {
                return s.getValue();
            }
            problem(node, what + " must be a single value, not a " + (node instanceof MappingNode ? "mapping" : "list"));
            return null;
        }

        private void problem(Node at, String reason) {
            problem(line(at), reason);
        }

        private void problem(int line, String reason) {
            problems.add(new Problem(line, reason));
        }

        private static int line(Node node) {
            return node.getStartMark().getLine() + 1;
        }

        private static String show(Duration d) {
            long ms = d.toMillis();
            if (ms % 60_000 == 0) {
                return ms / 60_000 + "m";
            }
            return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
        }
    }
}
