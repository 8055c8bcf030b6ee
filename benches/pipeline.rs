//! Native throughput of each stage on a fixed corpus (the raw PerDT train
//! sentences from `../shared/data`, or `PARSI_BENCH_CORPUS`).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

fn corpus() -> String {
    let path = std::env::var("PARSI_BENCH_CORPUS")
        .unwrap_or_else(|_| "../shared/data/ud-perdt/fa_perdt-train-raw-sentences.txt".into());
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("benchmark corpus {path}: {e}"))
}

fn stages(c: &mut Criterion) {
    let text = corpus();
    let defaults = parsi::NormalizeOptions::default();
    let minimal = parsi::NormalizeOptions::minimal();
    let mut g = c.benchmark_group("native");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("normalize_minimal", |b| {
        b.iter(|| parsi::normalize(black_box(&text), &minimal).map(|n| n.text.len()))
    });
    g.bench_function("normalize", |b| {
        b.iter(|| parsi::normalize(black_box(&text), &defaults).map(|n| n.text.len()))
    });
    g.bench_function("analyze", |b| {
        b.iter(|| {
            parsi::analyze(black_box(&text), &parsi::AnalyzeOptions::default())
                .map(|d| d.tokens.len())
        })
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
