//! Argument parsing and the subcommands that run the pipeline.

use crate::ner_data::Format;
use parsi::{AnalyzeOptions, Document, NormalizeOptions, OffsetUnit};
use serde_json::json;
use std::io::{self, BufRead, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

const USAGE: &str = "usage:
  parsi normalize [FILE] [--options JSON]        print the normalized text
  parsi analyze [FILE] [--input text|lines|jsonl] [--format json|conllu] [--options JSON]
                [--dict FILE] [--chunks [--chunk-size BYTES]]                      print the document as JSON (char offsets, words with
                                                   upos/lemma, number values, entities) or CoNLL-U;
                                                   --dict: a user dictionary, JSON as in JavaScript:
                                                   {\"entities\": [{\"text\": ..., \"label\": ...}],
                                                   \"neverEntities\": [...], \"compounds\": [...],
                                                   \"neverJoin\": [...]};
                                                   --input lines (or --lines): one document per input
                                                   line; --input jsonl: one per line, each a JSON string
                                                   or an object with a \"text\" string (other fields are
                                                   ignored); with several documents, JSON is one object
                                                   per line (JSON Lines), CoNLL-U opens each document's
                                                   first sentence with # newdoc id = LINE NUMBER and
                                                   numbers sentences across the whole output;
                                                   lines are read and written one at a time;
                                                   --chunks: the text read a block at a time, one
                                                   JSON object per chunk of about 64 KB (--chunk-size)
                                                   with char offsets into the whole input, or its
                                                   CoNLL-U sentences (numbered on across chunks)
  parsi eval segment --gold FILE.conllu [--gold FILE.conllu ...] [--errors N]
                                                   sentence and token precision/recall/F1;
                                                   --errors N: print (to stderr) the first N missed and
                                                   wrong sentence and token spans of each file
  parsi eval pos --gold FILE.conllu [--gold ...] [--heldout] [--model FILE] [--confusion]
                                                   UPOS and lemma accuracy on gold tokenization, and
                                                   end to end from the raw text (words, UPOS, lemma F1);
                                                   --heldout: only the held-out last 20% of dev files;
                                                   --confusion: also the most frequent tag confusions
                                                   and lemma errors of each file
  parsi train pos [--data DIR] [--out FILE] [--epochs N] [--perdt-fraction F]
                  [--early-705 perdt|own[+relabel][+lemmas][+strict]]
                                                   retrain models/pos.bin from the treebanks;
                                                   --perdt-fraction: train on the first F (0 < F <= 1)
                                                   of the PerDT sentences only (learning curve;
                                                   needs --out); --early-705: also the early PerDT
                                                   train sentences, in PerDT's domain or their own,
                                                   +relabel: near-unanimous PerDT VERB/AUX tags of
                                                   their XPOS or form override theirs, +lemmas: PerDT's
                                                   lemmas (passive شدن, #است), +strict: their NOUN is not
                                                   NOUN-or-PROPN (experiment; needs --out)
  parsi eval ner --gold FILE [--format peyma|iob] [--model FILE] [--errors N] [--heldout]
                 [--temperature T] [--data DIR] [--dense FILE] [--dense-weight W] [--dense-alone]
                                                   entity precision/recall/F1 (exact match), overall
                                                   and per label, through analyze();
                                                   --heldout: only the held-out tenth of the documents
                                                   listed in FILE's .docs.tsv (NSURL-2019);
                                                   --temperature T: score entities at T instead of
                                                   the model's (calibration: see the JSON line);
                                                   recall of entities seen / unseen in the training
                                                   data of --data DIR (PEYMA train, NSURL train part);
                                                   --errors N: first print the first N sentences with
                                                   a wrong or missed entity, and those entities;
                                                   --dense FILE: the dense model of FILE (train dense)
                                                   instead of the recognizer's own, --dense-weight W:
                                                   at weight W, --dense-alone: without the linear
                                                   model's weights
  parsi train ner [--data DIR] [--out FILE] [--epochs N] [--fraction F] [--dev]
                  [--seed N] [--bags N] [--passes N] [--folds N] [--dropout N]
                  [--min-weight N] [--auto-min-count N] [--tweets] [--no-nsurl] [--no-dense]
                                                   retrain models/ner.bin from PEYMA train and
                                                   NSURL-2019 600K but its held-out tenth;
                                                   --fraction: the first F (0 < F <= 1) of PEYMA
                                                   train only (learning curve; needs --out);
                                                   --dev: print PEYMA dev F1 after each epoch and pass
                                                   (slower; same model); experiments (need --out):
                                                   --seed (shuffles), --bags (models averaged, 3),
                                                   --passes (2), --folds (gazetteer jackknife, 10),
                                                   --dropout (features hidden, per mille, 100),
                                                   --min-weight (smallest weight kept, 1000),
                                                   --auto-min-count (found in unlabeled text, 2),
                                                   --tweets (also ParsTwiNER's PER/LOC/ORG),
                                                   --no-nsurl (PEYMA train alone),
                                                   --no-dense (the linear model without the dense one)
  parsi train dense --out FILE [--vectors FILE] [--data DIR] [--epochs N] [--hidden N]
                    [--hash-dim N] [--buckets N] [--dilations 1,2] [--lr X] [--batch N]
                    [--dropout X] [--seed N] [--max-words N] [--tune-vectors] [--pos] [--trigrams]
                                                   experiment: train the dense entity model alone
                                                   (train ner trains it with the linear one), print
                                                   PEYMA dev F1 after each epoch, alone and added to
                                                   the embedded linear model at several weights, and
                                                   write it to FILE (read with eval ner --dense);
                                                   --vectors FILE: word vectors cached there (trained
                                                   and written when FILE does not exist)
  parsi throughput [FILE] [--repeat N] [--options JSON]
                                                   native speed on FILE: normalize, segment, segment+pos,
                                                   segment+entities, analyze
  parsi build lexicon [--data DIR] [--out DIR]     regenerate models/lexicon from the hazm lexicon
  parsi build clusters [--data DIR] [--out FILE] [--classes N] [--min-count N]
                                                   rebuild models/clusters.bin from the unlabeled text;
                                                   --show WORD (repeatable): print the word's path and
                                                   class-mates in FILE (no build)
  parsi build classes [--data DIR] [--out FILE] [--dim N] [--epochs N] [--min-count N]
                      [--branching N] [--levels N]
                                                   rebuild models/classes.bin: skip-gram word vectors
                                                   from the unlabeled and NER training text, clustered
                                                   into a tree by k-means
--data DIR: the corpus folder (default ../shared/data, see its README.md).
FILE defaults to standard input. --options takes JSON in camelCase, as in
JavaScript: for normalize the normalizer's options, e.g. '{\"digits\":\"ascii\"}';
for analyze and throughput analyze's, e.g.
'{\"normalize\":{\"digits\":\"ascii\"},\"pos\":false,\"entities\":true}'.";

/// A tiny argument reader: positional arguments and `--flag [value]` pairs.
struct Args {
    positional: Vec<String>,
    flags: Vec<(String, Option<String>)>,
}

impl Args {
    /// `with_value`: the flags that take a value; `switches`: those that
    /// do not (`--help` is always accepted).
    fn parse(args: &[String], with_value: &[&str], switches: &[&str]) -> Result<Args, String> {
        let mut positional = Vec::new();
        let mut flags = Vec::new();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            if let Some(name) = a.strip_prefix("--") {
                if with_value.contains(&name) {
                    let v = it
                        .next()
                        .ok_or_else(|| format!("--{name} needs a value\n{USAGE}"))?;
                    flags.push((name.to_string(), Some(v.clone())));
                } else if name == "help" || switches.contains(&name) {
                    flags.push((name.to_string(), None));
                } else {
                    return Err(format!("unknown option --{name}\n{USAGE}"));
                }
            } else {
                positional.push(a.clone());
            }
        }
        // No command reads more than one input; a second one would be ignored.
        if positional.len() > 1 {
            return Err(format!(
                "one input FILE at most, got {}: {} (join the files into one, or run once per file)\n{USAGE}",
                positional.len(),
                positional.join(" ")
            ));
        }
        Ok(Args { positional, flags })
    }
    fn has(&self, name: &str) -> bool {
        self.flags.iter().any(|(n, _)| n == name)
    }
    fn value(&self, name: &str) -> Option<&str> {
        self.flags
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
    }
    fn values(&self, name: &str) -> Vec<&str> {
        self.flags
            .iter()
            .filter(|(n, _)| n == name)
            .filter_map(|(_, v)| v.as_deref())
            .collect()
    }
}

/// `--NAME N` as a number, if given.
fn number<T: std::str::FromStr>(a: &Args, name: &str) -> Result<Option<T>, String> {
    a.value(name)
        .map(|v| {
            v.parse()
                .map_err(|_| format!("--{name} takes a number, got {v:?}"))
        })
        .transpose()
}

/// Sets `field` to `v` when a flag gave it.
fn set<T>(field: &mut T, v: Option<T>) {
    if let Some(v) = v {
        *field = v;
    }
}

/// `--epochs N`, if given.
fn epochs_arg(a: &Args) -> Result<Option<usize>, String> {
    number(a, "epochs")
}

/// The flags of `train ner` that change the model (experiments).
const NER_EXPERIMENTS: [&str; 7] = [
    "seed",
    "bags",
    "passes",
    "folds",
    "dropout",
    "min-weight",
    "auto-min-count",
];

/// The options of `train ner`: the committed model's, changed by the
/// experiment flags, which need an explicit `--out` (such a model must not
/// replace the shipped one).
fn ner_options(a: &Args) -> Result<crate::train_ner::Options, String> {
    let mut o = crate::train_ner::OPTIONS;
    if let Some(e) = epochs_arg(a)? {
        o.epochs = e;
    }
    o.dev = a.has("dev");
    // Each experiment flag overrides its option when given.
    set(&mut o.seed, number(a, "seed")?);
    set(&mut o.bags, number(a, "bags")?);
    set(&mut o.passes, number(a, "passes")?);
    set(&mut o.folds, number(a, "folds")?);
    set(&mut o.dropout, number(a, "dropout")?);
    set(&mut o.min_weight, number(a, "min-weight")?);
    set(&mut o.auto_min_count, number(a, "auto-min-count")?);
    o.tweets = a.has("tweets");
    o.nsurl = !a.has("no-nsurl");
    o.dense = !a.has("no-dense");
    let experiment = NER_EXPERIMENTS
        .into_iter()
        .find(|&n| a.value(n).is_some())
        .or(o.tweets.then_some("tweets"))
        .or((!o.nsurl).then_some("no-nsurl"))
        .or((!o.dense).then_some("no-dense"));
    if let Some(name) = experiment {
        experiment_needs_out(a, name)?;
    }
    Ok(o)
}

/// An experiment flag `--NAME` is only taken with an explicit `--out`: such a
/// model must not replace the shipped one.
fn experiment_needs_out(a: &Args, name: &str) -> Result<(), String> {
    match a.value("out") {
        Some(_) => Ok(()),
        None => Err(format!(
            "--{name} needs --out FILE (an experiment's model must not replace the shipped one)"
        )),
    }
}

/// `--data DIR`: the corpus folder (default `../shared/data`).
fn data_dir(a: &Args) -> &Path {
    Path::new(a.value("data").unwrap_or("../shared/data"))
}

/// `--NAME F` as a fraction in (0, 1]; 1 when not given. A model trained on
/// part of the data must go to an explicit `--out`, never over the shipped one.
fn fraction_arg(a: &Args, name: &str) -> Result<f64, String> {
    let f = match a.value(name) {
        None => return Ok(1.0),
        Some(v) => match v.parse::<f64>() {
            Ok(f) if f > 0.0 && f <= 1.0 => f,
            _ => return Err(format!("--{name} takes a number in (0, 1], got {v:?}")),
        },
    };
    if f < 1.0 && a.value("out").is_none() {
        return Err(format!(
            "--{name} needs --out FILE (a model trained on part of the data must not replace the shipped one)"
        ));
    }
    Ok(f)
}

pub fn run(args: &[String]) -> Result<(), String> {
    let Some(cmd) = args.first() else {
        return Err(USAGE.to_string());
    };
    let rest = &args[1..];
    match cmd.as_str() {
        "normalize" => {
            let a = Args::parse(rest, &["options"], &[])?;
            let opts = normalize_options(a.value("options"))?;
            let reader = open_input(a.positional.first())?;
            let stdout = io::stdout();
            normalize_chunks(&opts, reader, &mut BufWriter::new(stdout.lock()))
        }
        "analyze" => {
            let a = Args::parse(
                rest,
                &["options", "format", "input", "dict", "chunk-size"],
                &["lines", "chunks"],
            )?;
            let opts = analyze_options(a.value("options"))?;
            let analyzer = analyzer_with_dict(a.value("dict"))?;
            let format = match a.value("format").unwrap_or("json") {
                f @ ("json" | "conllu") => f,
                f => return Err(format!("--format {f:?}: json or conllu")),
            };
            let input = match (a.value("input"), a.has("lines")) {
                (None, false) => "text",
                (None | Some("lines"), true) => "lines",
                (Some(i @ ("text" | "lines" | "jsonl")), false) => i,
                (Some(i), true) => {
                    return Err(format!("--lines is --input lines, not --input {i}"))
                }
                (Some(i), false) => return Err(format!("--input {i:?}: text, lines or jsonl")),
            };
            let chunk_size = match (a.has("chunks"), number(&a, "chunk-size")?) {
                (false, Some(_)) => return Err("--chunk-size goes with --chunks".into()),
                (_, Some(0)) => return Err("--chunk-size must be at least 1".into()),
                (_, Some(n)) => Some(n),
                (true, None) => Some(parsi::chunks::DEFAULT_CHUNK_BYTES),
                (false, None) => None,
            };
            if chunk_size.is_some() && input != "text" {
                return Err("--chunks is for --input text".into());
            }
            let stdout = io::stdout();
            let mut w = BufWriter::new(stdout.lock());
            let reader = open_input(a.positional.first())?;
            if let Some(size) = chunk_size {
                return analyze_chunks(&analyzer, &opts, reader, size, format, &mut w);
            }
            if input == "text" {
                let text = read_all(reader)?;
                let doc = analyzer.analyze(&text, &opts).map_err(|e| e.to_string())?;
                return if format == "conllu" {
                    w.write_all(parsi::to_conllu(&doc).as_bytes())
                } else {
                    serde_json::to_writer(&mut w, &document_json(&doc))
                        .map_err(io::Error::from)
                        .and_then(|()| writeln!(w))
                }
                .and_then(|()| w.flush())
                .or_else(closed_pipe);
            }
            // One document a line, read and written one at a time.
            let mut sent_id = 1;
            let mut conllu = String::new();
            let mut line = String::new();
            let mut reader = reader;
            for n in 1.. {
                line.clear();
                let read = reader
                    .read_line(&mut line)
                    .map_err(|e| format!("line {n}: {e}"))?;
                if read == 0 {
                    break;
                }
                let mut l = line.strip_suffix('\n').unwrap_or(&line);
                l = l.strip_suffix('\r').unwrap_or(l);
                let doc_text: std::borrow::Cow<str> = if input == "jsonl" {
                    // (A byte-order mark before the first line is not part of it.)
                    let l = if n == 1 {
                        l.strip_prefix('\u{FEFF}').unwrap_or(l)
                    } else {
                        l
                    };
                    jsonl_text(l)
                        .map_err(|e| format!("--input jsonl: line {n}: {e}"))?
                        .into()
                } else {
                    l.into()
                };
                let doc = analyzer
                    .analyze(&doc_text, &opts)
                    .map_err(|e| format!("line {n}: {e}"))?;
                if format == "conllu" {
                    conllu.clear();
                    let id = n.to_string();
                    sent_id += parsi::write_conllu(&doc, sent_id, Some(&id), &mut conllu);
                    w.write_all(conllu.as_bytes())
                } else {
                    serde_json::to_writer(&mut w, &document_json(&doc))
                        .map_err(io::Error::from)
                        .and_then(|()| writeln!(w))
                }
                .or_else(closed_pipe)?;
            }
            w.flush().or_else(closed_pipe)
        }
        "eval" => match rest.first().map(String::as_str) {
            Some("segment") => {
                let a = Args::parse(&rest[1..], &["gold", "errors"], &[])?;
                let gold: Vec<PathBuf> = a.values("gold").iter().map(PathBuf::from).collect();
                if gold.is_empty() {
                    return Err(format!("eval segment needs --gold FILE.conllu\n{USAGE}"));
                }
                let errors = number(&a, "errors")?.unwrap_or(0);
                crate::eval_segment::run(&gold, errors)
            }
            Some("pos") => {
                let a = Args::parse(&rest[1..], &["gold", "model"], &["heldout", "confusion"])?;
                let gold: Vec<PathBuf> = a.values("gold").iter().map(PathBuf::from).collect();
                if gold.is_empty() {
                    return Err(format!("eval pos needs --gold FILE.conllu\n{USAGE}"));
                }
                crate::eval_pos::run(
                    &gold,
                    a.has("heldout"),
                    a.value("model"),
                    a.has("confusion"),
                )
            }
            Some("ner") => {
                let a = Args::parse(
                    &rest[1..],
                    &[
                        "gold",
                        "format",
                        "model",
                        "errors",
                        "temperature",
                        "data",
                        "dense",
                        "dense-weight",
                    ],
                    &["heldout", "dense-alone"],
                )?;
                let gold = a
                    .value("gold")
                    .ok_or_else(|| format!("eval ner needs --gold FILE\n{USAGE}"))?;
                let format = match a.value("format").unwrap_or("peyma") {
                    "peyma" => Format::Peyma,
                    "iob" => Format::Iob,
                    f => return Err(format!("--format {f:?}: peyma or iob")),
                };
                let errors = number(&a, "errors")?.unwrap_or(0);
                crate::eval_ner::run(
                    Path::new(gold),
                    format,
                    a.value("model"),
                    errors,
                    a.has("heldout"),
                    data_dir(&a),
                    &crate::eval_ner::Tweaks {
                        temperature: match a.value("temperature") {
                            None => None,
                            Some(t) => match t.parse::<f64>() {
                                Ok(t) if t > 0.0 && t.is_finite() => Some(t),
                                _ => {
                                    return Err(format!(
                                        "--temperature takes a positive number, not {t:?}"
                                    ))
                                }
                            },
                        },
                        file: a.value("dense").map(str::to_string),
                        weight: match a.value("dense-weight") {
                            None => None,
                            Some(w) => Some(w.parse::<f32>().map_err(|_| {
                                format!("--dense-weight takes a number, not {w:?}")
                            })?),
                        },
                        alone: a.has("dense-alone"),
                    },
                )
            }
            _ => Err(format!("eval what? (segment, pos, ner)\n{USAGE}")),
        },
        "throughput" => {
            let a = Args::parse(rest, &["repeat", "options"], &[])?;
            let opts = analyze_options(a.value("options"))?;
            let repeat: usize = a
                .value("repeat")
                .unwrap_or("5")
                .parse()
                .map_err(|_| "--repeat takes a number".to_string())?;
            if repeat == 0 {
                return Err("--repeat must be at least 1".into());
            }
            let text = read_input(a.positional.first())?;
            throughput(&text, repeat, &opts)
        }
        "train" => match rest.first().map(String::as_str) {
            Some("pos") => {
                let a = Args::parse(
                    &rest[1..],
                    &["data", "out", "epochs", "perdt-fraction", "early-705"],
                    &[],
                )?;
                let data = data_dir(&a);
                let out = Path::new(a.value("out").unwrap_or("models/pos.bin"));
                let epochs = epochs_arg(&a)?;
                let fraction = fraction_arg(&a, "perdt-fraction")?;
                let early = a
                    .value("early-705")
                    .map(crate::train_pos::Early::parse)
                    .transpose()?;
                if early.is_some() {
                    experiment_needs_out(&a, "early-705")?;
                }
                crate::train_pos::run(data, out, epochs, fraction, early)
            }
            Some("ner") => {
                let a = Args::parse(
                    &rest[1..],
                    &[
                        "data",
                        "out",
                        "epochs",
                        "fraction",
                        "seed",
                        "bags",
                        "passes",
                        "folds",
                        "dropout",
                        "min-weight",
                        "auto-min-count",
                    ],
                    &["dev", "tweets", "no-nsurl", "no-dense"],
                )?;
                let data = data_dir(&a);
                let out = Path::new(a.value("out").unwrap_or("models/ner.bin"));
                let opts = ner_options(&a)?;
                let fraction = fraction_arg(&a, "fraction")?;
                crate::train_ner::run(data, out, &opts, fraction)
            }
            Some("dense") => {
                let a = Args::parse(
                    &rest[1..],
                    &[
                        "data",
                        "out",
                        "vectors",
                        "epochs",
                        "hidden",
                        "hash-dim",
                        "buckets",
                        "dilations",
                        "lr",
                        "batch",
                        "dropout",
                        "seed",
                        "max-words",
                    ],
                    &["tune-vectors", "pos", "trigrams"],
                )?;
                let data = data_dir(&a);
                let out = Path::new(a.value("out").ok_or("train dense needs --out FILE")?);
                let mut o = crate::train_dense::options();
                set(&mut o.epochs, number(&a, "epochs")?);
                set(&mut o.hidden, number(&a, "hidden")?);
                set(&mut o.hash_dim, number(&a, "hash-dim")?);
                set(&mut o.buckets, number(&a, "buckets")?);
                set(&mut o.lr, number(&a, "lr")?);
                set(&mut o.batch, number(&a, "batch")?);
                set(&mut o.dropout, number(&a, "dropout")?);
                set(&mut o.seed, number(&a, "seed")?);
                set(&mut o.max_words, number(&a, "max-words")?);
                o.tune_vectors |= a.has("tune-vectors");
                o.pos |= a.has("pos");
                o.trigrams |= a.has("trigrams");
                if let Some(d) = a.value("dilations") {
                    o.dilations = d
                        .split(',')
                        .map(|x| x.parse().map_err(|_| "--dilations: e.g. 1,2".to_string()))
                        .collect::<Result<_, _>>()?;
                }
                crate::train_dense::run(data, out, a.value("vectors").map(Path::new), &o)
            }
            _ => Err(format!("train what? (pos, ner, dense)\n{USAGE}")),
        },
        "build" => match rest.first().map(String::as_str) {
            Some("lexicon") => {
                let a = Args::parse(&rest[1..], &["data", "out"], &[])?;
                let data = data_dir(&a);
                let out = Path::new(a.value("out").unwrap_or("models/lexicon"));
                crate::build_lexicon::run(data, out)
            }
            Some("clusters") => {
                let a = Args::parse(
                    &rest[1..],
                    &["data", "out", "classes", "min-count", "show"],
                    &[],
                )?;
                let data = data_dir(&a);
                let out = Path::new(a.value("out").unwrap_or("models/clusters.bin"));
                let classes =
                    number(&a, "classes")?.unwrap_or(crate::build_clusters::DEFAULT_CLASSES);
                let min_count =
                    number(&a, "min-count")?.unwrap_or(crate::build_clusters::DEFAULT_MIN_COUNT);
                let show = a.values("show");
                if show.is_empty() {
                    crate::build_clusters::run(data, out, classes, min_count as u32)
                } else {
                    crate::build_clusters::show_file(out, &show)
                }
            }
            Some("classes") => {
                let a = Args::parse(
                    &rest[1..],
                    &[
                        "data",
                        "out",
                        "dim",
                        "epochs",
                        "min-count",
                        "branching",
                        "levels",
                    ],
                    &[],
                )?;
                let data = data_dir(&a);
                let out = Path::new(a.value("out").unwrap_or("models/classes.bin"));
                let d = crate::build_embeddings::OPTIONS;
                let opts = crate::build_embeddings::Options {
                    dim: number(&a, "dim")?.unwrap_or(d.dim),
                    epochs: number(&a, "epochs")?.unwrap_or(d.epochs),
                    min_count: number(&a, "min-count")?.unwrap_or(d.min_count),
                    branching: number(&a, "branching")?.unwrap_or(d.branching),
                    levels: number(&a, "levels")?.unwrap_or(d.levels),
                    ..d
                };
                if !opts.branching.is_power_of_two() || opts.branching < 2 || opts.dim == 0 {
                    return Err("--branching takes a power of two ≥ 2, --dim ≥ 1".into());
                }
                crate::build_embeddings::run(data, out, &opts)
            }
            _ => Err(format!("build what? (lexicon, clusters, classes)\n{USAGE}")),
        },
        "help" | "--help" | "-h" => {
            crate::out!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command {other:?}\n{USAGE}")),
    }
}

fn normalize_options(json: Option<&str>) -> Result<NormalizeOptions, String> {
    options_json(json)
}

/// `analyze`'s options as JSON, as in JavaScript:
/// `{"normalize": {...}, "pos": true, "entities": true}`.
fn analyze_options(json: Option<&str>) -> Result<AnalyzeOptions, String> {
    options_json(json)
}

/// `--options`, as JavaScript takes them: an object, or `null` for the
/// defaults (serde alone would also read an array as the fields in order).
fn options_json<T: serde::de::DeserializeOwned + Default>(json: Option<&str>) -> Result<T, String> {
    let Some(s) = json else {
        return Ok(T::default());
    };
    let value: serde_json::Value =
        serde_json::from_str(s).map_err(|e| format!("--options: {e}"))?;
    match value {
        serde_json::Value::Null => Ok(T::default()),
        serde_json::Value::Object(_) => {
            serde_json::from_value(value).map_err(|e| format!("--options: {e}"))
        }
        other => Err(format!(
            "--options must be a JSON object (or null for the defaults), got {}",
            match other {
                serde_json::Value::Array(_) => "an array",
                serde_json::Value::String(_) => "a string",
                serde_json::Value::Number(_) => "a number",
                _ => "a boolean",
            }
        )),
    }
}

/// The embedded analyzer, with the user dictionary in the JSON file `path`
/// (`--dict`) if one is given.
fn analyzer_with_dict(path: Option<&str>) -> Result<parsi::Analyzer, String> {
    let analyzer = parsi::Analyzer::shared()
        .map_err(|e| e.to_string())?
        .clone();
    let Some(path) = path else {
        return Ok(analyzer);
    };
    let json = std::fs::read_to_string(path).map_err(|e| format!("--dict {path}: {e}"))?;
    let dict: parsi::UserDictionary =
        serde_json::from_str(&json).map_err(|e| format!("--dict {path}: {e}"))?;
    analyzer
        .with_dictionary(dict)
        .map_err(|e| format!("--dict {path}: {e}"))
}

/// The text of one line of `--input jsonl`: a JSON string, or an object
/// whose `text` field is a string.
fn jsonl_text(line: &str) -> Result<String, String> {
    let want = "want a JSON string or an object with a \"text\" string";
    if line.trim().is_empty() {
        return Err(format!("empty line ({want})"));
    }
    match serde_json::from_str::<serde_json::Value>(line) {
        Err(e) => Err(format!("not JSON: {e} ({want})")),
        Ok(serde_json::Value::String(s)) => Ok(s),
        Ok(serde_json::Value::Object(mut o)) => match o.remove("text") {
            Some(serde_json::Value::String(s)) => Ok(s),
            Some(v) => Err(format!("\"text\" is {}, not a string", json_kind(&v))),
            None => Err(format!("an object without \"text\" ({want})")),
        },
        Ok(v) => Err(format!("{} ({want})", json_kind(&v))),
    }
}

/// "a number", "an array", ... for error messages.
fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// A closed standard output (`parsi analyze ... | head`) ends the output
/// quietly; any other write error is an error.
fn closed_pipe(e: io::Error) -> Result<(), String> {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Ok(())
    } else {
        Err(e.to_string())
    }
}

/// The input: the file `path`, or standard input for none or `-`.
fn open_input(path: Option<&String>) -> Result<Box<dyn BufRead>, String> {
    Ok(match path {
        Some(p) if p != "-" => {
            let file = std::fs::File::open(p).map_err(|e| format!("{p}: {e}"))?;
            if file.metadata().is_ok_and(|m| m.is_dir()) {
                return Err(format!("{p}: is a directory, not a text file"));
            }
            Box::new(io::BufReader::with_capacity(1 << 16, file))
        }
        _ => Box::new(io::BufReader::with_capacity(1 << 16, io::stdin())),
    })
}

/// All of `reader`, which must be UTF-8.
fn read_all(mut reader: impl Read) -> Result<String, String> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| format!("input: {e}"))?;
    utf8(bytes, 0)
}

fn utf8(bytes: Vec<u8>, offset: usize) -> Result<String, String> {
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "input is not UTF-8 (first bad byte at offset {})",
            offset + e.utf8_error().valid_up_to()
        )
    })
}

