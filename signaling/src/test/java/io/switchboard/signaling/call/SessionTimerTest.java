package io.switchboard.signaling.call;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 4028 negotiation as plain decisions on header values. */
class SessionTimerTest {

    @Test
    void anIntervalBelowOurMinSeIsRefusedWith422NamingIt_rfc4028_9() {
        SessionTimer.Negotiated n = SessionTimer.asUas("60;refresher=uac", null, true, 1800);
        assertThat(n.refused()).isTrue();
        assertThat(n.minSeRequired()).isEqualTo(90);
    }

    @Test
    void aCallerRefreshesOnlyWhenItNamesItselfTheRefresher_rfc4028_9() {
        SessionTimer uac = SessionTimer.asUas("90;refresher=uac", null, true, 1800).timer();
        assertThat(uac).isEqualTo(new SessionTimer(90, false, true));
        assertThat(uac.sessionExpiresAsUas()).isEqualTo("90;refresher=uac");
        assertThat(SessionTimer.asUas("600", null, true, 1800).timer().weRefresh()).as("no refresher named: we refresh").isTrue();
        assertThat(SessionTimer.asUas(null, null, true, 1800).timer().weRefresh()).isTrue();
        assertThat(SessionTimer.asUas("600;refresher=uas", null, true, 1800).timer().weRefresh()).isTrue();
    }

    @Test
    void aCallerWithoutTimerSupportIsRefreshedByUsAtOurInterval_rfc4028_9() {
        SessionTimer t = SessionTimer.asUas(null, null, false, 1800).timer();
        assertThat(t).isEqualTo(new SessionTimer(1800, true, false));
        assertThat(t.sessionExpiresAsUas()).isEqualTo("1800;refresher=uas");
    }

    @Test
    void theIntervalIsTheSmallerOfOursAndTheCallersButNeverBelowItsMinSe_rfc4028_9() {
        assertThat(SessionTimer.asUas("7200", null, true, 1800).timer().seconds()).isEqualTo(1800);
        assertThat(SessionTimer.asUas("300", null, true, 1800).timer().seconds()).isEqualTo(300);
        assertThat(SessionTimer.asUas(null, "3600", true, 1800).timer().seconds()).isEqualTo(3600);
    }

    @Test
    void offMeansNoTimerUnlessTheCallerAsksForOne() {
        assertThat(SessionTimer.asUas(null, null, true, 0).timer()).isNull();
        assertThat(SessionTimer.asUas(null, null, true, 0).refused()).isFalse();
        assertThat(SessionTimer.asUas("120", null, true, 0).timer().seconds()).isEqualTo(120);
    }

    @Test
    void aCalleeWithoutSessionExpiresIsRefreshedByUs_rfc4028_7_4() {
        assertThat(SessionTimer.asUac(null, 90)).isEqualTo(new SessionTimer(90, true, false));
        assertThat(SessionTimer.asUac("120;refresher=uas", 90)).isEqualTo(new SessionTimer(120, false, true));
        assertThat(SessionTimer.asUac("120;refresher=uac", 90).weRefresh()).isTrue();
    }

    @Test
    void refreshAtHalfTheIntervalAndExpireBeforeItsEnd_rfc4028_10() {
        SessionTimer t = new SessionTimer(90, true, true);
        assertThat(t.refreshAfterMillis()).isEqualTo(45_000);
        assertThat(t.expireAfterMillis()).isEqualTo(60_000);
        assertThat(new SessionTimer(1800, false, true).expireAfterMillis()).isEqualTo(1_768_000);
    }

    @Test
    void garbledValuesReadAsZero() {
        assertThat(SessionTimer.seconds("abc;refresher=uac")).isZero();
        assertThat(SessionTimer.asUas("abc", null, true, 1800).refused()).isTrue();
    }
}
