//! The treebanks as POS training and evaluation data: which files of the data
//! folder, which treebank (convention) each is, their held-out parts, and
//! their sentences as the library's [`GoldSentence`]s (tags mapped to the
//! target convention with [`map_upos`]).

use crate::corpus::{conllu, perdt_early, wordtag, UdSentence, UdWord};
use parsi::pos::train::{heldout_start, map_upos, GoldSentence, GoldWord, Source};
use parsi::pos::Upos;
use std::collections::HashMap;

/// The CoNLL-U files of the data folder, their sources and whether their
/// last 20% is held out: (relative path, source, is a dev file with a
/// held-out part).
pub const CONLLU_FILES: [(&str, Source, bool); 4] = [
    ("ud-perdt/fa_perdt-ud-dev.conllu", Source::PerDT, true),
    ("ud-seraji/fa_seraji-ud-dev.conllu", Source::Seraji, true),
    ("iperudt/iPerUDT_train.conllu", Source::IPerUDT, false),
    ("iperudt/iPerUDT_dev.conllu", Source::IPerUDT, true),
];

/// The Seraji train file (`word/TAG`).
pub const WORDTAG_FILE: &str = "ud-seraji/seraji_train_only.wordtag.txt";

/// The early PerDT train sentences (an experiment: `train pos --early-705`),
/// read with [`perdt_early`], their tags mapped with an [`EarlyMap`].
pub const EARLY_FILE: &str = "ud-perdt/perdt-train-early-705.conllu";

/// The single-word name-gazetteer files of the data folder.
pub const NAME_FILES: [&str; 4] = [
    "gazetteers/per_first.txt",
    "gazetteers/per_last.txt",
    "gazetteers/loc_country.txt",
    "gazetteers/loc_world_city.txt",
];

/// Guesses the treebank of a file from its name.
pub fn source_of_path(path: &str) -> Source {
    let p = path.to_lowercase();
    if p.contains("seraji") {
        Source::Seraji
    } else if p.contains("iperudt") {
        Source::IPerUDT
    } else {
        Source::PerDT
    }
}

/// True if `path` names a file whose last 20% is held out (a dev file).
pub fn has_heldout(path: &str) -> bool {
    path.to_lowercase().contains("dev")
}

/// The gold sentence of a treebank sentence of `source`. Words with an
/// unknown UPOS are left out (and so is a multiword token missing some of
/// its words); `None` when no word is left. Accepted lemmas: MISC
/// `OrigLemma`, then LEMMA unless it is `_` (an `_` word's lemma is `_`).
pub fn gold_sentence(s: &UdSentence, source: Source) -> Option<GoldSentence> {
    let mut g = GoldSentence {
        source,
        words: Vec::new(),
        mwts: Vec::new(),
        single_tokens: Vec::new(),
    };
    for t in &s.tokens {
        let first = g.words.len();
        for w in &t.words {
            let Some(upos) = map_upos(source, &w.form, &w.upos) else {
                continue;
            };
            let mut lemmas = Vec::new();
            if let Some(orig) = w
                .misc
                .split('|')
                .find_map(|kv| kv.strip_prefix("OrigLemma="))
            {
                lemmas.push(orig.to_string());
            }
            if let Some(l) = &w.lemma {
                if l != "_" || w.form == "_" {
                    lemmas.push(l.clone());
                }
            }
            if !t.multiword {
                g.single_tokens.push(g.words.len());
            }
            g.words.push(GoldWord {
                form: w.form.clone(),
                upos,
                raw_upos: w.upos.clone(),
                lemmas,
            });
        }
        if t.multiword && g.words.len() - first == t.words.len() && !t.words.is_empty() {
            g.mwts.push((t.form.clone(), first..g.words.len()));
        }
    }
    (!g.words.is_empty()).then_some(g)
}

