# Entry points; each runs a script in scripts/ (the wasm build is declared in
# wasm-pack.toml). `make serve` and `make test` are the two main commands.
# The shared data folder defaults to ../shared/data; PARSI_DATA=... overrides it.
SHELL := /bin/bash

.PHONY: setup build serve test eval bench fuzz fmt lint

setup:  ## install the pinned toolchain (wasm-pack, wasm-bindgen, wasm-opt, Chromium)
	bash scripts/setup.sh

build:  ## build pkg/{web,bundler,nodejs}, the npm package pkg/npm and www/pkg
	bash scripts/build-wasm.sh

serve:  ## setup, build and serve the demo on http://127.0.0.1:8080/ (PORT=... to change)
	bash scripts/serve.sh

test:   ## every test, stopping at the first failure (what CI runs)
	bash scripts/test.sh

eval:   ## segmentation, POS/lemma and NER evaluations on the dev data (each with a minimum)
	bash scripts/eval.sh

bench:  ## throughput (native, wasm in Node and Chromium, hazm, parsivar), start-up, memory, scaling: one table
	bash scripts/bench.sh

fuzz:   ## libFuzzer targets, FUZZ_SECONDS (default 60) each; installs nightly and cargo-fuzz if missing
	bash scripts/fuzz.sh

fmt:    ## format the Rust code
	cargo fmt

lint:   ## rustfmt check, clippy and the shell scripts' syntax
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	bash -n scripts/*.sh tests/npm/run.sh .ci/run
	if command -v shellcheck >/dev/null; then shellcheck -x scripts/*.sh tests/npm/run.sh .ci/run; fi
