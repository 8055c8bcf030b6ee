//! `parsi build clusters`: learns the hierarchical word clusters
//! (`models/clusters.bin`, read by `parsi::clusters`) from the unlabeled text
//! in `../shared/data`.
//!
//! 1. Every line of the corpora is a document: `parsi::analyze` (no POS, no
//!    entities) gives its tokens, in their normalized form. Lines are
//!    separated by a boundary symbol; words seen fewer than `--min-count`
//!    times become one unknown-word symbol.
//! 2. Exchange algorithm (Kneser & Ney 1993; Martin, Liermann & Ney 1998):
//!    the words, initially dealt round-robin to `--classes` classes by
//!    frequency rank, are moved one at a time (most frequent first) to the
//!    class that maximizes the likelihood of the class bigram model, i.e.
//!    `Σ f(N(a,b)) − Σ f(N(a,·)) − Σ f(N(·,b))` with `f(x) = x ln x`. The
//!    unknown-word and boundary symbols keep fixed classes of their own: they
//!    are context, never members. Stops when fewer than 0.1% of the words
//!    move or after `MAX_ITERATIONS` passes.
//! 3. The classes are merged bottom-up, always the pair whose merge loses the
//!    least average mutual information between adjacent classes (Brown et al.
//!    1992); the merge losses are updated in O(C²) per merge, so the tree
//!    costs O(C³). The merge tree gives every class a bit path.
//!
//! Everything is sequential with a fixed order (frequency rank, ties by
//! bytes; lowest index wins a tie), so a rebuild gives the same bytes.

use parsi::clusters::{Clusters, MAX_PATH_LEN};
use parsi::AnalyzeOptions;
use rustc_hash::FxHashMap;
use std::fs;
use std::path::Path;
use std::time::Instant;

/// The corpora, relative to the data directory.
const CORPORA: [&str; 3] = [
    "unlabeled/news-fars-varzesh3-namnak.txt",
    "ud-perdt/fa_perdt-train-raw-sentences.txt",
    "ud-seraji/fa_seraji-train-raw-sentences.txt",
];

/// Number of classes (leaves of the tree) unless `--classes` says otherwise.
pub const DEFAULT_CLASSES: usize = 512;
/// Fewest occurrences of a clustered word unless `--min-count` says otherwise.
pub const DEFAULT_MIN_COUNT: usize = 2;

/// Upper bound on exchange passes.
pub const MAX_ITERATIONS: usize = 12;

/// Words whose neighbours are printed after a build.
pub const SEEDS: [&str; 10] = [
    "تهران",
    "ایران",
    "گفت",
    "کتاب",
    "علی",
    "دلار",
    "بزرگ",
    "می‌رود",
    "استقلال",
    "دوشنبه",
];

pub fn run(data: &Path, out: &Path, classes: usize, min_count: u32) -> Result<(), String> {
    let t0 = Instant::now();
    let mut texts = Vec::new();
    for c in CORPORA {
        let p = data.join(c);
        texts.push(fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?);
    }
    let lines: Vec<&str> = texts.iter().flat_map(|t| t.lines()).collect();
    let corpus = tokenize_logged(&lines, t0)?;
    let clusters = build(&corpus, classes, min_count, true)?;
    let bytes = write(out, &clusters, t0)?;
    speed(&bytes, &corpus)?;
    Ok(())
}

/// [`tokenize`], saying how much it read (`t0`: when the build started).
pub fn tokenize_logged(lines: &[&str], t0: Instant) -> Result<Corpus, String> {
    let corpus = tokenize(lines)?;
    eprintln!(
        "tokenized {} lines: {} tokens, {} distinct ({:.1}s)",
        lines.len(),
        corpus.n_tokens,
        corpus.words.len(),
        t0.elapsed().as_secs_f64()
    );
    Ok(corpus)
}

