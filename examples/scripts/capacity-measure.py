#!/usr/bin/python3
"""Measures a running gateway for examples/scripts/gateway-capacity.sh, from outside, cheaply: one HTTP read of
/metrics and one pass over /proc/PID/task per snapshot, so the measurement does not take the CPU it measures.

  capacity-measure.py PID HTTP_PORT CAMERAS FPS WARMUP SECONDS WORKDIR [SERVER_PID]

Waits until every camera is up (entryguard_camera_up 1), then WARMUP s, then measures SECONDS s. Prints the report
lines and writes WORKDIR/measure.json (snapshots, RSS samples) for the decisions pass that runs after the gateway
stopped (capacity-measure.py --decisions WORKDIR)."""
import json, os, re, shutil, subprocess, sys, time, urllib.request

LINE = re.compile(r'^(entryguard_[a-z_]+)\{camera="([^"]+)"(?:,le="([^"]+)")?\} (\S+)$')


def metrics(port, extra=None):
    text = urllib.request.urlopen("http://127.0.0.1:%d/metrics" % port, timeout=10).read().decode()
    per, buckets = {}, {}
    for line in text.splitlines():
        if extra is not None and line.startswith(("jvm_gc_live_data_size_bytes", "jvm_memory_used_bytes{", "jvm_threads_live_threads",
                                                    "entryguard_age_estimates_total")):
            name = line.split("{")[0].split(" ")[0]
            if name == "jvm_memory_used_bytes":
                name += "_heap" if 'area="heap"' in line else "_nonheap"
            extra[name] = extra.get(name, 0.0) + float(line.rsplit(" ", 1)[1])
        m = LINE.match(line)
        if not m:
            continue
        name, cam, le, v = m.group(1), m.group(2), m.group(3), float(m.group(4))
        if name == "entryguard_frame_latency_seconds_bucket":
            buckets[le] = buckets.get(le, 0.0) + v
        elif name == "entryguard_frame_analysis_seconds_bucket":
            buckets["analysis:" + le] = buckets.get("analysis:" + le, 0.0) + v
        elif le is None:
            per.setdefault(cam, {})[name] = v
    return per, buckets


def ticks(pid):
    """CPU ticks by thread group: decode (entryguard-decode-*), analysis (entryguard-analysis-*), rest."""
    g = {"decode": 0, "analysis": 0, "rest": 0}
    for t in os.listdir("/proc/%d/task" % pid):
        try:
            s = open("/proc/%d/task/%s/stat" % (pid, t)).read()
        except OSError:
            continue
        name = s[s.index("(") + 1:s.rindex(")")]
        f = s[s.rindex(")") + 2:].split()
        k = "decode" if name.startswith("entryguard-deco") else "analysis" if name.startswith("entryguard-anal") else "rest"
        g[k] += int(f[11]) + int(f[12])
    return g


def rss(pid):
    for line in open("/proc/%d/status" % pid):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024.0
    return 0.0


def process_ticks(pid):
    if not pid:
        return 0
    f = open("/proc/%d/stat" % pid).read()
    f = f[f.rindex(")") + 2:].split()
    return int(f[11]) + int(f[12]) + int(f[13]) + int(f[14])  # with its finished children


def snapshot(pid, port, server=0):
    jvm = {}
    per, b = metrics(port, jvm)
    return {"t": time.time(), "ticks": ticks(pid), "rss": rss(pid), "cams": per, "buckets": b, "jvm": jvm,
            "server": process_ticks(server)}


