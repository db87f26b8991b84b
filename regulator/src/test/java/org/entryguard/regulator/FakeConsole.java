package org.entryguard.regulator;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import org.entryguard.regulator.store.AlertFeed;
import org.entryguard.regulator.store.AlertStore;

/**
 * Stands in for {@code org.entryguard.regulator.console.Console} (built on another branch) with the same public shape,
 * so the seam is tested here: it answers {@code /console/**} and {@code /} and passes everything else on.
 */
public final class FakeConsole {
    static volatile AlertStore store;
    static volatile AlertFeed feed;
    static volatile JsonNode settings;
    static volatile boolean closed;

    public static FakeConsole create(AlertStore s, AlertFeed f, JsonNode consoleSettings) {
        store = s;
        feed = f;
        settings = consoleSettings;
        closed = false;
        return new FakeConsole();
    }

    public ChannelHandler newHandler() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof FullHttpRequest req && (req.uri().startsWith("/console/") || req.uri().equals("/"))) {
                    req.release();
                    var res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                            Unpooled.copiedBuffer("fake console", StandardCharsets.UTF_8));
                    res.headers().set("content-length", res.content().readableBytes());
                    ctx.writeAndFlush(res);
                    return;
                }
                ctx.fireChannelRead(msg);
            }
        };
    }

    public void close() { closed = true; }
}
