"""The benchmark's inputs and its report, for scripts/bench.sh.

  python3 bench/report.py articles CORPUS OUTDIR
      writes OUTDIR/{1KB,100KB,1MB,10MB}.txt: the corpus repeated as often as
      needed and cut after the last space or line break within that many bytes.
  python3 bench/report.py table RESULTS_DIR COMMAND
      prints the Markdown report from the JSON files the bench wrote there.
  python3 bench/report.py criterion CRITERION_HOME/GROUP
      criterion's median and mean time of each benchmark of GROUP, as JSON.
  python3 bench/report.py sizes FILE...
      each file's size, raw and gzip -9, as JSON.
  python3 bench/report.py cpu NAME RUNS CMD...
      CMD run RUNS times (output to /dev/null): the least user + system CPU
      time and the peak RSS of a run, as JSON.
  python3 bench/report.py stream NAME CORPUS BYTES OPTIONS PARSI
      `PARSI analyze --chunks --options OPTIONS -` fed the corpus repeated up
      to BYTES bytes on standard input: wall and CPU time, peak RSS, tokens/s
      (the corpus's token count times the repeats), as JSON.
"""

import datetime
import gzip
import json
import os
import platform
import re
import subprocess
import sys

ARTICLES = [("1KB", 1_000), ("100KB", 100_000), ("1MB", 1_000_000), ("10MB", 10_000_000)]
LABELS = {"1KB": "1 KB", "100KB": "100 KB", "1MB": "1 MB", "10MB": "10 MB"}


