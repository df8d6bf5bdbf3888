/**
 * Benchmarks and the {@code loadtest} command: SIPp-driven registration, call-rate and held-call
 * runs, the RTP relay and IVR pacing measurements, and {@link io.switchboard.loadtest.bench.LoadtestMain},
 * which runs them as scenarios and writes the report (see the report package).
 */
package io.switchboard.loadtest.bench;