def measure(pid, port, n, fps, warm, run, work, server=0):
    t0 = time.time()
    while True:
        try:
            per, _ = metrics(port)
        except OSError:  # the gateway's HTTP server is not up yet
            per = {}
            os.kill(pid, 0)
        up = sum(1 for c in per.values() if c.get("entryguard_camera_up") == 1.0)
        if up >= n:
            break
        if time.time() - t0 > 180:
            print("only %d of %d cameras up after 180 s" % (up, n)); sys.exit(1)
        time.sleep(0.5)
    print("all %d cameras streaming %.1f s after the gateway started" % (n, time.time() - t0))
    nice = os.environ.get("DECODE_NICE")
    if nice and nice != "0":  # decode threads yield the CPU to analysis threads (Linux nice per thread)
        tids = [t for t in os.listdir("/proc/%d/task" % pid)
                if open("/proc/%d/task/%s/comm" % (pid, t)).read().startswith("entryguard-deco")]
        for t in tids:
            os.setpriority(os.PRIO_PROCESS, int(t), int(nice))
        print("decode threads reniced to %s: %d threads" % (nice, len(tids)))
    time.sleep(warm)
    a = snapshot(pid, port, server)
    perf = None
    if os.environ.get("PROFILE", "0") != "0":
        if shutil.which("perf") is None:
            print("PROFILE=1 needs perf (Debian: linux-perf); measuring without the CPU split")
        else:  # sampled by thread and shared library: decode vs conversion vs models, from outside the process
            perf = subprocess.Popen(["perf", "record", "-q", "-F", "199", "-p", str(pid), "-o",
                                     os.path.join(work, "perf.data"), "--", "sleep", str(run)],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    samples = [(0.0, a["rss"])]
    end = a["t"] + run
    while time.time() < end:
        time.sleep(min(5.0, max(0.0, end - time.time())))
        samples.append((time.time() - a["t"], rss(pid)))
    b = snapshot(pid, port, server)
    if perf is not None:
        perf.wait()
        # stop the gateway now: the perf report takes seconds, and walks decided meanwhile would count as splits
        os.kill(pid, 15)
    json.dump({"a": a, "b": b, "rss": samples}, open(os.path.join(work, "measure.json"), "w"))
    dt = b["t"] - a["t"]
    cpu = {k: (b["ticks"][k] - a["ticks"][k]) / 100.0 / dt for k in a["ticks"]}
    half = [r for s, r in samples if s >= run / 2]
    slope = (half[-1] - half[0]) / max(1e-9, (run / 2) / 60.0) if len(half) > 1 else 0.0
    print("window %.1f s; RSS %.0f -> %.0f MB (second half of the window: %+.1f MB/min); RSS each minute: %s"
          % (dt, a["rss"], b["rss"], slope, " ".join("%.0f" % r for s, r in samples if int(s) % 60 < 5)))
    mb = lambda snap, k: snap["jvm"].get(k, 0.0) / 1048576
    print("JVM: heap used %.0f -> %.0f MB (live after the last full cycle %.0f -> %.0f MB), non-heap %.0f -> %.0f MB, threads %.0f"
          % (mb(a, "jvm_memory_used_bytes_heap"), mb(b, "jvm_memory_used_bytes_heap"),
             mb(a, "jvm_gc_live_data_size_bytes"), mb(b, "jvm_gc_live_data_size_bytes"),
             mb(a, "jvm_memory_used_bytes_nonheap"), mb(b, "jvm_memory_used_bytes_nonheap"),
             b["jvm"].get("jvm_threads_live_threads", 0)))
    print("CPU (cores, of %d): decode+conversion %.2f, analysis %.2f, rest %.2f, total %.2f; the RTSP server on the same box %.2f"
          % (os.cpu_count(), cpu["decode"], cpu["analysis"], cpu["rest"], sum(cpu.values()),
             (b["server"] - a["server"]) / 100.0 / dt))
    rates, ins = [], []
    runs = avoided = dropped = 0
    for cam, y in b["cams"].items():
        x = a["cams"].get(cam, {})
        d = lambda k: y.get(k, 0.0) - x.get(k, 0.0)
        rates.append(d("entryguard_frames_analysed_total") / dt)
        ins.append(d("entryguard_frames_in_total") / dt)
        runs += d("entryguard_frames_analysed_total"); avoided += d("entryguard_detector_runs_avoided_total")
        dropped += d("entryguard_frames_dropped_total")
    worst = min(rates)
    print("analysed fps per camera: worst %.2f of %.0f (%.1f %%), median %.2f; detector runs avoided %.1f %% (%d of %d frames handed to the guards)"
          % (worst, fps, 100 * worst / fps, sorted(rates)[len(rates) // 2], 100 * avoided / max(1, runs), avoided, runs))
    print("frames decoded per camera per second: min %.2f max %.2f (the stream sends %s); dropped before analysis (newest wins): %d"
          % (min(ins), max(ins), os.environ.get("IN_FPS", "25"), dropped))
    if perf is not None:
        split(work, cpu, runs - avoided, b["jvm"].get("entryguard_age_estimates_total", 0.0)
              - a["jvm"].get("entryguard_age_estimates_total", 0.0))
    def quantiles(prefix):
        keys = sorted((k[len(prefix):] for k in b["buckets"] if k.startswith(prefix) and not k.endswith("+Inf")
                       and ":" not in k[len(prefix):]), key=float)
        tot = b["buckets"].get(prefix + "+Inf", 0) - a["buckets"].get(prefix + "+Inf", 0)
        out = []
        for q in (0.5, 0.9, 0.99):
            lo, clo, found = 0.0, 0.0, None
            for k in keys:
                c = b["buckets"][prefix + k] - a["buckets"].get(prefix + k, 0)
                if tot > 0 and c >= q * tot:  # linear inside the bucket, as Prometheus' histogram_quantile
                    found = lo + (float(k) - lo) * (q * tot - clo) / max(1e-9, c - clo); break
                lo, clo = float(k), c
            out.append("?" if found is None else "%.0f ms" % (1000 * found))
        return tot, out
    tot, q = quantiles("")
    print("capture-to-decided p50 %s, p90 %s, p99 %s over %d analysed frames (interpolated in the histogram's buckets)" % (q[0], q[1], q[2], tot))
    tot, q = quantiles("analysis:")
    if tot:
        print("of which in the guard: p50 %s, p90 %s, p99 %s" % tuple(q))


# What each library does here: FFmpeg's H.264 decoder, swscale's YUV->BGR conversion (analysed frames only),
# ONNX Runtime running the detector, landmark and age networks, the JVM itself (GC, JIT compiler), code the JIT
# compiled (the SDK's resize into the network input, tracking, rules; perf sees no symbols for it)
LIBS = [("decode (libavcodec)", ("libavcodec",)), ("colour conversion (libswscale)", ("libswscale",)),
        ("models (libonnxruntime)", ("libonnxruntime",)), ("JVM (GC, JIT, runtime)", ("libjvm",)),
        ("Java code (resize, tracking, rules...)", ("[unknown]", "perf-", "[JIT]")),
        ("kernel", ("[kernel",)), ("C library", ("libc.so", "libm.so", "ld-linux"))]


def split(work, cpu, detector_runs, age_estimates):
    """The CPU of the window split by library from perf's samples, scaled to the cores /proc measured."""
    out = subprocess.run(["perf", "report", "-i", os.path.join(work, "perf.data"), "--stdio", "--no-children",
                          "--sort", "comm,dso", "-q"], capture_output=True, text=True).stdout
    share = {}
    for line in out.splitlines():
        f = re.split(r"\s{2,}", line.strip())  # comm and dso may hold single spaces ("[JIT] tid 5284")
        if len(f) != 3 or not f[0].endswith("%"):
            continue
        pct, comm, dso = float(f[0][:-1]), f[1], f[2]
        who = "decode" if comm.startswith("entryguard-deco") else "analysis" if comm.startswith("entryguard-anal") else "rest"
        lib = next((name for name, keys in LIBS if any(k in dso for k in keys)), "other (" + dso + ")")
        share[(who, lib)] = share.get((who, lib), 0.0) + pct / 100.0
    total = sum(cpu.values())
    by_lib = {}
    for (who, lib), f in share.items():
        by_lib[lib] = by_lib.get(lib, 0.0) + f * total
    print("CPU split (perf, 199 Hz, by library; cores): " + ", ".join(
        "%s %.2f" % (lib, c) for lib, c in sorted(by_lib.items(), key=lambda kv: -kv[1]) if c >= 0.005))
    ort = sum(f for (who, lib), f in share.items() if lib.startswith("models")) * total
    # detector vs age: ONNX Runtime time shared by the runs each made, weighted by their bare per-run cost
    # (BENCHMARKS.md floor, 1 thread: detector 416 = DET_MS, one estimate = landmarks + 2 age runs = AGE_MS)
    det_ms, age_ms = float(os.environ.get("DET_MS", "6.6")), float(os.environ.get("AGE_MS", "3.5"))
    w_det, w_age = detector_runs * det_ms, age_estimates * age_ms
    if ort > 0 and w_det + w_age > 0:
        print("  of the models: detector %.2f (%d runs), age %.2f (%d estimates), shared by runs x bare cost (%.1f / %.1f ms)"
              % (ort * w_det / (w_det + w_age), detector_runs, ort * w_age / (w_det + w_age), age_estimates, det_ms, age_ms))
    for who in ("decode", "analysis", "rest"):
        parts = sorted(((lib, f * total) for (w, lib), f in share.items() if w == who), key=lambda kv: -kv[1])
        print("  %s threads: %s" % (who, ", ".join("%s %.2f" % (lib.split(" (")[0], c) for lib, c in parts if c >= 0.005)))


def decisions(work):
    """Per camera: decisions against the approaches its stream showed (one per 40 s of clip, at 36-40 s less its offset)."""
    m = json.load(open(os.path.join(work, "measure.json")))
    per = {}
    for line in open(os.path.join(work, "decisions.log")):
        try:
            d = json.loads(line)
        except ValueError:
            continue
        if "decision" in d and "camera" in d:
            per.setdefault(d["camera"], []).append(d["decision"])
    offsets = json.load(open(os.path.join(work, "offsets.json")))
    exact = split = missed = unclear = 0
    kinds = {}
    for cam, c in m["b"]["cams"].items():
        seconds = c.get("entryguard_frames_in_total", 0.0) / float(os.environ.get("IN_FPS", "25"))  # the stream's clock: frames seen
        first = 36 - offsets.get(cam, 0)  # the person walks up 36-40 s into each 40 s of the clip
        # decided 1-3 s into the 4 s walk, later on a saturated box: a walk counts as full once it ended 2 s before
        # the last snapshot
        full = 0 if seconds < first + 6 else int((seconds - first - 6) // 40) + 1
        # measured until the last snapshot, but the gateway takes a few seconds to stop: a walk that was being
        # decided then, or began within 6 s after it, may or may not have its decision
        partial = seconds >= first - 6 and ((seconds - first) % 40 < 6 or (seconds - first) % 40 >= 34)
        got = per.get(cam, [])
        for k in got:
            kinds[k] = kinds.get(k, 0) + 1
        if len(got) == full or (partial and len(got) == full + 1):
            exact += 1
        elif len(got) > full:
            split += 1
        else:
            missed += 1
    print("visits: %d of %d cameras decided every approach exactly once, %d split a visit, %d missed one; decisions %s"
          % (exact, len(m["b"]["cams"]), split, missed, kinds))


if __name__ == "__main__":
    if sys.argv[1] == "--decisions":
        decisions(sys.argv[2])
    else:
        pid, port, n = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
        measure(pid, port, n, float(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6]), sys.argv[7],
                int(sys.argv[8]) if len(sys.argv) > 8 else 0)
