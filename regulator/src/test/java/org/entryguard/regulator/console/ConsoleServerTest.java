package org.entryguard.regulator.console;

import static org.entryguard.regulator.console.ConsoleTestServer.CHAOYANG;
import static org.entryguard.regulator.console.ConsoleTestServer.HAIDIAN;
import static org.entryguard.regulator.console.ConsoleTestServer.alert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.entryguard.regulator.store.Handling;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console on a real Netty server over loopback, driven by a real HTTP client as the page drives it. */
class ConsoleServerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final Instant t0 = Instant.now().minusSeconds(600);
    private InMemoryAlertStore store;
    private ConsoleTestServer server;

    @BeforeEach
    void start() throws Exception {
        store = new InMemoryAlertStore();
        store.insert(alert("hd-1", HAIDIAN, "ktv-hd-01", "MINOR_ENTRY", t0));
        store.insert(alert("hd-2", HAIDIAN, "ktv-hd-02", "CHECK_ID_UNRESOLVED", t0.plusSeconds(60)));
        store.insert(alert("cy-1", CHAOYANG, "ktv-cy-01", "MINOR_ENTRY", t0.plusSeconds(30)));
        server = new ConsoleTestServer(store, store, ConsoleTestServer.settings(s -> { }));
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    private static List<String> ids(JsonNode alerts) {
        List<String> out = new ArrayList<>();
        alerts.forEach(a -> out.add(a.get("id").asText()));
        return out;
    }

    @Test
    void requestsOutsideTheConsolePassOnWhole() throws Exception {
        ConsoleClient c = new ConsoleClient(server.base);
        HttpResponse<String> r = c.send(HttpRequest.newBuilder(server.base.resolve("/webhooks/venue-1"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"signed\":true}")).build());
        assertEquals(404, r.statusCode());
        assertEquals("intake got POST /webhooks/venue-1 body={\"signed\":true}", r.body(),
                "the next handler gets the request with its body intact (not released)");
        assertEquals(404, c.get("/consoles").statusCode());
        assertEquals(404, c.get("/VIID/System/Register").statusCode());
        assertEquals(3, server.passedOn.get());
    }

    @Test
    void servesThePageFromThisOriginOnly() throws Exception {
        ConsoleClient c = new ConsoleClient(server.base);
        HttpResponse<String> root = c.get("/");
        assertEquals(302, root.statusCode());
        assertEquals("/console/", root.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> page = c.get("/console/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<script src=\"/console/app.js\" defer></script>"));
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"), csp);
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElseThrow());
        assertEquals(200, c.get("/console/app.js").statusCode());
        assertEquals(200, c.get("/console/app.css").statusCode());
        assertEquals(404, c.get("/console/../pom.xml").statusCode());
        assertEquals(404, c.get("/console/settings.example.json").statusCode());
        for (String file : List.of("/console/", "/console/app.js", "/console/app.css")) {
            String body = c.get(file).body();
            assertFalse(body.matches("(?s).*(src|href)=\"(https?:)?//.*"), file + " loads nothing from elsewhere");
            assertFalse(body.contains("url(http"), file);
        }
        assertEquals(0, server.passedOn.get());
    }

    @Test
    void loginSetsAHardenedSessionCookie() throws Exception {
        ConsoleClient c = new ConsoleClient(server.base);
        assertEquals(401, c.get("/api/console/me").statusCode());
        assertEquals(401, c.get("/api/console/alerts").statusCode());
        HttpResponse<String> r = c.login("haidian", ConsoleTestServer.PASSWORD);
        assertEquals(200, r.statusCode(), r.body());
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.startsWith("eg_console="), cookie);
        assertTrue(cookie.contains("HTTPOnly") || cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.contains("SameSite=Strict"), cookie);
        assertTrue(cookie.contains("Path=/"), cookie);
        JsonNode me = c.json(r);
        assertEquals("DISTRICT", me.get("role").asText());
        assertEquals(HAIDIAN, me.get("district").asText());
        assertEquals("zh", me.get("lang").asText(), "Chinese by default");
        assertTrue(me.get("csrf").asText().length() >= 40);
        assertEquals(200, c.get("/api/console/me").statusCode());

        ConsoleClient wrong = new ConsoleClient(server.base);
        HttpResponse<String> bad = wrong.login("haidian", "guess");
        assertEquals(401, bad.statusCode());
        assertEquals("bad_credentials", wrong.json(bad).get("error").asText());
        assertTrue(bad.headers().firstValue("Set-Cookie").isEmpty());
        assertEquals(401, wrong.login("nobody", "guess").statusCode(), "unknown names fail the same way");
    }

    @Test
    void loginIsRateLimitedEvenForTheRightPassword() throws Exception {
        ConsoleClient c = new ConsoleClient(server.base);
        for (int i = 0; i < 5; i++) {
            assertEquals(401, c.login("city", "wrong-" + i).statusCode());
        }
        HttpResponse<String> locked = c.login("city", ConsoleTestServer.PASSWORD);
        assertEquals(429, locked.statusCode(), locked.body());
        long retry = Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retry > 0 && retry <= 301, "Retry-After " + retry);
        assertEquals("too_many_attempts", c.json(locked).get("error").asText());
        // the address is limited too: guessing another officer's password from here is refused as well
        assertEquals(429, c.login("haidian", "x").statusCode());
    }

    @Test
    void changesNeedTheCsrfTokenAndThisOrigin() throws Exception {
        ConsoleClient c = ConsoleClient.loggedIn(server.base, "haidian");
        String ack = "{\"state\":\"ACKNOWLEDGED\",\"note\":\"on my way\"}";
        HttpResponse<String> noToken = c.post("/api/console/alerts/hd-1/handle", ack, null, server.base.toString());
        assertEquals(403, noToken.statusCode());
        assertEquals("csrf", c.json(noToken).get("error").asText());
        assertEquals(403, c.post("/api/console/alerts/hd-1/handle", ack, "forged", server.base.toString()).statusCode());
        HttpResponse<String> foreign = c.post("/api/console/alerts/hd-1/handle", ack, c.csrf, "http://evil.example");
        assertEquals(403, foreign.statusCode());
        assertEquals("origin", c.json(foreign).get("error").asText());
        assertEquals(403, c.post("/api/console/logout", "{}", null, null).statusCode());
        assertEquals(Handling.NEW, store.get("hd-1").orElseThrow().handling(), "nothing changed");
        assertTrue(store.history("hd-1").isEmpty());

        HttpResponse<String> ok = c.post("/api/console/alerts/hd-1/handle", ack);
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals(Handling.ACKNOWLEDGED, store.get("hd-1").orElseThrow().handling());

        ConsoleClient formPost = new ConsoleClient(server.base);
        HttpResponse<String> r = formPost.send(HttpRequest.newBuilder(server.base.resolve("/api/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user=city&password=x")).build());
        assertEquals(415, r.statusCode(), "a plain HTML form cannot log in");

        assertEquals(200, c.post("/api/console/logout", "{}").statusCode());
        assertEquals(401, c.get("/api/console/alerts").statusCode(), "the session is gone after logout");
    }

    @Test
    void handlingFollowsTheStatesAndKeepsTheAuditTrail() throws Exception {
        ConsoleClient c = ConsoleClient.loggedIn(server.base, "city");
        String path = "/api/console/alerts/hd-2/handle";
        assertEquals(400, c.post(path, "{\"state\":\"NEW\"}").statusCode());
        assertEquals(400, c.post(path, "{\"state\":\"ARRESTED\"}").statusCode());
        assertEquals(400, c.post(path, "not json").statusCode());
        HttpResponse<String> noNote = c.post(path, "{\"state\":\"FALSE_ALARM\",\"note\":\"  \"}");
        assertEquals(400, noNote.statusCode());
        assertTrue(c.json(noNote).get("message").asText().startsWith("note:"), noNote.body());

        JsonNode after = c.json(c.post(path, "{\"state\":\"DISPATCHED\",\"note\":\"unit 12 sent\"}"));
        assertEquals("DISPATCHED", after.get("alert").get("handling").asText());
        assertEquals("[\"CLOSED\",\"FALSE_ALARM\"]", after.get("next").toString());
        assertEquals(409, c.post(path, "{\"state\":\"ACKNOWLEDGED\"}").statusCode(), "no going back");
        JsonNode closed = c.json(c.post(path, "{\"state\":\"CLOSED\",\"note\":\"ID checked: 19, left\"}"));
        assertEquals(0, closed.get("next").size());
        JsonNode page = c.json(c.get("/api/console/alerts/hd-2"));
        JsonNode history = page.get("history");
        assertEquals(2, history.size());
        assertEquals("DISPATCHED", history.get(0).get("state").asText());
        assertEquals("city", history.get(0).get("officer").asText());
        assertEquals("unit 12 sent", history.get(0).get("note").asText());
        assertEquals("CLOSED", history.get(1).get("state").asText());
        assertEquals("ID checked: 19, left", history.get(1).get("note").asText());
        assertEquals("KTV: no minors", page.get("alert").get("rule").asText());
        assertEquals(15.0, page.get("alert").get("ageLow").asDouble());
        assertTrue(page.get("alert").get("reason").asText().contains("ID check"));
        assertEquals(404, c.get("/api/console/alerts/none").statusCode());
    }

    @Test
    void aDistrictOfficerCannotReachAnotherDistrict() throws Exception {
        ConsoleClient c = ConsoleClient.loggedIn(server.base, "haidian");
        assertEquals(List.of("hd-2", "hd-1"), ids(c.json(c.get("/api/console/alerts")).get("alerts")));
        String cy = URLEncoder.encode(CHAOYANG, StandardCharsets.UTF_8);
        HttpResponse<String> other = c.get("/api/console/alerts?district=" + cy);
        assertEquals(403, other.statusCode());
        assertEquals("forbidden_district", c.json(other).get("error").asText());
        assertEquals(List.of(), ids(c.json(c.get("/api/console/alerts?venue=ktv-cy-01")).get("alerts")));
        assertEquals(404, c.get("/api/console/alerts/cy-1").statusCode(), "another district's alert looks absent");
        HttpResponse<String> handle = c.post("/api/console/alerts/cy-1/handle",
                "{\"state\":\"FALSE_ALARM\",\"note\":\"not mine but let me close it\"}");
        assertEquals(404, handle.statusCode());
        assertEquals(Handling.NEW, store.get("cy-1").orElseThrow().handling());
        assertTrue(store.history("cy-1").isEmpty());
        JsonNode venues = c.json(c.get("/api/console/venues")).get("venues");
        assertEquals(2, venues.size());
        venues.forEach(v -> assertEquals(HAIDIAN, v.get("district").asText()));
        assertEquals(403, c.get("/api/console/venues?district=" + cy).statusCode());
        String from = t0.minusSeconds(86_400 * 2).toString().substring(0, 10);
        JsonNode daily = c.json(c.get("/api/console/daily?from=" + from));
        assertTrue(daily.get("counts").size() >= 2);
        daily.get("counts").forEach(d -> assertEquals(HAIDIAN, d.get("district").asText()));
        assertEquals(403, c.get("/api/console/daily?district=" + cy).statusCode());

        ConsoleClient city = ConsoleClient.loggedIn(server.base, "city");
        assertEquals(List.of("hd-2", "cy-1", "hd-1"), ids(city.json(city.get("/api/console/alerts")).get("alerts")));
        assertEquals(List.of("cy-1"), ids(city.json(city.get("/api/console/alerts?district=" + cy)).get("alerts")));
        assertEquals(3, city.json(city.get("/api/console/venues")).get("venues").size());
    }

    @Test
    void filtersByVenueTypeAndTime() throws Exception {
        ConsoleClient c = ConsoleClient.loggedIn(server.base, "city");
        assertEquals(List.of("hd-1"), ids(c.json(c.get("/api/console/alerts?venue=ktv-hd-01")).get("alerts")));
        assertEquals(List.of("hd-2"), ids(c.json(c.get("/api/console/alerts?type=CHECK_ID_UNRESOLVED")).get("alerts")));
        String from = t0.plusSeconds(10).toString();
        String to = t0.plusSeconds(50).toString();
        assertEquals(List.of("cy-1"),
                ids(c.json(c.get("/api/console/alerts?from=" + from + "&to=" + to)).get("alerts")));
        HttpResponse<String> bad = c.get("/api/console/alerts?from=yesterday");
        assertEquals(400, bad.statusCode());
        assertTrue(c.json(bad).get("message").asText().startsWith("from:"), bad.body());
        assertEquals(400, c.get("/api/console/alerts?limit=0").statusCode());
        assertEquals(400, c.get("/api/console/daily?from=2026-01-01&to=2026-12-31").statusCode());
        assertEquals(1, c.json(c.get("/api/console/alerts?limit=1")).get("alerts").size());
    }

    @Test
    void languageIsPerSession() throws Exception {
        ConsoleClient a = ConsoleClient.loggedIn(server.base, "city");
        ConsoleClient b = ConsoleClient.loggedIn(server.base, "city");
        assertEquals("en", a.json(a.post("/api/console/lang", "{\"lang\":\"en\"}")).get("lang").asText());
        assertEquals("en", a.json(a.get("/api/console/me")).get("lang").asText());
        assertEquals("zh", b.json(b.get("/api/console/me")).get("lang").asText());
        assertEquals(400, a.post("/api/console/lang", "{\"lang\":\"fr\"}").statusCode());
    }

    @Test
    void theEventStreamCarriesOnlyTheOfficersDistrict() throws Exception {
        ConsoleClient hd = ConsoleClient.loggedIn(server.base, "haidian");
        ConsoleClient city = ConsoleClient.loggedIn(server.base, "city");
        assertEquals(401, new ConsoleClient(server.base).get("/api/console/events").statusCode());
        try (ConsoleClient.Events hdEvents = hd.events(null); ConsoleClient.Events cityEvents = city.events(null)) {
            assertEquals(200, hdEvents.response.statusCode());
            assertTrue(hdEvents.response.headers().firstValue("Content-Type").orElseThrow()
                    .startsWith("text/event-stream"));
            waitForStreams(2);
            store.insert(alert("cy-live", CHAOYANG, "ktv-cy-01", "MINOR_ENTRY", Instant.now()));
            store.insert(alert("hd-live", HAIDIAN, "ktv-hd-01", "MINOR_ENTRY", Instant.now()));
            ConsoleClient.Event first = hdEvents.next("alert", WAIT);
            assertNotNull(first);
            assertEquals("hd-live", first.json().get("id").asText(), "the 朝阳区 alert never reached 海淀区's stream");
            assertEquals("cy-live", cityEvents.next("alert", WAIT).json().get("id").asText());
            assertEquals("hd-live", cityEvents.next("alert", WAIT).json().get("id").asText());
            // a handling change is pushed too, to the same officers only
            city.post("/api/console/alerts/cy-live/handle", "{\"state\":\"ACKNOWLEDGED\"}");
            city.post("/api/console/alerts/hd-live/handle", "{\"state\":\"ACKNOWLEDGED\"}");
            JsonNode update = hdEvents.next("alert", WAIT).json();
            assertEquals("hd-live", update.get("id").asText());
            assertEquals("ACKNOWLEDGED", update.get("handling").asText());
            assertTrue(hdEvents.heartbeat(Duration.ofSeconds(5)), "idle streams get a heartbeat comment");
        }
    }

    @Test
    void aReconnectingBrowserGetsWhatItMissed() throws Exception {
        ConsoleClient hd = ConsoleClient.loggedIn(server.base, "haidian");
        String lastId;
        try (ConsoleClient.Events events = hd.events(null)) {
            waitForStreams(1);
            store.insert(alert("hd-a", HAIDIAN, "ktv-hd-01", "MINOR_ENTRY", Instant.now()));
            lastId = events.next("alert", WAIT).id();
            assertNotNull(lastId);
        }
        waitForStreams(0);
        store.insert(alert("hd-b", HAIDIAN, "ktv-hd-01", "MINOR_ENTRY", Instant.now()));
        store.insert(alert("cy-b", CHAOYANG, "ktv-cy-01", "MINOR_ENTRY", Instant.now()));
        store.insert(alert("hd-c", HAIDIAN, "ktv-hd-02", "CAMERA_DOWN", Instant.now()));
        try (ConsoleClient.Events again = hd.events(lastId)) {
            assertEquals("hd-b", again.next("alert", WAIT).json().get("id").asText());
            assertEquals("hd-c", again.next("alert", WAIT).json().get("id").asText());
        }
        try (ConsoleClient.Events stale = hd.events("0123456789ab-5")) {
            assertNotNull(stale.next("reset", WAIT), "an id from another run asks the page to reload the list");
        }
    }

    @Test
    void aReadTimeoutInFrontOfTheConsoleDoesNotCutTheStream() throws Exception {
        // the service closes connections that send nothing for a while; an event stream never sends
        try (ConsoleTestServer timed = new ConsoleTestServer(store, store, ConsoleTestServer.settings(s -> { }), 1)) {
            ConsoleClient hd = ConsoleClient.loggedIn(timed.base, "haidian");
            try (ConsoleClient.Events events = hd.events(null)) {
                assertTrue(events.heartbeat(WAIT));
                Thread.sleep(2500);
                store.insert(alert("hd-late", HAIDIAN, "ktv-hd-01", "MINOR_ENTRY", Instant.now()));
                ConsoleClient.Event e = events.next("alert", WAIT);
                assertNotNull(e, "the stream outlived the 1 s read timeout");
                assertEquals("hd-late", e.json().get("id").asText());
            }
        }
    }

    /** A clock the test moves by hand. */
    private static final class MovableClock extends java.time.Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void idleSessionsExpireButAnOpenLivePageKeepsItsSessionUpToTheMaximum() throws Exception {
        MovableClock clock = new MovableClock();
        try (ConsoleTestServer timed = new ConsoleTestServer(store, store,
                ConsoleTestServer.settings(s -> s.putObject("session").put("idleMinutes", 30).put("maxHours", 2)), 0,
                clock)) {
            ConsoleClient idle = ConsoleClient.loggedIn(timed.base, "city");
            ConsoleClient watching = ConsoleClient.loggedIn(timed.base, "haidian");
            try (ConsoleClient.Events events = watching.events(null)) {
                assertTrue(events.heartbeat(WAIT));
                clock.advance(Duration.ofMinutes(20));
                assertTrue(events.heartbeat(WAIT));
                clock.advance(Duration.ofMinutes(20));
                assertTrue(events.heartbeat(WAIT), "40 min with the page open: still logged in");
                assertEquals(401, idle.get("/api/console/me").statusCode(), "40 min without a request: logged out");
                assertEquals(200, watching.get("/api/console/me").statusCode());
                clock.advance(Duration.ofMinutes(90));
                assertNotNull(events.next("logout", WAIT), "past session.maxHours the live page is logged out too");
            }
            assertEquals(401, watching.get("/api/console/me").statusCode());
        }
    }

    @Test
    void aStreamEndsWhenItsSessionEnds() throws Exception {
        ConsoleClient hd = ConsoleClient.loggedIn(server.base, "haidian");
        try (ConsoleClient.Events events = hd.events(null)) {
            waitForStreams(1);
            assertEquals(200, hd.post("/api/console/logout", "{}").statusCode());
            assertNotNull(events.next("logout", WAIT), "the next heartbeat tells the page to show the login");
        }
    }

    private void waitForStreams(int n) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (server.console.live().streams() != n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + n + " open streams, have " + server.console.live().streams());
            }
            Thread.sleep(20);
        }
    }

    @Test
    void closingTheConsoleUnsubscribesButLeavesTheStoreOpen() {
        assertEquals(1, store.listeners());
        server.close();
        assertEquals(0, store.listeners(), "the console stopped listening to the feed");
        assertTrue(store.insert(alert("after", HAIDIAN, "ktv-hd-01", "MINOR_ENTRY", Instant.now())));
        assertTrue(store.get("hd-1").isPresent(), "closing the console leaves the store usable");
    }
}
