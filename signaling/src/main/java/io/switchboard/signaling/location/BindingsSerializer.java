package io.switchboard.signaling.location;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Stored format of {@link Bindings} in the {@code registrations} map, version 1. */
public final class BindingsSerializer implements StreamSerializer<Bindings> {
    public static final int TYPE_ID = 100;
    private static final byte VERSION = 1;

    @Override
    public void write(ObjectDataOutput out, Bindings b) throws IOException {
        out.writeByte(VERSION);
        out.writeString(b.aor());
        out.writeInt(b.contacts().size());
        for (Binding c : b.contacts()) {
            out.writeString(c.contact());
            out.writeString(c.instanceId());
            out.writeString(c.callId());
            out.writeLong(c.cseq());
            out.writeLong(c.expiresAt());
            out.writeString(c.source());
            out.writeString(c.transport());
            out.writeLong(c.registeredAt());
            out.writeString(c.userAgent());
        }
    }

    @Override
    public Bindings read(ObjectDataInput in) throws IOException {
        byte version = in.readByte();
        if (version != VERSION) {
            throw new IOException("registrations entry in format " + version + ", this build reads " + VERSION);
        }
        String aor = in.readString();
        int n = in.readInt();
        List<Binding> contacts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            contacts.add(new Binding(in.readString(), in.readString(), in.readString(), in.readLong(), in.readLong(),
                    in.readString(), in.readString(), in.readLong(), in.readString()));
        }
        return new Bindings(aor, contacts);
    }

    @Override
    public int getTypeId() {
        return TYPE_ID;
    }
}
