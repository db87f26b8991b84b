package org.entryguard.regulator;

import java.lang.reflect.Method;

import com.fasterxml.jackson.databind.JsonNode;

import io.netty.channel.ChannelHandler;

import org.entryguard.regulator.store.AlertFeed;
import org.entryguard.regulator.store.AlertStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seam to the duty officers' console ({@code org.entryguard.regulator.console.Console}, built on its own
 * branch): found by name so this module builds and runs with or without it.
 * TODO(merge): once the console is on main, replace the reflection with direct calls to Console.create / newHandler / close.
 */
final class ConsoleHook implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleHook.class);
    static final String CLASS = "org.entryguard.regulator.console.Console";

    private final Object console;
    private final Method newHandler;

    private ConsoleHook(Object console, Method newHandler) {
        this.console = console;
        this.newHandler = newHandler;
    }

    /** The console class {@code name} over {@code store} and {@code feed}, or null when this build has none. */
    static ConsoleHook create(String name, AlertStore store, AlertFeed feed, JsonNode settings) {
        Class<?> c;
        try {
            c = Class.forName(name);
        } catch (ClassNotFoundException e) {
            LOG.info("no console in this build ({} is absent): serving intake and metrics only", name);
            return null;
        }
        try {
            Object console = c.getMethod("create", AlertStore.class, AlertFeed.class, JsonNode.class).invoke(null, store, feed, settings);
            return new ConsoleHook(console, c.getMethod("newHandler"));
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof RuntimeException r) throw r;
            throw new IllegalStateException("cannot start the console: " + cause, cause);
        }
    }

    /** A fresh console handler for one channel. */
    ChannelHandler newHandler() {
        try {
            return (ChannelHandler) newHandler.invoke(console);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("console.newHandler() failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        try {
            console.getClass().getMethod("close").invoke(console);
        } catch (ReflectiveOperationException e) {
            LOG.warn("closing the console failed: {}", String.valueOf(e.getCause()));
        }
    }
}
