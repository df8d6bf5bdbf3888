package io.switchboard.common.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Stored format of {@link NodeStatus} in the {@code nodes} map, version 1. */
public final class NodeStatusSerializer implements StreamSerializer<NodeStatus> {
    public static final int TYPE_ID = 1;
    private static final byte VERSION = 1;

    @Override
    public void write(ObjectDataOutput out, NodeStatus s) throws IOException {
        out.writeByte(VERSION);
        out.writeString(s.name());
        out.writeString(s.role());
        out.writeString(s.privateAddress());
        out.writeString(s.publicAddress());
        out.writeInt(s.ports().size());
        for (Map.Entry<String, Integer> e : s.ports().entrySet()) {
            out.writeString(e.getKey());
            out.writeInt(e.getValue());
        }
        out.writeString(s.version());
        out.writeInt(s.activeSessions());
        out.writeInt(s.capacity());
        out.writeLong(s.startedAt());
        out.writeLong(s.heartbeatAt());
        out.writeLong(s.heartbeatMillis());
        out.writeBoolean(s.stopping());
    }

    @Override
    public NodeStatus read(ObjectDataInput in) throws IOException {
        byte version = in.readByte();
        if (version != VERSION) {
            throw new IOException("nodes entry in format " + version + ", this build reads " + VERSION);
        }
        String name = in.readString();
        String role = in.readString();
        String priv = in.readString();
        String pub = in.readString();
        int n = in.readInt();
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            ports.put(in.readString(), in.readInt());
        }
        return new NodeStatus(name, role, priv, pub, ports, in.readString(), in.readInt(), in.readInt(),
                in.readLong(), in.readLong(), in.readLong(), in.readBoolean());
    }

    @Override
    public int getTypeId() {
        return TYPE_ID;
    }
}
