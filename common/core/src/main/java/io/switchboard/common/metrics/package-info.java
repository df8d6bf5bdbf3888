/** Micrometer metrics in Prometheus text format, served at /metrics by every process. */
package io.switchboard.common.metrics;
