package org.entryguard.benchmarks.alerts;

import org.entryguard.alerts.Alert;
import org.entryguard.alerts.AlertType;
import org.entryguard.alerts.FaceCrop;
import org.entryguard.alerts.Outbox;
import org.entryguard.alerts.Venue;
import org.entryguard.alerts.WebhookSecret;
import org.entryguard.alerts.WebhookSigner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What happens after a MINOR decision: the alert is serialised to JSON, signed (Standard Webhooks HMAC-SHA256)
 * and appended to the durable outbox (fsync) before any delivery is attempted. Built only with {@code -Palerts}.
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AlertBenchmark {

    static final Venue KTV = new Venue("venue-042", "星光KTV (Starlight KTV)", "KTV", "91310000MA1FL0XX1X",
            "上海市徐汇区漕溪北路 88 号");

    @State(Scope.Thread)
    public static class Alerts {
        /** "none": no face crop; "jpeg": the astronaut's face as a real ~10-20 KB JPEG crop. */
        @Param({"none", "jpeg"})
        public String crop;

        Alert alert;
        byte[] body;
        WebhookSigner signer;
        long ts;

        @Setup
        public void setUp() {
            var b = Alert.custom().id("alert_0f8e2c1a-bench").type(AlertType.MINOR_ENTRY).venue(KTV).cameraId("cam-door-1")
                    .time(ZonedDateTime.of(2025, 7, 19, 21, 15, 3, 120_000_000, ZoneId.of("Asia/Shanghai")))
                    .decision("MINOR").ageInterval(13.5, 16.0).estimatedAge(14.7)
                    .ruleApplied("未成年人保护法 第58条: KTV may not admit minors").keyPeriod(true);
            if (crop.equals("jpeg")) {
                b.faceCrop(FaceCrop.ofJpeg(faceJpeg()));
            }
            alert = b.build();
            body = alert.toJson();
            signer = WebhookSigner.of(WebhookSecret.generate());
            ts = 1_752_930_903L;
        }
    }

    @State(Scope.Thread)
    public static class Box {
        Outbox outbox;
        Path dir;
        byte[] payload;

        @Setup(Level.Iteration)
        public void open() throws IOException {
            Path parent = Path.of(System.getProperty("entryguard.bench.outboxDir", System.getProperty("java.io.tmpdir")));
            Files.createDirectories(parent);
            dir = Files.createTempDirectory(parent, "outbox-bench");
            outbox = Outbox.custom(dir).maxDiskBytes(1L << 30).segmentBytes(8L << 20).build();
            Alerts a = new Alerts();
            a.crop = "none";
            a.setUp();
            payload = a.body;
        }

        @TearDown(Level.Iteration)
        public void close() throws IOException {
            outbox.close();
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static byte[] faceJpeg() {
        try (InputStream in = AlertBenchmark.class.getResourceAsStream("/org/entryguard/examples/samples/astronaut.png")) {
            BufferedImage img = ImageIO.read(in);
            BufferedImage face = new BufferedImage(160, 200, BufferedImage.TYPE_3BYTE_BGR);
            face.getGraphics().drawImage(img.getSubimage(150, 20, 160, 200), 0, 0, null);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(face, "jpg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Alert → versioned JSON bytes. */
    @Benchmark
    public byte[] serialise(Alerts s) {
        return s.alert.toJson();
    }

    /** The webhook-signature header for a serialised alert. */
    @Benchmark
    public String sign(Alerts s) {
        return s.signer.signature(s.alert.id(), s.ts, s.body);
    }

    /** Both, as a sink does per alert. */
    @Benchmark
    public String serialiseAndSign(Alerts s) {
        byte[] json = s.alert.toJson();
        return s.signer.signature(s.alert.id(), s.ts, json);
    }

    /** One alert appended to the outbox; returns after fdatasync. Disk-bound: report the disk with the figure. */
    @Benchmark
    public long outboxAppend(Box s) {
        return s.outbox.append(s.payload);
    }
}
