package io.switchboard.signaling.registrar;

import io.switchboard.common.sip.PlainAddress;
import io.switchboard.common.sip.RawRequest;
import io.switchboard.signaling.auth.DigestCredentials;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Optional;
import javax.sip.address.SipURI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.UserAgentHeader;
import javax.sip.message.Request;

/**
 * What the registrar reads from a REGISTER (RFC 3261 §10.3), from either parser: the RI's
 * {@link Request} or a {@link RawRequest} (the storm's path). The binding rules then run once,
 * on this.
 *
 * @param aor           the To URI's user part; null when To is not a SIP URI with a user
 * @param headerExpires the Expires header, or -1
 * @param contacts      empty for a query
 * @param credentials   every Digest Authorization offered, in order
 * @param userAgent     the User-Agent value, or ""
 */
record RegisterRequest(String aor, String callId, long cseq, int headerExpires, List<RegisterContact> contacts,
                       List<DigestCredentials> credentials, String userAgent) {

    /**
     * A Contact value (RFC 3261 §10.2.1): the URI as the phone wrote it, its {@code expires} (-1:
     * none) and {@code +sip.instance} without the quotes (RFC 5626 §4.1; null: none).
     */
    record RegisterContact(String uri, int expires, String instance, boolean wildcard) {
        static final RegisterContact WILDCARD = new RegisterContact("*", -1, null, true);
    }

    static RegisterRequest fromSip(Request request) {
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        String aor = to != null && to.getAddress().getURI() instanceof SipURI uri && uri.getUser() != null
                && !uri.getUser().isEmpty() ? uri.getUser() : null;
        CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        CSeqHeader cseq = (CSeqHeader) request.getHeader(CSeqHeader.NAME);
        ExpiresHeader expires = request.getExpires();
        List<RegisterContact> contacts = new ArrayList<>(1);
        ListIterator<?> it = request.getHeaders(ContactHeader.NAME);
        while (it.hasNext()) {
            ContactHeader c = (ContactHeader) it.next();
            contacts.add(c.isWildCard() ? RegisterContact.WILDCARD
                    : new RegisterContact(c.getAddress().getURI().toString(), c.getExpires(), c.getParameter("+sip.instance"), false));
        }
        List<DigestCredentials> credentials = new ArrayList<>(1);
        ListIterator<?> auth = request.getHeaders(AuthorizationHeader.NAME);
        while (auth.hasNext()) {
            if (auth.next() instanceof AuthorizationHeader h && "Digest".equalsIgnoreCase(h.getScheme())) {
                credentials.add(DigestCredentials.from(h));
            }
        }
        UserAgentHeader ua = (UserAgentHeader) request.getHeader(UserAgentHeader.NAME);
        List<String> products = new ArrayList<>();
        if (ua != null) {
            ua.getProduct().forEachRemaining(p -> products.add(String.valueOf(p)));
        }
        return new RegisterRequest(aor, callId == null ? "" : callId.getCallId(), cseq == null ? 0 : cseq.getSeqNumber(),
                expires == null ? -1 : expires.getExpires(), contacts, credentials, String.join(" ", products));
    }

    /**
     * From the raw request, or null when a field is outside the plain shape this reads (a quoted
     * display name with a comma, a URI with headers or escapes, an IPv6 host, a quoted parameter
     * other than {@code +sip.instance}): the RI then reads the whole request, so both paths store
     * the same URI text for the same Contact.
     */
    static RegisterRequest fromRaw(RawRequest raw) {
        String to = raw.value(RawRequest.TO);
        String toUri = PlainAddress.uriOf(to);
        // From is only echoed, but a From the RI would refuse must get its 400 there, not our 401.
        if (toUri == null || PlainAddress.uriOf(raw.value(RawRequest.FROM)) == null) {
            return null;
        }
        String aor = userOf(toUri);
        int headerExpires = -1;
        String expires = raw.value(RawRequest.EXPIRES);
        if (expires != null) {
            headerExpires = number(expires);
            if (headerExpires < 0) {
                return null;
            }
        }
        List<RegisterContact> contacts = new ArrayList<>(1);
        if (raw.count(RawRequest.CONTACT) > 0) {
            for (String value : raw.values(RawRequest.CONTACT)) {
                if (!contactsOf(value, contacts)) {
                    return null;
                }
            }
        }
        List<DigestCredentials> credentials = new ArrayList<>(1);
        if (raw.count(RawRequest.AUTHORIZATION) > 0) {
            for (String value : raw.values(RawRequest.AUTHORIZATION)) {
                Optional<DigestCredentials> c = DigestCredentials.parse(value);
                if (c == null) {
                    return null;
                }
                c.ifPresent(credentials::add);
            }
        }
        String ua = raw.value(RawRequest.USER_AGENT);
        return new RegisterRequest(aor, raw.callId(), raw.cseq(), headerExpires, contacts, credentials, ua == null ? "" : ua);
    }




    private static String userOf(String uri) {
        int colon = uri.indexOf(':');
        int at = uri.indexOf('@');
        if (at < 0) {
            return null;
        }
        String userInfo = uri.substring(colon + 1, at);
        int password = userInfo.indexOf(':');
        String user = password < 0 ? userInfo : userInfo.substring(0, password);
        return user.isEmpty() ? null : user;
    }

    /** Adds the comma-separated contacts of one field; false when one is not plain. */
    private static boolean contactsOf(String value, List<RegisterContact> out) {
        if (value.equals("*")) {
            out.add(RegisterContact.WILDCARD);
            return true;
        }
        int start = 0;
        boolean quoted = false;
        boolean angle = false;
        for (int i = 0; i <= value.length(); i++) {
            char c = i < value.length() ? value.charAt(i) : ',';
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '<' && !quoted) {
                angle = true;
            } else if (c == '>' && !quoted) {
                angle = false;
            } else if (c == ',' && !quoted && !angle) {
                RegisterContact contact = contactOf(value.substring(start, i).strip());
                if (contact == null) {
                    return false;
                }
                out.add(contact);
                start = i + 1;
            }
        }
        return !quoted && !angle;
    }

    private static RegisterContact contactOf(String value) {
        String uri = PlainAddress.uriOf(value);
        if (uri == null) {
            return null;
        }
        int gt = value.indexOf('>');
        String params = gt >= 0 ? value.substring(gt + 1) : value.substring(uri.length());
        int expires = -1;
        String instance = null;
        for (String param : splitParams(params)) {
            if (param == null) {
                return null;
            }
            int eq = param.indexOf('=');
            String name = (eq < 0 ? param : param.substring(0, eq)).strip();
            String v = eq < 0 ? null : param.substring(eq + 1).strip();
            if (name.equalsIgnoreCase("expires")) {
                expires = v == null ? -1 : number(v);
                if (expires < 0) {
                    return null;
                }
            } else if (name.equalsIgnoreCase("+sip.instance")) {
                if (v == null || v.length() < 2 || v.charAt(0) != '"' || v.charAt(v.length() - 1) != '"') {
                    return null;
                }
                instance = v.substring(1, v.length() - 1);
            } else if (v != null && v.indexOf('"') >= 0) {
                return null;
            }
        }
        return new RegisterContact(uri, expires, instance, false);
    }

    /** The {@code ;name[=value]} parameters after a URI; a null element marks one that is not plain. */
    private static List<String> splitParams(String params) {
        List<String> out = new ArrayList<>(4);
        String rest = params.strip();
        if (rest.isEmpty()) {
            return out;
        }
        if (rest.charAt(0) != ';') {
            out.add(null);
            return out;
        }
        int start = 1;
        boolean quoted = false;
        for (int i = 1; i <= rest.length(); i++) {
            char c = i < rest.length() ? rest.charAt(i) : ';';
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ';' && !quoted) {
                String param = rest.substring(start, i);
                out.add(param.isBlank() ? null : param);
                start = i + 1;
            }
        }
        if (quoted) {
            out.add(null);
        }
        return out;
    }

    /** A non-negative decimal of at most 9 digits, or -1. */
    private static int number(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(s);
    }
}
