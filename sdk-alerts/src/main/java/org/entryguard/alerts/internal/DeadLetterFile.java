package org.entryguard.alerts.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Alerts that ran out of retries, one JSON object per line, fsynced before the alert leaves the outbox, so an
 * alert is always either queued or dead-lettered, never neither. Operators replay or forward them by hand.
 */
public final class DeadLetterFile {
    private final Path file;

    /** Appends to {@code file} (created on first use). */
    public DeadLetterFile(Path file) { this.file = file; }

    /** Where dead letters go. */
    public Path path() { return file; }

    /** Appends one line and fsyncs. */
    public synchronized void append(ObjectNode line) throws IOException {
        byte[] b = AlertCodec.MAPPER.writeValueAsBytes(line);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) OwnerOnly.createIfMissing(parent);
        try (FileChannel ch = OwnerOnly.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer buf = ByteBuffer.allocate(b.length + 1).put(b).put((byte) '\n').flip();
            while (buf.hasRemaining()) ch.write(buf);
            ch.force(true);
        }
    }
}
