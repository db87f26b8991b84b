package org.entryguard.alerts.internal;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

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
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;

import org.entryguard.alerts.Alert;
import org.entryguard.alerts.AlertFormatException;
import org.entryguard.alerts.AlertHandler;
import org.entryguard.alerts.ReceiverStats;
import org.entryguard.alerts.WebhookSigner;
import org.entryguard.alerts.WebhookVerificationException;
import org.entryguard.alerts.WebhookVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Verifies one aggregated request and answers it; see {@link org.entryguard.alerts.WebhookReceiver} for the rules. */
@ChannelHandler.Sharable
public final class ReceiverHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(ReceiverHandler.class);

    private final WebhookVerifier verifier;
    private final AlertHandler handler;
    private final IdTracker ids;
    private final String path;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    public ReceiverHandler(WebhookVerifier verifier, AlertHandler handler, IdTracker ids, String path) {
        this.verifier = verifier;
        this.handler = handler;
        this.ids = ids;
        this.path = path;
    }

    public ReceiverStats stats() { return new ReceiverStats(accepted.get(), duplicates.get(), rejected.get()); }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (req.decoderResult().isFailure()) {
            reply(ctx, req, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request", true);
            return;
        }
        // Netty accepts any "HTTP/x.y"; only the versions this server speaks are taken (HTTP/9.9 is not HTTP/1.1)
        HttpVersion v = req.protocolVersion();
        if (!"HTTP".equals(v.protocolName()) || v.majorVersion() != 1 || (v.minorVersion() != 0 && v.minorVersion() != 1)) {
            reply(ctx, req, HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, "only HTTP/1.1 and HTTP/1.0 are supported", true);
            return;
        }
        if (path != null && !new QueryStringDecoder(req.uri()).path().equals(path)) {
            reply(ctx, req, HttpResponseStatus.NOT_FOUND, "no receiver at this path; post alerts to " + path, false);
            return;
        }
        if (!HttpMethod.POST.equals(req.method())) {
            reply(ctx, req, HttpResponseStatus.METHOD_NOT_ALLOWED, "alerts are POSTed", false);
            return;
        }
        byte[] body = ByteBufUtil.getBytes(req.content());
        if (body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF) {
            // RFC 8259: JSON text must not start with a byte-order mark; the parser would skip it, so refuse it here
            reply(ctx, req, HttpResponseStatus.BAD_REQUEST, "the body starts with a UTF-8 byte-order mark: send the JSON without it", false);
            return;
        }
        String id = req.headers().get(WebhookSigner.HEADER_ID);
        try {
            verifier.verify(id, req.headers().get(WebhookSigner.HEADER_TIMESTAMP), req.headers().get(WebhookSigner.HEADER_SIGNATURE), body);
        } catch (WebhookVerificationException e) {
            HttpResponseStatus s = switch (e.reason()) {
                case MISSING_HEADER, BAD_TIMESTAMP -> HttpResponseStatus.BAD_REQUEST;
                case TIMESTAMP_OUT_OF_WINDOW, NO_MATCHING_SIGNATURE -> HttpResponseStatus.UNAUTHORIZED;
            };
            reply(ctx, req, s, e.getMessage(), false);
            return;
        }
        // Parsed only after the signature checks out: unauthenticated bytes never reach the JSON parser.
        Alert alert;
        try {
            alert = Alert.fromJson(body);
        } catch (AlertFormatException e) {
            reply(ctx, req, HttpResponseStatus.BAD_REQUEST, e.getMessage(), false);
            return;
        }
        if (!alert.id().equals(id)) {
            reply(ctx, req, HttpResponseStatus.BAD_REQUEST, "webhook-id '" + id + "' differs from the alert id '" + alert.id()
                    + "': send the alert id as webhook-id", false);
            return;
        }
        switch (ids.begin(alert.id())) {
            case DUPLICATE -> {
                duplicates.incrementAndGet();
                ok(ctx, req, "duplicate");
                return;
            }
            case IN_PROGRESS -> {
                reply(ctx, req, HttpResponseStatus.CONFLICT, "alert " + alert.id() + " is being handled right now; retry shortly", false);
                return;
            }
            case NEW -> { }
        }
        try {
            handler.onAlert(alert);
        } catch (Exception e) {
            ids.abandon(alert.id());
            LOG.error("alert handler failed for {}; answering 500 so the sender retries", alert.id(), e);
            reply(ctx, req, HttpResponseStatus.INTERNAL_SERVER_ERROR, "the receiver could not store the alert; it will be retried", false);
            return;
        }
        try {
            ids.done(alert.id());
        } catch (RuntimeException e) {
            // handed on but not recorded as seen: a resend would be handed on again; say so and let the sender retry
            ids.abandon(alert.id());
            LOG.error("alert {} was handed on but its id could not be recorded in the duplicate store: {}", alert.id(), e.getMessage());
            reply(ctx, req, HttpResponseStatus.INTERNAL_SERVER_ERROR, "the receiver could not record the alert id", false);
            return;
        }
        accepted.incrementAndGet();
        ok(ctx, req, "accepted");
    }

    private void ok(ChannelHandlerContext ctx, FullHttpRequest req, String status) {
        send(ctx, req, HttpResponseStatus.OK, "{\"status\":\"" + status + "\"}", false);
    }

    private void reply(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus s, String message, boolean close) {
        rejected.incrementAndGet();
        send(ctx, req, s, AlertCodec.MAPPER.createObjectNode().put("status", "rejected").put("error", message).toString(), close);
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus s, String json, boolean close) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, s,
                Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
        if (s == HttpResponseStatus.METHOD_NOT_ALLOWED) res.headers().set(HttpHeaderNames.ALLOW, "POST");
        boolean keepAlive = !close && HttpUtil.isKeepAlive(req);
        if (!keepAlive) res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        var f = ctx.writeAndFlush(res);
        if (!keepAlive) f.addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("receiver connection error, closing: {}", cause.toString());
        ctx.close();
    }
}
