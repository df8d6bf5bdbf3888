package io.switchboard.media.webrtc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.TlsFatalAlert;

/**
 * The DTLS association of one WebRTC leg (RFC 5764), on BouncyCastle's DTLS, which is blocking: the
 * handshake runs on a thread of the node's DTLS executor, never on an event loop. The event loop
 * hands each DTLS record from the endpoint over through a small queue (a copy: a handful of
 * packets per call, not the RTP path); what BouncyCastle sends goes out through {@code writer}.
 *
 * <p>Who is the DTLS client follows the SDP's {@code a=setup} (RFC 5763 §5): a ClientHello from the
 * endpoint makes us the server; {@link #startAsClient()} when its SDP said {@code passive}. After
 * the handshake, a late record (the endpoint repeating its last flight because ours was lost) is fed
 * to BouncyCastle on the executor, which retransmits our flight (RFC 6347 §4.2.4).
 */
public final class DtlsSession implements DatagramTransport {
    static final int HANDSHAKE_TIMEOUT_MILLIS = 15_000;
    /** Records BouncyCastle sends are kept under this (a path MTU safe on tunnels too). */
    private static final int SEND_LIMIT = 1200;
    private static final int RECEIVE_LIMIT = 1500;
    private static final int QUEUE = 32;
    /** DTLS record header (13 bytes), then the handshake message type: 1 is ClientHello. */
    private static final int HANDSHAKE_CONTENT = 22;
    private static final int CLIENT_HELLO = 1;

    /** What became of the handshake; called on a DTLS executor thread. */
    public interface Outcome {
        void keys(DtlsSrtpKeys keys);

        void failed(String reason);
    }

    private enum State { IDLE, HANDSHAKING, DONE, FAILED, CLOSED }

    private final DtlsIdentity identity;
    private final Executor executor;
    private final Consumer<byte[]> writer;
    private final Outcome outcome;
    private final BlockingQueue<byte[]> inbound = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicReference<State> state = new AtomicReference<>(State.IDLE);
    private final AtomicBoolean pumping = new AtomicBoolean();
    private volatile DTLSTransport transport;

    public DtlsSession(DtlsIdentity identity, Executor executor, Consumer<byte[]> writer, Outcome outcome) {
        this.identity = identity;
        this.executor = executor;
        this.writer = writer;
        this.outcome = outcome;
    }

    /** Event loop: a DTLS record (RFC 7983: first byte 20-63) from the endpoint. */
    public void receive(ByteBuf record) {
        State s = state.get();
        if (s == State.CLOSED || s == State.FAILED) {
            return;
        }
        byte[] copy = ByteBufUtil.getBytes(record);
        if (!inbound.offer(copy)) {
            return; // a flood: DTLS retransmits what mattered
        }
        if (s == State.IDLE && isClientHello(copy)) {
            start(false);
        } else if (s == State.DONE) {
            run(this::pump);
        }
    }

    /** Starts the handshake as DTLS client: the endpoint's SDP said {@code setup:passive}. */
    public void startAsClient() {
        start(true);
    }

    /** Whether keys came out of a handshake. */
    public boolean established() {
        return state.get() == State.DONE;
    }

    private static boolean isClientHello(byte[] r) {
        return r.length > 13 && r[0] == HANDSHAKE_CONTENT && r[13] == CLIENT_HELLO;
    }

    private void start(boolean client) {
        if (state.compareAndSet(State.IDLE, State.HANDSHAKING)) {
            run(() -> handshake(client));
        }
    }

    private void run(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            fail("the node is shutting down");
        }
    }

    private void handshake(boolean client) {
        AtomicReference<DtlsSrtpKeys> keys = new AtomicReference<>();
        try {
            DTLSTransport t = client
                    ? new DTLSClientProtocol().connect(new SrtpDtlsClient(identity, keys::set), this)
                    : new DTLSServerProtocol().accept(new SrtpDtlsServer(identity, keys::set), this);
            transport = t;
            if (!state.compareAndSet(State.HANDSHAKING, State.DONE)) {
                t.close();
                return;
            }
            outcome.keys(keys.get());
        } catch (TlsFatalAlert e) {
            fail("DTLS alert " + e.getAlertDescription() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (IOException | RuntimeException e) {
            fail(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private void fail(String reason) {
        State s = state.get();
        if (s != State.CLOSED && state.compareAndSet(s, State.FAILED)) {
            inbound.clear();
            outcome.failed(reason);
        }
    }

    /** After the handshake: lets BouncyCastle see late records (retransmitting our last flight, or a close_notify). */
    private void pump() {
        if (!pumping.compareAndSet(false, true)) {
            return;
        }
        try {
            DTLSTransport t = transport;
            byte[] sink = new byte[RECEIVE_LIMIT];
            while (t != null && !inbound.isEmpty() && state.get() == State.DONE) {
                t.receive(sink, 0, sink.length, 1);
            }
        } catch (IOException e) {
            // a close_notify or a fatal alert from the endpoint: SRTP keeps going until signaling ends the call
            inbound.clear();
        } finally {
            pumping.set(false);
        }
    }

    /** Stops the handshake if it runs (its thread returns within a poll) and drops what is queued. */
    @Override
    public void close() {
        state.set(State.CLOSED);
        inbound.clear();
    }

    @Override
    public int getReceiveLimit() {
        return RECEIVE_LIMIT;
    }

    @Override
    public int getSendLimit() {
        return SEND_LIMIT;
    }

    /** BouncyCastle's read: -1 when nothing came within {@code waitMillis}. */
    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        if (state.get() == State.CLOSED) {
            throw new IOException("the call ended");
        }
        byte[] r;
        try {
            r = inbound.poll(Math.min(waitMillis, 500), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("DTLS receive interrupted");
        }
        if (r == null) {
            return -1;
        }
        int n = Math.min(len, r.length);
        System.arraycopy(r, 0, buf, off, n);
        return n;
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (state.get() == State.CLOSED) {
            throw new IOException("the call ended");
        }
        writer.accept(Arrays.copyOfRange(buf, off, off + len));
    }
}