/// `analyze --chunks`: the input read a block at a time and analysed a
/// chunk at a time ([`parsi::Cursor`]), one JSON object a chunk (offsets in
/// chars into the whole input) or its CoNLL-U sentences: memory stays about
/// the chunk size however long the input is (unless it has no line break to
/// cut at).
fn analyze_chunks(
    analyzer: &parsi::Analyzer,
    opts: &AnalyzeOptions,
    reader: Box<dyn BufRead>,
    size: usize,
    format: &str,
    w: &mut impl Write,
) -> Result<(), String> {
    let (mut conllu, mut sent_id) = (String::new(), 1);
    let next = |c: &mut parsi::Cursor, t: &str, done| c.next(analyzer, t, opts, done);
    for_each_piece(reader, size, next, |chunk| {
        if format == "conllu" {
            conllu.clear();
            sent_id += chunk.write_conllu(sent_id, &mut conllu);
            return w.write_all(conllu.as_bytes()).or_else(closed_pipe);
        }
        serde_json::to_writer(&mut *w, &chunk.view(OffsetUnit::Char))
            .map_err(io::Error::from)
            .and_then(|()| writeln!(w))
            .or_else(closed_pipe)
    })?;
    w.flush().or_else(closed_pipe)
}

/// `normalize`: the input read a block at a time and normalized a chunk
/// of about 64 KB at a time ([`parsi::Cursor::next_normalized`]), the same
/// text as one call on the whole input, in about constant memory.
fn normalize_chunks(
    opts: &parsi::NormalizeOptions,
    reader: Box<dyn BufRead>,
    w: &mut impl Write,
) -> Result<(), String> {
    let normalize = |s: &str| parsi::normalize(s, opts);
    let next = |c: &mut parsi::Cursor, t: &str, done| c.next_normalized(t, done, normalize);
    let size = parsi::chunks::DEFAULT_CHUNK_BYTES;
    for_each_piece(reader, size, next, |(separator, n)| {
        w.write_all(separator.as_bytes())
            .and_then(|()| w.write_all(n.text.as_bytes()))
            .or_else(closed_pipe)
    })?;
    writeln!(w).and_then(|()| w.flush()).or_else(closed_pipe)
}

