package org.entryguard.alerts.internal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Framing of one journal record: {@code length:int32 | crc32c:int32 | sequence:int64 | enqueuedAt:int64 |
 * payload}, big-endian. {@code length} counts everything after the CRC; the CRC covers the length field too,
 * so a flipped length is caught instead of sending recovery off to a wrong offset unnoticed.
 */
public final class RecordFormat {
    /** Bytes before the body: length + CRC. */
    public static final int HEADER = 8;
    /** Sequence + enqueue time. */
    public static final int META = 16;
    /** Largest payload accepted; alerts with a capped crop are far below. */
    public static final int MAX_PAYLOAD = 1 << 20;

    private RecordFormat() { }

    /** The whole record for a payload. */
    public static ByteBuffer encode(long sequence, long enqueuedAtMillis, byte[] payload) {
        int len = META + payload.length;
        ByteBuffer b = ByteBuffer.allocate(HEADER + len);
        b.putInt(len).putInt(0).putLong(sequence).putLong(enqueuedAtMillis).put(payload);
        b.putInt(4, crc(b.array(), 0, len));
        b.flip();
        return b;
    }

    /** CRC32C over the length field and the body of a record laid out at {@code off} in {@code a}. */
    public static int crc(byte[] a, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(a, off, 4);
        c.update(a, off + HEADER, len);
        return (int) c.getValue();
    }

    /** Whether a length read from disk could be a record. */
    public static boolean plausibleLength(int len) { return len >= META && len <= META + MAX_PAYLOAD; }
}
