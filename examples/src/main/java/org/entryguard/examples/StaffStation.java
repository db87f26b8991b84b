package org.entryguard.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import org.entryguard.camera.EntranceRunner;
import org.entryguard.core.ledger.IdCheckResult;
import org.entryguard.core.ledger.OutcomeStatus;
import org.entryguard.core.ledger.VisitLedger;
import org.entryguard.core.ledger.VisitOutcome;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The staff station: a web page for the people at the door, served by the gateway over Netty, and the same as an
 * HTTP API for venues with their own screens.
 *
 * <ul>
 *   <li>{@code GET /staff} — the page (Chinese by default, {@code ?lang=en} for English): the open ID checks, each with
 *       a live face thumbnail, the reason and the deadline, and four buttons: ID verified adult / minor confirmed /
 *       refused to show ID / walked away. Behind a staff login ({@code POST /staff/login}).</li>
 *   <li>{@code GET /staff/api/checks} — the open ID checks as JSON.</li>
 *   <li>{@code GET /staff/api/checks/{visit}/face} — the thumbnail (JPEG, from memory; never cached or written;
 *       404 once the check is resolved or expired).</li>
 *   <li>{@code POST /staff/api/checks/{visit}/result} — {@code {"result": "ID_VERIFIED_ADULT"}}: recorded in the
 *       ledger with the logged-in staff id, which drives the right alert (or none).</li>
 * </ul>
 * API clients log in with HTTP Basic (the staff id and password); the page uses a session cookie (HttpOnly,
 * SameSite=Strict) and sends {@code X-EntryGuard-Staff: 1} with each change, which a cross-site form cannot.
 */
final class StaffStation implements AutoCloseable {
    static final String COOKIE = "eg_staff";
    private static final Duration SESSION = Duration.ofHours(12);

    static {
        ImageIO.setUseCache(false); // thumbnails are encoded in memory only: no ImageIO temp file on disk
    }

    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final EventExecutorGroup work = new DefaultEventExecutorGroup(2); // ledger listeners may fsync: off the I/O loop
    private final Channel channel;
    private final VisitLedger ledger;
    private final EntranceRunner runner;
    private final Map<String, byte[]> passwords = new ConcurrentHashMap<>(); // staff id -> SHA-256 of the password
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final ObjectMapper json = new ObjectMapper();
    private final String page;

    private record Session(String staffId, Instant until) { }

