package io.switchboard.common.sip;

import java.util.List;

/**
 * A non-INVITE server transaction for a {@link RawRequest}: the same states and timers, bytes in and
 * out. An INVITE comes here only to be challenged statelessly (RFC 3261 §8.2.7): a 407 leaves no
 * transaction behind, so the INVITE states are never needed; any other answer to an INVITE is the RI
 * path's.
 */
final class RawNonInviteTransaction extends NonInviteServerTransaction implements RawServerTransaction {
    /** Dropped with the final response, as the RI path drops its parsed request: 32 s of a storm's transactions stay in memory. */
    private volatile RawRequest raw;
    private final SipMessages messages;

    RawNonInviteTransaction(TransactionKey key, RawRequest raw, Flow flow, ReplyPath path, ServerTransactionTable table,
                            SipTransportMeters meters, SipMessages messages) {
        super(key, raw.method(), raw.callId(), flow, path, table, meters);
        this.raw = raw;
        this.messages = messages;
    }

    static TransactionKey keyOf(RawRequest raw) {
        String sentBy = raw.sentByHost() + ':'
                + (raw.sentByPort() > 0 ? raw.sentByPort() : SymmetricResponseRouting.DEFAULT_PORT);
        return new TransactionKey(raw.branch().toLowerCase(java.util.Locale.ROOT), sentBy, raw.method());
    }

    static ReplyPath replyPath(io.netty.channel.Channel channel, Flow flow, RawRequest raw) {
        if (flow.transport().reliable()) {
            return new ReplyPath(channel, flow.transport(), flow.remote());
        }
        return new ReplyPath(channel, flow.transport(), destination(raw, flow.remote()));
    }

    /** As the RI path after {@link SymmetricResponseRouting#stamp}: an empty rport stands for the source port. */
    static java.net.InetSocketAddress destination(RawRequest raw, java.net.InetSocketAddress source) {
        int rport = raw.hasRport() && raw.rport() <= 0 ? source.getPort() : raw.rport();
        return SymmetricResponseRouting.destination(rport, raw.sentByPort(), source);
    }

    @Override
    public RawRequest raw() {
        return raw;
    }

    @Override
    void releaseRequest() {
        super.releaseRequest();
        raw = null;
    }

    @Override
    public void respond(int status, String reason, List<String> headerLines) {
        RawRequest raw = this.raw;
        if (raw == null) {
            return;
        }
        // 401/407 keep no transaction (NonInviteServerTransaction#afterFinal): their tag says so.
        String tag = status == 401 || status == 407
                ? messages.statelessTag(raw.callId(), raw.fromTag(), raw.cseq(), raw.branch())
                : messages.toTag(raw.callId(), raw.fromTag(), raw.cseq(), raw.branch());
        send(status, RawResponse.build(raw, flow.remote(), status, reason, tag, headerLines, messages.serverLine()));
    }
}
