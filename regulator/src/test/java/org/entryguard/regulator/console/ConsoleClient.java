package org.entryguard.regulator.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Stream;

/** A plain HTTP client acting as the page does: cookie, CSRF header, same Origin. */
final class ConsoleClient {
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final URI base;
    String cookie;
    String csrf;

    ConsoleClient(URI base) {
        this.base = base;
    }

    /** Logs in; returns the response (the cookie and CSRF token are kept when it succeeded). */
    HttpResponse<String> login(String user, String password) throws IOException, InterruptedException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("/api/console/login"))
                .header("Content-Type", "application/json").header("Origin", base.toString())
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("user", user)
                        .put("password", password).toString())).build());
        if (r.statusCode() == 200) {
            String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
            cookie = setCookie.substring(0, setCookie.indexOf(';'));
            csrf = JSON.readTree(r.body()).get("csrf").asText();
        }
        return r;
    }

    static ConsoleClient loggedIn(URI base, String user) throws IOException, InterruptedException {
        ConsoleClient c = new ConsoleClient(base);
        HttpResponse<String> r = c.login(user, ConsoleTestServer.PASSWORD);
        if (r.statusCode() != 200) {
            throw new AssertionError("login as " + user + " failed: " + r.statusCode() + " " + r.body());
        }
        return c;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).GET();
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return send(b.build());
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return post(path, body, csrf, base.toString());
    }

    HttpResponse<String> post(String path, String body, String csrfHeader, String origin)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (csrfHeader != null) {
            b.header("X-CSRF-Token", csrfHeader);
        }
        if (origin != null) {
            b.header("Origin", origin);
        }
        return send(b.build());
    }

    JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    HttpResponse<String> send(HttpRequest r) throws IOException, InterruptedException {
        return http.send(r, HttpResponse.BodyHandlers.ofString());
    }

    /** An open event stream: lines arrive in {@link #lines} as the server sends them. */
    final class Events implements AutoCloseable {
        final HttpResponse<Stream<String>> response;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final Thread reader;

        Events(String lastEventId) throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/api/console/events")).GET();
            if (cookie != null) {
                b.header("Cookie", cookie);
            }
            if (lastEventId != null) {
                b.header("Last-Event-ID", lastEventId);
            }
            response = http.send(b.build(), HttpResponse.BodyHandlers.ofLines());
            reader = new Thread(() -> {
                try {
                    response.body().forEach(lines::add);
                    lines.add("<end>");
                } catch (RuntimeException e) {
                    lines.add("<end>");
                }
            }, "sse-reader");
            reader.setDaemon(true);
            reader.start();
        }

        /** The next event of {@code type} (its id and data lines), skipping comments and other events. */
        Event next(String type, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            String id = null;
            String event = null;
            String data = null;
            while (true) {
                String line = line(deadline);
                if (line == null) {
                    return null;
                }
                if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = line.substring(6);
                } else if (line.isEmpty()) {
                    if (event != null && event.equals(type)) {
                        return new Event(id, event, data);
                    }
                    id = null;
                    event = null;
                    data = null;
                }
            }
        }

        /** Whether a heartbeat comment arrives within {@code within}. */
        boolean heartbeat(Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            for (String line = line(deadline); line != null; line = line(deadline)) {
                if (line.equals(": heartbeat")) {
                    return true;
                }
            }
            return false;
        }

        /** The next line before {@code deadline} (nanoTime), or {@code null} at the deadline or the stream's end. */
        private String line(long deadline) throws InterruptedException {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : lines.poll(left, java.util.concurrent.TimeUnit.NANOSECONDS);
            return line == null || line.equals("<end>") ? null : line;
        }

        @Override
        public void close() {
            response.body().close();
            reader.interrupt();
        }
    }

    record Event(String id, String type, String data) {
        JsonNode json() throws IOException {
            return JSON.readTree(data);
        }
    }

    Events events(String lastEventId) throws IOException, InterruptedException {
        return new Events(lastEventId);
    }
}
