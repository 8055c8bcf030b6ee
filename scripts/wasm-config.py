#!/usr/bin/env python3
"""Reads wasm-pack.toml, the project's one declaration of its wasm build, for the
shell scripts in scripts/. Uses only the standard library (Python 3.11+, tomllib).

Usage (run from anywhere; paths are relative to the repository root):
  wasm-config.py KEY                 print a value: tools.wasm-pack -> 0.15.1;
                                     a list prints one item per line
  wasm-config.py get KEY [DEFAULT]   the same, with a default for a missing key
  wasm-config.py targets             one "NAME OUT-DIR" line per [[target]]
  wasm-config.py build-args          the shared `wasm-pack build` flags, one per line
  wasm-config.py cargo-version       the crate version from Cargo.toml
  wasm-config.py file-stem           the name wasm-pack gives its files (parsi ->
                                     parsi.js, parsi_bg.wasm)
  wasm-config.py check-lock          fail unless tools.wasm-bindgen-cli equals the
                                     wasm-bindgen version in Cargo.lock
  wasm-config.py check-npm-pin FILE  fail unless package.json FILE pins
                                     playwright-core at tools.playwright-core
  wasm-config.py package-json        print the package.json of the assembled npm package
  wasm-config.py subdir-package-json TARGET
                                     print the small package.json of one build's folder
                                     inside the npm package (its module "type")
  wasm-config.py dts-no-any FOLDER   in every .d.ts under FOLDER, declare the raw
                                     wasm exports' `any` parameters `unknown`
  wasm-config.py check-eval [KIND]   read `parsi eval KIND` output (segment, pos or
                                     ner; default segment) on stdin and fail unless
                                     its last JSON line meets test.eval
"""

import json
import signal
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "wasm-pack.toml"


def die(msg: str, code: int = 1) -> None:
    print(f"wasm-config: error: {msg}", file=sys.stderr)
    sys.exit(code)


def load(path: Path) -> dict:
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        die(f"{path} not found")
    except tomllib.TOMLDecodeError as e:
        die(f"{path}: {e}")


def lookup(cfg: dict, key: str):
    value = cfg
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            raise KeyError(key)
        value = value[part]
    return value