/// Writes `clusters` to `out` (checked to round-trip), says so and shows
/// the [`SEEDS`]' classes; returns the bytes written.
pub fn write(out: &Path, clusters: &Clusters, t0: Instant) -> Result<Vec<u8>, String> {
    let bytes = clusters.to_bytes();
    crate::write_model(out, &bytes, Clusters::from_bytes, Clusters::to_bytes)?;
    eprintln!(
        "wrote {} words in {} classes to {} ({} bytes) in {:.1}s",
        clusters.len(),
        clusters.n_classes(),
        out.display(),
        bytes.len(),
        t0.elapsed().as_secs_f64()
    );
    for w in SEEDS {
        show(clusters, w, 12);
    }
    Ok(bytes)
}

/// Prints the model's load time and lookup speed over the corpus tokens.
fn speed(bytes: &[u8], corpus: &Corpus) -> Result<(), String> {
    let t = Instant::now();
    let clusters = Clusters::from_bytes(bytes).map_err(|e| e.to_string())?;
    let load = t.elapsed().as_secs_f64();
    let tokens: Vec<&str> = corpus
        .lines
        .iter()
        .flatten()
        .take(1_000_000)
        .map(|&id| corpus.words[id as usize].as_str())
        .collect();
    // Best of three passes over the corpus tokens (hits and misses as in text).
    let (mut found, mut acc, mut best) = (0usize, 0u64, f64::MAX);
    for _ in 0..3 {
        found = 0;
        let t = Instant::now();
        for w in &tokens {
            if let Some(p) = clusters.get(w) {
                found += 1;
                acc = acc.wrapping_add(p.prefix(10) as u64);
            }
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    eprintln!(
        "load {:.2} ms; {:.1}M lookups/s over {} corpus tokens ({:.1}% found, checksum {acc})",
        load * 1e3,
        tokens.len() as f64 / best / 1e6,
        tokens.len(),
        100.0 * found as f64 / tokens.len().max(1) as f64
    );
    Ok(())
}

/// `--show`: prints each word's path and class-mates in the model `file`.
pub fn show_file(file: &Path, words: &[&str]) -> Result<(), String> {
    let bytes = fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let clusters = Clusters::from_bytes(&bytes).map_err(|e| e.to_string())?;
    for w in words {
        show(&clusters, w, 30);
    }
    Ok(())
}

/// Prints the path of `word` and the most frequent words of its class to stderr.
pub fn show(clusters: &Clusters, word: &str, max: usize) {
    match clusters.get(word) {
        Some(p) => {
            let mates: Vec<&str> = clusters
                .class_words(p.class())
                .filter(|&m| m != word)
                .take(max)
                .collect();
            eprintln!("{word}\t{p}\t{}", mates.join(" "));
        }
        None => eprintln!("{word}\t(not in the clusters)"),
    }
}

/// Token ids of every line, with the words in first-seen order.
pub struct Corpus {
    /// The distinct words, by id.
    pub words: Vec<String>,
    /// How often each word occurs.
    pub counts: Vec<u32>,
    /// Each line's token ids.
    pub lines: Vec<Vec<u32>>,
    /// Total tokens.
    pub n_tokens: usize,
}

impl Corpus {
    /// The ids of the words seen at least `min_count` times, by frequency
    /// rank (ties by bytes): a fixed order, whatever the corpus order.
    pub fn vocabulary(&self, min_count: u32) -> Vec<u32> {
        let mut vocab: Vec<u32> = (0..self.words.len() as u32)
            .filter(|&i| self.counts[i as usize] >= min_count)
            .collect();
        vocab.sort_by(|&a, &b| {
            self.counts[b as usize]
                .cmp(&self.counts[a as usize])
                .then_with(|| self.words[a as usize].cmp(&self.words[b as usize]))
        });
        vocab
    }
}

pub fn tokenize(lines: &[&str]) -> Result<Corpus, String> {
    let opts = AnalyzeOptions {
        pos: false,
        entities: false,
        ..Default::default()
    };
    let mut ids: FxHashMap<String, u32> = FxHashMap::default();
    let mut corpus = Corpus {
        words: Vec::new(),
        counts: Vec::new(),
        lines: Vec::new(),
        n_tokens: 0,
    };
    for line in lines {
        if line.trim().is_empty() {
            continue;
        }
        let doc = crate::base_models()?
            .analyze(line, &opts)
            .map_err(|e| e.to_string())?;
        let mut seq = Vec::with_capacity(doc.tokens.len());
        for t in &doc.tokens {
            let w = doc.norm(t);
            let id = match ids.get(w) {
                Some(&id) => id,
                None => {
                    let id = corpus.words.len() as u32;
                    ids.insert(w.to_string(), id);
                    corpus.words.push(w.to_string());
                    corpus.counts.push(0);
                    id
                }
            };
            corpus.counts[id as usize] += 1;
            seq.push(id);
        }
        corpus.n_tokens += seq.len();
        corpus.lines.push(seq);
    }
    Ok(corpus)
}

/// `x ln x`, with a table for small counts.
struct XLogX {
    table: Vec<f64>,
}

impl XLogX {
    fn new() -> XLogX {
        let table = (0..1u32 << 16)
            .map(|x| {
                if x == 0 {
                    0.0
                } else {
                    x as f64 * (x as f64).ln()
                }
            })
            .collect();
        XLogX { table }
    }
    #[inline]
    fn f(&self, x: u32) -> f64 {
        match self.table.get(x as usize) {
            Some(&v) => v,
            None => x as f64 * (x as f64).ln(),
        }
    }
}

/// Builds the clusters of the words seen at least `min_count` times.
pub fn build(
    corpus: &Corpus,
    n_classes: usize,
    min_count: u32,
    verbose: bool,
) -> Result<Clusters, String> {
    let t0 = Instant::now();
    if !(2..=u16::MAX as usize).contains(&n_classes) {
        return Err("--classes must be in 2..65535".into());
    }
    let vocab = corpus.vocabulary(min_count);
    let v = vocab.len();
    if v < n_classes {
        return Err(format!(
            "{v} words occur at least {min_count} times: fewer than {n_classes} classes"
        ));
    }
    // Symbol ids: 0..v words by rank, v = unknown, v + 1 = boundary.
    let unk = v as u32;
    let bnd = v as u32 + 1;
    let mut sym = vec![unk; corpus.words.len()];
    for (rank, &w) in vocab.iter().enumerate() {
        sym[w as usize] = rank as u32;
    }
    // Bigram counts, as sorted pairs.
    let mut pairs: Vec<u64> = Vec::with_capacity(corpus.n_tokens + corpus.lines.len());
    for line in &corpus.lines {
        let mut prev = bnd;
        for &t in line {
            let s = sym[t as usize];
            pairs.push((prev as u64) << 32 | s as u64);
            prev = s;
        }
        pairs.push((prev as u64) << 32 | bnd as u64);
    }
    pairs.sort_unstable();
    let mut bigrams: Vec<(u32, u32, u32)> = Vec::new();
    for &p in &pairs {
        let (a, b) = ((p >> 32) as u32, p as u32);
        match bigrams.last_mut() {
            Some(last) if last.0 == a && last.1 == b => last.2 += 1,
            _ => bigrams.push((a, b, 1)),
        }
    }
    drop(pairs);
    let n_sym = v + 2;
    let succ = Csr::new(n_sym, bigrams.iter().map(|&(a, b, n)| (a, b, n)));
    let pred = Csr::new(n_sym, bigrams.iter().map(|&(a, b, n)| (b, a, n)));
    if verbose {
        eprintln!(
            "vocabulary {v} words (count >= {min_count}), {} bigram types ({:.1}s)",
            bigrams.len(),
            t0.elapsed().as_secs_f64()
        );
    }
    drop(bigrams);

    // Classes: 0..c real, c = unknown, c + 1 = boundary.
    let c = n_classes;
    let k = c + 2;
    let mut class: Vec<u32> = (0..n_sym)
        .map(|s| {
            if s == unk as usize {
                c as u32
            } else if s == bnd as usize {
                c as u32 + 1
            } else {
                (s % c) as u32
            }
        })
        .collect();
    let fx = XLogX::new();
    let mut st = State::new(k, &succ, &class);
    if verbose {
        eprintln!("exchange: {c} classes, objective {:.0}", st.objective(&fx));
    }
    let mut scratch = Scratch::new(k);
    for iter in 0..MAX_ITERATIONS {
        let t = Instant::now();
        let mut moved = 0usize;
        for w in 0..v {
            scratch.gather(w, &succ, &pred, &class);
            let from = class[w] as usize;
            st.apply(&scratch, from, -1);
            let mut best = from;
            let mut best_gain = st.gain(&scratch, from, &fx);
            for b in 0..c {
                if b == from {
                    continue;
                }
                let g = st.gain(&scratch, b, &fx);
                if g > best_gain + 1e-9 * best_gain.abs().max(1.0) {
                    best = b;
                    best_gain = g;
                }
            }
            st.apply(&scratch, best, 1);
            if best != from {
                class[w] = best as u32;
                moved += 1;
            }
        }
        if verbose {
            eprintln!(
                "  pass {}: {moved} words moved, objective {:.0} ({:.1}s)",
                iter + 1,
                st.objective(&fx),
                t.elapsed().as_secs_f64()
            );
        }
        if moved * 1000 < v {
            break;
        }
    }

    // Merge tree over the non-empty real classes.
    let t = Instant::now();
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); c];
    for w in 0..v {
        members[class[w] as usize].push(w as u32);
    }
    let live: Vec<usize> = (0..c).filter(|&i| !members[i].is_empty()).collect();
    let paths = merge_tree(&st, &live, k, &fx)?;
    if verbose {
        let depth = paths.iter().map(|p| p.1).max().unwrap_or(0);
        eprintln!(
            "merge tree over {} classes: depth {depth} ({:.1}s)",
            live.len(),
            t.elapsed().as_secs_f64()
        );
    }
    // Classes in path order (lexicographic on the bit strings).
    let mut order: Vec<usize> = (0..live.len()).collect();
    let key = |i: usize| {
        let (bits, len) = paths[i];
        // Left-aligned, a lexicographic order of prefix-free paths is numeric.
        if len == 0 {
            0
        } else {
            bits << (64 - len as u32)
        }
    };
    order.sort_by_key(|&i| key(i));
    let classes: Vec<(u64, u8, Vec<&str>)> = order
        .iter()
        .map(|&i| {
            let (bits, len) = paths[i];
            let words = members[live[i]]
                .iter()
                .map(|&w| corpus.words[vocab[w as usize] as usize].as_str())
                .collect();
            (bits, len, words)
        })
        .collect();
    Clusters::from_classes(&classes).map_err(|e| e.to_string())
}

