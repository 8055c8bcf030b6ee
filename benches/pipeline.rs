//! Native throughput of each stage on a fixed corpus (the raw PerDT train
//! sentences from `../shared/data`, or `PARSI_BENCH_CORPUS`), with criterion.
//!
//! `make bench` (scripts/bench.sh) runs it and reads criterion's
//! `target/criterion/native/*/new/estimates.json`. The same binary has four
//! helper modes for that script, chosen with `PARSI_BENCH_MODE`:
//!
//! - `info`: the corpus' bytes, sentences, tokens and UD words, as JSON;
//! - `memory FILE`: analyzes FILE once (default options) and prints the
//!   process' peak resident set size (`VmHWM`) before and after, as JSON;
//! - `memory-chunks FILE`: the same for FILE analysed chunk by chunk
//!   (`Analyzer::analyze_chunks`, each chunk dropped before the next);
//! - `scaling FILE...`: times the default `analyze` of each file (median of
//!   several runs), one JSON object per line.

use criterion::{criterion_group, Criterion, SamplingMode, Throughput};
use parsi::{AnalyzeOptions, Document, NormalizeOptions};
use std::hint::black_box;
use std::time::{Duration, Instant};

fn corpus_path() -> String {
    std::env::var("PARSI_BENCH_CORPUS")
        .unwrap_or_else(|_| "../shared/data/ud-perdt/fa_perdt-train-raw-sentences.txt".into())
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("benchmark input {path}: {e}"))
}

/// Sentences and tokens only: what the stages before POS tagging produce.
fn segment_options() -> AnalyzeOptions {
    AnalyzeOptions {
        pos: false,
        entities: false,
        ..Default::default()
    }
}

/// The normalized tokens of every sentence, as the entity recognizer takes them.
fn sentence_tokens(doc: &Document) -> Vec<Vec<&str>> {
    doc.sentences
        .iter()
        .map(|s| {
            doc.tokens[s.token_start..s.token_end]
                .iter()
                .map(|t| doc.norm(t))
                .collect()
        })
        .collect()
}

/// The UD words of every sentence (tokens split by the tagger's clitic
/// splitter), as the POS stage takes them.
fn sentence_words(doc: &Document, analyzer: &parsi::Analyzer) -> Vec<Vec<String>> {
    doc.sentences
        .iter()
        .map(|s| {
            doc.tokens[s.token_start..s.token_end]
                .iter()
                .flat_map(|t| {
                    let norm = doc.norm(t);
                    analyzer
                        .split_words(norm)
                        .into_iter()
                        .map(move |(a, b)| norm[a..b].to_string())
                })
                .collect()
        })
        .collect()
}

fn stages(c: &mut Criterion) {
    let text = read(&corpus_path());
    let defaults = NormalizeOptions::default();
    let minimal = NormalizeOptions::minimal();
    let segment = segment_options();
    let full = AnalyzeOptions::default();
    let analyzer = parsi::Analyzer::shared().expect("the embedded models load");
    let (tagger, recognizer, res) = (
        analyzer.tagger(),
        analyzer
            .recognizer()
            .expect("the embedded analyzer has a recognizer"),
        analyzer.resources(),
    );
    let doc = parsi::analyze(&text, &segment).expect("the corpus analyzes");
    let words = sentence_words(&doc, analyzer);
    let tokens = sentence_tokens(&doc);

    let mut g = c.benchmark_group("native");
    // Flat sampling: every sample runs the same number of passes, so a stage
    // that takes seconds a pass needs 10 passes, not 55.
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("normalize_minimal", |b| {
        b.iter(|| parsi::normalize(black_box(&text), &minimal).map(|n| n.text.len()))
    });
    g.bench_function("normalize", |b| {
        b.iter(|| parsi::normalize(black_box(&text), &defaults).map(|n| n.text.len()))
    });
    g.bench_function("segment", |b| {
        b.iter(|| parsi::analyze(black_box(&text), &segment).map(|d| d.tokens.len()))
    });
    g.bench_function("pos", |b| {
        b.iter(|| {
            black_box(&words)
                .iter()
                .map(|w| tagger.tag(res, w).len())
                .sum::<usize>()
        })
    });
    g.bench_function("ner", |b| {
        // One set of buffers per pass, as `analyze` keeps one per document
        // (`Recognizer::entities` makes new ones at every call).
        b.iter(|| {
            let (mut buf, mut tags) = (parsi::ner::NerBuffers::default(), Vec::new());
            black_box(&tokens)
                .iter()
                .map(|t| {
                    recognizer.tag(tagger, res, t, &mut buf, &mut tags);
                    parsi::ner::label_spans(&tags).len()
                })
                .sum::<usize>()
        })
    });
    g.bench_function("analyze", |b| {
        b.iter(|| parsi::analyze(black_box(&text), &full).map(|d| d.tokens.len()))
    });
    g.finish();
}

