"""Peers of parsi on the same text, for scripts/bench.sh: hazm and parsivar.

Runs inside the tool's virtualenv (bench/requirements-*.txt pin the versions):

  python peers.py throughput TOOL CORPUS [--budget S] [--runs N]
      normalize, and normalize + sentences + words, over CORPUS read as one
      string. A stage is timed on the 100 KB prefix, then the 1 MB prefix,
      then the whole corpus, and stops before a size whose projected time
      (from the growth seen so far) passes the budget, so a tool too slow for
      the whole corpus is reported on the largest prefix it finished (the
      report says which). Prefixes end at a line break.
  python peers.py scaling TOOL FILE... [--timeout S]
      the normalizer on each file, one process each, killed after S seconds.

Each measurement runs in a child process (this script with `_time`): median
of the runs, with the tool's set-up (loading its word lists) done before
the clock starts. Prints JSON.
"""

import argparse
import json
import statistics
import subprocess
import sys
import time

PREFIXES = [100_000, 1_000_000]


def tool(name):
    """Returns (version, normalize, sentences, words) for a tool."""
    from importlib.metadata import version

    if name == "hazm":
        import hazm

        n = hazm.Normalizer()
        s = hazm.SentenceTokenizer()
        w = hazm.WordTokenizer()
        return version("hazm"), n.normalize, s.tokenize, w.tokenize
    if name == "parsivar":
        import parsivar

        n = parsivar.Normalizer()
        t = parsivar.Tokenizer()
        return version("parsivar"), n.normalize, t.tokenize_sentences, t.tokenize_words
    raise SystemExit(f"unknown tool {name}")


def prefix(data, size):
    """The first `size` bytes of data, cut after the last line break in them."""
    if size >= len(data):
        return data
    cut = data.rfind(b"\n", 0, size)
    return data[: cut + 1 if cut > 0 else size]


def child(args):
    t = time.perf_counter()
    ver, normalize, sentences, words = tool(args.tool)
    setup = time.perf_counter() - t
    with open(args.file, "rb") as f:
        data = prefix(f.read(), args.bytes) if args.bytes else f.read()
    text = data.decode("utf-8", errors="replace")

    if args.stage == "normalize":
        def run():
            return len(normalize(text))
    elif args.stage == "normalize_lines":
        lines = text.splitlines()

        def run():
            return sum(len(normalize(line)) for line in lines)
    elif args.stage == "pipeline":
        def run():
            return sum(len(words(s)) for s in sentences(normalize(text)))
    else:
        raise SystemExit(f"unknown stage {args.stage}")

    times, result = [], None
    started = time.perf_counter()
    while len(times) < args.runs:
        t = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - t)
        # Fewer runs when one is long.
        if time.perf_counter() - started > 20:
            break
    print(json.dumps({
        "tool": args.tool, "version": ver, "stage": args.stage, "bytes": len(data),
        "seconds": statistics.median(times), "runs": len(times), "setup_seconds": setup,
        "result": result,
    }))


def measure(tool_name, stage, file, size, runs, timeout):
    """One child measurement; None when it ran out of time."""
    cmd = [sys.executable, __file__, "_time", tool_name, stage, file,
           "--bytes", str(size or 0), "--runs", str(runs)]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return None
    except subprocess.CalledProcessError as e:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{e.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def throughput(args):
    with open(args.corpus, "rb") as f:
        total = len(f.read())
    out = {"tool": args.tool, "python": sys.version.split()[0], "corpus_bytes": total, "budget_seconds": args.budget, "stages": {}}
    for stage in ["normalize", "pipeline"]:
        sizes = [s for s in PREFIXES if s < total] + [total]
        done = []
        for size in sizes:
            if done:
                # Project this size's time from the growth seen so far
                # (at least linear).
                last = done[-1]
                k = 1.0
                if len(done) >= 2:
                    import math
                    a, b = done[-2], done[-1]
                    k = max(1.0, math.log(b["seconds"] / a["seconds"]) / math.log(b["bytes"] / a["bytes"]))
                projected = last["seconds"] * (size / last["bytes"]) ** k
                if projected > args.budget:
                    break
            r = measure(args.tool, stage, args.corpus, size, args.runs if size == total else 1,
                        timeout=args.budget * 2)
            if r is None:
                break
            done.append(r)
        best = done[-1] if done else None
        if best is not None:
            best["prefix"] = best["bytes"] < total
            best["steps"] = [{"bytes": d["bytes"], "seconds": d["seconds"]} for d in done]
        out["stages"][stage] = best
        if best is not None and best["prefix"] and stage == "normalize":
            # Whole text too slow: the same normalizer called once per line
            # (one sentence each) over the whole corpus.
            out["stages"]["normalize_lines"] = measure(
                args.tool, "normalize_lines", args.corpus, 0, 1, timeout=args.budget * 2)
    print(json.dumps(out))


def scaling(args):
    for file in args.files:
        r = measure(args.tool, "normalize", file, 0, 3, timeout=args.timeout)
        if r is None:
            import os
            r = {"tool": args.tool, "stage": "normalize", "bytes": os.path.getsize(file),
                 "seconds": None, "timeout_seconds": args.timeout}
        r["path"] = file
        print(json.dumps(r), flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("throughput")
    t.add_argument("tool")
    t.add_argument("corpus")
    t.add_argument("--budget", type=float, default=60)
    t.add_argument("--runs", type=int, default=3)
    s = sub.add_parser("scaling")
    s.add_argument("tool")
    s.add_argument("files", nargs="+")
    s.add_argument("--timeout", type=float, default=60)
    c = sub.add_parser("_time")
    c.add_argument("tool")
    c.add_argument("stage")
    c.add_argument("file")
    c.add_argument("--bytes", type=int, default=0)
    c.add_argument("--runs", type=int, default=3)
    args = p.parse_args()
    {"throughput": throughput, "scaling": scaling, "_time": child}[args.cmd](args)


if __name__ == "__main__":
    main()