/// Adjacency lists of the symbol bigram graph.
struct Csr {
    start: Vec<u32>,
    to: Vec<u32>,
    n: Vec<u32>,
}

impl Csr {
    fn new(n_sym: usize, edges: impl Iterator<Item = (u32, u32, u32)> + Clone) -> Csr {
        let mut start = vec![0u32; n_sym + 1];
        for (a, _, _) in edges.clone() {
            start[a as usize + 1] += 1;
        }
        for i in 0..n_sym {
            start[i + 1] += start[i];
        }
        let m = start[n_sym] as usize;
        let mut fill = start.clone();
        let (mut to, mut n) = (vec![0u32; m], vec![0u32; m]);
        for (a, b, c) in edges {
            let p = fill[a as usize] as usize;
            to[p] = b;
            n[p] = c;
            fill[a as usize] += 1;
        }
        Csr { start, to, n }
    }
    fn of(&self, a: usize) -> impl Iterator<Item = (u32, u32)> + '_ {
        let r = self.start[a] as usize..self.start[a + 1] as usize;
        self.to[r.clone()]
            .iter()
            .copied()
            .zip(self.n[r].iter().copied())
    }
}

/// One word's context counts by class, with the word itself taken out.
struct Scratch {
    right: Vec<u32>,
    left: Vec<u32>,
    r_touched: Vec<usize>,
    l_touched: Vec<usize>,
    /// Bigrams of the word with itself.
    self_n: u32,
    /// Bigrams the word starts / ends.
    n_left: u32,
    n_right: u32,
}

