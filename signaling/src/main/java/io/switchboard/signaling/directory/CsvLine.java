package io.switchboard.signaling.directory;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV record into fields per RFC 4180 §2: comma separated; a field in double quotes
 * may hold commas, and {@code ""} inside it stands for one quote. Spaces are part of a field
 * (RFC 4180 §2.4). A record is one line: quoted line breaks are not supported.
 */
final class CsvLine {

    private CsvLine() {
    }

    /** The fields of {@code line}; throws {@link IllegalArgumentException} naming the defect. */
    static List<String> split(String line) {
        List<String> fields = new ArrayList<>(4);
        StringBuilder field = new StringBuilder();
        int i = 0;
        int n = line.length();
        while (true) {
            if (i < n && line.charAt(i) == '"') {
                i = readQuoted(line, i + 1, field);
                if (i < n && line.charAt(i) != ',') {
                    throw new IllegalArgumentException("character '" + line.charAt(i)
                            + "' after a closing quote at column " + (i + 1) + " (expected a comma)");
                }
            } else {
                while (i < n && line.charAt(i) != ',') {
                    field.append(line.charAt(i++));
                }
            }
            fields.add(field.toString());
            field.setLength(0);
            if (i >= n) {
                return fields;
            }
            i++; // the comma
        }
    }

    /** Reads a quoted field's content starting after its opening quote; returns the index after the closing quote. */
    private static int readQuoted(String line, int i, StringBuilder field) {
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == '"') {
                if (i + 1 < n && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            field.append(c);
            i++;
        }
        throw new IllegalArgumentException("quoted field is not closed");
    }
}
