package io.switchboard.common.sip;

/**
 * RFC 3261 timer values (Appendix A) derived from T1 so that a short test T1 scales them all:
 * T2 = 8·T1 (4 s), T4 = 10·T1 (5 s), and the 64·T1 lifetime of Timers B, F, H, J and L.
 */
record SipTimers(long t1Millis, long t2Millis, long t4Millis, long lifetimeMillis) {

    static SipTimers of(int t1Millis) {
        return new SipTimers(t1Millis, 8L * t1Millis, 10L * t1Millis, 64L * t1Millis);
    }
}
