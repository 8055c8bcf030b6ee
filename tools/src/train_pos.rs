//! `parsi train pos`: trains the tagger, lemmatizer and clitic splitter from
//! the treebanks under the data folder and writes the model. Deterministic:
//! the same data gives the same bytes.

use crate::pos_data::{
    perdt_training_part, read_conllu, read_early, read_wordtag, EarlyMap, CONLLU_FILES, EARLY_FILE,
    NAME_FILES, WORDTAG_FILE,
};
use crate::read;
use parsi::pos::train::{
    evaluate, learn_lemmatizer, learn_splitter, name_keys, split_heldout, train_weights,
    GoldSentence, Score, Source, TrainOptions,
};
use parsi::pos::Tagger;
use serde_json::json;
use std::path::Path;
use std::time::Instant;

/// Training options of the committed model.
pub const OPTIONS: TrainOptions = TrainOptions {
    epochs: 10,
    seed: 0x005E_ED0F_9A25,
    min_weight: 1000,
    target_weight: 0.8,
    bags: 5,
    early_own_domain: false,
    early_latent_propn: true,
};

/// The experiment of training on the early PerDT train sentences too
/// (`--early-705 SPEC`: `perdt` or `own`, then optionally `+relabel`,
/// `+lemmas`, `+strict`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Early {
    /// They train their own feature copies rather than PerDT's.
    pub own_domain: bool,
    /// Their VERB/AUX tags are relabelled where PerDT is near-unanimous
    /// ([`EarlyMap::relabel`]).
    pub relabel: bool,
    /// Their lemmas follow PerDT's ([`EarlyMap::perdt_lemmas`]).
    pub lemmas: bool,
    /// Their NOUN is strictly NOUN, not NOUN-or-PROPN
    /// ([`TrainOptions::early_latent_propn`]).
    pub strict: bool,
}

impl Early {
    /// Parses `--early-705`'s value.
    pub fn parse(spec: &str) -> Result<Early, String> {
        let bad = || {
            format!("--early-705 takes perdt or own, then +relabel, +lemmas, +strict, not {spec:?}")
        };
        let mut parts = spec.split('+');
        let own_domain = match parts.next() {
            Some("perdt") => false,
            Some("own") => true,
            _ => return Err(bad()),
        };
        let mut e = Early {
            own_domain,
            relabel: false,
            lemmas: false,
            strict: false,
        };
        for p in parts {
            match p {
                "relabel" => e.relabel = true,
                "lemmas" => e.lemmas = true,
                "strict" => e.strict = true,
                _ => return Err(bad()),
            }
        }
        Ok(e)
    }
}