impl Scratch {
    fn new(k: usize) -> Scratch {
        Scratch {
            right: vec![0; k],
            left: vec![0; k],
            r_touched: Vec::new(),
            l_touched: Vec::new(),
            self_n: 0,
            n_left: 0,
            n_right: 0,
        }
    }
    fn gather(&mut self, w: usize, succ: &Csr, pred: &Csr, class: &[u32]) {
        for &c in &self.r_touched {
            self.right[c] = 0;
        }
        for &c in &self.l_touched {
            self.left[c] = 0;
        }
        self.r_touched.clear();
        self.l_touched.clear();
        self.self_n = 0;
        self.n_left = 0;
        self.n_right = 0;
        for (u, n) in succ.of(w) {
            self.n_left += n;
            if u as usize == w {
                self.self_n += n;
                continue;
            }
            let c = class[u as usize] as usize;
            if self.right[c] == 0 {
                self.r_touched.push(c);
            }
            self.right[c] += n;
        }
        for (u, n) in pred.of(w) {
            self.n_right += n;
            if u as usize == w {
                continue;
            }
            let c = class[u as usize] as usize;
            if self.left[c] == 0 {
                self.l_touched.push(c);
            }
            self.left[c] += n;
        }
        // Sorted, so sums run in one order whatever the insertion order.
        self.r_touched.sort_unstable();
        self.l_touched.sort_unstable();
    }
}

