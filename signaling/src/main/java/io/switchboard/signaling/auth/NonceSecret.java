package io.switchboard.signaling.auth;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.security.SecureRandom;

/**
 * The HMAC key of digest nonces, shared through Hazelcast so that after a signaling failover the
 * new active process accepts the nonces the old one issued.
 */
public final class NonceSecret {
    static final String MAP = "cluster-secrets";
    private static final String KEY = "digest-nonce-key";

    private NonceSecret() {
    }

    public static byte[] shared(HazelcastInstance hz) {
        IMap<String, byte[]> secrets = hz.getMap(MAP);
        byte[] mine = new byte[32];
        new SecureRandom().nextBytes(mine);
        byte[] existing = secrets.putIfAbsent(KEY, mine);
        return existing == null ? mine : existing;
    }
}
