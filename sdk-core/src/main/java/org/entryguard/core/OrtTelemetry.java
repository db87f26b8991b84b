package org.entryguard.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.util.Locale;
import java.util.Optional;

/**
 * Keeps ONNX Runtime's own telemetry off: nothing about this device or its models leaves it unless the integrator
 * turns that on.
 *
 * <p>Why this exists: the official ONNX Runtime 1.29 Linux/macOS binaries ship Microsoft's 1DS telemetry, on by
 * default. Measured on a Linux host with {@code strace -f -e trace=network,openat} over a 20 s run that loads one
 * model: 8 DNS look-ups of {@code mobile.events.data.microsoft.com}, a device id and an event database under
 * {@code ~/.cache/Microsoft/DeveloperTools/.onnxruntime/}, and an empty {@code /tmp/mat-debug-<pid>.log}.
 * {@code OrtEnvironment.setTelemetry(false)}, even before the first session, does <em>not</em> stop that (the
 * uploader and the process-information event are created with the environment, before the call can be made).
 * What does: the process environment variable {@code ORT_DISABLE_TELEMETRY=1}, read by the native library
 * <em>when it loads</em>. Set after the library has loaded it still stops the look-ups and the database, but
 * not the {@code mat-debug} file.
 *
 * <p>{@link #ensureOff()} runs before the SDK first touches ONNX Runtime, and accepts one of:
 * <ol>
 *   <li>{@code ORT_DISABLE_TELEMETRY=1} already in the environment (the {@code entryguard} launcher re-executes
 *       itself with it; set it in your service unit or container for an embedded SDK);</li>
 *   <li>else, when the JVM allows native access ({@code --add-modules jdk.incubator.foreign
 *       --enable-native-access=ALL-UNNAMED} on Java 17), it calls the C library's {@code setenv} itself, before
 *       ONNX Runtime loads;</li>
 *   <li>else, when the integrator explicitly allowed the telemetry with the system property
 *       {@code -Dentryguard.onnxruntime.telemetry=allow}, it leaves ONNX Runtime's default alone;</li>
 *   <li>otherwise it refuses to load a model ({@link ModelException} saying how to fix it): silently sending
 *       telemetry from a device that looks at minors' faces is not an acceptable default.</li>
 * </ol>
 * In every case except the explicit opt-in the SDK also calls {@code OrtEnvironment.setTelemetry(false)}.
 * Limit: if another library in the same JVM loaded ONNX Runtime before the SDK, the variable comes too late for
 * the {@code mat-debug} file; the check still refuses or sets it before the environment is created.
 */
public final class OrtTelemetry {
    /** The environment variable ONNX Runtime's POSIX telemetry provider reads. */
    public static final String ENV_VARIABLE = "ORT_DISABLE_TELEMETRY";
    /** The system property that lets ONNX Runtime's telemetry run ({@code allow}). */
    public static final String OPT_IN_PROPERTY = "entryguard.onnxruntime.telemetry";

    private static final Logger LOG = LoggerFactory.getLogger(OrtTelemetry.class);
    private static volatile String state; // how telemetry was dealt with; null before the first check

    private OrtTelemetry() {
    }

    /**
     * Makes sure ONNX Runtime's telemetry will be off before ONNX Runtime loads (idempotent, thread-safe).
     *
     * @throws ModelException when it cannot be turned off and the integrator did not allow it
     */
    public static synchronized void ensureOff() {
        if (state != null) {
            return;
        }
        if (disabledByEnvironment()) {
            state = "off (" + ENV_VARIABLE + "=1 in the environment)";
            return;
        }
        String nativeFailure = setenvNatively();
        if (nativeFailure == null && disabledByEnvironment()) {
            state = "off (" + ENV_VARIABLE + "=1 set by the SDK through the C library)";
            return;
        }
        if ("allow".equals(System.getProperty(OPT_IN_PROPERTY, "").trim().toLowerCase(Locale.ROOT))) {
            state = "on (allowed by -D" + OPT_IN_PROPERTY + "=allow)";
            LOG.warn("ONNX Runtime telemetry left on: -D{}=allow was given", OPT_IN_PROPERTY);
            return;
        }
        throw new ModelException("ONNX Runtime would send telemetry to Microsoft (DNS look-ups of its event "
                + "collector, a device id under ~/.cache/Microsoft) and the SDK could not turn it off: "
                + nativeFailure + ". Start the process with the environment variable " + ENV_VARIABLE + "=1 "
                + "(recommended; the entryguard launcher does this itself), or give the JVM "
                + "--add-modules jdk.incubator.foreign --enable-native-access=ALL-UNNAMED so the SDK can set it, "
                + "or, to accept the telemetry, -D" + OPT_IN_PROPERTY + "=allow");
    }

    /** Whether the SDK lets ONNX Runtime run with telemetry off (false only after the explicit opt-in). */
    public static boolean isOff() {
        ensureOff();
        return state.startsWith("off");
    }

    /** How telemetry was dealt with, for logs and {@code /health}; runs the check if it has not run. */
    public static String describe() {
        ensureOff();
        return state;
    }

    private static boolean disabledByEnvironment() {
        // System.getenv is a snapshot taken at JVM start: after a native setenv, ask the C library instead
        String value = nativeGetenv();
        if (value == null) {
            value = System.getenv(ENV_VARIABLE);
        }
        return value != null && value.trim().equals("1");
    }