/// Retrains the tagger. `perdt_fraction` < 1 keeps only the first part of
/// the PerDT training sentences (for a learning curve; the held-out part is
/// unchanged). `early`: also train on the early PerDT train sentences.
pub fn run(
    data: &Path,
    out: &Path,
    epochs: Option<usize>,
    perdt_fraction: f64,
    early: Option<Early>,
) -> Result<(), String> {
    let t0 = Instant::now();
    // The lexicon and clusters the features read: the embedded ones.
    let res = crate::base_models()?.resources();
    let mut train: Vec<GoldSentence> = read_wordtag(&read(&data.join(WORDTAG_FILE))?)
        .map_err(|e| format!("{WORDTAG_FILE}: {e}"))?;
    let mut heldout: Vec<(String, Vec<GoldSentence>)> = Vec::new();
    for (file, source, has_heldout) in CONLLU_FILES {
        let sents =
            read_conllu(&read(&data.join(file))?, source).map_err(|e| format!("{file}: {e}"))?;
        let (mut tr, held) = split_heldout(sents, has_heldout);
        if source == Source::PerDT && perdt_fraction < 1.0 {
            tr.truncate((tr.len() as f64 * perdt_fraction).round() as usize);
            eprintln!("training on the first {} PerDT sentences", tr.len());
        }
        train.extend(tr);
        if !held.is_empty() {
            heldout.push((file.to_string(), held));
        }
    }
    let mut opts = OPTIONS;
    if let Some(e) = early {
        let perdt = CONLLU_FILES[0].0;
        let learn_from =
            perdt_training_part(&read(&data.join(perdt))?).map_err(|e| format!("{perdt}: {e}"))?;
        let mut map = EarlyMap::learn(&learn_from, e.relabel);
        map.perdt_lemmas = e.lemmas;
        let (sents, changed) = read_early(&read(&data.join(EARLY_FILE))?, &map)
            .map_err(|e| format!("{EARLY_FILE}: {e}"))?;
        let words: usize = sents.iter().map(|s| s.words.len()).sum();
        eprintln!(
            "{EARLY_FILE}: {} sentences, {words} words, {changed} tags or lemmas changed ({e:?})",
            sents.len()
        );
        opts.early_own_domain = e.own_domain;
        opts.early_latent_propn = !e.strict;
        train.extend(sents);
    }
    let words: usize = train.iter().map(|s| s.words.len()).sum();
    eprintln!("training on {} sentences, {words} words", train.len());
    if let Some(e) = epochs {
        opts.epochs = e;
    }
    let mut gazetteers = Vec::new();
    for f in NAME_FILES {
        gazetteers.push(read(&data.join(f))?);
    }
    let names = name_keys(gazetteers.iter().map(String::as_str));
    let projected = project_propn(&mut train, &names);
    eprintln!("{projected} Seraji (and early PerDT) NOUN words relabelled PROPN");
    let weights = train_weights(res, &train, &names, opts, |e, acc| {
        eprintln!("epoch {}: training accuracy {:.4}", e + 1, acc)
    });
    let occurrences = lemma_occurrences(&train);
    let mut tagger = Tagger {
        weights,
        lemmatizer: learn_lemmatizer(res.lexicon, &occurrences),
        splitter: learn_splitter(&train),
        names,
    };
    add_lexicon_splits(&mut tagger, res.lexicon, &train, data)?;
    let bytes = tagger.to_bytes();
    let back = crate::write_model(out, &bytes, Tagger::from_bytes, Tagger::to_bytes)?;
    let mut per_file = serde_json::Map::new();
    let mut all = Score::default();
    for (file, held) in &heldout {
        let sc = evaluate(&back, res, held);
        all.add(&sc);
        per_file.insert(
            file.clone(),
            json!({"words": sc.words, "upos": round(sc.upos_acc()), "lemma": round(sc.lemma_acc())}),
        );
    }
    crate::out!(
        "{}",
        json!({
            "model": out.display().to_string(),
            "bytes": bytes.len(),
            "features": back.weights.len(),
            "lemma_exceptions": back.lemmatizer.exceptions.len(),
            "splits": back.splitter.splits.len(),
            "train_sentences": train.len(),
            "train_words": words,
            "heldout": per_file,
            "heldout_upos": round(all.upos_acc()),
            "heldout_lemma": round(all.lemma_acc()),
            "seconds": (t0.elapsed().as_secs_f64() * 10.0).round() / 10.0,
        })
    );
    Ok(())
}

fn round(x: f64) -> f64 {
    (x * 10000.0).round() / 10000.0
}

/// Seraji tags names NOUN. Relabels a Seraji NOUN as PROPN when the treebanks
/// that have PROPN (PerDT, iPerUDT training parts) tag the same form PROPN
/// more often than NOUN, or when the form is a one-word gazetteer name that
/// those treebanks never tag NOUN. Returns how many words were relabelled.
fn project_propn(train: &mut [GoldSentence], names: &parsi::pos::Names) -> usize {
    use parsi::pos::{name_key_of, Upos};
    use std::collections::HashMap;
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
    for s in train.iter().filter(|s| !s.noun_may_be_propn()) {
        for w in &s.words {
            let c = counts.entry(w.form.as_str()).or_default();
            match w.upos {
                Upos::Propn => c.0 += 1,
                Upos::Noun => c.1 += 1,
                _ => {}
            }
        }
    }
    let propn: std::collections::HashSet<String> = train
        .iter()
        .filter(|s| s.noun_may_be_propn())
        .flat_map(|s| s.words.iter())
        .filter(|w| w.upos == Upos::Noun)
        .filter(|w| {
            let (p, n) = counts.get(w.form.as_str()).copied().unwrap_or_default();
            p > n || (n == 0 && names.contains(&name_key_of(&w.form)))
        })
        .map(|w| w.form.clone())
        .collect();
    let mut relabelled = 0;
    for s in train.iter_mut().filter(|s| s.noun_may_be_propn()) {
        for w in s.words.iter_mut() {
            if w.upos == Upos::Noun && propn.contains(&w.form) {
                w.upos = Upos::Propn;
                relabelled += 1;
            }
        }
    }
    relabelled
}

