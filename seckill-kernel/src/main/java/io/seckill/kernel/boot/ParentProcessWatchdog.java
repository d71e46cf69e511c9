package io.seckill.kernel.boot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * Closes the application when the process that started it ends, however it ends (Ctrl-C, SIGKILL, a crash):
 * the dev stack's services must never outlive the launcher. {@link ProcessHandle#onExit()} is notified by the
 * JDK, so nothing polls.
 */
class ParentProcessWatchdog implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ParentProcessWatchdog.class);

    private final long parentPid;
    private final ConfigurableApplicationContext context;
    private volatile boolean running;

    ParentProcessWatchdog(long parentPid, ConfigurableApplicationContext context) {
        this.parentPid = parentPid;
        this.context = context;
    }

    @Override
    public void start() {
        running = true;
        ProcessHandle.of(parentPid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(this::parentGone),
                this::parentGone);
    }

    private void parentGone() {
        if (!running) {
            return;
        }
        log.warn("parent process {} has ended; shutting down", parentPid);
        Thread.ofPlatform().name("parent-watchdog-exit").start(() -> {
            context.close();
            System.exit(0);
        });
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