/// Maps the pre-final UPOS of the early PerDT sentences to the final one,
/// learned from PerDT sentences where UPOS and XPOS are both final: the
/// majority UPOS per XPOS for the tags that are not UD tags (`PREM`, `IDEN`,
/// `PSUS`), and with `relabel`, also a VERB or AUX where PerDT nearly always
/// tags its form or XPOS as the other (copular `است` and `بود`, modal `باید`
/// are VERB in the early file, AUX in PerDT; passive `شد` the reverse). A
/// NOUN is never relabelled PROPN: the trainer treats it as NOUN-or-PROPN.
#[derive(Clone, Debug, Default)]
pub struct EarlyMap {
    /// XPOS (`PREM_DEMAJ`) → (majority UPOS, its share, count).
    by_xpos: HashMap<String, (String, f64, usize)>,
    /// Form → (majority UPOS, its share, count).
    by_form: HashMap<String, (String, f64, usize)>,
    /// Whether confident XPOS and form majorities override UD tags too.
    pub relabel: bool,
    /// Whether lemmas follow PerDT's: passive forms of شدن get `شد#شو` (the
    /// early file lemmatizes them as the active light verb, mostly `کرد#کن`),
    /// and a verb without a past stem loses its `#` (`#است` → `است`, which
    /// PerDT accepts too and Seraji and iPerUDT write).
    pub perdt_lemmas: bool,
}

/// True for a form of شدن (after a negative, subjunctive or durative prefix).
fn is_shodan(form: &str) -> bool {
    let mut w = form;
    for p in ["نمی\u{200C}", "می\u{200C}", "ن", "ب"] {
        if let Some(r) = w.strip_prefix(p) {
            w = r;
            break;
        }
    }
    w.starts_with("شد") || w.starts_with("شو")
}

/// [`EarlyMap`] relabels a UD tag by an XPOS majority of at least this
/// share and count, or by a form majority of at least ...
const XPOS_SHARE: f64 = 0.95;
const XPOS_MIN: usize = 20;
/// ... this share and count.
const FORM_SHARE: f64 = 0.9;
const FORM_MIN: usize = 10;

fn majorities<'a>(
    pairs: impl Iterator<Item = (&'a str, &'a str)>,
) -> HashMap<String, (String, f64, usize)> {
    let mut counts: HashMap<&str, HashMap<&str, usize>> = HashMap::new();
    for (k, u) in pairs {
        *counts.entry(k).or_default().entry(u).or_default() += 1;
    }
    counts
        .into_iter()
        .map(|(k, us)| {
            let total: usize = us.values().sum();
            // Ties go to the smaller tag name (deterministic).
            let (u, n) = us
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
                .unwrap_or_default();
            (
                k.to_string(),
                (u.to_string(), n as f64 / total as f64, total),
            )
        })
        .collect()
}

impl EarlyMap {
    /// Learns the map from PerDT sentences (final UPOS and XPOS).
    pub fn learn(sents: &[UdSentence], relabel: bool) -> EarlyMap {
        let words = || sents.iter().flat_map(|s| &s.tokens).flat_map(|t| &t.words);
        EarlyMap {
            by_xpos: majorities(words().map(|w| (w.xpos.as_str(), w.upos.as_str()))),
            by_form: majorities(words().map(|w| (w.form.as_str(), w.upos.as_str()))),
            relabel,
            perdt_lemmas: false,
        }
    }

    /// The lemma of an early word in PerDT's convention.
    pub fn lemma(&self, w: &UdWord) -> Option<String> {
        let l = w.lemma.as_ref()?;
        if self.perdt_lemmas && l.contains('#') {
            if is_shodan(&w.form) {
                return Some(PASSIVE_LEMMA.to_string());
            }
            if let Some(present) = l.strip_prefix('#').filter(|p| !p.contains('#')) {
                return Some(present.to_string());
            }
        }
        Some(l.clone())
    }

    /// The final UPOS of an early word (its own when nothing applies; a tag
    /// that stays unknown leaves the word out of its gold sentence).
    pub fn upos(&self, w: &UdWord) -> String {
        let xpos = self.by_xpos.get(&w.xpos).or_else(|| {
            let coarse = w.xpos.split('_').next()?;
            self.by_xpos.get(coarse)
        });
        if Upos::parse(&w.upos).is_none() {
            return xpos.map_or_else(|| w.upos.clone(), |m| m.0.clone());
        }
        // Only VERB and AUX are relabelled (each as the other): the
        // conventions changed there; other disagreements are word senses.
        let verbal = |u: &str| u == "VERB" || u == "AUX";
        if self.relabel && verbal(&w.upos) {
            let confident =
                |m: &&(String, f64, usize), share, min| m.1 >= share && m.2 >= min && verbal(&m.0);
            if let Some(m) = self
                .by_form
                .get(&w.form)
                .filter(|m| confident(m, FORM_SHARE, FORM_MIN))
                .or(xpos.filter(|m| confident(m, XPOS_SHARE, XPOS_MIN)))
            {
                return m.0.clone();
            }
        }
        w.upos.clone()
    }
}

