package io.switchboard.signaling.ha;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows keepalived's decision: the member whose host carries the virtual IP is active. Polled
 * (an interface lookup is about 0.1 ms) every {@code ha.watch-interval}, 20 ms by default, on a
 * thread of its own: a promotion costs at most that on top of keepalived's own switch, and needs no
 * other work, since the standby is already bound, warm and holding every registration.
 */
public final class VirtualAddressWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VirtualAddressWatch.class);

    private final BooleanSupplier holdsAddress;
    private final HaRole role;
    private final Duration interval;
    private final Thread thread;
    private volatile boolean running = true;

    public VirtualAddressWatch(BooleanSupplier holdsAddress, HaRole role, Duration interval) {
        this.holdsAddress = holdsAddress;
        this.role = role;
        this.interval = interval;
        this.thread = new Thread(this::run, "ha-vip-watch");
        this.thread.setDaemon(true);
    }

    /** Whether {@code address} is configured on one of this host's (this network namespace's) interfaces. */
    public static BooleanSupplier onThisHost(InetAddress address) {
        return () -> {
            try {
                return NetworkInterface.getByInetAddress(address) != null;
            } catch (SocketException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    public VirtualAddressWatch start() {
        check();
        thread.start();
        return this;
    }

    /** One look: the role follows whether the address is here. Returns the state after it. */
    HaRole.State check() {
        boolean here;
        try {
            here = holdsAddress.getAsBoolean();
        } catch (RuntimeException e) {
            LOG.warn("cannot read this host's addresses, role kept as {}: {}", role.state(), e.toString());
            return role.state();
        }
        HaRole.State next = here ? HaRole.State.ACTIVE : HaRole.State.STANDBY;
        if (role.state() != next) {
            LOG.info(here ? "the virtual IP is here: this signaling member is now ACTIVE"
                    : "the virtual IP is not here: this signaling member is STANDBY");
            role.become(next);
        }
        return next;
    }

    private void run() {
        long nanos = interval.toNanos();
        while (running) {
            java.util.concurrent.locks.LockSupport.parkNanos(nanos);
            check();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
