package io.switchboard.loadtest.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmarks' phones on the signaling side: one UDP socket on 127.0.0.1 sending INVITEs for
 * {@code sip:<user>@127.0.0.1} straight to one worker node (no signaling server in between, so every
 * figure is the node's), ACKing the answer and later sending BYE; it answers 200 to whatever the node
 * sends in a dialog. The offer is what a G.711 phone sends: PCMU, telephone-event and rtcp-mux on
 * the caller's own RTP socket. Hand-built text rather than a SIP stack, so the bench JVM spends
 * next to nothing per call and the node's CPU is what is measured.
 */
final class LoopbackUac implements AutoCloseable, Runnable {
    private static final Pattern M_LINE = Pattern.compile("m=audio (\\d+) ");
    private static final Pattern C_LINE = Pattern.compile("c=IN IP4 ([0-9.]+)");
    private static final Pattern TAG = Pattern.compile(";\\s*tag=([^;>\\s]+)");

    /** One call; {@code answer} completes with the node's RTP address, or exceptionally when refused. */
    static final class Dialog {
        final String callId;
        final String fromTag;
        final String branch;
        final int rtpPort;
        final CompletableFuture<InetSocketAddress> answer = new CompletableFuture<>();
        final CompletableFuture<Integer> byeAnswer = new CompletableFuture<>();
        volatile String toTag = "";
        volatile boolean endedByNode;

        private Dialog(String name, String key, int rtpPort) {
            this.callId = name + "-" + key + "-" + ProcessHandle.current().pid();
            this.fromTag = "b" + key;
            this.branch = "z9hG4bK-" + name + "-" + key;
            this.rtpPort = rtpPort;
        }

        /** Answered with an audio m-line (and not refused). */
        boolean answered() {
            return answer.isDone() && !answer.isCompletedExceptionally();
        }

        /** The node's RTP address once answered, else null. */
        InetSocketAddress nodeRtp() {
            return answered() ? answer.join() : null;
        }
    }

    private final DatagramChannel channel = DatagramChannel.open();
    private final InetSocketAddress node;
    private final String name;
    private final String user;
    private final int localPort;
    private final Map<String, Dialog> byCallId = new ConcurrentHashMap<>();
    private final Thread thread;
    final AtomicLong endedByNode = new AtomicLong();
    private volatile boolean running = true;

    /**
     * A socket towards the node's SIP port; {@code name} starts every Call-ID and branch (and names the
     * receiving thread), {@code user} is the number or room the INVITEs ask for.
     */
    LoopbackUac(String name, int nodePort, String user) throws IOException {
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
        channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        localPort = ((InetSocketAddress) channel.getLocalAddress()).getPort();
        node = new InetSocketAddress(InetAddress.getLoopbackAddress(), nodePort);
        this.name = name;
        this.user = user;
        thread = new Thread(this, name + "-sip");
        thread.setDaemon(true);
        thread.start();
    }

    /** Sends an INVITE offering RTP on {@code rtpPort}; {@code key} makes the call's Call-ID unique in this run. */
    Dialog invite(String key, int rtpPort) throws IOException {
        Dialog d = new Dialog(name, key, rtpPort);
        byCallId.put(d.callId, d);
        send(invite(d));
        return d;
    }

    /** The same INVITE again (same branch and Call-ID): a UDP retransmission for an unanswered one. */
    void retransmit(Dialog d) throws IOException {
        send(invite(d));
    }

    /** BYE for an answered dialog the node has not ended itself; false when there was none to send. */
    boolean bye(Dialog d) throws IOException {
        if (!d.answered() || d.endedByNode) {
            return false;
        }
        send(request("BYE", d, d.branch + "-bye", 2));
        return true;
    }

    /** Stops matching the node's messages to a finished dialog. */
    void forget(Dialog d) {
        byCallId.remove(d.callId);
    }

    private String invite(Dialog d) {
        String sdp = "v=0\r\no=bench " + d.rtpPort + " 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + d.rtpPort + " RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\na=rtcp-mux\r\na=sendrecv\r\n";
        return "INVITE sip:" + user + "@127.0.0.1:" + node.getPort() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + localPort + ";branch=" + d.branch + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:bench@127.0.0.1>;tag=" + d.fromTag + "\r\n"
                + "To: <sip:" + user + "@127.0.0.1>\r\n"
                + "Call-ID: " + d.callId + "\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:bench@127.0.0.1:" + localPort + ">\r\n"
                + "Content-Type: application/sdp\r\n"
                + "Content-Length: " + sdp.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + sdp;
    }

    private String request(String method, Dialog d, String branch, int cseq) {
        return method + " sip:" + user + "@127.0.0.1:" + node.getPort() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + localPort + ";branch=" + branch + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:bench@127.0.0.1>;tag=" + d.fromTag + "\r\n"
                + "To: <sip:" + user + "@127.0.0.1>;tag=" + d.toTag + "\r\n"
                + "Call-ID: " + d.callId + "\r\n"
                + "CSeq: " + cseq + " " + method + "\r\nContent-Length: 0\r\n\r\n";
    }

    private void send(String message) throws IOException {
        channel.send(ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)), node);
    }

    @Override
    public void run() {
        ByteBuffer buf = ByteBuffer.allocate(65536);
        while (running) {
            try {
                buf.clear();
                InetSocketAddress from = (InetSocketAddress) channel.receive(buf);
                buf.flip();
                onMessage(StandardCharsets.UTF_8.decode(buf).toString(), from);
            } catch (IOException e) {
                if (running) {
                    System.err.println(name + " SIP socket: " + e);
                }
                return;
            } catch (RuntimeException e) {
                System.err.println("unreadable SIP message: " + e);
            }
        }
    }

    private void onMessage(String msg, InetSocketAddress from) throws IOException {
        int headEnd = msg.indexOf("\r\n\r\n");
        String head = headEnd < 0 ? msg : msg.substring(0, headEnd);
        String body = headEnd < 0 ? "" : msg.substring(headEnd + 4);
        String[] lines = head.split("\r\n");
        String callId = header(lines, "call-id", "i");
        Dialog d = callId == null ? null : byCallId.get(callId);
        if (lines[0].startsWith("SIP/2.0 ")) {
            onResponse(Integer.parseInt(lines[0].substring(8, 11)), lines, body, d);
            return;
        }
        String method = lines[0].substring(0, lines[0].indexOf(' '));
        if ("ACK".equals(method)) {
            return;
        }
        // A request from the node in a dialog (a BYE when it ends a call itself): 200, echoing the dialog's headers.
        StringBuilder r = new StringBuilder("SIP/2.0 200 OK\r\n");
        for (String line : lines) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("via:") || lower.startsWith("v:") || lower.startsWith("from:") || lower.startsWith("f:")
                    || lower.startsWith("to:") || lower.startsWith("t:") || lower.startsWith("call-id:")
                    || lower.startsWith("i:") || lower.startsWith("cseq:")) {
                r.append(line).append("\r\n");
            }
        }
        r.append("Content-Length: 0\r\n\r\n");
        channel.send(ByteBuffer.wrap(r.toString().getBytes(StandardCharsets.UTF_8)), from);
        if ("BYE".equals(method) && d != null && !d.endedByNode) {
            d.endedByNode = true;
            d.byeAnswer.complete(200);
            endedByNode.incrementAndGet();
        }
    }

    private void onResponse(int status, String[] lines, String body, Dialog d) throws IOException {
        String cseq = header(lines, "cseq", null);
        if (d == null || status < 200 || cseq == null) {
            return;
        }
        if (cseq.endsWith("BYE")) {
            d.byeAnswer.complete(status);
            return;
        }
        if (!cseq.endsWith("INVITE")) {
            return;
        }
        String to = header(lines, "to", "t");
        Matcher tag = TAG.matcher(to == null ? "" : to);
        d.toTag = tag.find() ? tag.group(1) : "";
        // A 2xx is ACKed in a transaction of its own (new branch), a failure in the INVITE's.
        send(request("ACK", d, status < 300 ? d.branch + "-ack" : d.branch, 1));
        if (status >= 300) {
            d.answer.completeExceptionally(new IllegalStateException("INVITE answered " + status));
            return;
        }
        Matcher m = M_LINE.matcher(body);
        Matcher c = C_LINE.matcher(body);
        if (m.find()) {
            d.answer.complete(new InetSocketAddress(c.find() ? c.group(1) : "127.0.0.1", Integer.parseInt(m.group(1))));
        } else {
            d.answer.completeExceptionally(new IllegalStateException("200 without an audio m-line"));
        }
    }

    private static String header(String[] lines, String name, String compact) {
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String n = lines[i].substring(0, colon).trim();
            if (n.equalsIgnoreCase(name) || (compact != null && n.equalsIgnoreCase(compact))) {
                return lines[i].substring(colon + 1).trim();
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        running = false;
        channel.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
