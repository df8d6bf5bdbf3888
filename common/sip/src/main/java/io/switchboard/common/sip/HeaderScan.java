package io.switchboard.common.sip;

/**
 * One pass over the raw header section before the RI parser sees it: where it ends, how many
 * header fields and Via fields it has, the Content-Length value, which headers of interest are
 * named at all and which single-instance ones are named twice (the RI keeps one copy silently). The RI parser silently drops a header it cannot parse, so the scan is what tells
 * "missing" from "malformed"; and counting first lets 3,000 Vias be dropped without parsing them
 * (the RI needs about 70 ms for those).
 *
 * @param startLineEnd  index just past the start line's text (its CR or LF, or {@code to})
 * @param headerEnd     index of the empty line (or {@code to} when there is none)
 * @param bodyStart     first body byte
 * @param terminated    the empty line after the headers was seen (RFC 3261 §7)
 * @param headerCount   header fields (folded lines count once); the scan stops once a limit is passed
 * @param viaCount      Via field lines (a comma-separated line counts once; the parser's list is checked after)
 * @param contentLength the value, {@link #ABSENT} or {@link #MALFORMED}
 * @param present       bits of {@link #VIA}, {@link #FROM}, ... for the header names seen
 * @param duplicated    bits of the {@link #SINGLE_INSTANCE} headers named more than once (RFC 3261 §7.3.1)
 */
record HeaderScan(int startLineEnd, int headerEnd, int bodyStart, boolean terminated, int headerCount, int viaCount,
                  int contentLength, int present, int duplicated) {

    static final int ABSENT = -1;
    static final int MALFORMED = -2;

    static final int VIA = 1;
    static final int FROM = 1 << 1;
    static final int TO = 1 << 2;
    static final int CALL_ID = 1 << 3;
    static final int CSEQ = 1 << 4;
    static final int MAX_FORWARDS = 1 << 5;
    static final int CONTENT_LENGTH = 1 << 6;
    static final int REQUIRE = 1 << 7;

    /** RFC 3261 §7.3.1: only comma-list headers may repeat; a second From or CSeq makes the request ambiguous. */
    static final int SINGLE_INSTANCE = FROM | TO | CALL_ID | CSEQ | MAX_FORWARDS | CONTENT_LENGTH;

    boolean has(int header) {
        return (present & header) != 0;
    }

    /** Scans {@code b[from, to)}; lines end in CRLF or a bare LF. */
    static HeaderScan scan(byte[] b, int from, int to, int maxHeaders, int maxVias) {
        int headers = 0;
        int vias = 0;
        int contentLength = ABSENT;
        int present = 0;
        int duplicated = 0;
        int startLineEnd = from;
        boolean startLine = true;
        int lineStart = from;
        while (lineStart < to) {
            int eol = indexOf(b, (byte) '\n', lineStart, to);
            int lineEnd = eol < 0 ? to : (eol > lineStart && b[eol - 1] == '\r' ? eol - 1 : eol);
            if (lineEnd == lineStart && eol >= 0) {
                return new HeaderScan(startLineEnd, lineStart, eol + 1, true, headers, vias, contentLength, present, duplicated);
            }
            if (startLine) {
                startLine = false;
                startLineEnd = lineEnd;
            } else if (b[lineStart] != ' ' && b[lineStart] != '\t') {
                headers++;
                int colon = indexOf(b, (byte) ':', lineStart, lineEnd);
                if (colon > lineStart) {
                    int nameEnd = colon;
                    while (nameEnd > lineStart && (b[nameEnd - 1] == ' ' || b[nameEnd - 1] == '\t')) {
                        nameEnd--;
                    }
                    int header = classify(b, lineStart, nameEnd);
                    duplicated |= present & header & SINGLE_INSTANCE;
                    present |= header;
                    if (header == VIA) {
                        vias++;
                    } else if (header == CONTENT_LENGTH) {
                        int value = digits(b, colon + 1, lineEnd);
                        contentLength = contentLength == ABSENT || contentLength == value ? value : MALFORMED;
                    }
                }
                if (headers > maxHeaders || vias > maxVias) {
                    break;
                }
            }
            if (eol < 0) {
                break;
            }
            lineStart = eol + 1;
        }
        return new HeaderScan(startLineEnd, to, to, false, headers, vias, contentLength, present, duplicated);
    }

    private static int classify(byte[] b, int start, int end) {
        return switch (end - start) {
            case 1 -> switch (b[start] | 0x20) {
                case 'v' -> VIA;
                case 'f' -> FROM;
                case 't' -> TO;
                case 'i' -> CALL_ID;
                case 'l' -> CONTENT_LENGTH;
                default -> 0;
            };
            case 2 -> named(b, start, end, "to") ? TO : 0;
            case 3 -> named(b, start, end, "via") ? VIA : 0;
            case 4 -> named(b, start, end, "from") ? FROM : named(b, start, end, "cseq") ? CSEQ : 0;
            case 7 -> named(b, start, end, "call-id") ? CALL_ID : named(b, start, end, "require") ? REQUIRE : 0;
            case 12 -> named(b, start, end, "max-forwards") ? MAX_FORWARDS : 0;
            case 14 -> named(b, start, end, "content-length") ? CONTENT_LENGTH : 0;
            default -> 0;
        };
    }

    private static boolean named(byte[] b, int start, int end, String lowerName) {
        for (int i = start; i < end; i++) {
            if ((b[i] | 0x20) != lowerName.charAt(i - start)) {
                return false;
            }
        }
        return true;
    }

    /** The decimal value of {@code b[start, end)} between optional whitespace, or {@link #MALFORMED}. */
    private static int digits(byte[] b, int start, int end) {
        while (start < end && (b[start] == ' ' || b[start] == '\t')) {
            start++;
        }
        while (end > start && (b[end - 1] == ' ' || b[end - 1] == '\t')) {
            end--;
        }
        if (start == end || end - start > 9) {
            return MALFORMED;
        }
        int value = 0;
        for (int i = start; i < end; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return MALFORMED;
            }
            value = value * 10 + (b[i] - '0');
        }
        return value;
    }

    static int indexOf(byte[] b, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
