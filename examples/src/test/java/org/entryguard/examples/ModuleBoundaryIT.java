package org.entryguard.examples;

import org.entryguard.alerts.WebhookReceiver;
import org.entryguard.camera.JavaCvAdapter;
import org.entryguard.core.ImageFiles;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.lang.invoke.MethodHandles;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SDK's module boundary, checked on the module path (the rest of the build runs on the class path): the three
 * packaged SDK jars (built by {@code package}, so this runs in failsafe's integration-test phase) and their
 * dependency jars, taken from the test class path, are put in a {@link ModuleFinder}. Their module-info exports the
 * API packages and no {@code internal} package; core and alerts resolve together with everything they require, and
 * a caller outside the modules cannot reach an internal class.
 */
class ModuleBoundaryIT {
    /** The dependency jars the SDK modules require (directly or through their dependencies), by file name. */
    private static final List<String> DEPENDENCY_PREFIXES = List.of("onnxruntime-", "slf4j-api-", "time4j-base-",
            "jackson-core-", "jackson-databind-", "jackson-annotations-", "jackson-datatype-jsr310-", "netty-",
            "javacv-", "javacpp-", "opencv-", "ffmpeg-", "openblas-");

    @Test
    void descriptorsExportTheApiAndNoInternalPackage() {
        ModuleFinder finder = finder();
        assertExports(finder, "org.entryguard.core",
                Set.of("org.entryguard.core", "org.entryguard.core.guard", "org.entryguard.core.ledger",
                        "org.entryguard.core.rules"),
                Set.of("org.entryguard.core.internal", "org.entryguard.core.guard.internal",
                        "org.entryguard.core.rules.internal"));
        assertExports(finder, "org.entryguard.camera", Set.of("org.entryguard.camera"),
                Set.of("org.entryguard.camera.internal"));
        assertExports(finder, "org.entryguard.alerts", Set.of("org.entryguard.alerts"),
                Set.of("org.entryguard.alerts.internal"));

        ModuleDescriptor core = descriptor(finder, "org.entryguard.core");
        assertTrue(core.uses().contains("org.entryguard.core.ledger.IdCardReader$Provider"), core.toString());
        assertTrue(core.opens().isEmpty(), "core opens nothing: " + core.opens());
        // camera and alerts hand out core types, so their consumers read core without requiring it themselves
        for (String m : List.of("org.entryguard.camera", "org.entryguard.alerts")) {
            assertTrue(requires(descriptor(finder, m)).get("org.entryguard.core")
                    .contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE), m);
        }
        assertTrue(requires(descriptor(finder, "org.entryguard.camera")).get("org.bytedeco.javacv")
                .contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE));
        // every module the SDK modules require directly is on the path (or in the JDK)
        for (String m : List.of("org.entryguard.core", "org.entryguard.camera", "org.entryguard.alerts")) {
            for (ModuleDescriptor.Requires r : descriptor(finder, m).requires()) {
                assertTrue(finder.find(r.name()).isPresent() || ModuleFinder.ofSystem().find(r.name()).isPresent(),
                        m + " requires " + r.name() + ", which is not on the module path");
            }
        }
    }

    @Test
    void coreAndAlertsResolveAndKeepInternalClassesOutOfReach() throws Exception {
        ModuleFinder finder = finder();
        // camera is left out of the resolution: JavaCV's own module-info requires modules the SDK does not ship
        // (javafx.graphics and the other JavaCV presets), so a module-path consumer of camera adds those
        Configuration cf = ModuleLayer.boot().configuration()
                .resolve(finder, ModuleFinder.of(), Set.of("org.entryguard.core", "org.entryguard.alerts"));
        Set<String> resolved = cf.modules().stream().map(m -> m.name()).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(resolved.containsAll(Set.of("org.entryguard.core", "org.entryguard.alerts",
                "com.microsoft.onnxruntime", "net.time4j.base", "org.slf4j", "com.fasterxml.jackson.databind",
                "io.netty.codec.http")), resolved.toString());

        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
        Module core = layer.findModule("org.entryguard.core").orElseThrow();
        Module alerts = layer.findModule("org.entryguard.alerts").orElseThrow();
        assertTrue(core.isExported("org.entryguard.core"));
        assertFalse(core.isExported("org.entryguard.core.internal"));
        assertFalse(alerts.isExported("org.entryguard.alerts.internal"));
        assertTrue(alerts.canRead(core));

        ClassLoader loader = layer.findLoader("org.entryguard.core");
        Class<?> api = Class.forName("org.entryguard.core.ImageFiles", false, loader);
        Class<?> internal = Class.forName("org.entryguard.core.internal.OnnxModel", false, loader);
        assertEquals(core, api.getModule());
        assertEquals(core, internal.getModule());
        MethodHandles.publicLookup().accessClass(api);
        assertThrows(IllegalAccessException.class, () -> MethodHandles.publicLookup().accessClass(internal));
    }

    private static void assertExports(ModuleFinder finder, String module, Set<String> api, Set<String> internal) {
        ModuleDescriptor d = descriptor(finder, module);
        assertFalse(d.isAutomatic(), module + " must be an explicit module (module-info), not automatic");
        Set<String> exported = d.exports().stream().map(e -> {
            assertFalse(e.isQualified(), module + " exports " + e.source() + " only to " + e.targets());
            return e.source();
        }).collect(Collectors.toSet());
        assertEquals(api, exported, module);
        assertTrue(d.packages().containsAll(internal), module + " packages " + d.packages());
        for (String p : internal) {
            assertFalse(exported.contains(p), module + " exports " + p);
        }
    }

    private static Map<String, Set<ModuleDescriptor.Requires.Modifier>> requires(ModuleDescriptor d) {
        return d.requires().stream().collect(Collectors.toMap(r -> r.name(), r -> r.modifiers()));
    }

    private static ModuleDescriptor descriptor(ModuleFinder finder, String module) {
        return finder.find(module).orElseThrow(() -> new AssertionError(module + " not found")).descriptor();
    }

    /** The SDK modules (their jars after package) and their dependency jars, from the test class path. */
    private static ModuleFinder finder() {
        List<Path> paths = new ArrayList<>();
        for (Class<?> c : List.of(ImageFiles.class, JavaCvAdapter.class, WebhookReceiver.class)) {
            paths.add(Path.of(location(c)));
        }
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String e : cp.split(File.pathSeparator)) {
            Path p = Path.of(e);
            String name = p.getFileName().toString();
            if (name.endsWith(".jar") && DEPENDENCY_PREFIXES.stream().anyMatch(name::startsWith)) {
                paths.add(p);
            }
        }
        return ModuleFinder.of(paths.toArray(Path[]::new));
    }

    private static java.net.URI location(Class<?> c) {
        try {
            return c.getProtectionDomain().getCodeSource().getLocation().toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
