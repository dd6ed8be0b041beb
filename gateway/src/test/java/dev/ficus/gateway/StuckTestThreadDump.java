package dev.ficus.gateway;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Prints every thread's stack, held locks and awaited lock when a test is still running after {@value #AFTER_SECONDS}
 * seconds (the longest test takes about 10 s; the clients' timeouts are 20 s and more), into the test's output file
 * ({@code target/surefire-reports/*-output.txt}), while whatever holds it up still does.
 *
 * <p>Why: in 2026-12 about one full run in three had one request that was never answered, and a dump taken after
 * the client's timeout showed nothing. The dump this class took while one was stuck (every event loop idle, no
 * thread blocked) pointed at Reactor Netty losing a kept-alive request, which
 * {@code KeepAliveEnvironmentPostProcessor} works around. Kept for the next hang of any kind. Registered for all
 * test classes through {@code junit-platform.properties}.
 */
public final class StuckTestThreadDump implements BeforeEachCallback, AfterEachCallback {

    static final long AFTER_SECONDS = 15;

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "stuck-test-thread-dump");
        thread.setDaemon(true);
        return thread;
    });

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            StuckTestThreadDump.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        String test = context.getDisplayName() + " in " + context.getRequiredTestClass().getSimpleName();
        ScheduledFuture<?> dump = TIMER.schedule(() -> System.out.printf(
                "%n=== %s still running after %d s; threads:%n%s=== end of thread dump%n", test, AFTER_SECONDS,
                threadDump()), AFTER_SECONDS, TimeUnit.SECONDS);
        context.getStore(NAMESPACE).put("dump", dump);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        ScheduledFuture<?> dump = context.getStore(NAMESPACE).remove("dump", ScheduledFuture.class);
        if (dump != null) {
            dump.cancel(false);
        }
    }

    /** All threads with their full stacks, the monitors and locks each holds, and the one each waits for. */
    public static String threadDump() {
        StringBuilder out = new StringBuilder();
        for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            out.append('"').append(thread.getThreadName()).append("\" ").append(thread.getThreadState());
            if (thread.getLockInfo() != null) {
                out.append(" on ").append(thread.getLockInfo());
                if (thread.getLockOwnerName() != null) {
                    out.append(" owned by \"").append(thread.getLockOwnerName()).append('"');
                }
            }
            out.append('\n');
            StackTraceElement[] stack = thread.getStackTrace();
            for (int i = 0; i < stack.length; i++) {
                out.append("    at ").append(stack[i]).append('\n');
                for (MonitorInfo monitor : thread.getLockedMonitors()) {
                    if (monitor.getLockedStackDepth() == i) {
                        out.append("      - locked ").append(monitor).append('\n');
                    }
                }
            }
            for (LockInfo lock : thread.getLockedSynchronizers()) {
                out.append("    - holds ").append(lock).append('\n');
            }
        }
        return out.toString();
    }
}
