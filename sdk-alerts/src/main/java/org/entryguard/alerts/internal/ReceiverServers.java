package org.entryguard.alerts.internal;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.GlobalEventExecutor;

import org.entryguard.alerts.ReceiverServer;
import org.entryguard.core.EntryGuardException;

/** Netty server plumbing for {@link org.entryguard.alerts.WebhookReceiver}. */
public final class ReceiverServers {
    private ReceiverServers() { }

    /** Connection cap, HTTP codec with tight line/header limits, keep-alive idle limit, request deadline, body cap. */
    public static void initHttp(io.netty.channel.ChannelPipeline p, int maxBody, long deadlineMillis, ConnectionLimitHandler.Limits limits) {
        RequestDeadlineHandler deadline = new RequestDeadlineHandler(deadlineMillis, limits);
        p.addLast("limit", new ConnectionLimitHandler(limits));
        p.addLast("first-byte", deadline.firstByteWatcher()); // the deadline runs from a request's first byte
        p.addLast("http", new HttpServerCodec(4096, 16 * 1024, 16 * 1024));
        p.addLast("idle", new ReadTimeoutHandler(60, TimeUnit.SECONDS));
        p.addLast("deadline", deadline);
        p.addLast("aggregate", new HttpObjectAggregator(maxBody, true));
    }

    /** Binds a server. */
    public static ReceiverServer start(io.netty.channel.ChannelHandler handler, int maxBody, long deadlineMillis,
            ConnectionLimitHandler.Limits limits, InetSocketAddress address, SslContext tls) {
        EventLoopGroup boss = new NioEventLoopGroup(1, daemon("entryguard-receiver-accept"));
        EventLoopGroup workers = new NioEventLoopGroup(2, daemon("entryguard-receiver-io"));
        // The handler may block (database insert): run it off the I/O threads.
        EventExecutorGroup handlers = new DefaultEventExecutorGroup(4, daemon("entryguard-receiver-handler"));
        ChannelGroup open = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        try {
            Channel server = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .option(ChannelOption.SO_BACKLOG, 256)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            open.add(ch);
                            if (tls != null) ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
                            initHttp(ch.pipeline(), maxBody, deadlineMillis, limits);
                            ch.pipeline().addLast(handlers, "entryguard-receiver", handler);
                        }
                    })
                    .bind(address).syncUninterruptibly().channel();
            InetSocketAddress bound = (InetSocketAddress) server.localAddress();
            return new ReceiverServer() {
                @Override
                public InetSocketAddress address() { return bound; }

                @Override
                public void close() {
                    server.close().syncUninterruptibly();
                    open.close().awaitUninterruptibly();
                    // Together and with a short quiet period: closing pipelines hop between the I/O and handler
                    // executors, and a hop onto an executor that already terminated would be rejected.
                    var b = boss.shutdownGracefully(50, 1000, TimeUnit.MILLISECONDS);
                    var w = workers.shutdownGracefully(50, 1000, TimeUnit.MILLISECONDS);
                    var h = handlers.shutdownGracefully(50, 1000, TimeUnit.MILLISECONDS);
                    b.syncUninterruptibly();
                    w.syncUninterruptibly();
                    h.syncUninterruptibly();
                }
            };
        } catch (RuntimeException e) {
            boss.shutdownGracefully();
            workers.shutdownGracefully();
            handlers.shutdownGracefully();
            throw new EntryGuardException("cannot listen on " + address + " (" + e + "): pick a free port or stop what holds it", e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
