package org.entryguard.regulator.intake;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.LastHttpContent;

import org.entryguard.regulator.RegulatorMetrics;

/**
 * Closes a connection whose request is not complete within the deadline from its first byte (slowloris: a client
 * that dribbles a byte every few seconds would otherwise hold its socket, whatever the idle timeout). One per
 * channel in two places: this handler before the HTTP codec starts the clock on raw bytes, {@link #end()} after it
 * stops the clock when the request's last part is decoded. Counted as {@code request_timeout}.
 */
public final class RequestDeadline extends ChannelInboundHandlerAdapter {
    private final long millis;
    private final RegulatorMetrics metrics;
    private ScheduledFuture<?> timer;

    /** A deadline of {@code millis} per request. */
    public RequestDeadline(long millis, RegulatorMetrics metrics) {
        this.millis = millis;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof ByteBuf b && b.isReadable() && timer == null) {
            timer = ctx.executor().schedule(() -> {
                metrics.rejected("request_timeout");
                ctx.close();
            }, millis, TimeUnit.MILLISECONDS);
        }
        super.channelRead(ctx, msg);
    }

    /** The handler that stops the clock; put it right after the HTTP codec. */
    public ChannelHandler end() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
                if (msg instanceof LastHttpContent) stop();
                super.channelRead(ctx, msg);
            }
        };
    }

    private void stop() {
        // both handlers run on the channel's event loop: no race on the timer
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stop();
        super.channelInactive(ctx);
    }
}
