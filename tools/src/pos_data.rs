//! The treebanks as POS training and evaluation data: which files of the data
//! folder, which treebank (convention) each is, their held-out parts, and
//! their sentences as the library's [`GoldSentence`]s (tags mapped to the
//! target convention with [`map_upos`]).

use crate::corpus::{conllu, wordtag, UdSentence};
use parsi::pos::train::{map_upos, GoldSentence, GoldWord, Source};

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
    use parsi::pos::Upos;

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
    fn files() {
        assert_eq!(source_of_path("x/fa_seraji-ud-dev.conllu"), Source::Seraji);
        assert_eq!(source_of_path("x/iPerUDT_dev.conllu"), Source::IPerUDT);
        assert_eq!(source_of_path("x/fa_perdt-ud-dev.conllu"), Source::PerDT);
        assert!(has_heldout("x/iPerUDT_dev.conllu"));
        assert!(!has_heldout("x/iPerUDT_train.conllu"));
    }
}
