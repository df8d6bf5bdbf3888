package io.switchboard.signaling.directory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which SIP passwords may be set: long enough, and not one a dictionary attack finds at once. */
class PasswordPolicyTest {

    private final PasswordPolicy policy = PasswordPolicy.defaults();

    @Test
    void aShortPasswordIsRefusedWithTheLengthRuleAndItsKey() {
        assertThat(policy.problem("1001", "Alice", "Xq7#kP2"))
                .hasValue("password has 7 characters, at least 10 needed (auth.password-min-length)");
    }

    @Test
    void dictionaryWordsWithTheExtensionAreRefusedWithTheStrengthRuleAndItsKey() {
        for (String weak : new String[] {"secret1001", "password123", "qwertyuiop", "1001100110", "alice1001!", "Summer2026"}) {
            assertThat(policy.problem("1001", "Alice", weak)).as(weak).hasValueSatisfying(why -> assertThat(why)
                    .startsWith("password is too easy to guess: strength ")
                    .contains("at least 3 needed (auth.password-min-strength")
                    .contains("characters that are not words, names, dates or the extension"));
        }
    }

    @Test
    void randomAndPassphrasePasswordsAreAccepted() {
        for (String strong : new String[] {"Kq7-vault-Rx9z", "maple-Otter-41-drum", "Sb-2h8k3m9x0q1w", "tulip-early"}) {
            assertThat(policy.problem("1001", "Alice", strong)).as(strong).isEmpty();
        }
    }

    @Test
    void strengthZeroChecksTheLengthOnly() {
        PasswordPolicy lengthOnly = new PasswordPolicy(8, 0);
        assertThat(lengthOnly.problem("1001", "", "secret1001")).isEmpty();
        assertThat(lengthOnly.problem("1001", "", "short")).isPresent();
    }

    @Test
    void emptyAndOverlongPasswordsKeepTheirOwnReasons() {
        assertThat(policy.problem("1001", "", "")).hasValue("password is empty");
        assertThat(policy.problem("1001", "", "a".repeat(SipUser.MAX_PASSWORD_LENGTH + 1)))
                .hasValue("password is longer than 256 characters");
    }
}
