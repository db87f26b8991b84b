package org.entryguard.alerts;

import java.time.ZoneId;
import java.time.ZonedDateTime;

/** Alert fixtures shared by the tests. */
public final class TestAlerts {
    public static final Venue KTV = new Venue("venue-042", "星光KTV (Starlight KTV)", "KTV", "91310000MA1FL0XX1X",
            "上海市徐汇区漕溪北路 88 号");
    public static final ZonedDateTime TIME = ZonedDateTime.of(2025, 7, 19, 21, 15, 3, 120_000_000, ZoneId.of("Asia/Shanghai"));

    private TestAlerts() { }

    /** A MINOR_ENTRY alert with every optional field except the crop. */
    public static Alert minorEntry(String id) {
        return Alert.custom().id(id).type(AlertType.MINOR_ENTRY).venue(KTV).cameraId("cam-door-1").time(TIME)
                .decision("MINOR").ageInterval(13.5, 16.0).estimatedAge(14.7)
                .ruleApplied("未成年人保护法 第58条: KTV may not admit minors").keyPeriod(true).build();
    }

    /** The smallest valid alert. */
    public static Alert cameraDown(String id) {
        return Alert.custom().id(id).type(AlertType.CAMERA_DOWN).venue(KTV).cameraId("cam-door-1").time(TIME).build();
    }

    /** A tiny but well-formed-looking JPEG (start and end markers). */
    public static byte[] jpeg(int size) {
        byte[] b = new byte[size];
        b[0] = (byte) 0xFF; b[1] = (byte) 0xD8; b[2] = (byte) 0xFF; b[3] = (byte) 0xE0;
        for (int i = 4; i < size - 2; i++) b[i] = (byte) (i * 31);
        b[size - 2] = (byte) 0xFF; b[size - 1] = (byte) 0xD9;
        return b;
    }
}
