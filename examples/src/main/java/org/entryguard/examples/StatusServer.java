package org.entryguard.examples;

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
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** The gateway's {@code /health} (JSON) and {@code /metrics} (Prometheus text format 0.0.4) over Netty. */
final class StatusServer implements AutoCloseable {
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final Channel channel;

    StatusServer(InetSocketAddress address, Supplier<String> health, Supplier<Boolean> healthy, Supplier<String> metrics) {
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192),
                                new SimpleChannelInboundHandler<FullHttpRequest>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                                        String path = req.uri().split("\\?", 2)[0];
                                        FullHttpResponse res;
                                        switch (path) {
                                            case "/health" -> res = text(healthy.get() ? HttpResponseStatus.OK
                                                    : HttpResponseStatus.SERVICE_UNAVAILABLE, health.get(), "application/json");
                                            case "/metrics" -> res = text(HttpResponseStatus.OK, metrics.get(),
                                                    "text/plain; version=0.0.4; charset=utf-8");
                                            default -> res = text(HttpResponseStatus.NOT_FOUND,
                                                    "not found: try /health or /metrics\n", "text/plain");
                                        }
                                        boolean keepAlive = HttpUtil.isKeepAlive(req);
                                        if (keepAlive) {
                                            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                                            ctx.writeAndFlush(res);
                                        } else {
                                            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
                                        }
                                    }
                                });
                    }
                });
        try {
            channel = b.bind(address).syncUninterruptibly().channel();
        } catch (Exception e) { // Netty rethrows the checked BindException undeclared: RuntimeException missed it,
            group.shutdownGracefully(); // and the event loop's non-daemon thread then kept a do-nothing process alive
            throw new UsageException("http.port: cannot open the status port " + address + ": " + e.getMessage()
                    + " (is another gateway running? set http.port to a free port, 0 for any, -1 to disable)");
        }
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body, String type) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
        return r;
    }

    InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
