package org.entryguard.regulator.console;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One per channel. Takes the console's paths, passes every other request down the pipeline untouched. Static files
 * and the event stream are answered on the event loop (memory only); API calls go to the console's workers, with
 * reads paused meanwhile so that responses on one connection keep the requests' order.
 */
final class ConsoleHandler extends ChannelInboundHandlerAdapter {
    /** No external resource may load: scripts, styles, images and connections come from this origin only. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final Console console;
    private EventStreams.Stream stream;
    private ScheduledFuture<?> heartbeat;

    ConsoleHandler(Console console) {
        this.console = console;
    }

    static boolean owns(String path) {
        return path.equals("/") || path.equals("/console") || path.startsWith("/console/")
                || path.equals(ConsoleApi.PREFIX) || path.startsWith(ConsoleApi.PREFIX + "/");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest req)) {
            ctx.fireChannelRead(msg);
            return;
        }
        String path = new QueryStringDecoder(req.uri()).path();
        if (!owns(path)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (stream != null) {
            // an event stream owns its connection; nothing else is expected on it
            req.release();
            return;
        }
        if (!path.startsWith(ConsoleApi.PREFIX)) {
            try {
                send(ctx, req, staticReply(req, path));
            } finally {
                req.release();
            }
            return;
        }
        if (path.equals(ConsoleApi.PREFIX + "/events") && req.method().equals(HttpMethod.GET)) {
            try {
                startStream(ctx, req);
            } finally {
                req.release();
            }
            return;
        }
        String address = address(ctx.channel().remoteAddress());
        ctx.channel().config().setAutoRead(false);
        try {
            console.workers().execute(() -> {
                ConsoleApi.Reply reply;
                try {
                    reply = console.api().handle(req, address);
                } finally {
                    req.release();
                }
                send(ctx, req, reply);
                ctx.channel().config().setAutoRead(true);
            });
        } catch (RejectedExecutionException e) {
            try {
                send(ctx, req, ConsoleApi.Reply.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "busy",
                        "the console is busy or stopping; try again"));
            } finally {
                req.release();
                ctx.channel().config().setAutoRead(true);
            }
        }
    }

    private ConsoleApi.Reply staticReply(FullHttpRequest req, String path) {
        if (!req.method().equals(HttpMethod.GET)) {
            return ConsoleApi.Reply.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method", "GET only")
                    .header("Allow", "GET");
        }
        if (path.equals("/") || path.equals("/console")) {
            return new ConsoleApi.Reply(HttpResponseStatus.FOUND, "text/plain; charset=utf-8", new byte[0],
                    new java.util.ArrayList<>()).header("Location", "/console/");
        }
        Console.Asset asset = console.asset(path);
        if (asset == null) {
            return ConsoleApi.Reply.error(HttpResponseStatus.NOT_FOUND, "not_found", "no console file " + path);
        }
        return new ConsoleApi.Reply(HttpResponseStatus.OK, asset.contentType(), asset.bytes(),
                new java.util.ArrayList<>()).header("Cache-Control", "no-cache");
    }

    private void startStream(ChannelHandlerContext ctx, FullHttpRequest req) {
        Sessions.Session s = console.api().session(req);
        if (s == null) {
            send(ctx, req, ConsoleApi.Reply.error(HttpResponseStatus.UNAUTHORIZED, "not_logged_in", "log in first"));
            return;
        }
        HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        HttpHeaders h = res.headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        h.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        h.set("X-Accel-Buffering", "no"); // tells a reverse proxy not to hold events back
        securityHeaders(h);
        HttpUtil.setTransferEncodingChunked(res, true);
        // an event stream reads nothing after its request: a read timeout in front of us would cut it every
        // interval; the heartbeat below and the session check take over that watch for this connection
        for (Map.Entry<String, io.netty.channel.ChannelHandler> e : ctx.pipeline()) {
            if (e.getValue() instanceof io.netty.handler.timeout.ReadTimeoutHandler) {
                ctx.pipeline().remove(e.getValue());
            }
        }
        ctx.write(res);
        ctx.writeAndFlush(chunk("retry: 3000\n: " + s.user.name() + "\n\n"));
        stream = new EventStreams.Stream(ctx.channel(), ConsoleApi.scope(s));
        EventStreams.Stream mine = stream;
        ctx.channel().closeFuture().addListener(f -> console.live().detach(mine));
        console.live().attach(mine, req.headers().get("Last-Event-ID"));
        EventLoop loop = ctx.channel().eventLoop();
        long every = console.settings().heartbeat.toMillis();
        heartbeat = loop.scheduleAtFixedRate(() -> {
            if (!console.sessions().alive(s)) {
                ctx.writeAndFlush(chunk("event: logout\ndata: {}\n\n")).addListener(ChannelFutureListener.CLOSE);
            } else {
                // an open live page counts as activity: a duty screen that only watches stays logged in (up to
                // session.maxHours); closing the page starts the idle clock
                console.sessions().touch(s);
                ctx.writeAndFlush(chunk(": heartbeat\n\n"));
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        ctx.fireChannelInactive();
    }

    private static DefaultHttpContent chunk(String text) {
        return new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest req, ConsoleApi.Reply reply) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, reply.status(),
                Unpooled.wrappedBuffer(reply.body()));
        HttpHeaders h = res.headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
        h.setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
        h.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        securityHeaders(h);
        for (Map.Entry<String, String> e : reply.headers()) {
            if (e.getKey().equalsIgnoreCase("Set-Cookie")) {
                h.add(e.getKey(), e.getValue());
            } else {
                h.set(e.getKey(), e.getValue());
            }
        }
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (keepAlive) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(res);
        } else {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static void securityHeaders(HttpHeaders h) {
        h.set("Content-Security-Policy", CSP);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Frame-Options", "DENY");
        h.set("Referrer-Policy", "no-referrer");
    }

    private static String address(SocketAddress a) {
        if (a instanceof InetSocketAddress i && i.getAddress() != null) {
            return i.getAddress().getHostAddress();
        }
        return String.valueOf(a);
    }
}
