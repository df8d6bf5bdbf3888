package io.switchboard.common.ivr;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import java.io.IOException;

/**
 * Stored format of {@link IvrApp} in the {@code ivr-apps} map, version 1: the name, the stored
 * revision and the YAML source; reading parses the source again.
 *
 * <p>Why the YAML and not the parsed menus: the YAML is already a documented, versioned format
 * that the operator wrote and the admin API must return verbatim, so storing both would keep two
 * copies that could disagree. A build that meets a definition it no longer accepts fails the read
 * with the parser's line and reason rather than guessing. Prompts are not re-checked on read.
 */
public final class IvrAppSerializer implements StreamSerializer<IvrApp> {
    public static final int TYPE_ID = 400;
    private static final byte VERSION = 1;

    @Override
    public void write(ObjectDataOutput out, IvrApp app) throws IOException {
        out.writeByte(VERSION);
        out.writeString(app.name());
        out.writeInt(app.version());
        out.writeString(app.source());
    }

    @Override
    public IvrApp read(ObjectDataInput in) throws IOException {
        byte version = in.readByte();
        if (version != VERSION) {
            throw new IOException("ivr-apps entry in format " + version + ", this build reads " + VERSION);
        }
        String name = in.readString();
        int revision = in.readInt();
        String source = in.readString();
        try {
            return IvrAppParser.parseStored(source).withVersion(revision);
        } catch (IvrDefinitionException e) {
            throw new IOException("ivr-apps entry '" + name + "' does not parse with this build: " + e.getMessage(), e);
        }
    }

    @Override
    public int getTypeId() {
        return TYPE_ID;
    }
}