/// Class bigram counts: `n[a * k + b]` = N(a, b), `t[b * k + a]` the same
/// transposed, and the marginals.
struct State {
    k: usize,
    n: Vec<u32>,
    t: Vec<u32>,
    left: Vec<u32>,
    right: Vec<u32>,
}

impl State {
    fn new(k: usize, succ: &Csr, class: &[u32]) -> State {
        let mut st = State {
            k,
            n: vec![0; k * k],
            t: vec![0; k * k],
            left: vec![0; k],
            right: vec![0; k],
        };
        for (a, &ca) in class.iter().enumerate() {
            for (b, cnt) in succ.of(a) {
                let cb = class[b as usize] as usize;
                st.n[ca as usize * k + cb] += cnt;
                st.t[cb * k + ca as usize] += cnt;
                st.left[ca as usize] += cnt;
                st.right[cb] += cnt;
            }
        }
        st
    }

    fn objective(&self, fx: &XLogX) -> f64 {
        let mut s = 0.0;
        for &x in &self.n {
            s += fx.f(x);
        }
        for i in 0..self.k {
            s -= fx.f(self.left[i]) + fx.f(self.right[i]);
        }
        s
    }

    /// Adds (`sign` = 1) or removes (-1) the word in `w` to/from class `b`.
    fn apply(&mut self, w: &Scratch, b: usize, sign: i64) {
        let k = self.k;
        let upd = |x: &mut u32, d: u32| {
            *x = if sign > 0 { *x + d } else { *x - d };
        };
        for &c in &w.r_touched {
            let d = w.right[c];
            upd(&mut self.n[b * k + c], d);
            upd(&mut self.t[c * k + b], d);
        }
        for &c in &w.l_touched {
            let d = w.left[c];
            upd(&mut self.n[c * k + b], d);
            upd(&mut self.t[b * k + c], d);
        }
        upd(&mut self.n[b * k + b], w.self_n);
        upd(&mut self.t[b * k + b], w.self_n);
        upd(&mut self.left[b], w.n_left);
        upd(&mut self.right[b], w.n_right);
    }

    /// The change of the objective if the word in `w` joins class `b`.
    fn gain(&self, w: &Scratch, b: usize, fx: &XLogX) -> f64 {
        let k = self.k;
        let row = &self.n[b * k..b * k + k];
        let col = &self.t[b * k..b * k + k];
        let mut g = 0.0;
        for &c in &w.r_touched {
            let x = row[c];
            g += fx.f(x + w.right[c]) - fx.f(x);
        }
        for &c in &w.l_touched {
            let x = col[c];
            g += fx.f(x + w.left[c]) - fx.f(x);
        }
        // The cell (b, b) was counted by both loops: count it once, with
        // the word's bigrams with itself.
        let bb = row[b];
        let (rb, lb) = (w.right[b], w.left[b]);
        g -= fx.f(bb + rb) - fx.f(bb) + fx.f(bb + lb) - fx.f(bb);
        g += fx.f(bb + rb + lb + w.self_n) - fx.f(bb);
        g -= fx.f(self.left[b] + w.n_left) - fx.f(self.left[b]);
        g -= fx.f(self.right[b] + w.n_right) - fx.f(self.right[b]);
        g
    }
}