    StaffStation(InetSocketAddress address, EntranceRunner runner, Map<String, String> users) {
        this.runner = runner;
        this.ledger = runner.ledger();
        users.forEach((id, pw) -> passwords.put(id, sha256(pw)));
        try (InputStream in = StaffStation.class.getResourceAsStream("/org/entryguard/examples/staff.html")) {
            page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("staff.html is missing from the jar; rebuild it", e);
        }
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(16 * 1024));
                        ch.pipeline().addLast(work, new SimpleChannelInboundHandler<FullHttpRequest>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                                FullHttpResponse res;
                                try {
                                    res = handle(req);
                                } catch (RuntimeException e) {
                                    res = text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "error: " + e.getMessage() + "\n");
                                }
                                res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
                                res.headers().set("X-Content-Type-Options", "nosniff");
                                res.headers().set("X-Frame-Options", "DENY");
                                res.headers().set(HttpHeaderNames.CONNECTION, "close"); // one request per connection
                                ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
                            }
                        });
                    }
                });
        try {
            channel = b.bind(address).syncUninterruptibly().channel();
        } catch (Exception e) {
            close();
            throw new UsageException("http.staffPort: cannot open the staff station on " + address + ": " + e.getMessage());
        }
    }

    InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    private FullHttpResponse handle(FullHttpRequest req) {
        QueryStringDecoder q = new QueryStringDecoder(req.uri());
        String path = q.path();
        boolean post = req.method().equals(HttpMethod.POST);
        if (path.equals("/staff/login") && post) {
            return login(req);
        }
        Optional<String> staff = staff(req);
        if (path.equals("/staff") || path.equals("/staff/")) {
            String lang = q.parameters().getOrDefault("lang", java.util.List.of("zh")).get(0).equals("en") ? "en" : "zh";
            String html = page.replace("{{LANG}}", lang).replace("{{STAFF}}", staff.map(StaffStation::html).orElse(""))
                    .replace("{{VIEW}}", staff.isPresent() ? "station" : "login")
                    .replace("{{ERROR}}", q.parameters().containsKey("failed") ? "1" : "");
            FullHttpResponse r = bytes(HttpResponseStatus.OK, html.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8");
            r.headers().set("Content-Security-Policy", "default-src 'self'; img-src 'self'; script-src 'unsafe-inline' 'self'; "
                    + "style-src 'unsafe-inline' 'self'; frame-ancestors 'none'");
            return r;
        }
        if (path.equals("/staff/logout") && post) {
            cookie(req).ifPresent(sessions::remove);
            FullHttpResponse r = redirect("/staff");
            DefaultCookie c = new DefaultCookie(COOKIE, "");
            c.setMaxAge(0);
            c.setPath("/staff");
            r.headers().set(HttpHeaderNames.SET_COOKIE, ServerCookieEncoder.STRICT.encode(c));
            return r;
        }
        if (!path.startsWith("/staff/api/")) {
            return text(HttpResponseStatus.NOT_FOUND, "not found: the staff station is at /staff\n");
        }
        if (staff.isEmpty()) {
            FullHttpResponse r = text(HttpResponseStatus.UNAUTHORIZED, "log in: a session from /staff/login, or HTTP Basic "
                    + "with a staff id and password\n");
            r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"entryguard staff\", charset=\"UTF-8\"");
            return r;
        }
        if (path.equals("/staff/api/checks") && !post) {
            return checks();
        }
        String[] parts = path.startsWith("/staff/api/checks/") ? path.substring("/staff/api/checks/".length()).split("/") : new String[0];
        if (parts.length != 2) {
            return text(HttpResponseStatus.NOT_FOUND, "not found: try /staff/api/checks\n");
        }
        String visit = QueryStringDecoder.decodeComponent(parts[0]);
        if (parts[1].equals("face") && !post) {
            return face(visit);
        }
        if (parts[1].equals("result") && post) {
            boolean basic = req.headers().contains(HttpHeaderNames.AUTHORIZATION);
            if (!basic && !"1".equals(req.headers().get("X-EntryGuard-Staff"))) {
                return text(HttpResponseStatus.FORBIDDEN, "a change from the page must carry X-EntryGuard-Staff: 1\n");
            }
            return result(visit, req, staff.get());
        }
        return text(HttpResponseStatus.METHOD_NOT_ALLOWED, "use GET for /face and POST for /result\n");
    }

    private FullHttpResponse login(FullHttpRequest req) {
        QueryStringDecoder form = new QueryStringDecoder("?" + req.content().toString(StandardCharsets.UTF_8));
        String id = first(form, "id");
        String pw = first(form, "password");
        String lang = "en".equals(first(form, "lang")) ? "en" : "zh";
        if (!verify(id, pw)) {
            return redirect("/staff?lang=" + lang + "&failed=1");
        }
        byte[] t = new byte[32];
        random.nextBytes(t);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(t);
        sessions.put(token, new Session(id, Instant.now().plus(SESSION)));
        FullHttpResponse r = redirect("/staff?lang=" + lang);
        DefaultCookie c = new DefaultCookie(COOKIE, token);
        c.setHttpOnly(true);
        c.setPath("/staff");
        c.setSameSite(CookieHeaderNames.SameSite.Strict);
        c.setMaxAge(SESSION.toSeconds());
        r.headers().set(HttpHeaderNames.SET_COOKIE, ServerCookieEncoder.STRICT.encode(c));
        return r;
    }

    private FullHttpResponse checks() {
        ArrayNode arr = json.createArrayNode();
        for (VisitOutcome o : ledger.pending()) {
            if (o.status() != OutcomeStatus.AWAITING_ID_CHECK) {
                continue;
            }
            var d = o.decision();
            ObjectNode n = arr.addObject();
            n.put("visitId", d.visitId());
            n.put("camera", d.cameraId());
            n.put("reason", d.reason());
            n.put("rule", d.ruleApplied());
            n.put("decidedAt", d.decidedAt().toString());
            n.put("dueAt", o.dueAt().toString());
            n.put("secondsLeft", Math.max(0, Duration.between(Instant.now(), o.dueAt()).toSeconds()));
            if (!Float.isNaN(d.age())) {
                n.put("age", Math.round(d.age() * 10) / 10.0);
            }
            n.put("face", runner.thumbnail(d.visitId()).isPresent()
                    ? "/staff/api/checks/" + java.net.URLEncoder.encode(d.visitId(), StandardCharsets.UTF_8) + "/face" : null);
        }
        return bytes(HttpResponseStatus.OK, arr.toString().getBytes(StandardCharsets.UTF_8), "application/json");
    }

    private FullHttpResponse face(String visit) {
        Optional<BufferedImage> img = runner.thumbnail(visit);
        if (img.isEmpty()) {
            return text(HttpResponseStatus.NOT_FOUND, "no face held for " + visit + " (resolved, expired or unknown)\n");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            ImageIO.write(img.get(), "jpg", out);
        } catch (IOException e) {
            return text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "cannot encode the thumbnail\n");
        }
        return bytes(HttpResponseStatus.OK, out.toByteArray(), "image/jpeg");
    }

    private FullHttpResponse result(String visit, FullHttpRequest req, String staffId) {
        String body = req.content().toString(StandardCharsets.UTF_8);
        String value;
        try {
            JsonNode n = json.readTree(body.isBlank() ? "{}" : body);
            value = n.path("result").asText("");
        } catch (IOException e) {
            return text(HttpResponseStatus.BAD_REQUEST, "the body must be JSON: {\"result\": \"ID_VERIFIED_ADULT\"}\n");
        }
        IdCheckResult result;
        try {
            result = IdCheckResult.valueOf(value);
        } catch (IllegalArgumentException e) {
            return text(HttpResponseStatus.BAD_REQUEST, "result '" + value + "' is not one of "
                    + java.util.Arrays.toString(IdCheckResult.values()) + "\n");
        }
        VisitOutcome o;
        try {
            o = ledger.resolveIdCheck(visit, result, staffId);
        } catch (IllegalArgumentException e) {
            return text(HttpResponseStatus.NOT_FOUND, e.getMessage() + "\n");
        } catch (IllegalStateException e) {
            return text(HttpResponseStatus.CONFLICT, e.getMessage() + "\n");
        }
        ObjectNode n = json.createObjectNode();
        n.put("visitId", o.visitId());
        n.put("status", o.status().name());
        n.put("staffId", o.staffId());
        n.put("overdue", o.overdue());
        return bytes(HttpResponseStatus.OK, n.toString().getBytes(StandardCharsets.UTF_8), "application/json");
    }

    /** The logged-in staff id: a live session cookie, or HTTP Basic credentials. */
    private Optional<String> staff(FullHttpRequest req) {
        String auth = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            String pair;
            try {
                pair = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            int colon = pair.indexOf(':');
            return colon > 0 && verify(pair.substring(0, colon), pair.substring(colon + 1))
                    ? Optional.of(pair.substring(0, colon)) : Optional.empty();
        }
        return cookie(req).map(sessions::get).filter(s -> s.until().isAfter(Instant.now())).map(Session::staffId);
    }

    private static Optional<String> cookie(FullHttpRequest req) {
        String h = req.headers().get(HttpHeaderNames.COOKIE);
        if (h == null) {
            return Optional.empty();
        }
        for (Cookie c : ServerCookieDecoder.STRICT.decode(h)) {
            if (c.name().equals(COOKIE)) {
                return Optional.of(c.value());
            }
        }
        return Optional.empty();
    }

    private boolean verify(String id, String password) {
        byte[] want = id == null ? null : passwords.get(id);
        // compare a digest even for an unknown id, so the answer takes as long either way
        byte[] got = sha256(password == null ? "" : password);
        return MessageDigest.isEqual(want == null ? new byte[32] : want, got) && want != null;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String first(QueryStringDecoder q, String key) {
        var v = q.parameters().get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }

    private static FullHttpResponse redirect(String to) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SEE_OTHER);
        r.headers().set(HttpHeaderNames.LOCATION, to);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        return r;
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body) {
        return bytes(status, body.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
    }

    private static FullHttpResponse bytes(HttpResponseStatus status, byte[] body, String type) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return r;
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        work.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        sessions.clear();
    }
}
