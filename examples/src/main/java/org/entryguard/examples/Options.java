package org.entryguard.examples;

import org.entryguard.core.DetectorModel;
import org.entryguard.core.FaceDetector;
import org.entryguard.core.FaceDetectorBuilder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Minimal {@code --name value} parser shared by the commands; unknown options are usage errors. */
final class Options {
    final Map<String, String> values = new HashMap<>();
    final List<String> positional = new ArrayList<>();

    static Options parse(String[] args, Set<String> known) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--")) {
                String name = a.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (!known.contains(name)) {
                    throw new UsageException("unknown option --" + name);
                }
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new UsageException("option --" + name + " needs a value");
                    }
                    value = args[++i];
                }
                o.values.put(name, value);
            } else {
                o.positional.add(a);
            }
        }
        return o;
    }

    int intValue(String name, int def, int min, int max) {
        String v = values.get(name);
        if (v == null) {
            return def;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw new UsageException("--" + name + " must be between " + min + " and " + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " needs a whole number, got '" + v + "'");
        }
    }

    String value(String name, String def) {
        return values.getOrDefault(name, def);
    }

    /** A detector builder from {@code --detector} and {@code --input-size}. */
    FaceDetectorBuilder detector() {
        String d = value("detector", "tiny");
        FaceDetectorBuilder b = FaceDetector.custom();
        switch (d) {
            case "tiny" -> b.model(DetectorModel.TINY_FACE_DETECTOR).inputSize(intValue("input-size", 416, 32, 1024));
            case "ssd" -> b.model(DetectorModel.SSD_MOBILENET_V1);
            default -> throw new UsageException("--detector must be tiny or ssd, got '" + d + "'");
        }
        return b;
    }
}
