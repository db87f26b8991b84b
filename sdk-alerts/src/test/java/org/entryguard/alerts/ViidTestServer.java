package org.entryguard.alerts;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;

/**
 * A small GA/T 1400 view library for tests, written independently of the sink's code: Digest challenge with a
 * fresh nonce and qop="auth", verification of the MD5 response hash (and of nc increasing on later requests),
 * registration required before Keepalive and Faces (401 otherwise), FaceObject checks, and ResponseStatus
 * answers. {@link #restart()} drops all registrations and nonces, as a real server restart does; the faces
 * received survive it (they are the "database").
 */
final class ViidTestServer implements AutoCloseable {
    static final String REALM = "viid-test";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One received request, for assertions. */
    record Seen(String path, Map<String, String> headers, String body, int status) { }

    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    /** FaceID → how often it arrived with StatusCode 0 answered. */
    final Map<String, AtomicInteger> faces = new ConcurrentHashMap<>();
    final List<JsonNode> faceObjects = new CopyOnWriteArrayList<>();
    /** StatusCodes to answer the next Faces requests with (then 0). */
    final ConcurrentLinkedQueue<Integer> faceStatusScript = new ConcurrentLinkedQueue<>();
    final AtomicInteger registrations = new AtomicInteger();
    /** Hostile: accepts registrations but answers every Faces with a 401 challenge. */
    volatile boolean facesAlways401;
    /** Hostile: challenges in the RFC 2069 form (no qop), a downgrade attack. */
    volatile boolean challengeWithoutQop;
    final AtomicInteger keepalives = new AtomicInteger();

    // "Volatile" server state, lost on restart().
    private final Map<String, String> nonces = new ConcurrentHashMap<>();
    private final Set<String> usedNc = ConcurrentHashMap.newKeySet();
    private final ChannelGroup open = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private int port;
    private Channel server;

    ViidTestServer(String deviceId, String password) {
        passwords.put(deviceId, password);
        start(0);
    }

