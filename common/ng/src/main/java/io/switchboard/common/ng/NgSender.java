package io.switchboard.common.ng;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * Sends one typed ng command without blocking the caller. {@link NgClient} is the UDP one; code
 * that drives media servers depends on this, so its tests can answer with a lambda.
 */
@FunctionalInterface
public interface NgSender {
    /**
     * The reply, or an exceptional completion: {@link NgTimeoutException} when the server stayed
     * silent, {@link NgProtocolException} when its reply was unreadable as one.
     */
    CompletableFuture<NgReply> send(InetSocketAddress server, NgCommand command);
}
