package io.switchboard.media.srtp;

/**
 * How one leg's endpoint speaks SRTP with SDES (RFC 4568): the profile it used ({@code RTP/SAVP} or
 * {@code RTP/SAVPF}), the tag and suite of the crypto line agreed, the key it sends with (its own
 * {@code a=crypto}) and the key this node sends to it with (ours, in the SDP we sent it). The relay
 * terminates SRTP per leg: what it receives is decrypted with {@code theirs}, what it sends is
 * encrypted with {@code ours}, so an SRTP phone can talk to a plain one and to the workers.
 * {@code theirs} is null while an SRTP offer of ours awaits the endpoint's answer.
 */
public record SrtpProfile(String protocol, int tag, SrtpKey theirs, SrtpKey ours) {
}