/// The loop of [`analyze_chunks`] and [`normalize_chunks`]: the input read
/// a block at a time into a [`parsi::Cursor`]'s `next` step (chunks of
/// about `size` bytes; whether the input is read whole is its last
/// argument), `f` run on each result.
fn for_each_piece<T>(
    reader: Box<dyn BufRead>,
    size: usize,
    mut next: impl FnMut(&mut parsi::Cursor, &str, bool) -> Option<parsi::Result<T>>,
    mut f: impl FnMut(T) -> Result<(), String>,
) -> Result<(), String> {
    let mut cursor = parsi::Cursor::new(size);
    let mut input = Blocks::new(reader, size);
    let mut text = String::new();
    loop {
        while let Some(item) = next(&mut cursor, &text, input.complete) {
            f(item.map_err(|e| e.to_string())?)?;
        }
        if input.complete {
            return Ok(());
        }
        cursor.consume(&mut text);
        input.read(&mut text)?;
    }
}

/// An input read a block at a time into whole UTF-8 text.
struct Blocks {
    reader: Box<dyn BufRead>,
    /// Bytes read but not yet in the text: an incomplete UTF-8 sequence at the end of a block.
    pending: Vec<u8>,
    /// Bytes read before `pending`.
    read: usize,
    block: usize,
    /// Whether the input has ended (all of it is in the text).
    complete: bool,
}

