package io.switchboard.dist;

import java.security.SecureRandom;

/**
 * A SIP password for a user added without one: 16 characters from an alphabet without look-alikes
 * (no 0/O, 1/l/I), about 90 bits, easy to type into a phone's keypad menu.
 */
final class GeneratedPassword {

    private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final int LENGTH = 16;

    private GeneratedPassword() {
    }

    static String next() {
        SecureRandom random = new SecureRandom();
        StringBuilder b = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }
}
