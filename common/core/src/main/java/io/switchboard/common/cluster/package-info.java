/** Cluster membership (Hazelcast, TCP/IP join) and the registry of live nodes that every process heartbeats into. */
package io.switchboard.common.cluster;
