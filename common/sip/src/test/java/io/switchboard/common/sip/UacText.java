package io.switchboard.common.sip;

import java.text.ParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sip.message.Request;

/** Requests our UAC sends (no Via: the transport adds it) and the texts a test peer answers with. */
final class UacText {
    private static final Pattern BRANCH = Pattern.compile("branch=([^;\\s,]+)");

    private UacText() {
    }

    static Request request(SipMessages messages, String method, String callId, int peerPort) {
        String text = method + " sip:bob@127.0.0.1:" + peerPort + " SIP/2.0\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:alice@127.0.0.1>;tag=uac-" + callId + "\r\n"
                + "To: <sip:bob@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + "Contact: <sip:alice@127.0.0.1>\r\n"
                + "Content-Length: 0\r\n\r\n";
        try {
            return messages.messages().createRequest(text);
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A response to the request text: its Vias, From, Call-ID and CSeq, the To with {@code toTag} (none if null). */
    static String response(String request, int status, String toTag) {
        StringBuilder out = new StringBuilder("SIP/2.0 ").append(status).append(" Test\r\n");
        for (String line : request.split("\r\n")) {
            String name = line.contains(":") ? line.substring(0, line.indexOf(':')).trim().toLowerCase() : "";
            switch (name) {
                case "via", "v", "from", "f", "call-id", "i", "cseq" -> out.append(line).append("\r\n");
                case "to", "t" -> out.append(line).append(toTag == null || line.contains(";tag=") ? "" : ";tag=" + toTag).append("\r\n");
                default -> { }
            }
        }
        return out.append("Content-Length: 0\r\n\r\n").toString();
    }

    static String method(String message) {
        return message.substring(0, message.indexOf(' '));
    }

    static String branch(String message) {
        Matcher m = BRANCH.matcher(SipText.header(message, "Via"));
        if (!m.find()) {
            throw new AssertionError("no branch in " + message);
        }
        return m.group(1);
    }
}
