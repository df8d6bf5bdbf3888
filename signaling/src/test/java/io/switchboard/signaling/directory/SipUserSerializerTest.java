package io.switchboard.signaling.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SipUserSerializerTest {

    @Test
    void roundTripsEveryFieldWithTypeId200() {
        SerializationConfig config = new SerializationConfig().addSerializerConfig(new SerializerConfig()
                .setTypeClass(SipUser.class).setImplementation(new SipUserSerializer()));
        InternalSerializationService ss = new DefaultSerializationServiceBuilder().setConfig(config).build();
        SipUser user = new SipUser("alice.trunk", "Alice Ünïcode", false, "pbx.example.com",
                "0".repeat(32), "f".repeat(64), Instant.ofEpochMilli(1), Instant.ofEpochMilli(2));

        Data data = ss.toData(user);

        assertThat(data.getType()).isEqualTo(SipUserSerializer.TYPE_ID);
        assertThat((SipUser) ss.toObject(data)).isEqualTo(user);
    }
}