/// The PerDT authors' clitic lists (`ud-perdt/lexicons/pronoun-nouns.txt`,
/// `pronoun-adjs.txt`: word, host, lemma, clitic), kept to the words that
/// occur in the PerDT *train* sentences (the lists also cover dev, which the
/// evaluation holds out): each such word that the treebanks never had, split
/// or whole, is split after its host (`اندیشه‌اش` → `اندیشه‌` + `اش`), unless
/// the tagger's clitic rule already splits it there (the model keeps only
/// the splits that change something).
fn add_lexicon_splits(
    tagger: &mut Tagger,
    lexicon: &parsi::lexicon::Lexicon,
    train: &[GoldSentence],
    data: &Path,
) -> Result<(), String> {
    let raw = read(&data.join("ud-perdt/fa_perdt-train-raw-sentences.txt"))?;
    let seen: std::collections::HashSet<&str> = raw.split_whitespace().collect();
    let whole: std::collections::HashSet<&str> = train
        .iter()
        .flat_map(|s| s.single_tokens.iter().map(|&i| s.words[i].form.as_str()))
        .collect();
    let mut added = 0;
    for file in ["pronoun-nouns.txt", "pronoun-adjs.txt"] {
        let text = read(&data.join("ud-perdt/lexicons").join(file))?;
        for (i, line) in text.lines().enumerate() {
            let cols: Vec<&str> = line.split('\t').collect();
            let [word, host, _, clitic] = cols[..] else {
                return Err(format!("{file} line {}: not 4 columns", i + 1));
            };
            let fits = !host.is_empty()
                && !clitic.is_empty()
                && word.len() < u16::MAX as usize
                && word.strip_prefix(host) == Some(clitic);
            if !fits
                || !seen.contains(word)
                || whole.contains(word)
                || tagger.splitter.splits.contains_key(word)
                || tagger.cuts(lexicon, word).as_slice() == [host.len() as u16]
            {
                continue;
            }
            tagger
                .splitter
                .splits
                .insert(word.into(), vec![host.len() as u16]);
            added += 1;
        }
    }
    eprintln!("{added} clitic splits from the PerDT lexicons");
    Ok(())
}

/// The (form, UPOS, lemma) occurrences the lemmatizer learns from. PerDT
/// is the target convention: a form and UPOS that PerDT has take their
/// lemmas from PerDT alone (informal iPerUDT lemmatizes `توی` as `در`, PerDT
/// keeps `توی`); the other treebanks teach the rest.
fn lemma_occurrences(train: &[GoldSentence]) -> Vec<(String, parsi::pos::Upos, String)> {
    let perdt: std::collections::HashSet<(&str, parsi::pos::Upos)> = train
        .iter()
        .filter(|s| s.source == Source::PerDT)
        .flat_map(|s| s.words.iter())
        .filter(|w| !w.lemmas.is_empty())
        .map(|w| (w.form.as_str(), w.upos))
        .collect();
    let perdt = &perdt;
    train
        .iter()
        .flat_map(|s| {
            let own = s.source == Source::PerDT;
            s.words
                .iter()
                .filter(move |w| own || !perdt.contains(&(w.form.as_str(), w.upos)))
        })
        .filter_map(|w| Some((w.form.clone(), w.upos, w.lemmas.first()?.clone())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn early_spec() {
        assert_eq!(
            Early::parse("own+lemmas").unwrap(),
            Early {
                own_domain: true,
                relabel: false,
                lemmas: true,
                strict: false
            }
        );
        assert!(Early::parse("perdt+relabel+lemmas").unwrap().relabel);
        assert!(Early::parse("perdt+x").is_err());
        assert!(Early::parse("").is_err());
    }
}
