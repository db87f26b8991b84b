/**
 * EntryGuard SDK alerts: alert schema, signing, durable outbox, delivery sinks and the regulator-side receiver.
 *
 * <p>Exports {@code org.entryguard.alerts}; {@code org.entryguard.alerts.internal} is not exported.
 */
module org.entryguard.alerts {
    requires transitive org.entryguard.core;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires transitive io.netty.handler;   // WebhookReceiver: io.netty.handler.ssl.SslContext
    requires transitive io.netty.transport; // WebhookReceiver: io.netty.channel.ChannelPipeline, ChannelHandler
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.codec.http;
    requires io.netty.common;
    requires org.slf4j;

    exports org.entryguard.alerts;
}