/// Merges the classes in `live` bottom-up by least loss of mutual
/// information (the fixed classes `k - 2`, `k - 1` are context only) and
/// returns each live class's path `(bits, len)`, in the order of `live`.
fn merge_tree(st: &State, live: &[usize], k: usize, fx: &XLogX) -> Result<Vec<(u64, u8)>, String> {
    // Work on a copy of the counts restricted to the live and fixed classes,
    // as u64 (merged cells grow).
    let mut ids: Vec<usize> = live.to_vec();
    ids.push(k - 2);
    ids.push(k - 1);
    let m = ids.len();
    let nl = live.len();
    let mut n = vec![0u64; m * m];
    for (i, &a) in ids.iter().enumerate() {
        for (j, &b) in ids.iter().enumerate() {
            n[i * m + j] = st.n[a * k + b] as u64;
        }
    }
    let mut left: Vec<u64> = ids.iter().map(|&a| st.left[a] as u64).collect();
    let mut right: Vec<u64> = ids.iter().map(|&a| st.right[a] as u64).collect();
    let f = |x: u64| fx.f64(x);
    // Contribution of context class c to the loss of merging i and j.
    let s = |n: &[u64], i: usize, j: usize, c: usize| -> f64 {
        let (ic, jc, ci, cj) = (n[i * m + c], n[j * m + c], n[c * m + i], n[c * m + j]);
        f(ic) + f(jc) - f(ic + jc) + f(ci) + f(cj) - f(ci + cj)
    };
    let mut active = vec![true; m];
    let full_loss =
        |n: &[u64], left: &[u64], right: &[u64], active: &[bool], i: usize, j: usize| {
            let mut l = 0.0;
            for (c, _) in active
                .iter()
                .enumerate()
                .filter(|&(c, &a)| a && c != i && c != j)
            {
                l += s(n, i, j, c);
            }
            let (ii, ij, ji, jj) = (n[i * m + i], n[i * m + j], n[j * m + i], n[j * m + j]);
            l += f(ii) + f(ij) + f(ji) + f(jj) - f(ii + ij + ji + jj);
            l -= f(left[i]) + f(left[j]) - f(left[i] + left[j]);
            l -= f(right[i]) + f(right[j]) - f(right[i] + right[j]);
            l
        };
    let mut loss = vec![0f64; nl * nl];
    for i in 0..nl {
        for j in i + 1..nl {
            loss[i * nl + j] = full_loss(&n, &left, &right, &active, i, j);
        }
    }
    // Tree: nodes 0..nl are the leaves; each merge adds a node.
    let mut node_of: Vec<usize> = (0..nl).collect();
    let mut children: Vec<(usize, usize)> = Vec::new();
    for _ in 1..nl {
        let mut best = (f64::INFINITY, 0, 0);
        for i in 0..nl {
            if !active[i] {
                continue;
            }
            for j in i + 1..nl {
                if active[j] && loss[i * nl + j] < best.0 {
                    best = (loss[i * nl + j], i, j);
                }
            }
        }
        let (_, i, j) = best;
        // Remove the old contributions of i and j from the other pairs.
        for a in 0..nl {
            if !active[a] || a == i || a == j {
                continue;
            }
            for b in a + 1..nl {
                if active[b] && b != i && b != j {
                    loss[a * nl + b] -= s(&n, a, b, i) + s(&n, a, b, j);
                }
            }
        }
        // Merge j into i.
        for c in 0..m {
            n[i * m + c] += n[j * m + c];
        }
        for c in 0..m {
            n[c * m + i] += n[c * m + j];
            n[j * m + c] = 0;
        }
        for c in 0..m {
            n[c * m + j] = 0;
        }
        left[i] += left[j];
        right[i] += right[j];
        active[j] = false;
        children.push((node_of[i], node_of[j]));
        node_of[i] = nl + children.len() - 1;
        // Add the merged class's contribution to the other pairs, and
        // recompute the pairs with the merged class.
        for a in 0..nl {
            if !active[a] || a == i {
                continue;
            }
            for b in a + 1..nl {
                if active[b] && b != i {
                    loss[a * nl + b] += s(&n, a, b, i);
                }
            }
            let (x, y) = (a.min(i), a.max(i));
            loss[x * nl + y] = full_loss(&n, &left, &right, &active, x, y);
        }
    }
    // Paths: walk down from the root.
    let mut paths = vec![(0u64, 0u8); nl];
    let root = if children.is_empty() {
        0
    } else {
        nl + children.len() - 1
    };
    let mut stack = vec![(root, 0u64, 0u8)];
    while let Some((node, bits, len)) = stack.pop() {
        if node < nl {
            paths[node] = (bits, len);
            continue;
        }
        if len >= MAX_PATH_LEN {
            return Err(format!("the cluster tree is deeper than {MAX_PATH_LEN}"));
        }
        let (a, b) = children[node - nl];
        stack.push((a, bits << 1, len + 1));
        stack.push((b, bits << 1 | 1, len + 1));
    }
    Ok(paths)
}

