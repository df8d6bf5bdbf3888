/** Configuration: one YAML file per process, overridable per key by environment variables, validated at start against the reference files. */
package io.switchboard.common.config;