    private static String nativeGetenv() {
        try {
            Foreign f = Foreign.get();
            return f == null ? null : f.getenv(ENV_VARIABLE);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Sets the variable through libc; returns null on success, else why not. */
    private static String setenvNatively() {
        try {
            Foreign f = Foreign.get();
            if (f == null) {
                return "the JVM gives no native access (jdk.incubator.foreign not enabled)";
            }
            int rc = f.setenv(ENV_VARIABLE, "1");
            return rc == 0 ? null : "setenv returned " + rc;
        } catch (ReflectiveOperationException | RuntimeException e) {
            Throwable cause = e instanceof InvocationTargetException && e.getCause() != null ? e.getCause() : e;
            return "native access refused (" + cause + ")";
        }
    }

    /**
     * Java 17's incubating foreign-function API, used reflectively so the SDK compiles and runs without it (it is
     * only resolved when the JVM is started with {@code --add-modules jdk.incubator.foreign}).
     */
    private static final class Foreign {
        private static Foreign instance;
        private static boolean tried;

        private final MethodHandle setenv;
        private final MethodHandle getenv;
        private final Object globalScope;
        private final java.lang.reflect.Method toCString;
        private final java.lang.reflect.Method address;
        private final java.lang.reflect.Method toJavaString;
        private final Class<?> memoryAddress;
        private final Object nullAddress;

        static synchronized Foreign get() throws ReflectiveOperationException {
            if (!tried) {
                tried = true;
                if (ModuleLayer.boot().findModule("jdk.incubator.foreign").isPresent()) {
                    instance = new Foreign();
                }
            }
            return instance;
        }

        private Foreign() throws ReflectiveOperationException {
            Class<?> cLinker = Class.forName("jdk.incubator.foreign.CLinker");
            Class<?> addressable = Class.forName("jdk.incubator.foreign.Addressable");
            Class<?> memoryLayout = Class.forName("jdk.incubator.foreign.MemoryLayout");
            Class<?> functionDescriptor = Class.forName("jdk.incubator.foreign.FunctionDescriptor");
            Class<?> symbolLookup = Class.forName("jdk.incubator.foreign.SymbolLookup");
            Class<?> resourceScope = Class.forName("jdk.incubator.foreign.ResourceScope");
            Class<?> memorySegment = Class.forName("jdk.incubator.foreign.MemorySegment");
            memoryAddress = Class.forName("jdk.incubator.foreign.MemoryAddress");
            Object linker = cLinker.getMethod("getInstance").invoke(null); // refused without --enable-native-access
            Object lookup = cLinker.getMethod("systemLookup").invoke(null);
            Object cInt = cLinker.getField("C_INT").get(null);
            Object cPointer = cLinker.getField("C_POINTER").get(null);
            java.lang.reflect.Method find = symbolLookup.getMethod("lookup", String.class);
            java.lang.reflect.Method of = functionDescriptor.getMethod("of", memoryLayout, memoryLayout.arrayType());
            java.lang.reflect.Method downcall = cLinker.getMethod("downcallHandle", addressable, MethodType.class,
                    functionDescriptor);
            Object setenvAddress = ((Optional<?>) find.invoke(lookup, "setenv")).orElseThrow();
            Object getenvAddress = ((Optional<?>) find.invoke(lookup, "getenv")).orElseThrow();
            Object setenvDescriptor = of.invoke(null, cInt, layouts(memoryLayout, cPointer, cPointer, cInt));
            Object getenvDescriptor = of.invoke(null, cPointer, layouts(memoryLayout, cPointer));
            setenv = (MethodHandle) downcall.invoke(linker, setenvAddress,
                    MethodType.methodType(int.class, memoryAddress, memoryAddress, int.class), setenvDescriptor);
            getenv = (MethodHandle) downcall.invoke(linker, getenvAddress,
                    MethodType.methodType(memoryAddress, memoryAddress), getenvDescriptor);
            globalScope = resourceScope.getMethod("globalScope").invoke(null);
            toCString = cLinker.getMethod("toCString", String.class, resourceScope);
            address = memorySegment.getMethod("address");
            toJavaString = cLinker.getMethod("toJavaString", memoryAddress);
            nullAddress = memoryAddress.getField("NULL").get(null);
        }

        private static Object layouts(Class<?> memoryLayout, Object... items) {
            Object array = Array.newInstance(memoryLayout, items.length);
            for (int i = 0; i < items.length; i++) {
                Array.set(array, i, items[i]);
            }
            return array;
        }

        private Object cString(String s) throws ReflectiveOperationException {
            // global scope: a few bytes per call, made at most twice per process; setenv copies them anyway
            return address.invoke(toCString.invoke(null, s, globalScope));
        }

        int setenv(String name, String value) throws ReflectiveOperationException {
            try {
                return (int) setenv.invokeWithArguments(cString(name), cString(value), 1);
            } catch (Throwable t) {
                throw new IllegalStateException("setenv failed", t);
            }
        }

        String getenv(String name) throws ReflectiveOperationException {
            try {
                Object result = getenv.invokeWithArguments(cString(name));
                return nullAddress.equals(result) ? null : (String) toJavaString.invoke(null, result);
            } catch (ReflectiveOperationException e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException("getenv failed", t);
            }
        }
    }
}
