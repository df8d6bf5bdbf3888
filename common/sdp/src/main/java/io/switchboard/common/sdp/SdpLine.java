package io.switchboard.common.sdp;

/** One {@code <type>=<value>} line, e.g. type {@code 'a'}, value {@code "rtpmap:0 PCMU/8000"}. */
public record SdpLine(char type, String value) {
    @Override
    public String toString() {
        return type + "=" + value;
    }

    /** For {@code a=} lines: the attribute name ({@code rtpmap} of {@code rtpmap:0 PCMU/8000}). */
    public String attributeName() {
        int colon = value.indexOf(':');
        return colon < 0 ? value : value.substring(0, colon);
    }

    /** For {@code a=} lines: the value after the colon, or "" for a property attribute. */
    public String attributeValue() {
        int colon = value.indexOf(':');
        return colon < 0 ? "" : value.substring(colon + 1);
    }

    public boolean isAttribute(String name) {
        return type == 'a' && attributeName().equals(name);
    }
}
