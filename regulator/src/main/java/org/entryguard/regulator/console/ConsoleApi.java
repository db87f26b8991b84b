package org.entryguard.regulator.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import org.entryguard.regulator.store.AlertFilter;
import org.entryguard.regulator.store.AlertStore;
import org.entryguard.regulator.store.Handling;
import org.entryguard.regulator.store.StoredAlert;
import org.entryguard.regulator.store.VenueSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON API under {@code /api/console/}. Runs on the console's worker threads (the store and PBKDF2 block).
 * Every route that returns alerts narrows to the officer's district here, from the session, whatever the query
 * asks; a district officer asking for another district gets 403, for another district's alert 404 (as if absent).
 */
final class ConsoleApi {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleApi.class);
    static final String PREFIX = "/api/console";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final int DEFAULT_LIMIT = 200;
    private static final int MAX_LIMIT = 1000;
    private static final int MAX_NOTE = 2000;
    private static final int MAX_DAYS = 92;
    /** Where each state may go next; CLOSED and FALSE_ALARM are final. */
    private static final Map<Handling, Set<Handling>> NEXT = Map.of(
            Handling.NEW, EnumSet.of(Handling.ACKNOWLEDGED, Handling.DISPATCHED, Handling.CLOSED, Handling.FALSE_ALARM),
            Handling.ACKNOWLEDGED, EnumSet.of(Handling.DISPATCHED, Handling.CLOSED, Handling.FALSE_ALARM),
            Handling.DISPATCHED, EnumSet.of(Handling.CLOSED, Handling.FALSE_ALARM),
            Handling.CLOSED, EnumSet.noneOf(Handling.class),
            Handling.FALSE_ALARM, EnumSet.noneOf(Handling.class));

    /** What goes back to the browser; the handler adds the security headers. */
    record Reply(HttpResponseStatus status, String contentType, byte[] body, List<Map.Entry<String, String>> headers) {
        static Reply json(HttpResponseStatus status, JsonNode body) {
            return new Reply(status, "application/json; charset=utf-8", body.toString().getBytes(StandardCharsets.UTF_8),
                    new ArrayList<>());
        }

        static Reply error(HttpResponseStatus status, String code, String message) {
            ObjectNode o = Json.object();
            o.put("error", code);
            o.put("message", message);
            return json(status, o);
        }

        Reply header(String name, String value) {
            headers.add(Map.entry(name, value));
            return this;
        }
    }

    /** A request's body or query was not usable; becomes a 400 naming the field. */
    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    private final AlertStore store;
    private final ConsoleSettings settings;
    private final Sessions sessions;
    private final LoginLimiter limiter;
    private final Clock clock;
    /** Verified for unknown names so that a wrong name costs as long as a wrong password. */
    private final Passwords.Hash dummy;

    ConsoleApi(AlertStore store, ConsoleSettings settings, Sessions sessions, LoginLimiter limiter, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.sessions = sessions;
        this.limiter = limiter;
        this.clock = clock;
        // with no officers every login fails anyway, so the decoy need not be slow
        int iterations = settings.users.values().stream().mapToInt(u -> u.password().iterations()).max().orElse(1000);
        this.dummy = Passwords.parse(Passwords.hash("-".toCharArray(), iterations));
    }

    /** The session the request's cookie names, or {@code null}. */
    Sessions.Session session(FullHttpRequest req) {
        String header = req.headers().get(HttpHeaderNames.COOKIE);
        if (header == null) {
            return null;
        }
        for (Cookie c : ServerCookieDecoder.STRICT.decode(header)) {
            if (c.name().equals(settings.cookieName)) {
                return sessions.find(c.value());
            }
        }
        return null;
    }

    /** The district an officer is held to, {@code null} for a city officer. */
    static String scope(Sessions.Session s) {
        return s.user.role() == ConsoleSettings.Role.CITY ? null : s.user.district();
    }

    Reply handle(FullHttpRequest req, String address) {
        try {
            return route(req, address);
        } catch (BadRequest e) {
            return Reply.error(HttpResponseStatus.BAD_REQUEST, "bad_request", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("console request {} {} failed", req.method(), new QueryStringDecoder(req.uri()).path(), e);
            return Reply.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal",
                    "the console could not answer; the service log has the cause");
        }
    }

    private Reply route(FullHttpRequest req, String address) {
        QueryStringDecoder q = new QueryStringDecoder(req.uri());
        String path = q.path().substring(PREFIX.length());
        HttpMethod m = req.method();
        if (m.equals(HttpMethod.POST)) {
            Reply refused = sameOrigin(req);
            if (refused != null) {
                return refused;
            }
            if (path.equals("/login")) {
                return login(req, address);
            }
        } else if (!m.equals(HttpMethod.GET)) {
            return Reply.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method", m + " is not used by the console")
                    .header("Allow", "GET, POST");
        }
        Sessions.Session s = session(req);
        if (s == null) {
            ObjectNode o = Json.object();
            o.put("error", "not_logged_in");
            o.put("message", "log in first");
            o.put("defaultLanguage", settings.defaultLanguage);
            return Reply.json(HttpResponseStatus.UNAUTHORIZED, o);
        }
        if (m.equals(HttpMethod.POST) && !s.csrfMatches(req.headers().get(CSRF_HEADER))) {
            LOG.warn("console change refused for {}: missing or wrong {} header", s.user.name(), CSRF_HEADER);
            return Reply.error(HttpResponseStatus.FORBIDDEN, "csrf",
                    "missing or wrong " + CSRF_HEADER + " header; reload the console");
        }
        boolean post = m.equals(HttpMethod.POST);
        if (path.equals("/me") && !post) {
            return Reply.json(HttpResponseStatus.OK, me(s));
        }
        if (path.equals("/logout") && post) {
            sessions.close(s);
            LOG.info("console logout: {}", s.user.name());
            return Reply.json(HttpResponseStatus.OK, Json.object()).header("Set-Cookie", cookie("", 0));
        }
        if (path.equals("/lang") && post) {
            String lang = text(body(req), "lang", true);
            if (!ConsoleSettings.LANGUAGES.contains(lang)) {
                throw new BadRequest("lang: use \"zh\" or \"en\"");
            }
            s.language = lang;
            return Reply.json(HttpResponseStatus.OK, me(s));
        }
        if (path.equals("/alerts") && !post) {
            return alerts(s, q);
        }
        if (path.startsWith("/alerts/")) {
            String rest = path.substring("/alerts/".length());
            if (!post && !rest.isEmpty() && !rest.contains("/")) {
                return alert(s, decode(rest));
            }
            if (post && rest.endsWith("/handle") && rest.indexOf('/') == rest.length() - "/handle".length()) {
                return handleAlert(s, decode(rest.substring(0, rest.length() - "/handle".length())), body(req));
            }
        }
        if (path.equals("/venues") && !post) {
            return venues(s, q);
        }
        if (path.equals("/daily") && !post) {
            return daily(s, q);
        }
        return Reply.error(HttpResponseStatus.NOT_FOUND, "not_found", m + " " + q.path() + " is not a console call");
    }

    /**
     * CSRF's first line: a browser always sends {@code Origin} on a cross-site POST, so one naming another host is
     * refused. The token check after login is the second line; the SameSite=Strict cookie the third.
     */
    private Reply sameOrigin(FullHttpRequest req) {
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        String host = req.headers().get(HttpHeaderNames.HOST);
        if (origin != null) {
            String authority;
            try {
                URI u = URI.create(origin);
                authority = u.getPort() < 0 ? u.getHost() : u.getHost() + ":" + u.getPort();
            } catch (IllegalArgumentException e) {
                authority = null;
            }
            if (authority == null || host == null || !authority.equalsIgnoreCase(host)) {
                LOG.warn("console POST refused: Origin {} is not this host {}", origin, host);
                return Reply.error(HttpResponseStatus.FORBIDDEN, "origin", "cross-site request refused");
            }
        }
        String site = req.headers().get("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return Reply.error(HttpResponseStatus.FORBIDDEN, "origin", "cross-site request refused");
        }
        return null;
    }

    private Reply login(FullHttpRequest req, String address) {
        String ct = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (ct == null || !ct.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            // a plain HTML form from another site cannot send JSON without a CORS preflight, which nobody answers
            return Reply.error(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "content_type", "send JSON");
        }
        JsonNode body = body(req);
        String name = text(body, "user", true);
        String password = text(body, "password", true);
        String lang = text(body, "lang", false);
        if (lang != null && !ConsoleSettings.LANGUAGES.contains(lang)) {
            throw new BadRequest("lang: use \"zh\" or \"en\"");
        }
        ConsoleSettings.User user = settings.users.get(name);
        // unknown names are never logged as typed: people type passwords into the name field
        String logName = user == null ? "(unknown name)" : name;
        Duration wait = limiter.retryAfter(name, address);
        if (!wait.isZero()) {
            LOG.warn("console login refused for {} from {}: too many failures, {} s to wait", logName, address,
                    wait.toSeconds() + 1);
            ObjectNode o = Json.object();
            o.put("error", "too_many_attempts");
            o.put("message", "too many failed logins; wait and try again");
            o.put("retryAfterSeconds", wait.toSeconds() + 1);
            return Reply.json(HttpResponseStatus.TOO_MANY_REQUESTS, o)
                    .header("Retry-After", Long.toString(wait.toSeconds() + 1));
        }
        char[] pw = password.toCharArray();
        boolean ok;
        try {
            ok = user != null ? user.password().matches(pw) : dummy.matches(pw) && false;
        } finally {
            java.util.Arrays.fill(pw, '\0');
        }
        if (!ok) {
            limiter.failed(name, address);
            LOG.warn("console login failed for {} from {}", logName, address);
            return Reply.error(HttpResponseStatus.UNAUTHORIZED, "bad_credentials", "wrong user name or password");
        }
        limiter.succeeded(name);
        Sessions.Session s = sessions.open(user, lang != null ? lang : settings.defaultLanguage);
        LOG.info("console login: {} ({}{}) from {}", name, user.role(),
                user.district() == null ? "" : " " + user.district(), address);
        return Reply.json(HttpResponseStatus.OK, me(s))
                .header("Set-Cookie", cookie(s.token, settings.sessionMax.toSeconds()));
    }

    private String cookie(String value, long maxAge) {
        DefaultCookie c = new DefaultCookie(settings.cookieName, value);
        c.setHttpOnly(true);
        c.setSecure(settings.cookieSecure);
        c.setPath("/");
        c.setMaxAge(maxAge);
        c.setSameSite(CookieHeaderNames.SameSite.Strict);
        return ServerCookieEncoder.STRICT.encode(c);
    }

    private ObjectNode me(Sessions.Session s) {
        ObjectNode o = Json.object();
        o.put("user", s.user.name());
        o.put("displayName", s.user.displayName());
        o.put("role", s.user.role().name());
        o.put("district", s.user.district());
        o.put("lang", s.language);
        o.put("timeZone", settings.timeZone.getId());
        o.put("csrf", s.csrf);
        return o;
    }

    private Reply alerts(Sessions.Session s, QueryStringDecoder q) {
        String scope = scope(s);
        String district = param(q, "district");
        Reply refused = otherDistrict(s, district);
        if (refused != null) {
            return refused;
        }
        Instant from = instant(q, "from");
        Instant to = instant(q, "to");
        if (from != null && to != null && from.isAfter(to)) {
            throw new BadRequest("from is after to");
        }
        int limit = DEFAULT_LIMIT;
        String l = param(q, "limit");
        if (l != null) {
            try {
                limit = Integer.parseInt(l);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new BadRequest("limit: a whole number from 1 to " + MAX_LIMIT);
            }
        }
        AlertFilter f = new AlertFilter(scope != null ? scope : district, param(q, "venue"), param(q, "type"),
                from, to, limit);
        // narrowed again here so that a store ignoring the filter still cannot leak another district
        List<StoredAlert> found = store.find(f).stream().filter(a -> visible(s, a)).toList();
        ObjectNode o = Json.object();
        o.set("alerts", Json.alerts(found));
        return Reply.json(HttpResponseStatus.OK, o);
    }

    /** 403 when a district officer names another district in the query; {@code null} when the query may go on. */
    private static Reply otherDistrict(Sessions.Session s, String district) {
        String scope = scope(s);
        if (scope == null || district == null || district.equals(scope)) {
            return null;
        }
        LOG.warn("console: {} ({}) asked for district {}; refused", s.user.name(), scope, district);
        return Reply.error(HttpResponseStatus.FORBIDDEN, "forbidden_district", "you may see district " + scope + " only");
    }

    private static boolean visible(Sessions.Session s, StoredAlert a) {
        String scope = scope(s);
        return scope == null || scope.equals(a.district());
    }

    private Optional<StoredAlert> visibleAlert(Sessions.Session s, String id) {
        return store.get(id).filter(a -> visible(s, a));
    }

    private Reply alert(Sessions.Session s, String id) {
        Optional<StoredAlert> a = visibleAlert(s, id);
        if (a.isEmpty()) {
            return Reply.error(HttpResponseStatus.NOT_FOUND, "no_alert", "no alert " + id);
        }
        return Reply.json(HttpResponseStatus.OK, alertPage(a.get()));
    }

    private ObjectNode alertPage(StoredAlert a) {
        ObjectNode o = Json.object();
        o.set("alert", Json.alert(a));
        o.set("history", Json.history(store.history(a.id())));
        ArrayNode next = o.putArray("next");
        NEXT.get(a.handling()).stream().sorted().forEach(h -> next.add(h.name()));
        return o;
    }

    private Reply handleAlert(Sessions.Session s, String id, JsonNode body) {
        String stateText = text(body, "state", true);
        Handling state;
        try {
            state = Handling.valueOf(stateText);
        } catch (IllegalArgumentException e) {
            state = null;
        }
        if (state == null || state == Handling.NEW) {
            throw new BadRequest("state: use ACKNOWLEDGED, DISPATCHED, CLOSED or FALSE_ALARM");
        }
        String note = text(body, "note", false);
        note = note == null ? "" : note.strip().replaceAll("[\\p{Cntrl}&&[^\n]]", "");
        if (note.length() > MAX_NOTE) {
            throw new BadRequest("note: at most " + MAX_NOTE + " characters");
        }
        if (note.isEmpty() && (state == Handling.CLOSED || state == Handling.FALSE_ALARM)) {
            throw new BadRequest("note: say why when closing or marking a false alarm");
        }
        Optional<StoredAlert> current = visibleAlert(s, id);
        if (current.isEmpty()) {
            if (store.get(id).isPresent()) {
                LOG.warn("console: {} ({}) tried to handle alert {} of another district; refused", s.user.name(),
                        scope(s), id);
            }
            return Reply.error(HttpResponseStatus.NOT_FOUND, "no_alert", "no alert " + id);
        }
        if (!NEXT.get(current.get().handling()).contains(state)) {
            return Reply.error(HttpResponseStatus.CONFLICT, "state_conflict",
                    "alert is " + current.get().handling() + " and cannot move to " + state);
        }
        StoredAlert after;
        try {
            after = store.handle(id, state, s.user.name(), note);
        } catch (NoSuchElementException e) {
            return Reply.error(HttpResponseStatus.NOT_FOUND, "no_alert", "no alert " + id);
        }
        LOG.info("console: alert {} {} -> {} by {}", id, current.get().handling(), state, s.user.name());
        return Reply.json(HttpResponseStatus.OK, alertPage(after));
    }

    private Reply venues(Sessions.Session s, QueryStringDecoder q) {
        String scope = scope(s);
        String district = param(q, "district");
        Reply refused = otherDistrict(s, district);
        if (refused != null) {
            return refused;
        }
        List<VenueSummary> list = store.venues(scope != null ? scope : district).stream()
                .filter(v -> scope == null || scope.equals(v.district())).toList();
        ObjectNode o = Json.object();
        o.set("venues", Json.venues(list));
        return Reply.json(HttpResponseStatus.OK, o);
    }

    private Reply daily(Sessions.Session s, QueryStringDecoder q) {
        String scope = scope(s);
        String district = param(q, "district");
        Reply refused = otherDistrict(s, district);
        if (refused != null) {
            return refused;
        }
        LocalDate today = LocalDate.now(clock.withZone(settings.timeZone));
        LocalDate to = date(q, "to", today);
        LocalDate from = date(q, "from", to.minusDays(6));
        if (from.isAfter(to)) {
            throw new BadRequest("from is after to");
        }
        if (from.plusDays(MAX_DAYS).isBefore(to)) {
            throw new BadRequest("from..to: at most " + MAX_DAYS + " days");
        }
        String d = scope != null ? scope : district;
        ObjectNode o = Json.object();
        o.put("from", from.toString());
        o.put("to", to.toString());
        o.set("counts", Json.daily(store.daily(from, to, d).stream()
                .filter(c -> scope == null || scope.equals(c.district())).toList()));
        return Reply.json(HttpResponseStatus.OK, o);
    }

    private static JsonNode body(FullHttpRequest req) {
        try {
            JsonNode n = Json.MAPPER.readTree(req.content().toString(StandardCharsets.UTF_8));
            if (n == null || !n.isObject()) {
                throw new BadRequest("body: send a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new BadRequest("body: not valid JSON");
        }
    }

    private static String text(JsonNode body, String key, boolean required) {
        JsonNode v = body.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                throw new BadRequest(key + ": required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new BadRequest(key + ": must be a string");
        }
        return v.asText();
    }

    private static String param(QueryStringDecoder q, String name) {
        List<String> v = q.parameters().get(name);
        if (v == null || v.isEmpty() || v.get(0).isBlank()) {
            return null;
        }
        return v.get(0).trim();
    }

    private static Instant instant(QueryStringDecoder q, String name) {
        String v = param(q, name);
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new BadRequest(name + ": not an ISO-8601 instant such as 2026-12-02T08:00:00Z");
        }
    }

    private static LocalDate date(QueryStringDecoder q, String name, LocalDate dflt) {
        String v = param(q, name);
        if (v == null) {
            return dflt;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new BadRequest(name + ": not a date such as 2026-12-02");
        }
    }

    private static String decode(String segment) {
        return QueryStringDecoder.decodeComponent(segment);
    }
}
