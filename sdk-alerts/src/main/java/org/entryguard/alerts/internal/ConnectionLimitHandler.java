package org.entryguard.alerts.internal;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Caps the connections a receiver holds open. A connection past the cap is answered at once with
 * {@code 503 Service Unavailable}, {@code Retry-After: 1} and {@code Connection: close}, written as raw bytes
 * before any HTTP decoding, then closed after a short linger during which whatever it sends is discarded (so the
 * close does not reset the connection before the client has read the 503). Sits before the HTTP codec (after
 * TLS); one instance per connection, sharing a {@link Limits}. Besides the total cap, each remote address may hold
 * at most {@code maxPerSource} connections, so that one client holding sockets cannot lock real senders out.
 */
public final class ConnectionLimitHandler extends ChannelInboundHandlerAdapter {
    private static final String BODY = "{\"status\":\"rejected\",\"error\":\"receiver at its connection limit; retry shortly\"}";
    private static final byte[] BUSY = ("HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\nretry-after: 1\r\n"
            + "connection: close\r\ncontent-length: " + BODY.length() + "\r\n\r\n" + BODY).getBytes(StandardCharsets.US_ASCII);
    private static final long LINGER_MILLIS = 1000;

    /** The cap and the counters, shared by all connections of one receiver. */
    public static final class Limits {
        final int maxConnections;
        final int maxPerSource;
        /** Open connections per remote address: one client must not take every slot (issue 16 item 6). */
        final java.util.concurrent.ConcurrentHashMap<java.net.InetAddress, AtomicInteger> perSource =
                new java.util.concurrent.ConcurrentHashMap<>();
        final AtomicInteger active = new AtomicInteger();
        final AtomicLong refused = new AtomicLong();
        final AtomicLong timedOut = new AtomicLong();

        public Limits(int maxConnections) { this(maxConnections, maxConnections); }

        public Limits(int maxConnections, int maxPerSource) {
            this.maxConnections = maxConnections;
            this.maxPerSource = maxPerSource;
        }

        /** Takes a slot for {@code source}; false when its own cap is reached. */
        boolean takeSource(java.net.InetAddress source) {
            if (source == null) return true;
            AtomicInteger n = perSource.computeIfAbsent(source, k -> new AtomicInteger());
            if (n.incrementAndGet() > maxPerSource) {
                releaseSource(source);
                return false;
            }
            return true;
        }

        void releaseSource(java.net.InetAddress source) {
            if (source == null) return;
            perSource.computeIfPresent(source, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
        }

        /** Connections open and counted now. */
        public int active() { return active.get(); }
        /** Connections answered 503 because the cap was reached. */
        public long refused() { return refused.get(); }
        /** Requests answered 408 because they were not complete within the request deadline. */
        public long timedOut() { return timedOut.get(); }
        /** Counts a 408. */
        public void timedOutOne() { timedOut.incrementAndGet(); }
    }

    private final Limits limits;
    private boolean counted;
    private boolean refused;
    private java.net.InetAddress source;

    public ConnectionLimitHandler(Limits limits) { this.limits = limits; }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        java.net.InetAddress from = ctx.channel().remoteAddress() instanceof java.net.InetSocketAddress a ? a.getAddress() : null;
        boolean sourceOk = limits.takeSource(from);
        if (!sourceOk || limits.active.incrementAndGet() > limits.maxConnections) {
            if (sourceOk) {
                limits.active.decrementAndGet();
                limits.releaseSource(from);
            }
            limits.refused.incrementAndGet();
            refused = true;
            ctx.writeAndFlush(Unpooled.wrappedBuffer(BUSY)).addListener(f ->
                    ctx.executor().schedule(() -> { ctx.close(); }, LINGER_MILLIS, TimeUnit.MILLISECONDS));
            return; // the HTTP handlers never see this connection
        }
        counted = true;
        source = from;
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (counted) {
            counted = false;
            limits.active.decrementAndGet();
            limits.releaseSource(source);
        }
        if (!refused) super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        if (refused) {
            ctx.close();
            return;
        }
        super.exceptionCaught(ctx, cause);
    }
}