/// PerDT's lemma of شدن.
const PASSIVE_LEMMA: &str = "شد#شو";

/// The PerDT sentences of `perdt_text` (CoNLL-U) before its held-out part:
/// what an [`EarlyMap`] may learn from.
pub fn perdt_training_part(perdt_text: &str) -> Result<Vec<UdSentence>, String> {
    let mut sents: Vec<UdSentence> = conllu::parse(perdt_text)?
        .into_iter()
        .filter(|s| gold_sentence(s, Source::PerDT).is_some())
        .collect();
    sents.truncate(heldout_start(sents.len()));
    Ok(sents)
}

/// Reads the early PerDT file as gold sentences of [`Source::PerDTEarly`],
/// tags and lemmas mapped by `map`. Returns them and how many words changed
/// tag or lemma.
pub fn read_early(src: &str, map: &EarlyMap) -> Result<(Vec<GoldSentence>, usize), String> {
    let mut sents = perdt_early::parse(src)?;
    let mut changed = 0;
    for w in sents
        .iter_mut()
        .flat_map(|s| &mut s.tokens)
        .flat_map(|t| &mut t.words)
    {
        let (u, l) = (map.upos(w), map.lemma(w));
        if u != w.upos || l != w.lemma {
            changed += 1;
            (w.upos, w.lemma) = (u, l);
        }
    }
    Ok((gold_sentences(&sents, Source::PerDTEarly), changed))
}

/// The gold sentences of treebank sentences of `source`.
pub fn gold_sentences(sents: &[UdSentence], source: Source) -> Vec<GoldSentence> {
    sents
        .iter()
        .filter_map(|s| gold_sentence(s, source))
        .collect()
}

/// Reads CoNLL-U text of `source` as gold sentences.
pub fn read_conllu(src: &str, source: Source) -> Result<Vec<GoldSentence>, String> {
    Ok(gold_sentences(&conllu::parse(src)?, source))
}

