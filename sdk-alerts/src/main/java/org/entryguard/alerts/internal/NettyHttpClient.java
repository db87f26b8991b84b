package org.entryguard.alerts.internal;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.AttributeKey;

import org.entryguard.alerts.DeliveryRequest;
import org.entryguard.alerts.DeliveryResponse;
import org.entryguard.core.EntryGuardException;

/**
 * A small blocking HTTP/1.1 client on Netty for one origin: keep-alive connections are reused from an idle
 * list, each request has a connect timeout and a read timeout (time to the complete response), and a
 * connection that timed out, failed or was told {@code Connection: close} is discarded.
 */
public final class NettyHttpClient implements AutoCloseable {
    private static final AttributeKey<CompletableFuture<FullHttpResponse>> PENDING = AttributeKey.valueOf("eg.pending");
    private static final int MAX_RESPONSE = 64 * 1024;

    private final URI origin;
    private final String host;
    private final int port;
    private final Duration readTimeout;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final ConcurrentLinkedQueue<Channel> idle = new ConcurrentLinkedQueue<>();

    /**
     * @param origin         http:// or https:// URI; only its scheme, host and port are used here
     * @param trust          trust for https (null: the JVM's default trust store)
     */
    public NettyHttpClient(URI origin, Duration connectTimeout, Duration readTimeout, TrustManagerFactory trust) {
        this.origin = origin;
        String scheme = origin.getScheme() == null ? "" : origin.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("endpoint " + origin + " must be an http:// or https:// URL");
        }
        if (origin.getHost() == null) throw new IllegalArgumentException("endpoint " + origin + " has no host: write e.g. https://alerts.example.gov.cn/hook");
        this.host = origin.getHost();
        boolean tls = scheme.equals("https");
        this.port = origin.getPort() > 0 ? origin.getPort() : tls ? 443 : 80;
        this.readTimeout = readTimeout;
        SslContext ssl;
        try {
            ssl = tls ? SslContextBuilder.forClient().trustManager(trust).build() : null;
        } catch (javax.net.ssl.SSLException e) {
            throw new EntryGuardException("cannot set up TLS for " + origin + ": " + e.getMessage(), e);
        }
        this.group = new NioEventLoopGroup(1, r -> {
            Thread t = new Thread(r, "entryguard-http-client");
            t.setDaemon(true);
            return t;
        });
        this.bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (ssl != null) {
                            SSLEngine engine = ssl.newEngine(ch.alloc(), host, port);
                            SSLParameters p = engine.getSSLParameters();
                            p.setEndpointIdentificationAlgorithm("HTTPS"); // check the certificate names this host
                            engine.setSSLParameters(p);
                            ch.pipeline().addLast(new io.netty.handler.ssl.SslHandler(engine));
                        }
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_RESPONSE), new ResponseHandler());
                    }
                });
    }

    /** Sends one request and waits for the complete response. */
    public DeliveryResponse execute(DeliveryRequest request) throws IOException {
        Channel ch = acquire();
        CompletableFuture<FullHttpResponse> pending = new CompletableFuture<>();
        ch.attr(PENDING).set(pending);
        URI u = request.uri();
        String path = (u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath())
                + (u.getRawQuery() != null ? "?" + u.getRawQuery() : "");
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path,
                Unpooled.wrappedBuffer(request.body()));
        request.headers().forEach((k, v) -> req.headers().set(k, v));
        req.headers().set(HttpHeaderNames.HOST, port == 80 || port == 443 ? host : host + ":" + port);
        req.headers().set(HttpHeaderNames.CONTENT_LENGTH, request.body().length);
        req.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        ch.writeAndFlush(req).addListener(f -> {
            if (!f.isSuccess()) pending.completeExceptionally(f.cause());
        });
        FullHttpResponse res;
        try {
            res = pending.get(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            ch.close();
            throw new IOException("no complete response from " + origin + " within " + readTimeout.toMillis() + " ms (read timeout)");
        } catch (ExecutionException e) {
            ch.close();
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().toString(), e.getCause());
        } catch (InterruptedException e) {
            ch.close();
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for " + origin);
        }
        try {
            Map<String, String> headers = new HashMap<>();
            res.headers().forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
            DeliveryResponse out = new DeliveryResponse(res.status().code(), headers, ByteBufUtil.getBytes(res.content()));
            ch.attr(PENDING).set(null);
            if (HttpUtil.isKeepAlive(res) && ch.isActive()) idle.add(ch); else ch.close();
            return out;
        } finally {
            res.release();
        }
    }

    private Channel acquire() throws IOException {
        Channel c;
        while ((c = idle.poll()) != null) {
            if (c.isActive()) return c;
        }
        try {
            var f = bootstrap.connect(host, port).awaitUninterruptibly();
            if (!f.isSuccess()) {
                throw new IOException("cannot connect to " + host + ":" + port + " (" + f.cause() + ")", f.cause());
            }
            return f.channel();
        } catch (IllegalStateException e) {
            throw new IOException("client is closed", e);
        }
    }

    @Override
    public void close() {
        Channel c;
        while ((c = idle.poll()) != null) c.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Completes the waiting request; a connection that dies first fails it. */
    private static final class ResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
            CompletableFuture<FullHttpResponse> p = ctx.channel().attr(PENDING).get();
            if (p == null || !p.complete(msg.retain())) {
                if (p != null) msg.release();
                ctx.close(); // an answer nobody asked for: the connection is out of step, drop it
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            CompletableFuture<FullHttpResponse> p = ctx.channel().attr(PENDING).get();
            if (p != null) p.completeExceptionally(new IOException("connection closed before the response"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            CompletableFuture<FullHttpResponse> p = ctx.channel().attr(PENDING).get();
            if (p != null) p.completeExceptionally(cause instanceof IOException ? cause : new IOException(cause.toString(), cause));
            ctx.close();
        }
    }
}