def articles(corpus, outdir):
    with open(corpus, "rb") as f:
        data = f.read()
    if not data.endswith(b"\n"):
        data += b"\n"
    os.makedirs(outdir, exist_ok=True)
    for name, size in ARTICLES:
        text = data * (size // len(data) + 1)
        cut = max(text.rfind(b"\n", 0, size), text.rfind(b" ", 0, size))
        with open(os.path.join(outdir, f"{name}.txt"), "wb") as f:
            f.write(text[: cut + 1])
        print(os.path.join(outdir, f"{name}.txt"))


# ---- formatting -------------------------------------------------------------


def load(d, name):
    path = os.path.join(d, name)
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        lines = [json.loads(line) for line in f if line.strip()]
    return lines if name.endswith(".jsonl") else (lines[-1] if lines else None)


def mbps(nbytes, seconds):
    return nbytes / 1e6 / seconds


def fmt_rate(nbytes, seconds, tokens_per_byte):
    """'12.3 MB/s, 1.43M tokens/s' (tokens counted by parsi on the same text)."""
    r = mbps(nbytes, seconds)
    t = nbytes * tokens_per_byte / seconds
    return f"{num(r)} MB/s, {tok(t)} tokens/s"


def num(x):
    if x >= 100:
        return f"{x:,.0f}"
    if x >= 10:
        return f"{x:.1f}"
    if x >= 1:
        return f"{x:.2f}"
    return f"{x:.3f}"


def tok(t):
    if t >= 1e6:
        return f"{t / 1e6:.2f}M"
    if t >= 1e3:
        return f"{t / 1e3:.0f}K"
    return f"{t:.0f}"


def dur(s):
    if s is None:
        return "–"
    if s < 1e-3:
        return f"{s * 1e6:.0f} µs"
    if s < 1:
        return f"{s * 1e3:.1f} ms"
    return f"{s:.2f} s"


def mib(b):
    return f"{b / 2**20:.1f} MiB"


def size_label(nbytes):
    return f"{nbytes:,} B"


def machine():
    model, cores = "?", os.cpu_count()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            kb = int(re.search(r"MemTotal:\s+(\d+)", f.read()).group(1))
            mem = f"{kb / 2**20:.0f} GiB"
    except (OSError, AttributeError):
        pass
    return model, cores, mem


def cmd_version(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip().splitlines()[0]
    except (OSError, subprocess.CalledProcessError, IndexError):
        return "?"


# ---- the report -------------------------------------------------------------


def fetch_part(startup):
    """`, of which fetching the module N ms` when the page measured it (resource timing)."""
    ms = startup.get("wasmFetchMs")
    return f", {ms:.0f} ms of it fetching the module" if isinstance(ms, (int, float)) else ""


def table(d, command):
    info = load(d, "info.json")
    crit = load(d, "criterion.json") or {}
    node = load(d, "node-throughput.json")
    node_gc = bool(node) and all(st.get("gcBetweenRuns") for st in node["stages"].values())
    chrome = load(d, "chromium.json")
    peers = {t: load(d, f"{t}-throughput.json") for t in ("hazm", "parsivar")}
    peer_scaling = {t: load(d, f"{t}-scaling.jsonl") or [] for t in ("hazm", "parsivar")}
    mem_native = load(d, "native-memory.json")
    mem_node_rows = load(d, "node-memory.jsonl") or []
    mem_node = next((r for r in mem_node_rows if os.path.basename(r["path"]) == "1MB.txt"), None)
    mem_chunks = load(d, "native-memory-chunks.json")
    cli_cpu = {r["name"]: r for r in (load(d, "cli-cpu.jsonl") or [])}
    streams = {r["name"]: r for r in (load(d, "cli-stream.jsonl") or [])}
    scale_native = load(d, "native-scaling.jsonl") or []
    scale_node = load(d, "node-scaling.jsonl") or []
    sizes = load(d, "sizes.json")
    elapsed = load(d, "elapsed.json")

    tpb = info["tokens"] / info["bytes"]
    out = []
    w = out.append
    model, cores, mem = machine()
    w("## Benchmark")
    w("")
    w(f"- date: {datetime.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}")
    w(f"- machine: {model}, {cores} cores, {mem} ({platform.system()} {platform.release()}); "
      f"load average at the end {os.getloadavg()[0]:.2f}")
    w(f"- corpus: `{os.path.relpath(info['path'])}`: {info['bytes']:,} bytes, {info['lines']:,} lines, "
      f"{info['sentences']:,} sentences and {info['tokens']:,} tokens by parsi ({info['words']:,} UD words)")
    w(f"- tools: {cmd_version(['rustc', '--version'])}; Node {node['node'] if node else '?'}; "
      f"Chromium {chrome['browser'] if chrome else '?'}; "
      + "; ".join(f"{t} {p['stages']['normalize']['version']}" for t, p in peers.items() if p)
      + (f" (Python {peers['hazm'].get('python', '?')})" if peers.get("hazm") else ""))
    w(f"- command: `{command}`" + (f" (took {elapsed['seconds'] / 60:.1f} min)" if elapsed else ""))
    w("")
    w("### Throughput on the corpus")
    w("")
    w("Median time per pass over the whole corpus as one string. Native: criterion "
      "(`benches/pipeline.rs`, `Throughput::Bytes`, 10 samples). Node and Chromium: the wasm "
      "package (median of 5 after a warm-up run), including the JavaScript objects it returns"
      + ("; in Node the previous run's garbage is collected before each run, untimed" if node_gc else "")
      + ". tokens/s counts parsi's tokens of the same text in every column, so it is MB/s "
      "in other units.")
    w("")
    stages = [
        ("normalize_minimal", None, "normalize, char-level options (`NormalizeOptions::minimal()`)", None),
        ("normalize", "normalize", "normalize (default options)", "normalize"),
        ("segment", "segment", "normalize + sentences + tokens (`analyze`, POS and entities off)", "pipeline"),
        ("pos", None, "POS + lemma (`Tagger::tag`, per sentence, on pre-split words)", None),
        ("ner", None, "named entities (`Recognizer::tag`, per sentence, on tokens, one set of buffers a pass)", None),
        ("analyze", "analyze", "full `analyze` (default options: + POS, lemma, entities)", None),
    ]
    peer_names = [t for t, p in peers.items() if p]
    head = ["stage", "parsi native", "parsi wasm, Node", "parsi wasm, Chromium"]
    for t in peer_names:
        head.append(f"{t} {peers[t]['stages']['normalize']['version']}")
    for t in peer_names:
        head.append(f"parsi ÷ {t} (native; Node)")
    w("| " + " | ".join(head) + " |")
    w("|" + "---|" * len(head))
    notes = []
    for key, js, label, peer_stage in stages:
        c = crit.get(key)
        if c is None:
            continue
        native_s = c["median_ns"] / 1e9
        row = [label, fmt_rate(c["bytes"], native_s, tpb)]
        node_s = chrome_s = None
        if js and node:
            node_s = node["stages"][js]["seconds"]
            row.append(fmt_rate(node["bytes"], node_s, tpb))
        else:
            row.append("–")
        if js and chrome:
            chrome_s = chrome["throughput"]["stages"][js]["seconds"]
            row.append(fmt_rate(chrome["throughput"]["bytes"], chrome_s, tpb))
        else:
            row.append("–")
        ratios = []
        for t in peer_names:
            p = peers[t]["stages"].get(peer_stage) if peer_stage else None
            if not p:
                row.append("–")
                ratios.append("–")
                continue
            cell = fmt_rate(p["bytes"], p["seconds"], tpb)
            if p.get("prefix"):
                cell += f" (first {p['bytes'] / 1e6:.1f} MB only¹)"
            row.append(cell)
            pr = mbps(p["bytes"], p["seconds"])
            r = f"×{num(mbps(c['bytes'], native_s) / pr)}"
            if node_s:
                r += f"; ×{num(mbps(node['bytes'], node_s) / pr)}"
            ratios.append(r)
        row += ratios
        w("| " + " | ".join(row) + " |")
    w("")
    for t in peer_names:
        st = peers[t]["stages"]
        n, p = st.get("normalize"), st.get("pipeline")
        parts = []
        if n:
            parts.append(f"`Normalizer().normalize` ({'first ' + format(n['bytes'], ',') + ' bytes' if n.get('prefix') else 'whole corpus'}, "
                         f"{n['runs']} run(s), set-up {n['setup_seconds']:.1f} s not counted)")
        if p:
            parts.append(f"normalize + sentences + words gave {p['result']:,} words")
        steps = (n or {}).get("steps") or []
        if n and n.get("prefix"):
            grow = ", ".join(f"{s['bytes'] / 1e6:.1f} MB in {dur(s['seconds'])}" for s in steps)
            parts.append(f"whole-string normalize grows faster than the input ({grow}), so the whole corpus was not run")
        nl = st.get("normalize_lines")
        if nl:
            parts.append(f"called once per line over the whole corpus instead: "
                         f"{fmt_rate(nl['bytes'], nl['seconds'], tpb)} (parsi ÷ that: "
                         f"×{num(mbps(crit['normalize']['bytes'], crit['normalize']['median_ns'] / 1e9) / mbps(nl['bytes'], nl['seconds']))})"
                         if crit.get("normalize") else "")
        notes.append(f"- {t}: " + "; ".join(x for x in parts if x) + ".")
    if any((peers[t]["stages"].get(s) or {}).get("prefix") for t in peer_names for s in ("normalize", "pipeline")):
        notes.append("- ¹ timed on a prefix of the corpus (cut at a line break) because the whole corpus "
                     "would take too long: its MB/s is an upper bound for the whole corpus when the "
                     "tool grows faster than linearly (see the scaling table).")
    if peer_names:
        hz = {"hazm": "`Normalizer().normalize`, `SentenceTokenizer().tokenize`, `WordTokenizer().tokenize` per sentence",
              "parsivar": "`Normalizer().normalize`, `Tokenizer().tokenize_sentences`, `tokenize_words` per sentence"}
        notes.insert(0, "- peers' pipeline: " + "; ".join(f"{t}: {hz[t]}" for t in peer_names) + ".")
    out.extend(notes)
    w("")

    w("### Start-up, size and memory")
    w("")
    w("| what | measured |")
    w("|---|---|")
    if chrome:
        s = chrome["startup"]
        w(f"| Chromium: start of `init()` to the first `analyze` result (a two-sentence text), "
          f"median of {chrome['loads']} fresh page loads | {s['initToFirstResultMs']:.0f} ms "
          f"(`init()` {s['initMs']:.0f} ms{fetch_part(s)}, first `analyze` {s['firstAnalyzeMs']:.0f} ms; "
          f"all loads: {', '.join(f'{x:.0f}' for x in s['all'])} ms) |")
        w(f"| Chromium: navigation start to the first `analyze` result | {s['navigationToFirstResultMs']:.0f} ms |")
        p = chrome.get("prepared")
        if p:
            w(f"| Chromium: the same with `prepare()` between `init()` and the first `analyze`, median of "
              f"{chrome['loads']} more loads (each after one of the above) | `prepare()` {p['prepareMs']:.0f} ms, then the first `analyze` "
              f"{p['firstAnalyzeMs']:.0f} ms (`init()` {p['initMs']:.0f} ms; all three {p['initToFirstResultMs']:.0f} ms) |")
    if sizes:
        for f in sizes["files"]:
            w(f"| `{f['path']}` (the lexicon and models are embedded in it) | {f['raw']:,} bytes, "
              f"{f['gzip']:,} bytes gzip -9 |")
    if mem_native:
        w(f"| native: peak RSS of a process that analyzes a {mem_native['bytes'] / 1e6:.1f} MB article "
          f"(default options, {mem_native['tokens']:,} tokens) | {mib(mem_native['peak_rss_after'])} "
          f"({mib(mem_native['peak_rss_before'])} before the call) |")
    if mem_chunks:
        w(f"| native: the same, chunk by chunk (`Analyzer::analyze_chunks`, 64 KB chunks) "
          f"| {mib(mem_chunks['peak_rss_after'])} ({mib(mem_chunks['peak_rss_before'])} at the start; "
          f"{mib(mem_chunks['peak_rss_after'] - mem_chunks['peak_rss_before'])} above it) |")
    for r in mem_node_rows:
        extra = ""
        if r.get("repeats", 1) > 1:
            extra = (f"; after {r['repeats']} calls: {mib(r['linear_memory_after_repeats'])} "
                     f"({r['repeat_seconds']:.0f} s)")
        func = r.get("function", "analyze")
        counted = {"analyze": "tokens", "searchTokens": "search tokens"}.get(func)
        what = (f"{r['tokens']:,} {counted}" if counted
                else {"normalize": "the text only", "toConllu": "one CoNLL-U string"}.get(func, func))
        w(f"| wasm in Node: linear memory (`memory.buffer.byteLength`, the peak: it never shrinks) "
          f"after `{func}` of a {size_label(r['bytes'])} article (default options, {what}) "
          f"| {mib(r['linear_memory_after'])} ({mib(r['linear_memory_before'])} after a "
          f"two-sentence call{extra}) |")
    if chrome and chrome["throughput"].get("linearMemoryBytes"):
        w(f"| wasm in Chromium: linear memory after the throughput runs on the corpus "
          f"| {mib(chrome['throughput']['linearMemoryBytes'])} |")
    w("")

    if cli_cpu.get("lines") and cli_cpu.get("whole"):
        a, b = cli_cpu["lines"], cli_cpu["whole"]
        w("### Many short documents")
        w("")
        w(f"`parsi analyze --lines` over the corpus (one document per line) against the same text as one "
          f"document (default options), CPU time (user + system), least of {a['runs']} runs: "
          f"{a['cpu_seconds']:.2f} s against {b['cpu_seconds']:.2f} s, "
          f"**×{a['cpu_seconds'] / b['cpu_seconds']:.2f}** (peak RSS {mib(a['peak_rss'])} "
          f"against {mib(b['peak_rss'])}).")
        w("")
    if streams:
        w("### A long stream through the command line")
        w("")
        w("`parsi analyze --chunks --options OPTIONS -`, the corpus repeated on standard input, output "
          "to /dev/null: the input is read a block at a time and analysed a 64 KB chunk at a time.")
        w("")
        w("| input | options | tokens/s (wall) | CPU | peak RSS |")
        w("|---|---|---|---|---|")
        for r in streams.values():
            w(f"| {r['bytes'] / 1e6:,.0f} MB | `{json.dumps(r['options'], separators=(',', ':'))}` "
              f"| {num(r['tokens'] / r['wall_seconds'])} | {dur(r['cpu_seconds'])} | {mib(r['peak_rss'])} |")
        w("")
    w("### Scaling")
    w("")
    w("Time for one article made by repeating the corpus (median of several runs; one run when a run "
      "takes seconds), and that time per MB: a flat time per MB is linear.")
    w("")
    head = ["input", "parsi native `analyze`", "parsi wasm `analyze`, Node"]
    head += [f"{t} normalize" for t in peer_names]
    w("| " + " | ".join(head) + " |")
    w("|" + "---|" * len(head))
    by_name = {}
    for name, _ in ARTICLES:
        by_name[name] = []

    def cell(r):
        if r is None:
            return "–"
        if r.get("seconds") is None:
            return f"> {r['timeout_seconds']:.0f} s (stopped)"
        return f"{dur(r['seconds'])} ({dur(r['seconds'] / (r['bytes'] / 1e6))}/MB)"

    def find(rows, name):
        for r in rows:
            if os.path.basename(r["path"]) == f"{name}.txt":
                return r
        return None

    for name, _ in ARTICLES:
        ref = find(scale_native, name) or find(scale_node, name)
        label = f"{LABELS[name]} ({ref['bytes']:,} bytes)" if ref else LABELS[name]
        row = [label, cell(find(scale_native, name)), cell(find(scale_node, name))]
        row += [cell(find(peer_scaling[t], name)) for t in peer_names]
        w("| " + " | ".join(row) + " |")
    w("")
    return "\n".join(out) + "\n"


def criterion(group_dir):
    """criterion's estimates for each benchmark of a group, as one JSON object."""
    out = {}
    for name in sorted(os.listdir(group_dir)):
        new = os.path.join(group_dir, name, "new")
        if not os.path.exists(os.path.join(new, "estimates.json")):
            continue
        with open(os.path.join(new, "estimates.json"), encoding="utf-8") as f:
            est = json.load(f)
        with open(os.path.join(new, "benchmark.json"), encoding="utf-8") as f:
            bench = json.load(f)
        out[name] = {
            "median_ns": est["median"]["point_estimate"],
            "mean_ns": est["mean"]["point_estimate"],
            "bytes": (bench.get("throughput") or {}).get("Bytes"),
        }
    print(json.dumps(out))


def sizes(files):
    out = []
    for path in files:
        with open(path, "rb") as f:
            data = f.read()
        out.append({"path": path, "raw": len(data), "gzip": len(gzip.compress(data, 9))})
    print(json.dumps({"files": out}))


def peak_rss_of(proc_fn):
    """Runs proc_fn() in a forked child (so that ru_maxrss is that run's) and
    returns (cpu seconds, wall seconds, peak RSS bytes)."""
    import resource
    import time
    pid = os.fork()
    if pid == 0:
        try:
            code = proc_fn()
        except BaseException:
            code = 1
        os._exit(code or 0)
    t0 = time.monotonic()
    _, status, ru = os.wait4(pid, 0)
    wall = time.monotonic() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"bench: a measured run failed (status {status})")
    return ru.ru_utime + ru.ru_stime, wall, ru.ru_maxrss * 1024


def cpu(name, runs, cmd):
    def run():
        with open(os.devnull, "wb") as null:
            return subprocess.run(cmd, stdout=null).returncode
    best = None
    for _ in range(int(runs)):
        c, wall, rss = peak_rss_of(run)
        if best is None or c < best[0]:
            best = (c, wall, rss)
    print(json.dumps({"name": name, "cmd": " ".join(cmd), "runs": int(runs),
                      "cpu_seconds": best[0], "wall_seconds": best[1], "peak_rss": best[2]}))


def stream(name, corpus, nbytes, options, parsi):
    with open(corpus, "rb") as f:
        data = f.read()
    if not data.endswith(b"\n"):
        data += b"\n"
    repeats = max(1, int(nbytes) // len(data))
    # parsi's token count of one copy of the corpus, with these options.
    out = subprocess.run([parsi, "analyze", "--chunks", "--options", options, corpus],
                         capture_output=True, check=True).stdout
    tokens = sum(len(json.loads(line)["tokens"]) for line in out.splitlines() if line.strip())
    # /usr/bin/time measures parsi from a small process of its own: a child
    # forked from this Python process would start with Python's peak RSS
    # (ru_maxrss survives exec).
    import tempfile
    with tempfile.NamedTemporaryFile("r") as tf:
        p = subprocess.Popen(["/usr/bin/time", "-f", "%M %e %U %S", "-o", tf.name,
                              parsi, "analyze", "--chunks", "--options", options, "-"],
                             stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
        for _ in range(repeats):
            p.stdin.write(data)
        p.stdin.close()
        if p.wait() != 0:
            sys.exit(f"bench: parsi analyze --chunks failed (status {p.returncode})")
        kb, wall, user, system = tf.read().split()[-4:]
    wall, cpu_s, rss = float(wall), float(user) + float(system), int(kb) * 1024
    print(json.dumps({"name": name, "bytes": repeats * len(data), "repeats": repeats,
                      "options": json.loads(options), "tokens": tokens * repeats,
                      "wall_seconds": wall, "cpu_seconds": cpu_s, "peak_rss": rss}))


def main():
    if len(sys.argv) >= 4 and sys.argv[1] == "articles":
        articles(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 3 and sys.argv[1] == "criterion":
        criterion(sys.argv[2])
    elif len(sys.argv) >= 3 and sys.argv[1] == "sizes":
        sizes(sys.argv[2:])
    elif len(sys.argv) >= 5 and sys.argv[1] == "cpu":
        cpu(sys.argv[2], sys.argv[3], sys.argv[4:])
    elif len(sys.argv) == 7 and sys.argv[1] == "stream":
        stream(*sys.argv[2:])
    elif len(sys.argv) >= 4 and sys.argv[1] == "table":
        sys.stdout.write(table(sys.argv[2], sys.argv[3]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