impl Blocks {
    /// Blocks for chunks of about `chunk_bytes`.
    fn new(reader: Box<dyn BufRead>, chunk_bytes: usize) -> Blocks {
        Blocks {
            reader,
            pending: Vec::new(),
            read: 0,
            block: chunk_bytes.clamp(1 << 12, 1 << 20),
            complete: false,
        }
    }

    /// Appends about a block more to `text` (whole UTF-8 sequences only).
    fn read(&mut self, text: &mut String) -> Result<(), String> {
        let start = self.pending.len();
        self.pending.resize(start + self.block, 0);
        let n = loop {
            match self.reader.read(&mut self.pending[start..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(format!("input: {e}")),
            }
        };
        self.pending.truncate(start + n);
        if n == 0 {
            self.complete = true;
        }
        let valid = match std::str::from_utf8(&self.pending) {
            Ok(s) => s.len(),
            // An incomplete sequence at the end waits for the next block.
            Err(e) if e.error_len().is_none() && !self.complete => e.valid_up_to(),
            Err(e) => {
                return Err(format!(
                    "input is not UTF-8 (first bad byte at offset {})",
                    self.read + e.valid_up_to()
                ))
            }
        };
        text.push_str(std::str::from_utf8(&self.pending[..valid]).unwrap_or_default());
        self.pending.drain(..valid);
        self.read += valid;
        Ok(())
    }
}

fn read_input(path: Option<&String>) -> Result<String, String> {
    read_all(open_input(path)?)
}

/// The CLI's JSON document: the same shape as the JavaScript API's
/// (`parsi::DocumentView`), with char offsets into the input. Serialized
/// straight from borrowed structs (no JSON tree in memory).
pub fn document_json(doc: &Document) -> parsi::DocumentView<'_> {
    doc.view(OffsetUnit::Char)
}