criterion_group!(benches, stages);

/// The corpus' size in the units the throughput table uses.
fn info() {
    let path = corpus_path();
    let text = read(&path);
    let doc = parsi::analyze(&text, &segment_options()).expect("the corpus analyzes");
    let analyzer = parsi::Analyzer::shared().expect("the embedded models load");
    let words: usize = sentence_words(&doc, analyzer).iter().map(Vec::len).sum();
    println!(
        "{}",
        serde_json::json!({
            "path": path,
            "bytes": text.len(),
            "chars": text.chars().count(),
            "lines": text.lines().count(),
            "sentences": doc.sentences.len(),
            "tokens": doc.tokens.len(),
            "words": words,
        })
    );
}

/// The peak resident set size of this process so far, in bytes (Linux).
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Prints, as JSON, the peak RSS before and after `run` (which analyzes
/// `text` and returns its token count), and how long `run` took.
fn report_memory(path: &str, run: impl FnOnce(&str) -> usize) {
    let text = read(path);
    // Before the models load: what the call adds to the process's start.
    let before = peak_rss();
    let t = Instant::now();
    let tokens = run(&text);
    let secs = t.elapsed().as_secs_f64();
    let after = peak_rss();
    println!(
        "{}",
        serde_json::json!({
            "path": path,
            "bytes": text.len(),
            "tokens": tokens,
            "seconds": secs,
            "peak_rss_before": before,
            "peak_rss_after": after,
        })
    );
}

fn memory(path: &str) {
    report_memory(path, |text| {
        parsi::analyze(text, &AnalyzeOptions::default())
            .expect("the input analyzes")
            .tokens
            .len()
    });
}

/// `memory` for the chunked analysis ([`parsi::Analyzer::analyze_chunks`],
/// default chunk size and options): each chunk's document is dropped before
/// the next, as a streaming caller does.
fn memory_chunks(path: &str) {
    report_memory(path, |text| {
        let analyzer = parsi::Analyzer::shared().expect("the embedded models load");
        let opts = AnalyzeOptions::default();
        analyzer
            .analyze_chunks(text, &opts, parsi::chunks::DEFAULT_CHUNK_BYTES)
            .map(|c| {
                black_box(c.expect("the input analyzes"))
                    .document
                    .tokens
                    .len()
            })
            .sum()
    });
}

/// Median time of the default `analyze` of each file: runs until one second
/// has passed (at least 3 runs, at most 1000; one run if it takes longer).
fn scaling(paths: &[String]) {
    let opts = AnalyzeOptions::default();
    // Loads the lexicon and models once, outside the timings.
    parsi::analyze("سلام دنیا.", &opts).expect("a warm-up sentence analyzes");
    for path in paths {
        let text = read(path);
        let mut times = Vec::new();
        let started = Instant::now();
        let tokens = loop {
            let t = Instant::now();
            let tokens = black_box(parsi::analyze(black_box(&text), &opts))
                .expect("the input analyzes")
                .tokens
                .len();
            times.push(t.elapsed().as_secs_f64());
            let spent = started.elapsed();
            if times.len() >= 1000
                || (times.len() >= 3 && spent > Duration::from_secs(1))
                || spent > Duration::from_secs(5)
            {
                break tokens;
            }
        };
        times.sort_by(f64::total_cmp);
        println!(
            "{}",
            serde_json::json!({
                "path": path,
                "bytes": text.len(),
                "tokens": tokens,
                "runs": times.len(),
                "seconds": times[times.len() / 2],
            })
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match std::env::var("PARSI_BENCH_MODE").as_deref() {
        Ok("info") => info(),
        Ok("memory") => memory(args.first().expect("PARSI_BENCH_MODE=memory needs a FILE")),
        Ok("memory-chunks") => memory_chunks(
            args.first()
                .expect("PARSI_BENCH_MODE=memory-chunks needs a FILE"),
        ),
        Ok("scaling") => scaling(&args),
        Ok(other) => {
            panic!("unknown PARSI_BENCH_MODE {other:?} (info, memory, memory-chunks or scaling)")
        }
        Err(_) => {
            benches();
            Criterion::default().configure_from_args().final_summary();
        }
    }
}
