package io.switchboard.signaling.call;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Stored format of {@link CallRecord} in the {@code calls} map, version 3 (2 had no trunk fields and session
 * timers, 1 no SDPs; both still read).
 */
public final class CallRecordSerializer implements StreamSerializer<CallRecord> {
    public static final int TYPE_ID = 300;
    private static final byte VERSION = 3;

    @Override
    public void write(ObjectDataOutput out, CallRecord c) throws IOException {
        out.writeByte(VERSION);
        out.writeString(c.id());
        out.writeString(c.caller());
        out.writeString(c.callee());
        out.writeString(c.state().name());
        out.writeLong(c.startedAt());
        out.writeLong(c.answeredAt());
        writeLeg(out, c.legA());
        writeLeg(out, c.legB());
        out.writeString(c.mediaNode());
        out.writeString(c.mediaNg());
        out.writeString(c.sdpToA());
        out.writeString(c.sdpToB());
        out.writeString(c.trunk());
        out.writeString(c.sentNumber());
        out.writeString(c.channel());
        writeTimer(out, c.timerA());
        writeTimer(out, c.timerB());
    }

    private static void writeTimer(ObjectDataOutput out, SessionTimer t) throws IOException {
        out.writeInt(t == null ? 0 : t.seconds());
        out.writeBoolean(t != null && t.weRefresh());
        out.writeBoolean(t != null && t.peerSupports());
    }

    private static SessionTimer readTimer(ObjectDataInput in) throws IOException {
        int seconds = in.readInt();
        boolean weRefresh = in.readBoolean();
        boolean peerSupports = in.readBoolean();
        return seconds == 0 ? null : new SessionTimer(seconds, weRefresh, peerSupports);
    }

    private static void writeLeg(ObjectDataOutput out, LegRecord l) throws IOException {
        out.writeBoolean(l != null);
        if (l == null) {
            return;
        }
        out.writeString(l.callId());
        out.writeString(l.localTag());
        out.writeString(l.remoteTag());
        out.writeString(l.localUri());
        out.writeString(l.remoteUri());
        out.writeString(l.remoteTarget());
        out.writeInt(l.routeSet().size());
        for (String r : l.routeSet()) {
            out.writeString(r);
        }
        out.writeLong(l.localCseq());
        out.writeLong(l.remoteCseq());
        out.writeString(l.peer());
        out.writeString(l.transport());
    }

    @Override
    public CallRecord read(ObjectDataInput in) throws IOException {
        byte version = in.readByte();
        if (version < 1 || version > VERSION) {
            throw new IOException("calls entry in format " + version + ", this build reads 1 to " + VERSION);
        }
        String id = in.readString();
        String caller = in.readString();
        String callee = in.readString();
        CallState state = CallState.valueOf(in.readString());
        long startedAt = in.readLong();
        long answeredAt = in.readLong();
        LegRecord a = readLeg(in);
        LegRecord b = readLeg(in);
        String node = in.readString();
        String ng = in.readString();
        String sdpToA = version >= 2 ? in.readString() : null;
        String sdpToB = version >= 2 ? in.readString() : null;
        String trunk = version >= 3 ? in.readString() : "";
        String sent = version >= 3 ? in.readString() : "";
        String channel = version >= 3 ? in.readString() : "";
        SessionTimer timerA = version >= 3 ? readTimer(in) : null;
        SessionTimer timerB = version >= 3 ? readTimer(in) : null;
        return new CallRecord(id, caller, callee, state, startedAt, answeredAt, a, b, node, ng, sdpToA, sdpToB, trunk, sent, channel,
                timerA, timerB);
    }

    private static LegRecord readLeg(ObjectDataInput in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        String callId = in.readString();
        String localTag = in.readString();
        String remoteTag = in.readString();
        String localUri = in.readString();
        String remoteUri = in.readString();
        String target = in.readString();
        int n = in.readInt();
        List<String> routes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            routes.add(in.readString());
        }
        return new LegRecord(callId, localTag, remoteTag, localUri, remoteUri, target, routes, in.readLong(),
                in.readLong(), in.readString(), in.readString());
    }

    @Override
    public int getTypeId() {
        return TYPE_ID;
    }
}
