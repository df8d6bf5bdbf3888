package io.switchboard.dist;

import java.util.concurrent.CountDownLatch;

/** Keeps the main thread until SIGTERM/SIGINT, then closes the server once (ports first, cluster last). */
final class RunningServer {
    private RunningServer() {
    }

    static int runUntilStopped(AutoCloseable server) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("switchboard: error while stopping: " + e);
            } finally {
                stopped.countDown();
            }
        }, "shutdown"));
        stopped.await();
        return 0;
    }
}
