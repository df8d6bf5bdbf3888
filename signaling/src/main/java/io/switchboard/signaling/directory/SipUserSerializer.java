package io.switchboard.signaling.directory;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import java.io.IOException;
import java.time.Instant;

/**
 * The stored form of a {@link SipUser} in Hazelcast. Layout (version 1): format version byte,
 * extension, display name, enabled, realm, HA1 MD5, HA1 SHA-256 (strings as Hazelcast UTF-8),
 * created and updated as epoch milliseconds. A new layout gets a new version byte and this class
 * keeps reading the old ones, so members of mixed versions can share the map during an upgrade.
 */
public final class SipUserSerializer implements StreamSerializer<SipUser> {

    public static final int TYPE_ID = 200;
    private static final byte VERSION_1 = 1;

    @Override
    public int getTypeId() {
        return TYPE_ID;
    }

    @Override
    public void write(ObjectDataOutput out, SipUser user) throws IOException {
        out.writeByte(VERSION_1);
        out.writeString(user.extension());
        out.writeString(user.displayName());
        out.writeBoolean(user.enabled());
        out.writeString(user.realm());
        out.writeString(user.ha1Md5());
        out.writeString(user.ha1Sha256());
        out.writeLong(user.createdAt().toEpochMilli());
        out.writeLong(user.updatedAt().toEpochMilli());
    }

    @Override
    public SipUser read(ObjectDataInput in) throws IOException {
        byte version = in.readByte();
        if (version != VERSION_1) {
            throw new IOException("SipUser format version " + version + " is not known (expected " + VERSION_1 + ")");
        }
        return new SipUser(
                in.readString(),
                in.readString(),
                in.readBoolean(),
                in.readString(),
                in.readString(),
                in.readString(),
                Instant.ofEpochMilli(in.readLong()),
                Instant.ofEpochMilli(in.readLong()));
    }
}
