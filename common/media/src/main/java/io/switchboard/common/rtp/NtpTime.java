package io.switchboard.common.rtp;

/** NTP timestamps as RTCP carries them (RFC 3550 section 4): seconds since 1900 in 32.32 fixed point. */
public final class NtpTime {
    /** Seconds from 1900-01-01 to 1970-01-01 (RFC 868). */
    private static final long EPOCH_OFFSET = 2_208_988_800L;

    private NtpTime() {
    }

    public static long fromEpochMillis(long millis) {
        long seconds = Math.floorDiv(millis, 1000) + EPOCH_OFFSET;
        long fraction = ((long) Math.floorMod(millis, 1000) << 32) / 1000;
        return (seconds << 32) | fraction;
    }

    /** The middle 32 bits, the form LSR and DLSR use (RFC 3550 section 6.4.1). */
    public static long middle32(long ntp) {
        return (ntp >>> 16) & 0xffff_ffffL;
    }

    public static long toEpochMillis(long ntp) {
        long seconds = (ntp >>> 32) - EPOCH_OFFSET;
        long fraction = ntp & 0xffff_ffffL;
        return seconds * 1000 + ((fraction * 1000) >>> 32);
    }
}