fn throughput(text: &str, repeat: usize, opts: &AnalyzeOptions) -> Result<(), String> {
    let mb = text.len() as f64 / 1e6;
    // The stages, each the whole text as one document, best of `repeat` runs:
    // segmentation alone, with tagging, with entities, and everything `opts` asks.
    let stage = |pos: bool, entities: bool| AnalyzeOptions {
        pos: pos && opts.pos,
        entities: entities && opts.entities,
        ..opts.clone()
    };
    let stages = [
        ("segment", stage(false, false)),
        ("segment_pos", stage(true, false)),
        ("segment_entities", stage(false, true)),
        ("analyze", opts.clone()),
    ];
    let mut best_norm = f64::MAX;
    let mut best = [f64::MAX; 4];
    let mut tokens = 0;
    for _ in 0..repeat {
        let t = Instant::now();
        parsi::normalize(text, &opts.normalize).map_err(|e| e.to_string())?;
        best_norm = best_norm.min(t.elapsed().as_secs_f64());
        for ((_, o), b) in stages.iter().zip(best.iter_mut()) {
            let t = Instant::now();
            tokens = parsi::analyze(text, o)
                .map_err(|e| e.to_string())?
                .tokens
                .len();
            *b = b.min(t.elapsed().as_secs_f64());
        }
    }
    let mut out = serde_json::Map::new();
    out.insert("bytes".into(), json!(text.len()));
    out.insert("tokens".into(), json!(tokens));
    out.insert("repeat".into(), json!(repeat));
    out.insert(
        "normalize_mb_per_s".into(),
        json!((mb / best_norm * 10.0).round() / 10.0),
    );
    for ((name, _), b) in stages.iter().zip(best) {
        out.insert(
            format!("{name}_mb_per_s"),
            json!((mb / b * 10.0).round() / 10.0),
        );
        out.insert(
            format!("{name}_tokens_per_s"),
            json!((tokens as f64 / b).round()),
        );
    }
    crate::out!("{}", serde_json::Value::Object(out));
    Ok(())
}
