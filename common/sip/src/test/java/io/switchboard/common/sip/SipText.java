package io.switchboard.common.sip;

/** Request texts for tests; {@code via} is the whole Via value so tests can play with rport and sent-by. */
final class SipText {
    private SipText() {
    }

    static String request(String method, String user, String via, String callId, int cseq) {
        return request(method, user, via, callId, cseq, method);
    }

    static String request(String method, String user, String via, String callId, int cseq, String cseqMethod) {
        return method + " sip:" + user + "@127.0.0.1 SIP/2.0\r\n"
                + "Via: " + via + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:alice@127.0.0.1>;tag=from-" + callId + "\r\n"
                + "To: <sip:" + user + "@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " " + cseqMethod + "\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    static String udpVia(int port, String branch) {
        return "SIP/2.0/UDP 127.0.0.1:" + port + ";branch=z9hG4bK" + branch + ";rport";
    }

    static String options(UdpPeer peer, String callId) {
        return request("OPTIONS", "bob", udpVia(peer.port(), callId), callId, 1);
    }

    /** The status code of a response text. */
    static int status(String response) {
        return Integer.parseInt(response.substring(8, 11));
    }

    static String statusLine(String response) {
        return response.substring(0, response.indexOf("\r\n"));
    }

    static boolean isResponseTo(String response, String callId) {
        return response.contains("Call-ID: " + callId + "\r\n");
    }

    /** A header's value, or null. */
    static String header(String message, String name) {
        for (String line : message.split("\r\n")) {
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return null;
    }
}
