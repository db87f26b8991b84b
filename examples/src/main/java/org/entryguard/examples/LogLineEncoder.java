package org.entryguard.examples;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.encoder.EncoderBase;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Logback encoder of the command line's log (see {@code logback.xml}): each SLF4J event as one {@link LogLines}
 * line, so the SDK's lines (camera source events, warnings) and the gateway's own lines share one format. Public
 * only because Logback instantiates it by name.
 */
public final class LogLineEncoder extends EncoderBase<ILoggingEvent> {
    /** Logback's no-argument constructor. */
    public LogLineEncoder() {
    }

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent e) {
        IThrowableProxy p = e.getThrowableProxy();
        Throwable t = p instanceof ThrowableProxy tp ? tp.getThrowable() : null;
        return LogLines.line(Instant.ofEpochMilli(e.getTimeStamp()), e.getLevel().toString(), e.getLoggerName(),
                e.getThreadName(), e.getFormattedMessage(), t).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }
}
