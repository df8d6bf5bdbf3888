/**
 * {@code switchboard service}: runs this host's roles as services, under systemd where systemd is PID 1 and as
 * supervised processes with a PID file elsewhere (containers, CI). The command line the cluster's
 * {@code extend} step calls on a worker host after extracting the archive to /opt/switchboard.
 */
package io.switchboard.dist.service;
