package io.switchboard.common.sip;

/**
 * Settings of one {@link SipTransport}.
 *
 * @param bindAddress       IPv4 address to listen on ({@code 0.0.0.0} for all)
 * @param port              SIP port for UDP and TCP alike; 0 picks an ephemeral port (UDP first, TCP on the same number)
 * @param udp               listen on UDP
 * @param tcp               listen on TCP
 * @param workerThreads     threads calling the {@link SipRequestHandler}; they may block
 * @param queueCapacity     requests waiting for a worker; beyond it new requests get 503 + Retry-After at the socket
 * @param perSourceRate     requests/s one source IP may use while the queue is more than 25% full
 * @param maxMessageBytes   largest message accepted (a datagram filling 65535 bytes is taken as truncated)
 * @param socketBufferBytes SO_RCVBUF and SO_SNDBUF
 * @param t1Millis          RFC 3261 T1; T2 = 8·T1, T4 = 10·T1 and transaction lifetimes 64·T1 keep the RFC's ratios
 * @param advertisedAddress host put in our Via and Contact towards every peer; null: the bind address if
 *                          specific, else a guess per peer (see {@link SipTransport#viaHost})
 * @param streams           the TCP and TLS connection limits (the slow-loris and flood defences)
 */
public record SipTransportSettings(String bindAddress, int port, boolean udp, boolean tcp, int workerThreads,
                                   int queueCapacity, int perSourceRate, int maxMessageBytes,
                                   int socketBufferBytes, int t1Millis, String advertisedAddress, StreamLimits streams) {

    /**
     * Limits of TCP and TLS connections.
     *
     * @param readTimeout      a new connection's first message, and every message once begun, must be
     *                         complete within it (keep-alives between messages do not count)
     * @param perSource        open connections one source IP may hold (an office behind one NAT holds many)
     * @param total            open connections in all; beyond it new ones are closed at once
     */
    public record StreamLimits(java.time.Duration readTimeout, int perSource, int total) {
        public StreamLimits {
            require(!readTimeout.isNegative() && !readTimeout.isZero(), "sip stream read timeout must be positive, got " + readTimeout);
            require(perSource >= 1, "sip connections per source must be >= 1, got " + perSource);
            require(total >= perSource, "sip connections in all must be >= those per source, got " + total);
        }

        /** 10 s to read a message; 1,000 connections per source IP, 100,000 in all. */
        public static StreamLimits defaults() {
            return new StreamLimits(java.time.Duration.ofSeconds(10), 1000, 100_000);
        }
    }

    /** The largest datagram we read; a datagram of exactly this size was cut by the buffer. */
    public static final int MAX_DATAGRAM = 65535;

    public SipTransportSettings {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("sip.bindAddress must be an IPv4 address");
        }
        require(port >= 0 && port <= 65535, "sip.port must be 0..65535, got " + port);
        require(udp || tcp, "sip.udp and sip.tcp are both false: nothing to listen on");
        require(workerThreads >= 1, "sip.workerThreads must be >= 1, got " + workerThreads);
        require(queueCapacity >= 1, "sip.queueCapacity must be >= 1, got " + queueCapacity);
        require(perSourceRate >= 1, "sip.perSourceRate must be >= 1, got " + perSourceRate);
        require(maxMessageBytes >= 1024 && maxMessageBytes <= MAX_DATAGRAM,
                "sip.maxMessageBytes must be 1024..65535, got " + maxMessageBytes);
        require(socketBufferBytes >= 4096, "sip.socketBufferBytes must be >= 4096, got " + socketBufferBytes);
        require(t1Millis >= 1, "sip.t1Millis must be >= 1, got " + t1Millis);
        require(advertisedAddress == null || !advertisedAddress.isBlank(), "sip.advertisedAddress must not be blank");
        require(streams != null, "sip stream limits must be given");
    }

    /** Without an advertised address (derived from the bind address, see {@link #advertisedAddress}). */
    public SipTransportSettings(String bindAddress, int port, boolean udp, boolean tcp, int workerThreads,
                                int queueCapacity, int perSourceRate, int maxMessageBytes,
                                int socketBufferBytes, int t1Millis) {
        this(bindAddress, port, udp, tcp, workerThreads, queueCapacity, perSourceRate, maxMessageBytes,
                socketBufferBytes, t1Millis, null, StreamLimits.defaults());
    }

    /** Port 5060 on all addresses, UDP and TCP, 16 workers, 4096 queued requests, RFC timers. */
    public static SipTransportSettings defaults() {
        return new SipTransportSettings("0.0.0.0", 5060, true, true, 16, 4096, 500, MAX_DATAGRAM, 4 << 20, 500);
    }

    public SipTransportSettings withAddress(String bindAddress, int port) {
        return new SipTransportSettings(bindAddress, port, udp, tcp, workerThreads, queueCapacity, perSourceRate,
                maxMessageBytes, socketBufferBytes, t1Millis, advertisedAddress, streams);
    }

    public SipTransportSettings withWorkers(int workerThreads, int queueCapacity) {
        return new SipTransportSettings(bindAddress, port, udp, tcp, workerThreads, queueCapacity, perSourceRate,
                maxMessageBytes, socketBufferBytes, t1Millis, advertisedAddress, streams);
    }

    public SipTransportSettings withPerSourceRate(int perSourceRate) {
        return new SipTransportSettings(bindAddress, port, udp, tcp, workerThreads, queueCapacity, perSourceRate,
                maxMessageBytes, socketBufferBytes, t1Millis, advertisedAddress, streams);
    }

    public SipTransportSettings withT1Millis(int t1Millis) {
        return new SipTransportSettings(bindAddress, port, udp, tcp, workerThreads, queueCapacity, perSourceRate,
                maxMessageBytes, socketBufferBytes, t1Millis, advertisedAddress, streams);
    }

    public SipTransportSettings withAdvertisedAddress(String advertisedAddress) {
        return new SipTransportSettings(bindAddress, port, udp, tcp, workerThreads, queueCapacity, perSourceRate,
                maxMessageBytes, socketBufferBytes, t1Millis, advertisedAddress, streams);
    }

    public SipTransportSettings withStreams(StreamLimits streams) {
        return new SipTransportSettings(bindAddress, port, udp, tcp, workerThreads, queueCapacity, perSourceRate,
                maxMessageBytes, socketBufferBytes, t1Millis, advertisedAddress, streams);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
