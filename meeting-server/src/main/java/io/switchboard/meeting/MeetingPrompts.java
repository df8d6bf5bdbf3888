package io.switchboard.meeting;

import java.nio.file.Path;
import java.util.List;

/**
 * The prompts a meeting node ships (PIN prompt, join and leave tones, mute and moderator
 * confirmations, music while waiting for the moderator), copied into the prompt directory when
 * missing, never over an operator's file.
 */
final class MeetingPrompts {
    static final List<String> SHIPPED = List.of("moh", "conf-enter-pin", "conf-pin-wrong", "conf-goodbye", "conf-locked",
            "conf-full", "conf-only-participant", "conf-muted", "conf-unmuted", "conf-moderator", "conf-waiting-for-moderator",
            "conf-all-muted", "conf-all-unmuted", "conf-room-locked", "conf-room-unlocked", "conf-not-moderator", "conf-ended",
            "conf-join", "conf-leave", "conf-there-are", "conf-participants", "conf-more-than-20");

    private MeetingPrompts() {
    }

    static void install(Path dir) {
        io.switchboard.common.prompt.ShippedPrompts.install(dir, MeetingPrompts.class, SHIPPED, "meeting server");
        io.switchboard.common.prompt.ShippedPrompts.install(dir, io.switchboard.common.prompt.ShippedPrompts.class,
                io.switchboard.common.prompt.ShippedPrompts.NUMBERS, "media engine");
    }
}
