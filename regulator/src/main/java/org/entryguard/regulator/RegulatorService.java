package org.entryguard.regulator;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;

import org.entryguard.core.EntryGuardException;
import org.entryguard.regulator.bus.AlertBus;
import org.entryguard.regulator.bus.InProcessBus;
import org.entryguard.regulator.bus.KafkaBus;
import org.entryguard.regulator.bus.StoreWriter;
import org.entryguard.regulator.console.Console;
import org.entryguard.regulator.intake.Gat1400Intake;
import org.entryguard.regulator.intake.IntakeHandler;
import org.entryguard.regulator.intake.RequestDeadline;
import org.entryguard.regulator.intake.WebhookIntake;
import org.entryguard.regulator.store.Database;
import org.entryguard.regulator.store.JdbcAlertStore;
import org.entryguard.regulator.store.LiveFeed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The regulator service: a Netty HTTP server with the duty officers' console and the verified intake, the
 * database, and the bus between them (in process on one node, Kafka between the nodes of a city). {@link #start}
 * returns once it listens; {@link #close} stops accepting, lets queued alerts reach the database, and closes it.
 */
public final class RegulatorService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegulatorService.class);
    private static final int READ_TIMEOUT_SECONDS = 60;

    private final RegulatorConfig config;
    private final RegulatorMetrics metrics = new RegulatorMetrics();
    private final LiveFeed feed = new LiveFeed();
    private final JdbcAlertStore store;
    private final AlertBus bus;
    private final Gat1400Intake gat1400;
    private final Console console;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel server;
    private final ScheduledExecutorService housekeeping;

    private RegulatorService(RegulatorConfig config, Clock clock, int readTimeoutSeconds) {
        this.config = config;
        RegulatorConfig.Database d = config.database();
        Database db = d.url() == null ? Database.embedded(config.dataDir(), d.poolSize()) : Database.open(d.url(), d.user(), d.password(), d.poolSize());
        this.store = new JdbcAlertStore(db, config.zone(), clock);
        store.onHandled(feed::publish);
        StoreWriter writer = new StoreWriter(store, feed, metrics);
        AlertBus b = null;
        Console c = null;
        EventLoopGroup bg = null;
        EventLoopGroup wg = null;
        try {
            b = config.kafka() == null ? new InProcessBus(writer, 100_000) : new KafkaBus(config.kafka(), writer);
            try {
                c = Console.create(store, feed, config.console());
            } catch (IllegalArgumentException e) {
                throw new EntryGuardException("regulator config: " + e.getMessage());
            }
            WebhookIntake webhooks = new WebhookIntake(config, b, metrics, clock);
            this.gat1400 = new Gat1400Intake(config, b, metrics, clock);
            IntakeHandler intake = new IntakeHandler(webhooks, gat1400, metrics);
            int maxBody = Math.max(config.webhook().maxBodyBytes(), 4 << 20);
            Console consoleRef = c;
            RegulatorMetrics m = metrics;
            bg = new NioEventLoopGroup(1);
            wg = new NioEventLoopGroup();
            this.server = new ServerBootstrap().group(bg, wg).channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            // a connection that sends nothing for 60 s is closed: stops slow or abandoned clients holding
                            // sockets (the console takes it out of its event-stream connections, which read nothing)
                            RequestDeadline deadline = new RequestDeadline(config.webhook().requestDeadline().toMillis(), m);
                            ch.pipeline().addLast(new ReadTimeoutHandler(readTimeoutSeconds), deadline, new HttpServerCodec(4096, 16384, 8192),
                                    deadline.end(), new CountingAggregator(maxBody, m));
                            ch.pipeline().addLast("console", consoleRef.newHandler());
                            ch.pipeline().addLast("intake", intake);
                        }
                    }).bind(new InetSocketAddress(config.host(), config.port())).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            if (bg != null) bg.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            if (wg != null) wg.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            if (c != null) c.close();
            if (b != null) b.close();
            store.close();
            throw e instanceof EntryGuardException ? e : new EntryGuardException("cannot start the regulator on "
                    + config.host() + ":" + config.port() + ": " + e.getMessage() + " (is the port in use? set 'listen' in the config)", e);
        }
        this.bus = b;
        this.console = c;
        this.boss = bg;
        this.workers = wg;
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "entryguard-regulator-housekeeping");
            t.setDaemon(true);
            return t;
        });
        if (config.storeImages()) {
            housekeeping.scheduleWithFixedDelay(() -> {
                try {
                    int n = store.purgeImages(clock.instant().minus(config.imageRetention()));
                    if (n > 0) LOG.info("deleted {} face images older than {} days (retention)", n, config.imageRetention().toDays());
                } catch (RuntimeException e) {
                    LOG.warn("image retention purge failed: {}", e.getMessage());
                }
            }, 0, 1, TimeUnit.HOURS);
        }
        LOG.info("regulator listening on {} ({} venues, {} GA/T 1400 devices, database {}, {})", uri(),
                config.venues().size(), config.gat1400().devices().size(), store.database().url(),
                config.kafka() == null ? "single node" : "Kafka " + config.kafka().bootstrapServers());
    }

    /** Starts the service; returns once it listens. */
    public static RegulatorService start(RegulatorConfig config) { return new RegulatorService(config, Clock.systemUTC(), READ_TIMEOUT_SECONDS); }

    /** Starts the service with a clock (tests). */
    public static RegulatorService start(RegulatorConfig config, Clock clock) { return new RegulatorService(config, clock, READ_TIMEOUT_SECONDS); }

    /** Starts the service with a shorter idle-connection timeout (tests that a live console outlasts it). */
    static RegulatorService start(RegulatorConfig config, int readTimeoutSeconds) {
        return new RegulatorService(config, Clock.systemUTC(), readTimeoutSeconds);
    }

    /** The base URL it listens on (127.0.0.1 when bound to every address). */
    public URI uri() {
        InetSocketAddress a = (InetSocketAddress) server.localAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        return URI.create("http://" + host + ":" + a.getPort());
    }

    /** The duty officers' console page. */
    public URI consoleUri() { return uri().resolve("/console/"); }

    /** The URL a venue's gateway posts its webhooks to. */
    public URI webhookUri(String venueId) { return uri().resolve(config.webhook().pathPrefix() + venueId); }

    /** The store (the console's and the tests' view of the database). */
    public JdbcAlertStore store() { return store; }

    /** The live feed. */
    public LiveFeed feed() { return feed; }

    /** The counters. */
    public RegulatorMetrics metrics() { return metrics; }

    /** The GA/T 1400 side (registration state). */
    public Gat1400Intake gat1400() { return gat1400; }

    /** The settings it runs with. */
    public RegulatorConfig config() { return config; }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        housekeeping.shutdownNow();
        console.close();
        bus.close();
        store.close();
    }

    /** Counts bodies over the cap under {@code too_large} before Netty answers 413. */
    private static final class CountingAggregator extends HttpObjectAggregator {
        private final RegulatorMetrics metrics;

        CountingAggregator(int max, RegulatorMetrics metrics) {
            super(max);
            this.metrics = metrics;
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
            metrics.rejected("too_large");
            super.handleOversizedMessage(ctx, oversized);
        }
    }
}