impl XLogX {
    #[inline]
    fn f64(&self, x: u64) -> f64 {
        if x < self.table.len() as u64 {
            self.table[x as usize]
        } else {
            x as f64 * (x as f64).ln()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Corpus {
        let text = [
            "من به تهران رفتم .",
            "او به شیراز رفت .",
            "ما به تهران آمدیم .",
            "تو به اصفهان رفتی .",
            "من از شیراز آمدم .",
            "او از اصفهان آمد .",
            "کتاب را خواندم .",
            "کتاب را خرید .",
            "نامه را خواند .",
            "نامه را نوشتم .",
        ];
        let lines: Vec<&str> = text.iter().copied().cycle().take(60).collect();
        tokenize(&lines).unwrap()
    }

    #[test]
    fn build_is_deterministic() {
        let corpus = tiny();
        let a = build(&corpus, 4, 2, false).unwrap().to_bytes();
        let b = build(&corpus, 4, 2, false).unwrap().to_bytes();
        assert_eq!(a, b);
        let c = Clusters::from_bytes(&a).unwrap();
        assert!(c.get("تهران").is_some());
        assert_eq!(c.n_classes(), 4);
    }

    #[test]
    fn gain_matches_objective() {
        // Moving a word by the gain formula changes the objective by the gain.
        let corpus = tiny();
        let v = corpus.words.len();
        let mut pairs: Vec<(u32, u32, u32)> = Vec::new();
        for line in &corpus.lines {
            let mut prev = v as u32;
            for &t in line.iter().chain(std::iter::once(&(v as u32))) {
                pairs.push((prev, t, 1));
                prev = t;
            }
        }
        let succ = Csr::new(v + 1, pairs.iter().copied());
        let pred = Csr::new(v + 1, pairs.iter().map(|&(a, b, n)| (b, a, n)));
        let k = 5;
        let mut class: Vec<u32> = (0..=v).map(|s| (s % 4) as u32).collect();
        class[v] = 4;
        let fx = XLogX::new();
        let mut st = State::new(k, &succ, &class);
        let mut sc = Scratch::new(k);
        for w in 0..v {
            let before = st.objective(&fx);
            sc.gather(w, &succ, &pred, &class);
            let from = class[w] as usize;
            st.apply(&sc, from, -1);
            let removed = st.objective(&fx);
            let to = (from + 1) % 4;
            let g = st.gain(&sc, to, &fx);
            st.apply(&sc, to, 1);
            class[w] = to as u32;
            let after = st.objective(&fx);
            assert!(
                (after - removed - g).abs() < 1e-6,
                "{w}: {after} {removed} {g}"
            );
            assert!(State::new(k, &succ, &class).n == st.n);
            let _ = before;
        }
    }
}
