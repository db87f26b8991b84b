package org.entryguard.examples;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The log format of the command line, text (default) or JSON ({@code entryguard --log-format json ...}): one line
 * per event on stderr, in the same shape for the SDK's SLF4J lines ({@link LogLineEncoder}) and for the gateway's
 * own status lines ({@link #wrap}). A JSON line is {@code {"time":…,"level":…,"logger":…,"message":…}} plus
 * {@code "error"} with the stack trace when there is one, so a log shipper needs no multi-line parsing.
 */
final class LogLines {
    /** The two formats. */
    enum Format { TEXT, JSON }

    private static final JsonFactory JSON = new JsonFactory();
    private static volatile Format format = Format.TEXT;

    private LogLines() {
    }

    static Format format() {
        return format;
    }

    static void format(Format f) {
        format = f;
    }

    /** Parses {@code text|json}; anything else is a usage error naming the option. */
    static Format parse(String value) {
        try {
            return Format.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--log-format: expected text or json, got '" + value + "'");
        }
    }

    /** One log line (with its newline) in the current format. */
    static String line(Instant time, String level, String logger, String thread, String message, Throwable error) {
        if (format == Format.TEXT) {
            StringBuilder sb = new StringBuilder();
            if (thread != null) {
                sb.append('[').append(thread).append("] ").append(level).append(' ').append(logger).append(" - ");
            }
            sb.append(message).append('\n');
            if (error != null) {
                sb.append(stackTrace(error));
            }
            return sb.toString();
        }
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("time", time.toString());
            g.writeStringField("level", level);
            g.writeStringField("logger", logger);
            if (thread != null) {
                g.writeStringField("thread", thread);
            }
            g.writeStringField("message", message);
            if (error != null) {
                g.writeStringField("error", stackTrace(error));
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.append('\n').toString();
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    /**
     * A stream whose every line becomes one log line of {@code logger} in the current format (ERROR for lines
     * starting "error", WARN for "warning", else INFO); the gateway
     * writes its status lines through it, so they follow {@code --log-format} without knowing of it. In the text
     * format lines pass through unchanged.
     */
    static PrintStream wrap(PrintStream target, String logger) {
        return new PrintStream(new LineOutput(target, logger), true, StandardCharsets.UTF_8);
    }

    /** The commands write "error: …" and "warning: …" lines; everything else they print is information. */
    private static String level(String text) {
        return text.startsWith("error") ? "ERROR" : text.startsWith("warning") ? "WARN" : "INFO";
    }

    private static final class LineOutput extends OutputStream {
        private final PrintStream target;
        private final String logger;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);

        LineOutput(PrintStream target, String logger) {
            this.target = target;
            this.logger = logger;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                String text = buffer.toString(StandardCharsets.UTF_8);
                buffer.reset();
                target.print(format == Format.TEXT ? text + "\n"
                        : line(Instant.now().truncatedTo(ChronoUnit.MILLIS), level(text), logger, null, text.stripTrailing(), null));
                target.flush();
            } else {
                buffer.write(b);
            }
        }
    }
}
