package io.switchboard.loadtest.peer;

import java.util.List;
import java.util.Map;

/**
 * What one peer (Kamailio, rtpengine) measured in a comparison run: figures by name with the same
 * names and units as Switchboard's (e.g. {@code registrations_per_s}), and optional time series.
 *
 * @param series name -> list of [seconds since start, value] points (e.g. "rate", "failures")
 */
public record PeerResult(String peer, String version, Map<String, Double> figures, Map<String, List<double[]>> series) {
}
