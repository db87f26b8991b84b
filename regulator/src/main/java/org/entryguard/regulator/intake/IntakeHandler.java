package org.entryguard.regulator.intake;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

import org.entryguard.regulator.RegulatorMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of the service's pipeline (after the console's): routes {@code POST <webhook prefix><venue>} to
 * {@link WebhookIntake}, {@code /VIID/...} to {@link Gat1400Intake}, {@code GET /metrics} (Prometheus text) and
 * {@code GET /healthz}; anything else is 404. The body is copied out before any await, and the answer is written
 * when storage has decided, on the channel's event loop. Sharable.
 */
@ChannelHandler.Sharable
public final class IntakeHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(IntakeHandler.class);

    private final WebhookIntake webhooks;
    private final Gat1400Intake gat1400;
    private final RegulatorMetrics metrics;

    /** Routes to the two intakes and the metrics. */
    public IntakeHandler(WebhookIntake webhooks, Gat1400Intake gat1400, RegulatorMetrics metrics) {
        this.webhooks = webhooks;
        this.gat1400 = gat1400;
        this.metrics = metrics;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        long arrived = System.nanoTime();
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (!req.decoderResult().isSuccess()) {
            metrics.rejected("malformed_http");
            write(ctx, Reply.rejected(400, "malformed_http", "the request is not well-formed HTTP/1.1: "
                    + req.decoderResult().cause().getMessage(), Map.of()), false);
            return;
        }
        String uri = req.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        String method = req.method().name();
        try {
            if (path.equals("/metrics") && method.equals("GET")) {
                write(ctx, new Reply(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape().getBytes(StandardCharsets.UTF_8), Map.of()), keepAlive);
            } else if (path.equals("/healthz") && method.equals("GET")) {
                write(ctx, Reply.text(200, "ok\n"), keepAlive);
            } else if (webhooks.matches(path)) {
                if (!method.equals("POST")) {
                    metrics.rejected("bad_method");
                    write(ctx, Reply.rejected(405, "bad_method", "webhooks are POSTed", Map.of("allow", "POST")), keepAlive);
                    return;
                }
                byte[] body = ByteBufUtil.getBytes(req.content());
                webhooks.handle(path, req.headers(), body, arrived).whenComplete((r, e) -> answer(ctx, r, e, keepAlive));
            } else if (gat1400.matches(path)) {
                byte[] body = ByteBufUtil.getBytes(req.content());
                gat1400.handle(method, path, req.headers(), body, arrived).whenComplete((r, e) -> answer(ctx, r, e, keepAlive));
            } else {
                metrics.rejected("unknown_path");
                write(ctx, Reply.rejected(404, "unknown_path", "nothing at " + WebhookIntake.abbreviate(path)
                        + ": gateways post to the webhook URL the bureau issued, GA/T 1400 devices to /VIID/...", Map.of()), keepAlive);
            }
        } catch (RuntimeException e) {
            LOG.error("intake failed on {} {}", method, path, e);
            metrics.rejected("internal_error");
            write(ctx, Reply.rejected(500, "internal_error", "the regulator failed on this request: retry", Map.of()), false);
        }
    }

    private void answer(ChannelHandlerContext ctx, Reply r, Throwable e, boolean keepAlive) {
        Reply out = r;
        if (e != null) {
            LOG.error("intake failed", e);
            metrics.rejected("internal_error");
            out = Reply.rejected(500, "internal_error", "the regulator failed on this request: retry", Map.of());
        }
        Reply fin = out;
        if (ctx.executor().inEventLoop()) write(ctx, fin, keepAlive);
        else ctx.executor().execute(() -> write(ctx, fin, keepAlive));
    }

    static void write(ChannelHandlerContext ctx, Reply r, boolean keepAlive) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()),
                Unpooled.wrappedBuffer(r.body()));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        res.headers().set(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
        r.headers().forEach((k, v) -> res.headers().set(k, v));
        if (!keepAlive) res.headers().set(HttpHeaderNames.CONNECTION, "close");
        var f = ctx.writeAndFlush(res);
        if (!keepAlive) f.addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("connection error: {}", cause.toString());
        ctx.close();
    }
}
