package io.switchboard.signaling.trunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboundRouteTest {
    @Test
    void stripAndPrependNormaliseANationalNumberToE164() {
        OutboundRoute national = new OutboundRoute("national", 10, "0[1-9][0-9]{8}", 1, "+32", List.of("a"), "", false);
        assertThat(national.takes("0470123456", "1001")).isTrue();
        assertThat(national.takes("047012345", "1001")).as("the whole number must match").isFalse();
        assertThat(national.sent("0470123456")).isEqualTo("+32470123456");
    }

    @Test
    void callersLimitARouteButNeverAnEmergencyOne() {
        OutboundRoute intl = new OutboundRoute("intl", 10, "00[0-9]+", 0, "", List.of("a"), "10[0-4][0-9]", false);
        assertThat(intl.takes("0044123", "1001")).isTrue();
        assertThat(intl.takes("0044123", "2001")).isFalse();
        OutboundRoute sos = new OutboundRoute("sos", 0, "112|911", 0, "", List.of("a"), "nobody", true);
        assertThat(sos.takes("112", "2001")).isTrue();
    }

    @Test
    void aPatternThatDoesNotParseIsRefusedNamingTheFieldAndWhere() {
        OutboundRoute bad = new OutboundRoute("bad", 10, "0[1-9", 0, "", List.of("a"), "(", false);
        assertThat(bad.problems()).extracting(p -> p.field()).containsExactly("pattern", "callers");
        assertThat(bad.problems().get(0).reason()).contains("does not parse").contains("near index");
        assertThat(new OutboundRoute("x", 10, "9", 0, "+3a", List.of(), "", false).problems())
                .extracting(p -> p.field()).containsExactly("prepend", "trunks");
    }

    @Test
    void addressRangesMatchByPrefixForIpv4AndIpv6() throws Exception {
        AddressRange net = AddressRange.parse("203.0.113.0/24");
        assertThat(net.contains(InetAddress.getByName("203.0.113.200"))).isTrue();
        assertThat(net.contains(InetAddress.getByName("203.0.114.1"))).isFalse();
        assertThat(AddressRange.parse("198.51.100.7").contains(InetAddress.getByName("198.51.100.7"))).isTrue();
        assertThat(AddressRange.parse("2001:db8::/32").contains(InetAddress.getByName("2001:db8:1::5"))).isTrue();
        assertThat(AddressRange.parse("10.0.0.0/9").contains(InetAddress.getByName("10.127.255.255"))).isTrue();
        assertThat(AddressRange.parse("10.0.0.0/9").contains(InetAddress.getByName("10.128.0.0"))).isFalse();
        assertThat(AddressRange.problem("sip.example.com")).get().asString().contains("not an IP address");
        assertThat(AddressRange.problem("10.0.0.0/33")).get().asString().contains("prefix length");
    }
}