    private void start(int p) {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        open.add(ch);
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                                new SimpleChannelInboundHandler<FullHttpRequest>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                                        handle(ctx, req);
                                    }
                                });
                    }
                }).bind(new InetSocketAddress("127.0.0.1", p)).syncUninterruptibly().channel();
        port = ((InetSocketAddress) server.localAddress()).getPort();
    }

    URI uri() { return URI.create("http://127.0.0.1:" + port); }

    /** Stops listening, forgets registrations and nonces, listens again on the same port. */
    void restart() {
        server.close().syncUninterruptibly();
        open.close().syncUninterruptibly(); // a restart drops kept-alive connections too
        nonces.clear();
        usedNc.clear();
        registered.clear();
        // the freed port is in the ephemeral range: a client socket may hold it for a moment, so retry the bind
        for (int attempt = 0; ; attempt++) {
            try {
                start(port);
                return;
            } catch (Exception e) { // Netty rethrows the checked BindException unchanged
                boolean inUse = e instanceof java.net.BindException || e.getCause() instanceof java.net.BindException;
                if (attempt >= 50 || !inUse) {
                    throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    long count(String path) { return seen.stream().filter(s -> s.path().equals(path)).count(); }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest req) {
        String path = req.uri();
        Map<String, String> h = new HashMap<>();
        req.headers().forEach(e -> h.put(e.getKey().toLowerCase(), e.getValue()));
        String body = req.content().toString(StandardCharsets.UTF_8);
        int[] status = {200};
        String answer;
        try {
            if (!HttpMethod.POST.equals(req.method())) answer = fail(status, 405, path, 4, "POST only");
            else answer = switch (path) {
                case "/VIID/System/Register" -> register(h, body, status, ctx);
                case "/VIID/System/Keepalive" -> keepalive(h, body, status, ctx);
                case "/VIID/Faces" -> faces(h, body, status, ctx);
                default -> fail(status, 404, path, 4, "no such resource");
            };
        } catch (Exception e) {
            answer = fail(status, 200, path, 7, "bad JSON: " + e.getMessage());
        }
        seen.add(new Seen(path, h, body, status[0]));
        if (answer == null) return; // challenge already written
        write(ctx, status[0], answer, null);
    }

    private String register(Map<String, String> h, String body, int[] status, ChannelHandlerContext ctx) throws Exception {
        JsonNode root = JSON.readTree(body);
        JsonNode reg = root.get("RegisterObject");
        if (reg == null || !reg.hasNonNull("DeviceID")) return fail(status, 200, "/VIID/System/Register", 8, "RegisterObject.DeviceID missing");
        String device = reg.get("DeviceID").asText();
        if (!passwords.containsKey(device)) return fail(status, 200, "/VIID/System/Register", 3, "not found DeviceID in System");
        if (!device.equals(h.get("user-identify"))) return fail(status, 200, "/VIID/System/Register", 8, "User-Identify differs from DeviceID");
        String auth = h.get("authorization");
        if (auth == null || !checkDigest(device, auth, "/VIID/System/Register", true)) {
            challenge(ctx, device, status);
            return null;
        }
        registered.add(device);
        registrations.incrementAndGet();
        return ok("/VIID/System/Register", device);
    }

    private String keepalive(Map<String, String> h, String body, int[] status, ChannelHandlerContext ctx) throws Exception {
        String device = JSON.readTree(body).path("KeepaliveObject").path("DeviceID").asText(null);
        if (device == null) return fail(status, 200, "/VIID/System/Keepalive", 8, "KeepaliveObject.DeviceID missing");
        if (!sessionOk(h, device, "/VIID/System/Keepalive")) {
            challenge(ctx, device, status);
            return null;
        }
        keepalives.incrementAndGet();
        return ok("/VIID/System/Keepalive", device);
    }

    private String faces(Map<String, String> h, String body, int[] status, ChannelHandlerContext ctx) throws Exception {
        String device = h.get("user-identify");
        if (!String.valueOf(h.get("content-type")).toLowerCase().startsWith("application/viid+json")) {
            return fail(status, 200, "/VIID/Faces", 8, "Content-Type must be application/VIID+JSON");
        }
        if (device == null || facesAlways401 || !sessionOk(h, device, "/VIID/Faces")) {
            challenge(ctx, device, status);
            return null;
        }
        JsonNode list = JSON.readTree(body).path("FaceListObject").path("FaceObject");
        if (!list.isArray() || list.isEmpty()) return fail(status, 200, "/VIID/Faces", 8, "FaceListObject.FaceObject missing");
        Integer scripted = faceStatusScript.poll();
        ObjectNode root = JSON.createObjectNode();
        ArrayNode out = root.putObject("ResponseStatusListObject").putArray("ResponseStatusObject");
        for (JsonNode f : list) {
            String faceId = f.path("FaceID").asText("");
            int code = scripted != null ? scripted : validate(f, device);
            if (code == 0) {
                faces.computeIfAbsent(faceId, k -> new AtomicInteger()).incrementAndGet();
                faceObjects.add(f);
            }
            out.addObject().put("RequestURL", "/VIID/Faces").put("StatusCode", String.valueOf(code))
                    .put("StatusString", code == 0 ? "OK" : "Error " + code).put("Id", faceId).put("LocalTime", now());
        }
        return root.toString();
    }

    /** FaceObject checks of GA/T 1400.3 for automatic capture: required fields, lengths, ID layout. */
    private static int validate(JsonNode f, String device) {
        String faceId = f.path("FaceID").asText("");
        String source = f.path("SourceID").asText("");
        String shot = f.path("ShotTime").asText("");
        if (!faceId.matches("\\d{48}") || !source.matches("\\d{41}") || !faceId.startsWith(source)) return 8;
        if (!source.startsWith(device + "02" + shot) || !faceId.substring(41, 43).equals("06")) return 8;
        if (f.path("InfoKind").asInt(-1) != 1 || !f.path("DeviceID").asText("").equals(device) || !shot.matches("\\d{14}")) return 8;
        if (f.has("AgeLowerLimit") && f.get("AgeLowerLimit").asInt() > f.path("AgeUpLimit").asInt(-1)) return 8;
        return 0;
    }

    private boolean sessionOk(Map<String, String> h, String device, String uri) {
        if (!registered.contains(device) || !device.equals(h.get("user-identify"))) return false;
        String auth = h.get("authorization");
        return auth == null || checkDigest(device, auth, uri, false); // checked when sent, as some view libraries do
    }

    /** RFC 2617/7616 MD5 with qop=auth, computed here independently of the sink's DigestAuth. */
    private boolean checkDigest(String device, String header, String uri, boolean register) {
        if (!header.startsWith("Digest ")) return false;
        Map<String, String> p = new HashMap<>();
        for (String part : header.substring(7).split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) continue;
            p.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim().replaceAll("^\"|\"$", ""));
        }
        String nonce = nonces.get(device);
        if (nonce == null || !nonce.equals(p.get("nonce")) || !REALM.equals(p.get("realm")) || !uri.equals(p.get("uri"))
                || !"auth".equals(p.get("qop")) || p.get("nc") == null || p.get("cnonce") == null || !device.equals(p.get("username"))) {
            return false;
        }
        long nc = Long.parseLong(p.get("nc"), 16);
        String ncKey = nonce + ":" + nc;
        if (usedNc.contains(ncKey)) return false; // a replayed nonce count (concurrent requests may arrive out of order)
        String ha1 = md5(p.get("username") + ":" + REALM + ":" + passwords.get(device));
        String ha2 = md5("POST:" + uri);
        String expected = md5(ha1 + ":" + nonce + ":" + p.get("nc") + ":" + p.get("cnonce") + ":auth:" + ha2);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), p.getOrDefault("response", "").getBytes(StandardCharsets.US_ASCII))) {
            return false;
        }
        usedNc.add(ncKey);
        return true;
    }

    private void challenge(ChannelHandlerContext ctx, String device, int[] status) {
        byte[] n = new byte[16];
        RANDOM.nextBytes(n);
        String nonce = HexFormat.of().formatHex(n);
        if (device != null) {
            nonces.put(device, nonce);
        }
        status[0] = 401;
        write(ctx, 401, "", "Digest realm=\"" + REALM + "\"" + (challengeWithoutQop ? "" : ", qop=\"auth\"") + ", nonce=\"" + nonce + "\", algorithm=MD5");
    }

    private static String ok(String url, String id) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("ResponseStatusObject").put("RequestURL", url).put("StatusCode", "0").put("StatusString", "OK")
                .put("Id", id).put("LocalTime", now());
        return root.toString();
    }

    private static String fail(int[] status, int http, String url, int code, String text) {
        status[0] = http;
        ObjectNode root = JSON.createObjectNode();
        root.putObject("ResponseStatusObject").put("RequestURL", url).put("StatusCode", String.valueOf(code))
                .put("StatusString", text).put("LocalTime", now());
        return root.toString();
    }

    private static String now() { return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss")); }

    private static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(ChannelHandlerContext ctx, int status, String body, String wwwAuthenticate) {
        var res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        res.headers().set("content-type", "application/VIID+JSON;charset=UTF-8");
        res.headers().set("content-length", res.content().readableBytes());
        if (wwwAuthenticate != null) res.headers().set("www-authenticate", wwwAuthenticate);
        ctx.writeAndFlush(res);
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        open.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

}
