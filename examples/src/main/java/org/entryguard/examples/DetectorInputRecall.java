package org.entryguard.examples;

import org.entryguard.core.Face;
import org.entryguard.core.FaceDetector;
import org.entryguard.core.ImageFiles;
import org.entryguard.core.ImageFrame;
import org.entryguard.core.DetectorModel;
import org.entryguard.examples.evaluation.DataSplit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Face recall of the bundled detector by network input size and face size (issue 15 item 4): every photo of the
 * held-out half of a labelled folder is put in a K× grey canvas ({@link ImageFiles#onCanvas}, as {@code evaluate
 * --canvas K} does), and for each input size S the detector is asked for faces; a photo counts as found when a face's
 * centre lies on it. The photo then reaches the network at about S/K pixels a side, which is what a door region of
 * width R gives a face of side F at input S: F·S/R. Not a timed test: prints a table.
 *
 * <pre>
 * java -cp examples/target/entryguard.jar org.entryguard.examples.DetectorInputRecall FOLDER [LIMIT] [THREADS] [SIZES=416,320,256] [KS=2,3,4,5,6,8]
 * </pre>
 */
public final class DetectorInputRecall {
    private DetectorInputRecall() {
    }

    /** Command line: see the class comment. */
    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        int limit = args.length > 1 ? Integer.parseInt(args[1]) : Integer.MAX_VALUE;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int[] sizes = ints(args.length > 3 ? args[3] : "416,320,256");
        int[] ks = ints(args.length > 4 ? args[4] : "2,3,4,5,6,8");
        List<LabelledFolder.Entry> all = LabelledFolder.read(folder);
        if (all.size() > limit) {
            all = all.subList(0, limit);
        }
        Map<String, DataSplit.Half> split = DataSplit.assign(all.stream()
                .map(e -> new DataSplit.Item(e.file().getFileName().toString(), e.age())).toList());
        List<LabelledFolder.Entry> heldOut = all.stream()
                .filter(e -> split.get(e.file().getFileName().toString()) == DataSplit.Half.HELD_OUT).toList();
        FaceDetector[] detectors = new FaceDetector[sizes.length];
        for (int s = 0; s < sizes.length; s++) {
            detectors[s] = FaceDetector.custom().model(DetectorModel.TINY_FACE_DETECTOR).inputSize(sizes[s]).build();
        }
        AtomicIntegerArray found = new AtomicIntegerArray(sizes.length * ks.length);
        AtomicIntegerArray read = new AtomicIntegerArray(1);
        int[] photoSide = new int[1];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (LabelledFolder.Entry e : heldOut) {
                fs.add(pool.submit(() -> {
                    ImageFrame photo;
                    try {
                        photo = ImageFiles.read(e.file());
                    } catch (RuntimeException ex) {
                        return null; // unreadable: left out of n, as evaluate does
                    }
                    read.incrementAndGet(0);
                    photoSide[0] = Math.max(photo.width(), photo.height());
                    for (int k = 0; k < ks.length; k++) {
                        ImageFrame canvas = ImageFiles.onCanvas(photo, ks[k]);
                        float x0 = (canvas.width() - photo.width()) / 2f;
                        float y0 = (canvas.height() - photo.height()) / 2f;
                        for (int s = 0; s < sizes.length; s++) {
                            FaceDetector d = detectors[s].newInstance();
                            try {
                                for (Face f : d.detect(canvas)) {
                                    float cx = f.box().x() + f.box().width() / 2;
                                    float cy = f.box().y() + f.box().height() / 2;
                                    if (cx >= x0 && cx <= x0 + photo.width() && cy >= y0 && cy <= y0 + photo.height()) {
                                        found.incrementAndGet(s * ks.length + k);
                                        break;
                                    }
                                }
                            } finally {
                                d.close();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdown();
            for (FaceDetector d : detectors) {
                d.close();
            }
        }
        int n = read.get(0);
        System.out.printf(Locale.ROOT, "%s, held-out half: %d photos (~%d px a side); faces found of %d, and the photo's side "
                + "in network pixels (S/K)%n", folder, n, photoSide[0], n);
        StringBuilder head = new StringBuilder("| input S |");
        StringBuilder rule = new StringBuilder("|---|");
        for (int k : ks) {
            head.append(" K = ").append(k).append(" |");
            rule.append("---:|");
        }
        System.out.println(head);
        System.out.println(rule);
        for (int s = 0; s < sizes.length; s++) {
            StringBuilder row = new StringBuilder("| " + sizes[s] + " |");
            for (int k = 0; k < ks.length; k++) {
                int v = found.get(s * ks.length + k);
                row.append(String.format(Locale.ROOT, " %d (%.1f %%, %d px) |", v, 100.0 * v / n, Math.round((float) sizes[s] / ks[k])));
            }
            System.out.println(row);
        }
    }

    private static int[] ints(String csv) {
        String[] p = csv.split(",");
        int[] out = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = Integer.parseInt(p[i].trim());
        }
        return out;
    }
}