/// Reads the Seraji `word/TAG` text as gold sentences (no lemmas).
pub fn read_wordtag(src: &str) -> Result<Vec<GoldSentence>, String> {
    Ok(gold_sentences(&wordtag::parse(src)?, Source::Seraji))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conllu_to_gold() {
        let src = "1-2\tکتابش\t_\t_\t_\t_\t_\t_\t_\t_\n\
            1\tکتاب\tکتاب\tNOUN\t_\t_\t0\troot\t_\t_\n\
            2\tش\t_\tPRON\t_\t_\t1\tnmod\t_\t_\n\
            3\tرا\tرا\tPART\t_\t_\t1\tcase\t_\t_\n\
            4\tشد\tشد\tAUX\t_\t_\t1\tcop\t_\tOrigLemma=شد#شو\n\
            5\tx\tx\tNOPE\t_\t_\t1\tdep\t_\t_\n\n";
        let g = read_conllu(src, Source::Seraji).unwrap();
        assert_eq!(g.len(), 1);
        let g = &g[0];
        let forms: Vec<&str> = g.words.iter().map(|w| w.form.as_str()).collect();
        assert_eq!(forms, ["کتاب", "ش", "را", "شد"]);
        assert_eq!(g.mwts, [("کتابش".to_string(), 0..2)]);
        assert_eq!(g.single_tokens, [2, 3]);
        // Mapped to the target convention; the file's tag kept.
        assert_eq!(
            (g.words[2].upos, g.words[2].raw_upos.as_str()),
            (Upos::Adp, "PART")
        );
        assert_eq!(g.words[3].upos, Upos::Verb);
        assert!(g.words[1].lemmas.is_empty());
        assert_eq!(g.words[3].lemmas, ["شد#شو", "شد"]);
        assert!(read_conllu("1\tx\n", Source::PerDT)
            .unwrap_err()
            .starts_with("line 1:"));
    }

    #[test]
    fn wordtag_to_gold() {
        let g = read_wordtag("کتابش/_ کتاب/NOUN ش/PRON نیز/SCONJ\n").unwrap();
        assert_eq!(g[0].mwts, [("کتابش".to_string(), 0..2)]);
        assert_eq!(g[0].single_tokens, [2]);
        assert_eq!(g[0].words[2].upos, Upos::Adv);
        assert!(g[0].words[0].lemmas.is_empty());
    }

    #[test]
    fn early_map() {
        let perdt = "1\tاین\tاین\tDET\tPREM_DEMAJ\t_\t2\tdet\t_\t_\n\
            2\tعلی\tعلی\tPROPN\tN_ANM\t_\t3\tnsubj\t_\t_\n\
            3\tاست\tاست\tAUX\tAUX\t_\t0\troot\t_\t_\n\n\
            1\tاین\tاین\tPRON\tPR_DEMON\t_\t0\troot\t_\t_\n\n";
        let sents = conllu::parse(perdt).unwrap();
        let early = "1\tاین\tاین\tPREM\tDEMAJ\tdadeg_pos=PREM\t_\t_\t2\tNPREMOD\n\
            2\tعلی\tعلی\tNOUN\tANM\tdadeg_pos=N\t_\t_\t3\tSBJ\n\
            3\tاست\t#است\tVERB\tACT\tdadeg_pos=V\t_\t_\t0\tROOT\n\
            4\tعیدی\tعید\tIDEN\tIDEN\tdadeg_pos=IDEN\t_\t_\t0\tROOT\n\n";
        let (g, changed) = read_early(early, &EarlyMap::learn(&sents, false)).unwrap();
        assert_eq!(g[0].source, Source::PerDTEarly);
        assert!(g[0].noun_may_be_propn());
        // PREM by its XPOS; IDEN unknown to the map: left out; NOUN stays.
        let tags: Vec<Upos> = g[0].words.iter().map(|w| w.upos).collect();
        assert_eq!(tags, [Upos::Det, Upos::Noun, Upos::Verb]);
        assert_eq!(changed, 1);
        assert_eq!(g[0].words[2].lemmas, ["#است"]);
        // Relabelling by form needs FORM_MIN examples.
        let many = "1\tاست\tاست\tAUX\tAUX\t_\t0\troot\t_\t_\n\n".repeat(FORM_MIN);
        let map = EarlyMap::learn(&conllu::parse(&(many + perdt)).unwrap(), true);
        let (g, _) = read_early(early, &map).unwrap();
        assert_eq!(g[0].words[2].upos, Upos::Aux);
        // PerDT's lemmas.
        let passive = "1\tشد\tکرد#کن\tVERB\tPASS\tdadeg_pos=V\t_\t_\t0\tROOT\n\
            2\tشدید\tشدید\tADJ\tAJP\tdadeg_pos=ADJ\t_\t_\t1\tNPOSTMOD\n\
            3\tمی\u{200C}شوند\tکرد#کن\tVERB\tPASS\tdadeg_pos=V\t_\t_\t1\tNPOSTMOD\n\
            4\tاست\t#است\tAUX\tV_PRS\tdadeg_pos=AUX\t_\t_\t1\tVCL\n\n";
        let mut map = EarlyMap::learn(&sents, false);
        let lemmas = |map: &EarlyMap| -> Vec<String> {
            let (g, _) = read_early(passive, map).unwrap();
            g[0].words.iter().map(|w| w.lemmas[0].clone()).collect()
        };
        assert_eq!(lemmas(&map), ["کرد#کن", "شدید", "کرد#کن", "#است"]);
        map.perdt_lemmas = true;
        assert_eq!(lemmas(&map), ["شد#شو", "شدید", "شد#شو", "است"]);
        // ... and changes only VERB and AUX.
        let many = "1\tعلی\tعلی\tPROPN\tN_ANM\t_\t0\troot\t_\t_\n\n".repeat(FORM_MIN);
        let map = EarlyMap::learn(&conllu::parse(&(many + perdt)).unwrap(), true);
        let (g, _) = read_early(early, &map).unwrap();
        assert_eq!(g[0].words[1].upos, Upos::Noun);
        // The held-out part is not learned from.
        let ten = "1\tx\tx\tNOUN\tN\t_\t0\troot\t_\t_\n\n".repeat(10);
        assert_eq!(perdt_training_part(&ten).unwrap().len(), 8);
    }

    #[test]
    fn files() {
        assert_eq!(source_of_path("x/fa_seraji-ud-dev.conllu"), Source::Seraji);
        assert_eq!(source_of_path("x/iPerUDT_dev.conllu"), Source::IPerUDT);
        assert_eq!(source_of_path("x/fa_perdt-ud-dev.conllu"), Source::PerDT);
        assert!(has_heldout("x/iPerUDT_dev.conllu"));
        assert!(!has_heldout("x/iPerUDT_train.conllu"));
    }
}
