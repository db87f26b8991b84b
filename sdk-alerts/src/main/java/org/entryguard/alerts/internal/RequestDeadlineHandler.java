package org.entryguard.alerts.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Answers {@code 408 Request Timeout} and closes a connection whose request is not complete within a deadline
 * from its first byte (or from connecting, for a connection that sends nothing). A read-idle timeout alone does
 * not stop a slowloris client, which sends a byte every few seconds forever. Sits after the HTTP codec.
 */
public final class RequestDeadlineHandler extends ChannelDuplexHandler {
    private static final String BODY = "{\"status\":\"rejected\",\"error\":\"request not complete within the deadline\"}";
    private final long deadlineMillis;
    private final ConnectionLimitHandler.Limits counters;
    private ScheduledFuture<?> timer;

    public RequestDeadlineHandler(long deadlineMillis, ConnectionLimitHandler.Limits counters) {
        this.deadlineMillis = deadlineMillis;
        this.counters = counters;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        arm(ctx); // a connection that never sends a complete request is closed too
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest && timer == null) arm(ctx);
        if (msg instanceof LastHttpContent && timer != null) {
            timer.cancel(false);
            timer = null;
        }
        super.channelRead(ctx, msg);
    }

    /**
     * Sees the raw bytes before the HTTP codec: the deadline of a request starts with its first byte. Without it a
     * keep-alive connection whose next request trickles its header lines was only bounded by the idle timeout,
     * which every trickled byte resets (the codec emits nothing until the headers are complete).
     */
    public ChannelInboundHandlerAdapter firstByteWatcher() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext raw, Object msg) throws Exception {
                if (timer == null && self != null) arm(self);
                super.channelRead(raw, msg);
            }
        };
    }

    private ChannelHandlerContext self;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        self = ctx;
        super.handlerAdded(ctx);
    }

    private void arm(ChannelHandlerContext ctx) {
        if (timer != null) timer.cancel(false);
        timer = ctx.executor().schedule(() -> expire(ctx), deadlineMillis, TimeUnit.MILLISECONDS);
    }

    private void expire(ChannelHandlerContext ctx) {
        timer = null;
        if (!ctx.channel().isActive()) return;
        if (counters != null) counters.timedOutOne();
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.REQUEST_TIMEOUT,
                Unpooled.copiedBuffer(BODY, StandardCharsets.UTF_8));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
        res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (timer != null) timer.cancel(false);
        super.channelInactive(ctx);
    }
}
