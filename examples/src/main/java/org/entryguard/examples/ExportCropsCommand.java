package org.entryguard.examples;

import org.entryguard.core.AgeModel;
import org.entryguard.core.EntryGuardException;
import org.entryguard.core.Face;
import org.entryguard.core.FaceDetector;
import org.entryguard.core.FaceDetectorBuilder;
import org.entryguard.core.ImageFiles;
import org.entryguard.core.ImageFrame;
import org.entryguard.examples.evaluation.DataSplit;
import org.entryguard.examples.evaluation.TrainingCrops;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code export-crops [options] FOLDER...}: the SDK's own age-network crops of labelled photos, for training
 * (tools/training). Each photo goes through the same steps as {@code evaluate}: optional grey canvas, the
 * detector, the most confident face, the default estimator's landmark crop. Writes into {@code --out}:
 * <ul>
 *   <li>{@code crops.u8}: N·112·112·3 bytes, row-major RGB, one crop per found face, in {@code crops.csv} order;</li>
 *   <li>{@code crops.csv}: {@code index,set,file,age,gender,race,half,raw_age,detector_score} (half = the
 *       {@link DataSplit} of the photo's own folder; raw_age = face-api's published age network on the crop, unmirrored).</li>
 * </ul>
 * Photos with no face are listed on stderr and left out. The files hold faces (minors' among them): they are
 * written owner-only and belong outside the repository.
 */
final class ExportCropsCommand {
    private ExportCropsCommand() {
    }

    private record Job(String set, LabelledFolder.Entry entry, DataSplit.Half half) {
    }

    private record Crop(Job job, byte[] rgb, float rawAge, float score) {
    }

    static int run(String[] argv, PrintStream out, PrintStream err) throws InterruptedException {
        Options o = Options.parse(argv, Set.of("canvas", "out", "detector", "input-size", "threads", "limit"));
        if (o.positional.isEmpty()) {
            throw new UsageException("export-crops needs at least one labelled FOLDER");
        }
        if (!o.values.containsKey("out")) {
            throw new UsageException("export-crops needs --out DIR (outside the repository: the crops are faces)");
        }
        int canvas = o.intValue("canvas", 3, 1, 8);
        int threads = o.intValue("threads", Runtime.getRuntime().availableProcessors(), 1, 64);
        int limit = o.intValue("limit", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
        Path outDir = Path.of(o.value("out", ""));
        FaceDetectorBuilder detectorBuilder;
        try {
            detectorBuilder = o.detector();
            detectorBuilder.build().close();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        List<Job> jobs = new ArrayList<>();
        for (String folder : o.positional) {
            Path dir = Path.of(folder);
            List<LabelledFolder.Entry> entries = LabelledFolder.read(dir);
            if (entries.size() > limit) {
                entries = entries.subList(0, limit);
            }
            Map<String, DataSplit.Half> split = DataSplit.assign(
                    entries.stream().map(e -> new DataSplit.Item(e.file().getFileName().toString(), e.age())).toList());
            String set = dir.toAbsolutePath().normalize().getFileName().toString();
            for (LabelledFolder.Entry e : entries) {
                jobs.add(new Job(set, e, split.get(e.file().getFileName().toString())));
            }
        }
        err.printf("exporting crops of %d photos from %d folder(s), canvas %dx, detector %s, %d threads%n",
                jobs.size(), o.positional.size(), canvas, o.value("detector", "tiny"), threads);

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<AutoCloseable> created = java.util.Collections.synchronizedList(new ArrayList<>());
        ThreadLocal<FaceDetector> detectors = ThreadLocal.withInitial(() -> {
            FaceDetector d = detectorBuilder.build();
            created.add(d);
            return d;
        });
        ThreadLocal<TrainingCrops> croppers = ThreadLocal.withInitial(() -> {
            TrainingCrops c = TrainingCrops.defaultCrop(AgeModel.FACE_API);
            created.add(c);
            return c;
        });
        AtomicInteger done = new AtomicInteger();
        List<Future<Crop>> futures = new ArrayList<>();
        for (Job j : jobs) {
            futures.add(pool.submit(() -> {
                Crop c = one(j, canvas, detectors.get(), croppers.get(), err);
                int d = done.incrementAndGet();
                if (d % 500 == 0 || d == jobs.size()) {
                    err.printf("  %d/%d%n", d, jobs.size());
                }
                return c;
            }));
        }
        List<Crop> crops = new ArrayList<>();
        try {
            for (Future<Crop> f : futures) {
                Crop c = f.get();
                if (c != null) {
                    crops.add(c);
                }
            }
        } catch (java.util.concurrent.ExecutionException ex) {
            throw new EntryGuardException("export failed: " + ex.getCause(), ex.getCause());
        } finally {
            pool.shutdown();
            for (AutoCloseable c : created) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing models cannot fail in a way that matters after the export
                }
            }
        }
        try {
            write(crops, outDir);
        } catch (IOException e) {
            err.println("error: cannot write the crops to " + outDir + ": " + e.getMessage());
            return 1;
        }
        out.printf(Locale.ROOT, "exported %d crops (%d photos without a face) to %s (crops.u8, crops.csv)%n",
                crops.size(), jobs.size() - crops.size(), outDir);
        return 0;
    }

    private static Crop one(Job j, int canvas, FaceDetector detector, TrainingCrops cropper, PrintStream err) {
        ImageFrame frame;
        try {
            frame = ImageFiles.read(j.entry().file());
        } catch (EntryGuardException ex) {
            err.println("  skipped (unreadable): " + ex.getMessage());
            return null;
        }
        if (canvas > 1) {
            frame = ImageFiles.onCanvas(frame, canvas);
        }
        Face best = detector.detect(frame).stream().max(Comparator.comparingDouble(Face::score)).orElse(null);
        if (best == null) {
            err.println("  no face: " + j.set() + "/" + j.entry().file().getFileName());
            return null;
        }
        byte[] rgb = new byte[TrainingCrops.SIZE * TrainingCrops.SIZE * 3];
        float raw = cropper.crop(frame, best.box(), rgb);
        return new Crop(j, rgb, raw, best.score());
    }

    private static void write(List<Crop> crops, Path dir) throws IOException {
        Files.createDirectories(dir);
        ownerOnly(dir, "rwx------");
        Path data = dir.resolve("crops.u8");
        Path csv = dir.resolve("crops.csv");
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(data), 1 << 20)) {
            ownerOnly(data, "rw-------");
            for (Crop c : crops) {
                os.write(c.rgb());
            }
        }
        StringBuilder sb = new StringBuilder("index,set,file,age,gender,race,half,raw_age,detector_score\n");
        for (int i = 0; i < crops.size(); i++) {
            Crop c = crops.get(i);
            LabelledFolder.Entry e = c.job().entry();
            sb.append(String.format(Locale.ROOT, "%d,%s,%s,%d,%s,%s,%s,%.4f,%.4f%n", i, c.job().set(), e.file().getFileName(),
                    e.age(), e.gender(), e.group(), c.job().half().label(), c.rawAge(), c.score()));
        }
        Files.writeString(csv, sb.toString());
        ownerOnly(csv, "rw-------");
    }

    private static void ownerOnly(Path p, String perms) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): its default ACLs apply
        }
    }
}
