package org.entryguard.alerts.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Closes a connection whose request is not complete within a deadline from its first byte. A read-idle timeout
 * alone does not stop a slowloris client, which sends a byte every few seconds forever.
 */
public final class RequestDeadlineHandler extends ChannelDuplexHandler {
    private final long deadlineMillis;
    private ScheduledFuture<?> timer;

    public RequestDeadlineHandler(long deadlineMillis) { this.deadlineMillis = deadlineMillis; }

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

    private void arm(ChannelHandlerContext ctx) {
        if (timer != null) timer.cancel(false);
        timer = ctx.executor().schedule(() -> { ctx.close(); }, deadlineMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (timer != null) timer.cancel(false);
        super.channelInactive(ctx);
    }
}
