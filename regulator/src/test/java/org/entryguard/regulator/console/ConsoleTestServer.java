package org.entryguard.regulator.console;

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
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.entryguard.regulator.store.AlertFeed;
import org.entryguard.regulator.store.AlertStore;
import org.entryguard.regulator.store.Handling;
import org.entryguard.regulator.store.StoredAlert;

/**
 * A real Netty HTTP server on loopback with the console's handler where the service puts it (after the aggregator)
 * and, behind it, a stand-in for the intake's handlers that answers 404 with the body it was given, so tests see
 * that requests outside the console pass on whole.
 */
final class ConsoleTestServer implements AutoCloseable {
    static {
        // the console's log lines visible to LogSecretsTest whatever simplelogger.properties says
        System.setProperty("org.slf4j.simpleLogger.log.org.entryguard.regulator.console", "info");
    }

    static final String PASSWORD = "correct horse 42";
    static final String HAIDIAN = "海淀区";
    static final String CHAOYANG = "朝阳区";

    final Console console;
    final URI base;
    final AtomicInteger passedOn = new AtomicInteger();
    private final EventLoopGroup group = new NioEventLoopGroup(2);
    private final Channel server;

    ConsoleTestServer(AlertStore store, AlertFeed feed, JsonNode settings) throws InterruptedException {
        this(store, feed, settings, 0);
    }

    /** With {@code readTimeoutSeconds > 0}, a ReadTimeoutHandler first in the pipeline, as the service has. */
    ConsoleTestServer(AlertStore store, AlertFeed feed, JsonNode settings, int readTimeoutSeconds)
            throws InterruptedException {
        this(store, feed, settings, readTimeoutSeconds, java.time.Clock.systemUTC());
    }

    ConsoleTestServer(AlertStore store, AlertFeed feed, JsonNode settings, int readTimeoutSeconds,
                      java.time.Clock clock) throws InterruptedException {
        console = Console.create(store, feed, settings, clock);
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (readTimeoutSeconds > 0) {
                            ch.pipeline().addLast(new io.netty.handler.timeout.ReadTimeoutHandler(readTimeoutSeconds));
                        }
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                                console.newHandler(), new Intake());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        base = URI.create("http://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort());
    }

    /** What the intake's handlers would be: echoes the request body so a test sees it arrived unreleased. */
    private final class Intake extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            passedOn.incrementAndGet();
            byte[] body = ("intake got " + req.method() + " " + req.uri() + " body=" + req.content()
                    .toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND,
                    Unpooled.wrappedBuffer(body));
            res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Three officers: a city one, one for 海淀区 and one for 朝阳区; passwords hashed with few iterations for speed. */
    static ObjectNode settings(Consumer<ObjectNode> tweak) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode s = m.createObjectNode();
        ArrayNode users = s.putArray("users");
        String hash = Passwords.hash(PASSWORD.toCharArray(), 1000);
        users.addObject().put("name", "city").put("displayName", "市局值班").put("role", "CITY").put("passwordHash", hash);
        users.addObject().put("name", "haidian").put("displayName", "海淀值班").put("role", "DISTRICT")
                .put("district", HAIDIAN).put("passwordHash", hash);
        users.addObject().put("name", "chaoyang").put("role", "DISTRICT").put("district", CHAOYANG)
                .put("passwordHash", hash);
        s.put("heartbeatSeconds", 1);
        tweak.accept(s);
        return s;
    }

    static StoredAlert alert(String id, String district, String venueId, String type, Instant at) {
        return new StoredAlert(id, venueId, "KTV " + venueId, district, type, "MINOR", "KTV: no minors",
                "estimated 15–17 on 6 of 6 shots; staff did not resolve the ID check", 15.0, 17.0, at,
                at.plus(Duration.ofMillis(300)), "webhook", Handling.NEW);
    }

    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        console.close();
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
