package org.entryguard.alerts;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;

/** A real in-process Netty HTTP server answering from a script, recording what it received. */
final class ScriptedServer implements AutoCloseable {
    /** One scripted answer; status 0 means: never answer (to trigger the client's read timeout). */
    record Answer(int status, Map<String, String> headers) {
        static Answer of(int status) { return new Answer(status, Map.of()); }
    }

    /** One received request. */
    record Received(Map<String, String> headers, byte[] body) {
        String header(String n) { return headers.get(n); }
        String bodyText() { return new String(body, StandardCharsets.UTF_8); }
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    final AtomicInteger connections = new AtomicInteger();
    volatile Answer fallback = Answer.of(200);
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final Channel server;

    ScriptedServer(Answer... answers) {
        script.addAll(List.of(answers));
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.incrementAndGet();
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                                new SimpleChannelInboundHandler<FullHttpRequest>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                                        Map<String, String> h = new java.util.HashMap<>();
                                        req.headers().forEach(e -> h.put(e.getKey().toLowerCase(), e.getValue()));
                                        received.add(new Received(h, ByteBufUtil.getBytes(req.content())));
                                        Answer a = script.poll();
                                        if (a == null) a = fallback;
                                        if (a.status() == 0) return;
                                        var res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(a.status()),
                                                Unpooled.copiedBuffer("{}", StandardCharsets.UTF_8));
                                        res.headers().set("content-length", 2);
                                        a.headers().forEach(res.headers()::set);
                                        ctx.writeAndFlush(res);
                                    }
                                });
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
    }

    URI uri() { return URI.create("http://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort() + "/hook"); }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
