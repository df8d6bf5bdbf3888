package io.switchboard.common.ivr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.switchboard.common.ivr.IvrAction.GoToMenu;
import io.switchboard.common.ivr.IvrAction.PlayAndHangUp;
import io.switchboard.common.ivr.IvrAction.Repeat;
import io.switchboard.common.ivr.IvrAction.TransferExtension;
import io.switchboard.common.ivr.IvrAction.TransferOutside;
import io.switchboard.common.ivr.IvrAction.TransferQueue;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IvrAppParserTest {
    static final Set<String> PROMPTS = Set.of("welcome", "sales-menu", "invalid", "timeout", "goodbye", "closed",
            "enter-extension");

    static final String SHOP = """
            name: shop
            number: "8100"
            description: the shop's front desk
            start: main
            menus:
              main:
                prompt: welcome
                inter-digit-timeout: 2s
                overall-timeout: 8s
                invalid-prompt: invalid
                timeout-prompt: timeout
                goodbye-prompt: goodbye
                retries: 2
                digits:
                  "1": { menu: sales }
                  "2": { queue: support }
                  "3": { meeting: standup }
                  "4": { outside: "+4420794600" }
                  "5": { play-and-hangup: closed }
                  "0": repeat
                  "*": hangup
              sales:
                prompt: sales-menu
                digits:
                  "9": { menu: main }
                input:
                  min-digits: 3
                  max-digits: 4
                  terminator: "#"
                  action: { extension: "{digits}" }
            """;

    @Test
    void parsesEveryActionTimeoutsAndInput() {
        IvrApp app = IvrAppParser.parse(SHOP, PROMPTS);

        assertThat(app.name()).isEqualTo("shop");
        assertThat(app.number()).isEqualTo("8100");
        assertThat(app.startMenu()).isEqualTo("main");
        assertThat(app.version()).isZero();
        assertThat(app.source()).isEqualTo(SHOP);
        IvrMenu main = app.start();
        assertThat(main.prompt()).isEqualTo("welcome");
        assertThat(main.interDigitTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(main.overallTimeout()).isEqualTo(Duration.ofSeconds(8));
        assertThat(main.invalidPrompt()).contains("invalid");
        assertThat(main.timeoutPrompt()).contains("timeout");
        assertThat(main.goodbyePrompt()).contains("goodbye");
        assertThat(main.retries()).isEqualTo(2);
        assertThat(main.digits()).containsKeys("1", "2", "3", "4", "5", "0", "*");
        assertThat(main.action('1')).contains(new GoToMenu("sales"));
        assertThat(main.action('2')).contains(new TransferQueue("support"));
        assertThat(main.action('4')).contains(new TransferOutside("+4420794600"));
        assertThat(main.action('5')).contains(new PlayAndHangUp("closed"));
        assertThat(main.action('0')).contains(new Repeat());
        assertThat(main.action('7')).isEmpty();
        assertThat(main.input()).isEmpty();

        IvrMenu sales = app.menu("sales");
        assertThat(sales.retries()).isEqualTo(IvrMenu.DEFAULT_RETRIES);
        assertThat(sales.interDigitTimeout()).isEqualTo(IvrMenu.DEFAULT_INTER_DIGIT_TIMEOUT);
        assertThat(sales.invalidPrompt()).isEmpty();
        DigitInput input = sales.input().orElseThrow();
        assertThat(input.minDigits()).isEqualTo(3);
        assertThat(input.maxDigits()).isEqualTo(4);
        assertThat(input.terminator()).contains('#');
        assertThat(input.action().withDigits("1234")).isEqualTo(new TransferExtension("1234"));
    }

    @Test
    void unquotedNumbersAndDigitKeysKeepTheirText() {
        IvrApp app = IvrAppParser.parse("""
                name: zeros
                number: 08000
                start: m
                menus:
                  m:
                    prompt: welcome
                    inter-digit-timeout: 1500ms
                    overall-timeout: 1m
                    digits:
                      1: { extension: 1001 }
                    input: { max-digits: 4, terminator: none, action: { outside: "00{digits}" } }
                """, PROMPTS);

        assertThat(app.number()).isEqualTo("08000");
        assertThat(app.start().action('1')).contains(new TransferExtension("1001"));
        assertThat(app.start().interDigitTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(app.start().overallTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(app.start().input().orElseThrow().terminator()).isEmpty();
        assertThat(app.start().input().orElseThrow().minDigits()).isEqualTo(1);
    }

    @Test
    void unknownActionNamesTheLineAndTheActionsExpected() {
        assertThat(problems("""
                name: shop
                number: "8100"
                start: main
                menus:
                  main:
                    prompt: welcome
                    digits:
                      "1": { trasnfer: "1001" }
                      "2": dance
                """)).containsExactly(
                "line 8: unknown action 'trasnfer' (expected menu, extension, queue, meeting, outside, play-and-hangup, repeat, hangup)",
                "line 9: unknown action 'dance' (expected menu, extension, queue, meeting, outside, play-and-hangup, repeat, hangup)");
    }

    @Test
    void missingOrUnknownPromptIsRejectedWithItsLine() {
        assertThat(problems("""
                name: shop
                number: "8100"
                start: main
                menus:
                  main:
                    digits: { "1": repeat }
                  other:
                    prompt: welcom
                    invalid-prompt: ../../etc/passwd
                    digits: { "1": { play-and-hangup: bye } }
                """)).containsExactly(
                "line 6: prompt of menu 'main' is missing (prompt: ...)",
                "line 8: prompt 'welcom' not found",
                "line 9: prompt name '../../etc/passwd' may contain only letters, digits, '.', '_' and '-'",
                "line 10: prompt 'bye' not found");
    }

    @Test
    void menuReferencedButNotDefinedAndUndefinedStart() {
        assertThat(problems("""
                name: shop
                number: "8100"
                start: mian
                menus:
                  main:
                    prompt: welcome
                    digits:
                      "1": { menu: sales }
                """)).containsExactly(
                "line 3: start menu 'mian' is not defined",
                "line 8: menu 'sales' referenced but not defined");
    }

    @Test
    void badTimeoutsRetriesAndInput() {
        assertThat(problems("""
                name: shop
                number: "8100"
                start: main
                menus:
                  main:
                    prompt: welcome
                    inter-digit-timeout: soon
                    overall-timeout: 0s
                    retries: -1
                    digits: { "1": repeat }
                  second:
                    prompt: welcome
                    inter-digit-timeout: 20s
                    overall-timeout: 5s
                    input:
                      min-digits: 5
                      max-digits: 3
                      terminator:
                      action: { extension: "{digits}" }
                """)).containsExactly(
                "line 7: inter-digit-timeout 'soon' is not a duration (like 500ms, 5s or 1m; a bare number is seconds)",
                "line 8: overall-timeout 0s must be between 1s and 10m",
                "line 9: retries must be a whole number from 0 to 10, got '-1'",
                "line 13: inter-digit-timeout 20s is longer than overall-timeout 5s",
                "line 16: min-digits 5 is more than max-digits 3",
                "line 18: terminator has no value (quote the key: terminator: \"#\", or write none)");
    }

    @Test
    void duplicateAndInvalidDigitKeysAndUnknownKeys() {
        assertThat(problems("""
                name: shop
                number: "8100"
                start: main
                menus:
                  main:
                    promt: welcome
                    prompt: welcome
                    digits:
                      "1": repeat
                      "1": hangup
                      "12": repeat
                      "a": repeat
                      "#": { extension: "{digits}" }
                """)).containsExactly(
                "line 6: unknown key 'promt' in menu 'main' (expected prompt, digits, input, inter-digit-timeout, "
                        + "overall-timeout, invalid-prompt, timeout-prompt, goodbye-prompt, retries)",
                "line 10: duplicate digit '1' (first at line 9)",
                "line 11: digit key '12' is not one of 0-9, * or # (one key each)",
                "line 12: digit key 'a' is not one of 0-9, * or # (one key each)",
                "line 13: '{digits}' is only allowed in the action of an input");
    }

    @Test
    void actionShapesAndTargets() {
        assertThat(problems("""
                name: shop
                number: "8100"
                start: main
                menus:
                  main:
                    prompt: welcome
                    digits:
                      "1": extension
                      "2": { repeat: now }
                      "3": { queue: support, meeting: x }
                      "4": { outside: "0044 20" }
                      "5": { extension: "sip:a@b" }
                """)).containsExactly(
                "line 8: action 'extension' needs an argument (extension: ...)",
                "line 9: action 'repeat' takes no argument (write just repeat)",
                "line 10: an action has exactly one key (one of menu, extension, queue, meeting, outside, "
                        + "play-and-hangup, repeat, hangup), found 2",
                "line 11: outside number '0044 20' may contain only digits, '*' and '#', optionally after '+'",
                "line 12: extension 'sip:a@b' may contain only letters, digits, '+', '*', '#', '.', '_' and '-'");
    }

    @Test
    void missingTopLevelKeysAndBadNames() {
        assertThat(problems("""
                name: "my shop"
                colour: red
                menus: {}
                """)).containsExactly(
                "line 1: name 'my shop' may contain only letters, digits, '.', '_' and '-' (at most 64)",
                "line 1: number is missing (number: ...)",
                "line 1: start menu is missing (start: ...)",
                "line 2: unknown key 'colour' in an IVR application (expected name, number, description, start, menus)",
                "line 3: menus is empty (define at least the start menu)");
    }

    @Test
    void yamlSyntaxErrorsAndEmptyDocuments() {
        assertThat(problems("name: shop\nmenus:\n  main: [unclosed\n")).singleElement()
                .asString().startsWith("line 4: not valid YAML");
        assertThat(problems("")).containsExactly(
                "line 1: the definition is empty (expected a mapping with name, number, description, start, menus)");
        assertThat(problems("- a list")).containsExactly(
                "line 1: an IVR application must be a mapping with name, number, description, start, menus");
    }

    @Test
    void storedDefinitionsAreNotCheckedAgainstPrompts() {
        IvrApp app = IvrAppParser.parseStored(SHOP);

        assertThat(app).isEqualTo(IvrAppParser.parse(SHOP, PROMPTS));
        assertThat(catchThrowableOfType(IvrDefinitionException.class, () -> IvrAppParser.parse(SHOP, Set.of())).problems())
                .hasSize(6);
    }

    private static List<String> problems(String yaml) {
        IvrDefinitionException e = catchThrowableOfType(IvrDefinitionException.class, () -> IvrAppParser.parse(yaml, PROMPTS));
        assertThat(e).as("expected problems").isNotNull();
        return e.problems().stream().map(IvrDefinitionException.Problem::toString).toList();
    }
}
