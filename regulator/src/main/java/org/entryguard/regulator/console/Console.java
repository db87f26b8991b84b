package org.entryguard.regulator.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.ChannelHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.entryguard.regulator.store.AlertFeed;
import org.entryguard.regulator.store.AlertStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The duty officers' web console: one page at {@code /console/} (Chinese by default, English per session), live
 * alerts over server-sent events, filters, an alert's page with its handling and audit trail, the venue list and a
 * daily chart. It plugs into the service's Netty server: put {@link #newHandler()} in each channel's pipeline after
 * the {@code HttpObjectAggregator}; it answers {@code /}, {@code /console/**} and {@code /api/console/**} and passes
 * every other request on.
 *
 * <p><b>Settings</b> (the {@code console} object of the service's configuration; unknown keys are refused):
 * <pre>{@code
 * {
 *   "users": [                                     // one entry per officer; none: nobody can log in
 *     {"name": "zhang", "displayName": "张警官", "role": "CITY",
 *      "passwordHash": "pbkdf2-sha256:600000:…:…"},   // from HashPassword, never the password itself
 *     {"name": "li", "role": "DISTRICT", "district": "海淀区", "passwordHash": "…"}
 *   ],
 *   "defaultLanguage": "zh",                       // "zh" | "en"; each officer may switch for the session
 *   "timeZone": "Asia/Shanghai",                   // the bureau's days for the daily summary and the page's clock
 *   "session": {"cookieName": "eg_console", "secure": false,   // secure: true whenever served over HTTPS
 *               "idleMinutes": 30,                    // logged out after this long with no request and no open page
 *               "maxHours": 12},                      // and after this long in any case
 *   "loginLimit": {"maxFailures": 5, "windowSeconds": 300},    // per user name and per client address
 *   "heartbeatSeconds": 15,                        // comment line on idle event streams
 *   "replayEvents": 1000,                          // events kept for browsers reconnecting with Last-Event-ID
 *   "workerThreads": 4                             // threads for store calls and password checks
 * }
 * }</pre>
 * A {@code CITY} officer sees every district; a {@code DISTRICT} officer only theirs, enforced on the server on
 * every call and on the event stream. Sessions live in memory (a restart logs everyone out); the session cookie is
 * HttpOnly and SameSite=Strict, and every change also needs the page's CSRF token in {@code X-CSRF-Token}.
 * Nothing the page loads comes from another origin.
 *
 * <p>The console does not own the store or the feed; {@link #close()} stops its streams and threads only.
 */
public final class Console implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Console.class);

    /** A file of the page, held in memory. */
    record Asset(String contentType, byte[] bytes) {
    }

    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8",
            "favicon.svg", "image/svg+xml");

    private final ConsoleSettings settings;
    private final Sessions sessions;
    private final ConsoleApi api;
    private final EventStreams live;
    private final ThreadPoolExecutor workers;
    private final Map<String, Asset> assets;

    private Console(AlertStore store, AlertFeed feed, ConsoleSettings settings, Clock clock) {
        this.settings = settings;
        this.sessions = new Sessions(settings.sessionIdle, settings.sessionMax, clock);
        this.api = new ConsoleApi(store, settings, sessions,
                new LoginLimiter(settings.loginMaxFailures, settings.loginWindow, clock), clock);
        this.assets = loadAssets();
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(settings.workerThreads, settings.workerThreads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(512), r -> {
                    Thread t = new Thread(r, "console-worker-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.live = new EventStreams(feed, settings.replayEvents);
    }

    /**
     * Checks the settings and starts the console (subscribing to {@code feed}).
     *
     * @param store           where alerts are read and handled
     * @param feed            alerts as they are stored or handled, pushed to open pages
     * @param consoleSettings the {@code console} settings documented above
     * @throws IllegalArgumentException naming the settings key that is wrong and how to fix it
     */
    public static Console create(AlertStore store, AlertFeed feed, JsonNode consoleSettings) {
        return create(store, feed, consoleSettings, Clock.systemUTC());
    }

    static Console create(AlertStore store, AlertFeed feed, JsonNode consoleSettings, Clock clock) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(feed, "feed");
        ConsoleSettings s = ConsoleSettings.parse(consoleSettings);
        Console c = new Console(store, feed, s, clock);
        if (s.users.isEmpty()) {
            LOG.warn("console at /console/ has no officers: nobody can log in; add console.users to the configuration");
        } else {
            LOG.info("console ready at /console/ for {} officers, default language {}", s.users.size(), s.defaultLanguage);
        }
        return c;
    }

    /**
     * The password hash to put in {@code users[].passwordHash}: PBKDF2-HMAC-SHA256, 600,000 iterations, a random
     * salt. The service's configuration holds only this, never the password. From a shell: {@link HashPassword}.
     */
    public static String hashPassword(char[] password) {
        if (password == null || password.length < 8) {
            throw new IllegalArgumentException("a console password needs at least 8 characters");
        }
        return Passwords.hash(password, Passwords.DEFAULT_ITERATIONS);
    }

    /** A handler for one channel; place it after {@code HttpObjectAggregator}. */
    public ChannelHandler newHandler() {
        return new ConsoleHandler(this);
    }

    /** Closes the open event streams and stops the console's threads. The store and the feed stay open. */
    @Override
    public void close() {
        live.close();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    ConsoleSettings settings() {
        return settings;
    }

    Sessions sessions() {
        return sessions;
    }

    ConsoleApi api() {
        return api;
    }

    EventStreams live() {
        return live;
    }

    ExecutorService workers() {
        return workers;
    }

    /** The page file for a path under {@code /console/}, or {@code null}. */
    Asset asset(String path) {
        String name = path.equals("/console/") ? "index.html" : path.substring("/console/".length());
        return assets.get(name);
    }

    private static Map<String, Asset> loadAssets() {
        Map<String, Asset> out = new java.util.HashMap<>();
        for (Map.Entry<String, String> f : FILES.entrySet()) {
            try (InputStream in = Console.class.getResourceAsStream("/console/" + f.getKey())) {
                if (in == null) {
                    throw new IllegalStateException("console file /console/" + f.getKey()
                            + " missing from the regulator jar; rebuild it");
                }
                out.put(f.getKey(), new Asset(f.getValue(), in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Map.copyOf(out);
    }
}
