package io.switchboard.loadtest.peer;

import io.switchboard.loadtest.bench.NgSessions;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * The bench package's {@code RtpGenerator}, the very generator RelayBenchmark measures Switchboard's
 * relay with, reached by reflection because it is package-private there and this package may not
 * change it. (Making {@code RtpGenerator}, its {@code Window} and {@code Step} public would let
 * this adapter call it directly; the behaviour would be identical.)
 */
final class Generator implements AutoCloseable, NgSessions.Legs {
    private static final String CLASS = "io.switchboard.loadtest.bench.RtpGenerator";

    private final Object generator;
    private final Class<?> type;
    private final Class<?> windowType;

    /** What one run measured over its window (delays in microseconds). */
    record Step(long sent, long received, long sendFailures, double lossPercent, double receivedPerSecond,
                Histogram delayMicros, long maxLagMicros, long windowMicros) {
    }

    Generator() throws Exception {
        type = Class.forName(CLASS);
        windowType = Class.forName(CLASS + "$Window");
        var constructor = type.getDeclaredConstructor();
        constructor.setAccessible(true);
        generator = constructor.newInstance();
    }

    /** Two more legs; returns their local ports {caller, callee}. */
    @Override
    public int[] openSession() throws Exception {
        return (int[]) invoke("openSession", new Class<?>[] {});
    }

    @Override
    public void connect(int session, int callerSendsTo, int calleeSendsTo) throws Exception {
        invoke("connect", new Class<?>[] {int.class, int.class, int.class}, session, callerSendsTo, calleeSendsTo);
    }

    @Override
    public void srtp(int session, io.switchboard.media.srtp.SrtpKey callerSends, io.switchboard.media.srtp.SrtpKey callerHears)
            throws Exception {
        invoke("srtp", new Class<?>[] {int.class, io.switchboard.media.srtp.SrtpKey.class, io.switchboard.media.srtp.SrtpKey.class},
                session, callerSends, callerHears);
    }

    @Override
    public int sessions() throws Exception {
        return (int) invoke("sessions", new Class<?>[] {});
    }

    /** Streams {@code sessions} sessions for warmup + measure; {@code opened}/{@code closed} run at the window's edges. */
    Step run(int sessions, Duration warmup, Duration measure, Runnable opened, Runnable closed) throws Exception {
        Object window = Proxy.newProxyInstance(windowType.getClassLoader(), new Class<?>[] {windowType}, (proxy, m, args) -> {
            switch (m.getName()) {
                case "opened" -> opened.run();
                case "closed" -> closed.run();
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "toString" -> {
                    return "peer window";
                }
                default -> {
                }
            }
            return null;
        });
        Object step = invoke("run", new Class<?>[] {int.class, Duration.class, Duration.class, windowType},
                sessions, warmup, measure, window);
        return new Step((long) get(step, "sent"), (long) get(step, "received"), (long) get(step, "sendFailures"),
                (double) get(step, "lossPercent"), (double) get(step, "receivedPerSecond"),
                (Histogram) get(step, "delayMicros"), (long) get(step, "maxLagMicros"), (long) get(step, "windowMicros"));
    }

    @Override
    public void close() {
        try {
            invoke("close", new Class<?>[] {});
        } catch (Exception e) {
            throw new IllegalStateException("cannot close the RTP generator", e);
        }
    }

    private Object invoke(String name, Class<?>[] types, Object... args) throws Exception {
        Method m = type.getDeclaredMethod(name, types);
        m.setAccessible(true);
        try {
            return m.invoke(generator, args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    private static Object get(Object record, String accessor) throws Exception {
        Method m = record.getClass().getDeclaredMethod(accessor);
        m.setAccessible(true);
        return m.invoke(record);
    }
}
