package io.switchboard.common.sip;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts a TCP byte stream into SIP messages ({@code byte[]} frames) (RFC 3261 §18.3): the header
 * section ends at CRLFCRLF, the body is Content-Length bytes, which is mandatory on a stream.
 * CRLFs between messages are keep-alives; a double CRLF ping gets a single CRLF pong
 * (RFC 5626 §4.4.1). A header section or message above maxMessageBytes closes the connection.
 * A message without Content-Length is passed on alone (so that it can be answered 400) and the
 * connection is closed after that answer, since the next message's start is unknown.
 *
 * <p>The slow-loris defence: a connection must bring its first message within {@code readTimeout} of
 * opening, and a message once begun must be complete within {@code readTimeout}, or the connection
 * is closed. Keep-alives between messages do not count: a phone behind NAT may idle for hours.
 */
final class SipStreamFramer extends ByteToMessageDecoder {
    private static final byte[] PONG = {'\r', '\n'};

    private final SipTransportMeters meters;
    private final int maxMessageBytes;
    private final long readTimeoutNanos;
    private int searchFrom;
    private int keepAliveBytes;
    private boolean closing;
    /** When the message now being read began (System.nanoTime()), or 0 between messages. */
    private long partialSince;
    private boolean deadlineArmed;
    private boolean framed;

    SipStreamFramer(SipTransportMeters meters, int maxMessageBytes, java.time.Duration readTimeout) {
        this.meters = meters;
        this.maxMessageBytes = maxMessageBytes;
        this.readTimeoutNanos = readTimeout.toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // The first message must come within the timeout (for TLS: after the handshake's own timeout).
        ctx.executor().schedule(() -> {
            if (!framed && ctx.channel().isActive()) {
                slow(ctx);
            }
        }, readTimeoutNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (closing) {
            in.skipBytes(in.readableBytes());
            return;
        }
        skipKeepAlives(ctx, in);
        if (!in.isReadable()) {
            return;
        }
        int start = in.readerIndex();
        int end = indexOfEmptyLine(in, start + searchFrom);
        if (end < 0) {
            searchFrom = Math.max(0, in.readableBytes() - 3);
            if (in.readableBytes() > maxMessageBytes) {
                tooLarge(ctx, in);
                return;
            }
            begun(ctx);
            return;
        }
        int headerLength = end + 4 - start;
        if (headerLength > maxMessageBytes) {
            tooLarge(ctx, in);
            return;
        }
        byte[] header = ByteBufUtil.getBytes(in, start, headerLength);
        HeaderScan scan = HeaderScan.scan(header, 0, header.length, SipCodec.MAX_HEADERS, SipCodec.MAX_VIAS);
        int contentLength = scan.contentLength();
        if (contentLength < 0) {
            // Missing or malformed: answer from the header section, then close (see class comment).
            searchFrom = 0;
            closing = true;
            in.skipBytes(in.readableBytes());
            out.add(header);
            ctx.executor().execute(() -> ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE));
            return;
        }
        if (headerLength + contentLength > maxMessageBytes) {
            tooLarge(ctx, in);
            return;
        }
        if (in.readableBytes() < headerLength + contentLength) {
            searchFrom = headerLength - 4;
            begun(ctx);
            return;
        }
        searchFrom = 0;
        byte[] frame = new byte[headerLength + contentLength];
        in.readBytes(frame);
        out.add(frame);
        partialSince = 0;
        framed = true;
    }

    /** Part of a message is buffered: its deadline runs from its first bytes. */
    private void begun(ChannelHandlerContext ctx) {
        if (partialSince == 0) {
            partialSince = System.nanoTime();
        }
        if (!deadlineArmed) {
            deadlineArmed = true;
            ctx.executor().schedule(() -> checkDeadline(ctx), readTimeoutNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    /** On the channel's loop: closes a connection whose message is overdue, else waits for the rest of its time. */
    private void checkDeadline(ChannelHandlerContext ctx) {
        deadlineArmed = false;
        if (partialSince == 0 || closing || !ctx.channel().isActive()) {
            return;
        }
        long left = partialSince + readTimeoutNanos - System.nanoTime();
        if (left <= 0) {
            slow(ctx);
            return;
        }
        deadlineArmed = true;
        ctx.executor().schedule(() -> checkDeadline(ctx), left, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private void slow(ChannelHandlerContext ctx) {
        meters.malformed(MalformedSip.TOO_SLOW);
        closing = true;
        ctx.close();
    }

    /** Absolute index of the CRLFCRLF ending the header section, or -1. */
    private static int indexOfEmptyLine(ByteBuf in, int from) {
        for (int i = from, last = in.writerIndex() - 4; i <= last; i++) {
            if (in.getByte(i) == '\r' && in.getByte(i + 1) == '\n' && in.getByte(i + 2) == '\r' && in.getByte(i + 3) == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** CR and LF between messages; every complete CRLFCRLF is a ping. */
    private void skipKeepAlives(ChannelHandlerContext ctx, ByteBuf in) {
        while (in.isReadable()) {
            byte b = in.getByte(in.readerIndex());
            if (b != '\r' && b != '\n') {
                keepAliveBytes = 0;
                return;
            }
            in.skipBytes(1);
            if (++keepAliveBytes == 4) {
                keepAliveBytes = 0;
                ctx.writeAndFlush(Unpooled.wrappedBuffer(PONG));
            }
        }
    }

    private void tooLarge(ChannelHandlerContext ctx, ByteBuf in) {
        meters.malformed(MalformedSip.OVERSIZED);
        closing = true;
        in.skipBytes(in.readableBytes());
        ctx.close();
    }
}