def show(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "\n".join(show(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value)
    return str(value)


def targets(cfg: dict) -> list[dict]:
    ts = cfg.get("target", [])
    if not ts:
        die("wasm-pack.toml declares no [[target]]")
    for t in ts:
        if "name" not in t or "out-dir" not in t:
            die(f"every [[target]] needs name and out-dir: {t}")
        if t["name"] not in ("web", "bundler", "nodejs", "deno", "no-modules"):
            die(f"unknown wasm-pack target {t['name']!r}")
    return ts


def build_args(cfg: dict) -> list[str]:
    build = cfg.get("build", {})
    profile = build.get("profile", "release")
    if profile not in ("release", "dev", "profiling"):
        die(f"build.profile must be release, dev or profiling, not {profile!r}")
    args = [f"--{profile}", "--mode", build.get("mode", "no-install")]
    return args + list(build.get("extra-args", []))


def cargo_package() -> dict:
    return load(ROOT / "Cargo.toml")["package"]


def check_lock(cfg: dict) -> None:
    pinned = lookup(cfg, "tools.wasm-bindgen-cli")
    lock = load(ROOT / "Cargo.lock")
    found = sorted(
        {p["version"] for p in lock.get("package", []) if p.get("name") == "wasm-bindgen"}
    )
    if not found:
        die("Cargo.lock has no wasm-bindgen package (run `cargo generate-lockfile`?)")
    if found != [pinned]:
        die(
            "version mismatch: wasm-pack.toml pins wasm-bindgen-cli = "
            f"{pinned!r} but Cargo.lock has wasm-bindgen {', '.join(found)}.\n"
            "wasm-pack only uses a wasm-bindgen that matches Cargo.lock exactly and "
            "would try to download one otherwise. Make [tools] wasm-bindgen-cli in "
            "wasm-pack.toml equal the version in Cargo.lock (and keep Cargo.toml's "
            "`wasm-bindgen = \"=...\"` pin in step)."
        )
    print(f"wasm-bindgen {pinned}: Cargo.lock and wasm-pack.toml agree")


def check_npm_pin(cfg: dict, path: str) -> None:
    pinned = lookup(cfg, "tools.playwright-core")
    pkg = json.loads(Path(path).read_text())
    deps = {**pkg.get("dependencies", {}), **pkg.get("devDependencies", {})}
    got = deps.get("playwright-core")
    if got is None:
        die(f"{path} does not depend on playwright-core")
    if got.lstrip("=") != pinned:
        die(
            f"{path} asks for playwright-core {got!r} but wasm-pack.toml pins "
            f"{pinned!r}: make them equal"
        )
    print(f"playwright-core {pinned}: {path} and wasm-pack.toml agree")


def generated_package_json(cfg: dict, name: str) -> dict:
    """The package.json wasm-pack wrote into one target's out-dir."""
    for t in targets(cfg):
        if t["name"] == name:
            p = ROOT / t["out-dir"] / "package.json"
            if not p.exists():
                die(f"{p} is missing: build the {name} target first")
            return json.loads(p.read_text())
    die(f"no [[target]] named {name!r}")


def module_type(cfg: dict, name: str) -> str:
    return generated_package_json(cfg, name).get("type", "commonjs")


def side_effects(cfg: dict, name: str):
    """The files of one build that must not be tree-shaken, as wasm-pack listed
    them (relative to the build's folder); True when wasm-pack said nothing."""
    return generated_package_json(cfg, name).get("sideEffects", True)


def worker_scripts(cfg: dict) -> list[str]:
    """The npm.web-files that run for their effect (worker scripts): all but the
    declarations and the worker client."""
    npm = cfg.get("npm", {})
    client = npm.get("worker-client")
    return [
        Path(f).name
        for f in npm.get("web-files", [])
        if not f.endswith(".d.ts") and Path(f).name != client
    ]


def subdir_package_json(cfg: dict, name: str) -> dict:
    # Node.js and bundlers read "type" and "sideEffects" from the nearest
    # package.json, so each build's folder keeps what wasm-pack said about it
    # (and the web folder also names the worker script, which has effects).
    effects = side_effects(cfg, name)
    if name == "web" and effects is not True:
        effects = list(effects or []) + [f"./{f}" for f in worker_scripts(cfg)]
    return {"type": module_type(cfg, name), "sideEffects": effects}


def package_json(cfg: dict) -> dict:
    npm = cfg.get("npm", {})
    cargo = cargo_package()
    names = [t["name"] for t in targets(cfg)]
    for needed in ("bundler", "nodejs", "web"):
        if needed not in names:
            die(f"the npm package needs a [[target]] named {needed!r}")
    # wasm-pack names its files after the crate (hyphens become underscores).
    stem = cargo["name"].replace("-", "_")

    def entry(target: str, js_types: bool = True) -> dict:
        e = {"types": f"./{target}/{stem}.d.ts"} if js_types else {}
        e["default"] = f"./{target}/{stem}.js"
        return e

    exports = {
        ".": {
            # Node.js, for both `import` and `require`: the CommonJS build
            # (Node's ES-module loader sees its named exports).
            "node": entry("nodejs"),
            # Bundlers and other ES-module environments: the bundler build.
            "import": entry("bundler"),
            "module": entry("bundler"),
            # Anything else that requires (e.g. an old bundler's `require`).
            "default": entry("nodejs"),
        },
        # Browsers without a bundler: `import init, { analyze } from "parsi/web"`
        # then `await init()`.
        "./web": entry("web"),
        "./bundler": entry("bundler"),
        "./nodejs": entry("nodejs"),
        "./package.json": "./package.json",
    }
    # Hand-written modules shipped next to the web build (npm.web-files): the
    # worker helper `parsi/worker` and the worker script it starts.
    web_files = [Path(f).name for f in npm.get("web-files", [])]
    for f in npm.get("web-files", []):
        if not (ROOT / f).exists():
            die(f"npm.web-files: {f} does not exist")
    client = npm.get("worker-client")
    if client:
        if client not in web_files:
            die(f"npm.worker-client {client!r} is not one of npm.web-files")
        dts = client.rsplit(".", 1)[0] + ".d.ts"
        if dts not in web_files:
            die(f"npm.web-files has no {dts} (the types of {client})")
        exports["./worker"] = {"types": f"./web/{dts}", "default": f"./web/{client}"}
    for f in worker_scripts(cfg):
        # ./web/worker.mjs, for a worker script of one's own to import
        exports[f"./web/{f}"] = f"./web/{f}"
    effects = []
    for t in names:
        exports[f"./{t}/{stem}_bg.wasm"] = f"./{t}/{stem}_bg.wasm"
        se = side_effects(cfg, t)
        if se is True:
            effects.append(f"./{t}/*")
        elif se:
            effects += [f"./{t}/{f.removeprefix('./')}" for f in se]
    # The worker script runs for its effect (it installs the message handler).
    effects += [f"./web/{f}" for f in worker_scripts(cfg)]

    pkg = {
        "name": npm.get("name", cargo["name"]),
        "version": cargo["version"],
        "description": cargo.get("description", ""),
        "keywords": npm.get("keywords", cargo.get("keywords", [])),
        "license": npm.get("license", cargo.get("license", "")),
    }
    if "repository" in cargo:
        pkg["repository"] = {"type": "git", "url": cargo["repository"]}
    if "homepage" in cargo:
        pkg["homepage"] = cargo["homepage"]
    pkg.update(
        {
            "main": f"./nodejs/{stem}.js",
            "module": f"./bundler/{stem}.js",
            "types": f"./bundler/{stem}.d.ts",
            "exports": exports,
            "sideEffects": effects,
            "files": [f"{t}/" for t in names]
            + (["README.md"] if (ROOT / npm.get("readme", "README.md")).exists() else [])
            + [
                Path(f).name
                for f in npm.get("extra-files", [])
                if (ROOT / f).exists() and Path(f).name != "README.md"
            ],
        }
    )
    return pkg


def dts_no_any(folder: str) -> None:
    """wasm-bindgen declares the raw wasm exports (InitOutput in the web build's
    parsi.d.ts, and every parsi_bg.wasm.d.ts) with `any` for the JavaScript values
    they take (externref). In the npm package these become `unknown`, which is
    as permissive for a caller and lets the package promise no `any`."""
    import re

    changed = 0
    for path in sorted(Path(folder).rglob("*.d.ts")):
        src = path.read_text(encoding="utf-8")
        out, n = re.subn(r"\b(\w+): any\b", r"\1: unknown", src)
        if n:
            path.write_text(out, encoding="utf-8")
            changed += n
            print(f"{path}: {n} parameter(s) declared `any` -> `unknown`")
    print(f"dts-no-any: {changed} replacement(s) under {folder}")


def check_eval(cfg: dict, kind: str = "segment") -> None:
    ev = lookup(cfg, "test.eval")
    lines = [l for l in sys.stdin.read().splitlines() if l.strip()]
    if not lines:
        die(f"eval {kind} printed nothing")
    try:
        result = json.loads(lines[-1])
        if kind == "segment":
            figures = [
                ("sentence F1", result["sentences"]["f1"], float(ev["min-sentence-f1"])),
                ("token F1", result["tokens"]["f1"], float(ev["min-token-f1"])),
            ]
        elif kind == "pos":
            e2e = result["end_to_end"]
            figures = [
                ("held-out UPOS", result["upos"], float(ev["min-pos-upos"])),
                ("held-out lemma", result["lemma"], float(ev["min-pos-lemma"])),
                ("end-to-end words F1", e2e["words"]["f1"], float(ev["min-pos-words-f1"])),
            ]
        elif kind == "ner":
            figures = [("entity F1", result["f1"], float(ev["min-ner-f1"]))]
        else:
            die(f"check-eval: unknown kind {kind!r} (segment, pos, ner)")
    except (ValueError, KeyError, TypeError) as e:
        die(f"eval {kind}: the last line is not the expected JSON ({e}): {lines[-1][:200]}")
    ok = all(got >= want for _, got, want in figures)
    print(
        f"{kind}: "
        + ", ".join(f"{name} {got} (min {want})" for name, got, want in figures)
        + (": ok" if ok else ": TOO LOW")
    )
    if not ok:
        sys.exit(1)


def main(argv: list[str]) -> None:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        sys.exit(0 if argv else 2)
    cfg = load(CONFIG)
    cmd, args = argv[0], argv[1:]
    if cmd == "targets":
        for t in targets(cfg):
            print(t["name"], t["out-dir"])
    elif cmd == "build-args":
        print("\n".join(build_args(cfg)))
    elif cmd == "cargo-version":
        print(cargo_package()["version"])
    elif cmd == "file-stem":
        print(cargo_package()["name"].replace("-", "_"))
    elif cmd == "check-lock":
        check_lock(cfg)
    elif cmd == "check-npm-pin":
        if len(args) != 1:
            die("usage: check-npm-pin PACKAGE.JSON", 2)
        check_npm_pin(cfg, args[0])
    elif cmd == "package-json":
        print(json.dumps(package_json(cfg), indent=2, ensure_ascii=False))
    elif cmd == "subdir-package-json":
        if len(args) != 1:
            die("usage: subdir-package-json TARGET", 2)
        print(json.dumps(subdir_package_json(cfg, args[0]), indent=2))
    elif cmd == "dts-no-any":
        if len(args) != 1:
            die("usage: dts-no-any FOLDER", 2)
        dts_no_any(args[0])
    elif cmd == "check-eval":
        check_eval(cfg, *args[:1])
    elif cmd == "get" or "." in cmd or cmd in cfg:
        key = args[0] if cmd == "get" else cmd
        try:
            print(show(lookup(cfg, key)))
        except KeyError:
            if cmd == "get" and len(args) > 1:
                print(args[1])
            else:
                die(f"wasm-pack.toml has no key {key!r}")
    else:
        die(f"unknown command {cmd!r} (see --help)", 2)


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `... | head` is not an error
    main(sys.argv[1:])
