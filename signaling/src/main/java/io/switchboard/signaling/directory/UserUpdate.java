package io.switchboard.signaling.directory;

import com.hazelcast.map.EntryProcessor;
import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.util.Map;

/**
 * A partial update applied at the user's partition owner, so it is atomic across the cluster and
 * never works from a stale near-cache copy. The caller hashes a new password; only HA1 values
 * travel. Null fields are left as they are; a missing user yields null.
 */
final class UserUpdate implements EntryProcessor<String, SipUser, SipUser>, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String realm;
    private final String ha1Md5;
    private final String ha1Sha256;
    private final String displayName;
    private final Boolean enabled;
    private final long nowMillis;

    UserUpdate(String realm, String ha1Md5, String ha1Sha256, String displayName, Boolean enabled, Instant now) {
        this.realm = realm;
        this.ha1Md5 = ha1Md5;
        this.ha1Sha256 = ha1Sha256;
        this.displayName = displayName;
        this.enabled = enabled;
        this.nowMillis = now.toEpochMilli();
    }

    @Override
    public SipUser process(Map.Entry<String, SipUser> entry) {
        SipUser old = entry.getValue();
        if (old == null) {
            return null;
        }
        SipUser updated = new SipUser(
                old.extension(),
                displayName != null ? displayName : old.displayName(),
                enabled != null ? enabled : old.enabled(),
                ha1Md5 != null ? realm : old.realm(),
                ha1Md5 != null ? ha1Md5 : old.ha1Md5(),
                ha1Sha256 != null ? ha1Sha256 : old.ha1Sha256(),
                old.createdAt(),
                Instant.ofEpochMilli(nowMillis));
        entry.setValue(updated);
        return updated;
    }
}
