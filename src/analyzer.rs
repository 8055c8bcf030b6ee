//! The [`Analyzer`]: the pipeline as a value that owns its models.
//!
//! An analyzer holds the lexicon, the word clusters and classes, the
//! part-of-speech tagger and the entity recognizer, and runs normalize → tokens →
//! sentences → UD words, tags and lemmas → entities with them. Nothing in the
//! pipeline reaches for a global model: [`Analyzer::default`] (the embedded
//! models) is one value, a candidate model being trained or evaluated is
//! another ([`Analyzer::with_tagger`], [`Analyzer::with_recognizer`]), and
//! both run exactly the same code. The free functions [`crate::analyze`],
//! [`crate::normalize`], [`crate::tokenize`] and [`crate::sentences`] are
//! shortcuts over one lazily built default analyzer ([`Analyzer::shared`]).
//!
//! ```
//! use parsi::{Analyzer, AnalyzeOptions};
//!
//! let analyzer = Analyzer::default();
//! let doc = analyzer.analyze("حسن روحانی در تهران گفت.", &AnalyzeOptions::default()).unwrap();
//! assert!(doc.entities.iter().any(|e| e.label == "LOC" && doc.slice(&e.span) == "تهران"));
//! ```

use crate::clusters::{self, Clusters};
use crate::dictionary::{push_key, UserDictionary};
use crate::document::{
    source, AnalyzeOptions, Document, Entity, OffsetConverter, Sentence, Span, Token, Word,
};
use crate::error::{Error, Result};
use crate::lexicon::Lexicon;
use crate::model::fnv1a64;
use crate::ner::{self, label_spans, pos_code, NerBuffers, Recognizer};
use crate::normalize::{self, normalize_units, with_workspace, NormalizeOptions, Normalized, Unit};
use crate::pos::{self, TagBuffers, Tagger, Upos};
use crate::resources::Resources;
use crate::tokenize::{tokenize_chars, RawToken};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

/// The pipeline with its models: see the [crate documentation](crate).
///
/// Cloning an analyzer is cheap: the models are shared (copied only when a
/// clone is given another tagger or recognizer).
#[derive(Clone, Debug)]
pub struct Analyzer {
    lexicon: &'static Lexicon,
    models: Arc<Models>,
    /// The caller's words ([`Analyzer::with_dictionary`]); empty by default.
    dictionary: Arc<UserDictionary>,
}

/// The models of an analyzer.
#[derive(Clone, Debug)]
struct Models {
    clusters: Clusters,
    classes: Clusters,
    tagger: Tagger,
    /// None for an analyzer built around a candidate tagger alone
    /// ([`Analyzer::with_tagger`]): it refuses `entities: true`.
    recognizer: Option<Recognizer>,
    /// FNV-1a fingerprints of the clusters' and classes' serialized bytes
    /// (combined) and of the tagger's, which the recognizer must have been
    /// trained with.
    clusters_fingerprint: u64,
    tagger_fingerprint: u64,
    /// False for [`Analyzer::segmenter`]'s empty tagger: it refuses `pos: true`.
    has_tagger: bool,
    /// The tagging buffers and caches kept between calls (a caller that
    /// analyzes many short documents does not rebuild them each time).
    buffers: Pool<Buffers>,
}

/// What tagging a document needs besides the models: the tagger's and the
/// recognizer's buffers, with their caches of the words seen. Their caches
/// belong to the models they were filled with, so a [`Models`] value starts
/// with an empty pool whenever its tagger or recognizer changes.
#[derive(Default)]
struct Buffers {
    tag: TagBuffers,
    ner: NerBuffers,
}

/// Values kept between calls, one per caller at a time: [`Pool::take`] lends
/// one (a new one when none is free), [`Pool::put`] gives it back. A clone
/// starts empty.
#[derive(Default)]
struct Pool<T>(std::sync::Mutex<Vec<T>>);

impl<T: Default> Pool<T> {
    /// Most values kept (one per thread that analyzes at the same time).
    const KEEP: usize = 8;

    fn take(&self) -> T {
        self.0
            .lock()
            .ok()
            .and_then(|mut v| v.pop())
            .unwrap_or_default()
    }

    fn put(&self, value: T) {
        if let Ok(mut v) = self.0.lock() {
            if v.len() < Self::KEEP {
                v.push(value);
            }
        }
    }

    /// Drops every value kept (their caches belong to models replaced).
    fn clear(&mut self) {
        if let Ok(v) = self.0.get_mut() {
            v.clear();
        }
    }
}

impl<T> Clone for Pool<T> {
    fn clone(&self) -> Self {
        Pool(std::sync::Mutex::new(Vec::new()))
    }
}

impl<T> std::fmt::Debug for Pool<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pool")
    }
}

/// One fingerprint for the Brown clusters and the word-vector classes (the
/// bytes of each), as a recognizer records it.
pub(crate) fn word_fingerprint(clusters: &[u8], classes: &[u8]) -> u64 {
    fnv1a64(clusters) ^ fnv1a64(classes).rotate_left(29)
}

impl Default for Analyzer {
    /// The embedded models. They are compiled in and loaded by the test
    /// suite, so this cannot fail on a build that passed its tests; use
    /// [`Analyzer::embedded`] to get the error instead of a panic.
    fn default() -> Self {
        Analyzer::embedded().expect("the embedded models load (checked by the test suite)")
    }
}

impl Analyzer {
    /// The embedded models (`models/*.bin`, compiled into the library).
    pub fn embedded() -> Result<Analyzer> {
        Analyzer::from_bytes(
            clusters::EMBEDDED,
            clusters::CLASSES,
            pos::EMBEDDED,
            ner::EMBEDDED,
        )
    }

    /// One analyzer with the embedded models, built on first use and shared
    /// by the free functions ([`crate::analyze`] and the others).
    pub fn shared() -> Result<&'static Analyzer> {
        static SHARED: OnceLock<Result<Analyzer>> = OnceLock::new();
        SHARED
            .get_or_init(Analyzer::embedded)
            .as_ref()
            .map_err(Clone::clone)
    }

    /// An analyzer from the bytes of the Brown clusters, the word-vector
    /// classes, a part-of-speech and an entity model. Damaged bytes are an
    /// [`Error::InvalidModel`], and so is a recognizer trained with other
    /// clusters or classes or another tagger than these.
    pub fn from_bytes(clusters: &[u8], classes: &[u8], pos: &[u8], ner: &[u8]) -> Result<Analyzer> {
        let recognizer = Recognizer::from_bytes(ner)?;
        // The embedded files fit together (the test suite checks it:
        // `embedded_models_are_intact`), so their fingerprints are the ones
        // the embedded recognizer records, not hashed at every start.
        let (clusters_fingerprint, tagger_fingerprint) =
            if std::ptr::eq(clusters, clusters::EMBEDDED)
                && std::ptr::eq(classes, clusters::CLASSES)
                && std::ptr::eq(pos, pos::EMBEDDED)
                && std::ptr::eq(ner, ner::EMBEDDED)
            {
                (recognizer.clusters, recognizer.pos)
            } else {
                (word_fingerprint(clusters, classes), fnv1a64(pos))
            };
        Analyzer::checked(Models {
            clusters: Clusters::from_bytes(clusters)?,
            classes: Clusters::from_bytes(classes)?,
            tagger: Tagger::from_bytes(pos)?,
            recognizer: Some(recognizer),
            clusters_fingerprint,
            tagger_fingerprint,
            has_tagger: true,
            buffers: Pool::default(),
        })
    }

    /// An analyzer without models, shared: normalization, tokens and
    /// sentences (`pos` and `entities` off, as
    /// [`AnalyzeOptions::segmentation`]) with the lexicon alone, so that a
    /// caller that only segments does not wait for [`Analyzer::shared`] to
    /// build the models (what the JavaScript module's calls without part of
    /// speech or entities run on). It gives what [`Analyzer::shared`] gives
    /// with those options; `pos` or `entities` on is an
    /// [`Error::InvalidOption`].
    ///
    /// ```
    /// use parsi::{Analyzer, AnalyzeOptions};
    ///
    /// let text = "كتابهاي من را ميخوانيد؟ بله.";
    /// let seg = AnalyzeOptions::segmentation();
    /// let doc = Analyzer::segmenter().analyze(text, &seg).unwrap();
    /// assert_eq!(doc, Analyzer::shared().unwrap().analyze(text, &seg).unwrap());
    /// assert!(Analyzer::segmenter().analyze(text, &AnalyzeOptions::default()).is_err());
    /// ```
    ///
    /// Its tagger is empty: [`Analyzer::split_words`] splits nothing, and
    /// [`Analyzer::search_tokens`] with stemming on is an error.
    pub fn segmenter() -> &'static Analyzer {
        static SEGMENTER: OnceLock<Analyzer> = OnceLock::new();
        SEGMENTER.get_or_init(|| Analyzer {
            lexicon: Lexicon::embedded(),
            models: Arc::new(Models {
                clusters: Clusters::empty(),
                classes: Clusters::empty(),
                tagger: Tagger::default(),
                recognizer: None,
                clusters_fingerprint: 0,
                tagger_fingerprint: 0,
                has_tagger: false,
                buffers: Pool::default(),
            }),
            dictionary: Arc::default(),
        })
    }

    /// An analyzer from model values (checked as [`Analyzer::from_bytes`]);
    /// without a recognizer it analyzes with `entities: false` only (what
    /// training a recognizer builds on, whatever the embedded one was
    /// trained with).
    pub fn new(
        clusters: Clusters,
        classes: Clusters,
        tagger: Tagger,
        recognizer: Option<Recognizer>,
    ) -> Result<Analyzer> {
        Analyzer::checked(Models {
            clusters_fingerprint: word_fingerprint(&clusters.to_bytes(), &classes.to_bytes()),
            tagger_fingerprint: fnv1a64(&tagger.to_bytes()),
            clusters,
            classes,
            tagger,
            recognizer,
            has_tagger: true,
            buffers: Pool::default(),
        })
    }

    fn checked(models: Models) -> Result<Analyzer> {
        let a = Analyzer {
            lexicon: Lexicon::embedded(),
            models: Arc::new(models),
            dictionary: Arc::default(),
        };
        a.check()?;
        Ok(a)
    }

    /// This analyzer with a user dictionary ([`crate::dictionary`]): its
    /// entities, never-entities, compounds and never-join words apply to
    /// every call (it replaces any dictionary the analyzer had). An entity
    /// label the recognizer does not have is an [`Error::InvalidOption`].
    ///
    /// ```
    /// use parsi::{Analyzer, AnalyzeOptions, DictionaryEntries, DictionaryEntity, UserDictionary};
    ///
    /// let dict = UserDictionary::new(DictionaryEntries {
    ///     never_entities: vec!["تهران".into()],
    ///     ..Default::default()
    /// }).unwrap();
    /// let analyzer = Analyzer::shared().unwrap().clone().with_dictionary(dict).unwrap();
    /// let doc = analyzer.analyze("حسن روحانی در تهران گفت.", &AnalyzeOptions::default()).unwrap();
    /// assert!(doc.entities.iter().all(|e| doc.slice(&e.span) != "تهران"));
    /// ```
    pub fn with_dictionary(mut self, dictionary: UserDictionary) -> Result<Analyzer> {
        if let Some(r) = &self.models.recognizer {
            dictionary.check_labels(&r.labels)?;
        }
        self.dictionary = Arc::new(dictionary);
        Ok(self)
    }

    /// The user dictionary (empty unless [`Analyzer::with_dictionary`] gave one).
    pub fn dictionary(&self) -> &UserDictionary {
        &self.dictionary
    }

    /// This analyzer with another entity recognizer (a candidate being
    /// evaluated); it must have been trained with this analyzer's clusters
    /// and tagger.
    pub fn with_recognizer(mut self, recognizer: Recognizer) -> Result<Analyzer> {
        let m = Arc::make_mut(&mut self.models);
        m.recognizer = Some(recognizer);
        m.buffers.clear();
        self.check()?;
        Ok(self)
    }

    /// This analyzer with another part-of-speech tagger and a recognizer
    /// trained with it (a recognizer's features include the tags), or none:
    /// then it analyzes with `entities: false` only (what evaluating a
    /// candidate tagger needs).
    pub fn with_tagger(
        mut self,
        tagger: Tagger,
        recognizer: Option<Recognizer>,
    ) -> Result<Analyzer> {
        if !self.models.has_tagger {
            return Err(Error::InvalidOption(
                "Analyzer::segmenter has no word clusters for a tagger: start from Analyzer::new or Analyzer::from_bytes".into(),
            ));
        }
        let m = Arc::make_mut(&mut self.models);
        m.tagger_fingerprint = fnv1a64(&tagger.to_bytes());
        m.tagger = tagger;
        m.recognizer = recognizer;
        m.buffers.clear();
        self.check()?;
        Ok(self)
    }

    /// False for [`Analyzer::segmenter`], which has no part-of-speech model.
    pub(crate) fn has_tagger(&self) -> bool {
        self.models.has_tagger
    }

    fn check(&self) -> Result<()> {
        let m = &self.models;
        let Some(recognizer) = &m.recognizer else {
            return Ok(());
        };
        if let Err(e) = self.dictionary.check_labels(&recognizer.labels) {
            return Err(Error::InvalidModel(format!(
                "the entity model does not fit the user dictionary: {e}"
            )));
        }
        if recognizer.clusters != m.clusters_fingerprint {
            return Err(Error::InvalidModel(format!(
                "the entity model was trained with other word clusters or classes (fingerprint {:016x}, \
                 these are {:016x}): retrain it with `parsi train ner`",
                recognizer.clusters, m.clusters_fingerprint
            )));
        }
        if recognizer.pos != m.tagger_fingerprint {
            return Err(Error::InvalidModel(format!(
                "the entity model was trained with another part-of-speech model (fingerprint \
                 {:016x}, this one is {:016x}): retrain it with `parsi train ner`",
                recognizer.pos, m.tagger_fingerprint
            )));
        }
        Ok(())
    }

    /// The fingerprints a recognizer trained with this analyzer's clusters,
    /// classes and tagger records: `(clusters and classes, pos)`.
    pub fn fingerprints(&self) -> (u64, u64) {
        (
            self.models.clusters_fingerprint,
            self.models.tagger_fingerprint,
        )
    }

    /// The lexicon.
    pub fn lexicon(&self) -> &Lexicon {
        self.lexicon
    }

    /// The word clusters.
    pub fn clusters(&self) -> &Clusters {
        &self.models.clusters
    }

    /// The word classes (k-means tree of word vectors).
    pub fn classes(&self) -> &Clusters {
        &self.models.classes
    }

    /// The part-of-speech tagger.
    pub fn tagger(&self) -> &Tagger {
        &self.models.tagger
    }

    /// The entity recognizer (none after [`Analyzer::with_tagger`] without one).
    pub fn recognizer(&self) -> Option<&Recognizer> {
        self.models.recognizer.as_ref()
    }

    /// The lexicon and clusters, as the tagger's and recognizer's feature
    /// extraction reads them.
    pub fn resources(&self) -> Resources<'_> {
        Resources {
            lexicon: self.lexicon,
            clusters: &self.models.clusters,
            classes: &self.models.classes,
        }
    }

    /// Normalizes `text`: see [`NormalizeOptions`] for what is done.
    pub fn normalize(&self, text: &str, options: &NormalizeOptions) -> Result<Normalized> {
        normalize::normalize_with(self.lexicon, &self.dictionary, text, options)
    }

    /// Normalizes, tokenizes, splits into sentences, and (as `options` say)
    /// tags the UD words and finds the entities of `text`; every offset
    /// points into `text` as given.
    ///
    /// ```
    /// let analyzer = parsi::Analyzer::shared().unwrap();
    /// let doc = analyzer.analyze("ما ميرويم. شما؟", &parsi::AnalyzeOptions::default()).unwrap();
    /// assert_eq!(doc.sentences.len(), 2);
    /// let t = &doc.tokens[1];
    /// assert_eq!(doc.slice(&t.span), "ميرويم"); // the original spelling
    /// assert_eq!(doc.norm(t), "می‌رویم"); // the normalized form
    /// ```
    pub fn analyze(&self, text: &str, options: &AnalyzeOptions) -> Result<Document> {
        if options.pos && !self.models.has_tagger {
            return Err(Error::InvalidOption(
                "pos: this analyzer has no part-of-speech model (analyze with pos and entities off)"
                    .into(),
            ));
        }
        if options.entities && self.models.recognizer.is_none() {
            return Err(Error::InvalidOption(
                "entities: this analyzer has no entity recognizer (analyze with entities off)"
                    .into(),
            ));
        }
        with_workspace(|ws| {
            normalize_units(
                self.lexicon,
                &self.dictionary,
                text,
                &options.normalize,
                &mut ws.units,
                &mut ws.scratch,
            )?;
            ws.chars.extend(ws.units.iter().map(|u| u.c));
            tokenize_chars(self.lexicon, &ws.chars, &mut ws.tokens);
            merge_shared_sources(&ws.units, &mut ws.tokens);
            Ok(self.build(text, options, &ws.units, &ws.chars, &ws.tokens))
        })
    }

    /// The tokens of `text` (default normalization; not tagged: their
    /// [`Token::words`] are empty).
    pub fn tokenize(&self, text: &str) -> Result<Vec<Token>> {
        Ok(self.analyze(text, &AnalyzeOptions::segmentation())?.tokens)
    }

    /// The sentences of `text` (default normalization).
    pub fn sentences(&self, text: &str) -> Result<Vec<Sentence>> {
        Ok(self
            .analyze(text, &AnalyzeOptions::segmentation())?
            .sentences)
    }

    /// The byte ranges of the UD words of a normalized token (`کتابش` →
    /// `کتاب` + `ش`).
    pub fn split_words(&self, token: &str) -> Vec<(usize, usize)> {
        self.models.tagger.split_words(self.lexicon, token)
    }

    /// The entities of one sentence of normalized tokens: label and token
    /// range (the tokens are tagged for part of speech first; none without a
    /// recognizer).
    pub fn entities<S: AsRef<str>>(&self, tokens: &[S]) -> Vec<(String, std::ops::Range<usize>)> {
        let Some(recognizer) = &self.models.recognizer else {
            return Vec::new();
        };
        recognizer
            .entities(&self.models.tagger, self.resources(), tokens)
            .into_iter()
            .map(|(l, r)| (label_name(recognizer, l).to_string(), r))
            .collect()
    }

    /// The document from the normalized units, their chars and raw tokens.
    fn build(
        &self,
        text: &str,
        options: &AnalyzeOptions,
        units: &[Unit],
        chars: &[char],
        raw: &[RawToken],
    ) -> Document {
        let mut ranges = Vec::new();
        crate::sentences::split(chars, raw, &mut ranges);
        // The normalized text in one go, then each token's byte range in it
        // from a running count of the chars' UTF-8 lengths.
        let mut normalized = String::with_capacity(units.len() * 2);
        normalized.extend(chars);
        let mut conv = OffsetConverter::new(text);
        let mut tokens = Vec::with_capacity(raw.len());
        let (mut at, mut byte) = (0, 0); // a char of the normalized text and its byte offset
        let utf8_len = |cs: &[char]| cs.iter().map(|c| c.len_utf8()).sum::<usize>();
        for t in raw {
            byte += utf8_len(&chars[at..t.start]);
            let start = byte;
            byte += utf8_len(&chars[t.start..t.end]);
            at = t.end;
            tokens.push(Token {
                span: conv.span(source(units, t.start, t.end)),
                norm: start..byte,
                kind: t.kind,
                words: 0..0,
            });
        }
        // A sentence spans its first token's start to its last token's end.
        let sentences: Vec<Sentence> = ranges
            .into_iter()
            .map(|r| {
                let (a, b): (&Span, &Span) = (&tokens[r.start].span, &tokens[r.end - 1].span);
                Sentence {
                    span: a.to(b),
                    token_start: r.start,
                    token_end: r.end,
                }
            })
            .collect();
        let mut doc = Document {
            text: text.to_string(),
            normalized,
            sentences,
            tokens,
            words: Vec::new(),
            lemmas: String::new(),
            entities: Vec::new(),
        };
        let mut buf = self.models.buffers.take();
        if options.pos {
            self.tag_words(units, raw, &mut doc, &mut buf.tag);
        }
        if options.entities {
            let found = self.find_entities(&doc, &mut buf.ner);
            // Words inside names get their part of speech from the name.
            for (r, e) in &found {
                let words = doc.tokens[r.start].words.start..doc.tokens[r.end - 1].words.end;
                for w in doc.words.get_mut(words).into_iter().flatten() {
                    let upos = crate::ner::upos_in_entity(&e.label, w.upos);
                    if upos != w.upos {
                        // The lemma of the new tag, written after the others.
                        let form = &doc.normalized[w.norm.clone()];
                        self.lemmatize(form, upos, &mut doc.lemmas, w);
                    }
                }
            }
            doc.entities = found.into_iter().map(|(_, e)| e).collect();
        }
        self.models.buffers.put(buf);
        doc
    }

    /// Splits every token into UD words, tags each sentence's words and
    /// lemmatizes them, filling the document's words, lemmas and each
    /// token's word range.
    fn tag_words(
        &self,
        units: &[Unit],
        raw: &[RawToken],
        doc: &mut Document,
        buf: &mut TagBuffers,
    ) {
        let res = self.resources();
        let Document {
            text,
            normalized,
            sentences,
            tokens,
            words,
            lemmas,
            ..
        } = doc;
        let mut conv = OffsetConverter::new(text);
        let mut forms: Vec<&str> = Vec::new();
        let mut tags: Vec<Upos> = Vec::new();
        words.reserve(tokens.len() + tokens.len() / 8);
        lemmas.reserve(normalized.len());
        for r in sentences.iter().map(|s| s.token_start..s.token_end) {
            let first = words.len();
            forms.clear();
            for (t, rt) in tokens[r.clone()].iter_mut().zip(&raw[r.clone()]) {
                let norm = &normalized[t.norm.clone()];
                let begin = words.len();
                // Byte offset of each word in the token, and its char offset
                // (for the alignment back to the original text).
                let mut char_at = rt.start;
                // A token with a space inside is what one source char expands
                // to (`ﷺ`): one word, since its words would share one span.
                let cuts = if norm.contains(' ') {
                    pos::Cuts::default()
                } else {
                    self.models.tagger.cuts(self.lexicon, norm)
                };
                for (byte, end_byte) in cuts.ranges(norm.len()) {
                    let part = &norm[byte..end_byte];
                    let char_end = char_at + part.chars().count();
                    words.push(Word {
                        span: conv.span(source(units, char_at, char_end)),
                        norm: t.norm.start + byte..t.norm.start + end_byte,
                        upos: Upos::X,
                        lemma: 0..0,
                        stems: 0..0,
                    });
                    forms.push(part);
                    char_at = char_end;
                }
                t.words = begin..words.len();
            }
            self.models.tagger.tag_upos(res, &forms, buf, &mut tags);
            for ((w, &upos), form) in words[first..].iter_mut().zip(&tags).zip(&forms) {
                self.lemmatize(form, upos, lemmas, w);
            }
        }
    }

    /// Tags `w` as `upos` and appends its lemma to `lemmas`: PerDT's
    /// original lemma, which for a verb with stems (`کرد#کن`) is the word's
    /// stems, and whose UD part ([`pos::verb_lemma_parts`]) is its lemma.
    fn lemmatize(&self, form: &str, upos: Upos, lemmas: &mut String, w: &mut Word) {
        let start = lemmas.len();
        self.models
            .tagger
            .lemmatizer
            .lemma_into(self.lexicon, form, upos, lemmas);
        let orig = &lemmas[start..];
        w.upos = upos;
        (w.lemma, w.stems) = match pos::verb_lemma_parts(upos, orig) {
            // The UD lemma is a part of the stems: its offset in them.
            Some(ud) => {
                let at = start + (ud.as_ptr() as usize - orig.as_ptr() as usize);
                (at..at + ud.len(), start..lemmas.len())
            }
            None => (start..lemmas.len(), start..start),
        };
    }

    /// The entities of an analysed document: the recognizer runs on every
    /// sentence of normalized tokens, and each entity spans the original
    /// text from its first to its last token.
    ///
    /// The recognizer's part-of-speech features come from the document's
    /// tagged words when [`AnalyzeOptions::pos`] filled them; without them
    /// the tokens are tagged here, for the recognizer only (same entities,
    /// about 1.5 times its cost).
    ///
    /// Each entity comes with its range of the document's tokens.
    fn find_entities(&self, doc: &Document, buf: &mut NerBuffers) -> Vec<(Range<usize>, Entity)> {
        let Some(recognizer) = &self.models.recognizer else {
            return Vec::new();
        };
        let res = self.resources();
        let mut tags = Vec::new();
        let mut found = Vec::new();
        let mut scores = Vec::new();
        let mut entities = Vec::new();
        let mut words: Vec<&str> = Vec::new();
        let mut codes: Vec<u16> = Vec::new();
        for s in &doc.sentences {
            let Some(toks) = doc.tokens.get(s.token_start..s.token_end) else {
                continue;
            };
            words.clear();
            words.extend(toks.iter().map(|t| doc.norm(t)));
            if doc.words.is_empty() {
                recognizer.tag(&self.models.tagger, res, &words, buf, &mut tags);
            } else {
                codes.clear();
                codes.extend(toks.iter().map(|t| {
                    let upos = |i: usize| doc.words.get(i).map_or(Upos::X, |w| w.upos);
                    pos_code(upos(t.words.start), upos(t.words.end.saturating_sub(1)))
                }));
                recognizer.tag_with_pos(res, &words, &codes, buf, &mut tags);
            }
            found.clear();
            found.extend(label_spans(&tags));
            recognizer.span_scores(buf, &found, &mut scores);
            for ((label, r), &score) in found.iter().zip(&scores) {
                let label = label_name(recognizer, *label);
                let tokens = s.token_start + r.start..s.token_start + r.end;
                let e = entity(doc, label, tokens.clone(), &words[r.clone()], score);
                entities.push((tokens, e));
            }
        }
        if self.dictionary.has_entity_entries() {
            self.apply_dictionary(doc, &mut entities);
        }
        entities
    }

    /// The user dictionary's say on the entities (token range and entity)
    /// of a document: the model's entities that are exactly a never-entity
    /// phrase go; each longest match of a dictionary entity within a
    /// sentence becomes an entity (score 1), and the model's entities that
    /// overlap it go.
    fn apply_dictionary(&self, doc: &Document, entities: &mut Vec<(Range<usize>, Entity)>) {
        let dict = &*self.dictionary;
        let keys: Vec<String> = doc
            .tokens
            .iter()
            .map(|t| {
                let mut k = String::new();
                push_key(&mut k, doc.norm(t).chars());
                k
            })
            .collect();
        // Appends a token's key `k` to a run's key; its number of parts.
        let append = |key: &mut String, k: &str| {
            if k.is_empty() {
                return 0;
            }
            if !key.is_empty() {
                key.push(' ');
            }
            key.push_str(k);
            1 + k.matches(' ').count()
        };
        let mut key = String::new();
        entities.retain(|(r, _)| {
            key.clear();
            for k in &keys[r.clone()] {
                append(&mut key, k);
            }
            !dict.is_never_entity(&key)
        });
        let mut found: Vec<(Range<usize>, &str)> = Vec::new();
        for s in &doc.sentences {
            let mut i = s.token_start;
            while i < s.token_end {
                key.clear();
                let (mut best, mut parts) = (None, 0);
                if !keys[i].is_empty() {
                    for (j, k) in (i..s.token_end).zip(&keys[i..s.token_end]) {
                        parts += append(&mut key, k);
                        if parts > dict.max_entity_parts() {
                            break;
                        }
                        if let Some(label) = dict.entity(&key).filter(|_| !k.is_empty()) {
                            best = Some((j + 1, label));
                        }
                    }
                }
                match best {
                    Some((end, label)) => {
                        found.push((i..end, label));
                        i = end;
                    }
                    None => i += 1,
                }
            }
        }
        if found.is_empty() {
            return;
        }
        entities.retain(|(r, _)| {
            !found
                .iter()
                .any(|(f, _)| f.start < r.end && r.start < f.end)
        });
        let mut words: Vec<&str> = Vec::new();
        for (r, label) in found {
            words.clear();
            words.extend(doc.tokens[r.clone()].iter().map(|t| doc.norm(t)));
            let e = entity(doc, label, r.clone(), &words, 1.0);
            entities.push((r, e));
        }
        entities.sort_by_key(|(r, _)| r.start);
    }
}

/// An entity of `label` over the document's tokens `tokens` (a non-empty
/// range), whose normalized forms are `words`: it spans the original text
/// from the first token to the last.
fn entity(doc: &Document, label: &str, tokens: Range<usize>, words: &[&str], score: f32) -> Entity {
    let (a, b) = (
        &doc.tokens[tokens.start].span,
        &doc.tokens[tokens.end - 1].span,
    );
    Entity {
        score,
        value: crate::values::entity_value(label, words),
        label: label.to_string(),
        span: a.to(b),
    }
}

/// The normalized forms of the tokens of `text` under the default
/// normalization, without a user dictionary (how a dictionary's phrases are
/// split into tokens).
pub(crate) fn segment_norms(text: &str) -> Vec<String> {
    let lex = Lexicon::embedded();
    with_workspace(|ws| {
        let options = NormalizeOptions::default();
        let none = UserDictionary::default();
        if normalize_units(lex, &none, text, &options, &mut ws.units, &mut ws.scratch).is_err() {
            return Vec::new();
        }
        ws.chars.extend(ws.units.iter().map(|u| u.c));
        tokenize_chars(lex, &ws.chars, &mut ws.tokens);
        merge_shared_sources(&ws.units, &mut ws.tokens);
        ws.tokens
            .iter()
            .map(|t| ws.chars[t.start..t.end].iter().collect())
            .collect()
    })
}

/// Joins raw tokens that come from one source char into one token: the
/// words a word ligature expands to (`ﷺ` → `صلی الله علیه و سلم`) all map to
/// that one char, and offsets into the original text cannot split it, so the
/// expansion is one token whose normalized form has spaces inside. Tokens
/// from different source chars are left alone (no other rule makes one
/// source char into several tokens).
fn merge_shared_sources(units: &[Unit], tokens: &mut Vec<RawToken>) {
    let mut kept = 0;
    for i in 0..tokens.len() {
        let t = tokens[i];
        if kept > 0 {
            let prev = &mut tokens[kept - 1];
            if units[t.start].start < units[prev.end - 1].end {
                prev.end = t.end;
                continue;
            }
        }
        tokens[kept] = t;
        kept += 1;
    }
    tokens.truncate(kept);
}

/// The name of `recognizer`'s label `i`.
fn label_name(recognizer: &Recognizer, i: usize) -> &str {
    recognizer.labels.get(i).map_or("", String::as_str)
}

/// Normalizes, tokenizes and splits `text` into sentences, tags its words
/// and finds its entities with the embedded models ([`Analyzer::shared`]).
///
/// ```
/// let doc = parsi::analyze("ما ميرويم. شما؟", &parsi::AnalyzeOptions::default()).unwrap();
/// assert_eq!(doc.sentences.len(), 2);
/// assert_eq!(doc.norm(&doc.tokens[1]), "می‌رویم");
/// ```
pub fn analyze(text: &str, options: &AnalyzeOptions) -> Result<Document> {
    Analyzer::shared()?.analyze(text, options)
}

/// The tokens of `text` (default normalization; not tagged: their
/// [`Token::words`] are empty; [`analyze`] tags).
pub fn tokenize(text: &str) -> Result<Vec<Token>> {
    Analyzer::shared()?.tokenize(text)
}

/// The sentences of `text` as spans of the original (default normalization).
pub fn sentences(text: &str) -> Result<Vec<Span>> {
    Ok(Analyzer::shared()?
        .sentences(text)?
        .into_iter()
        .map(|s| s.span)
        .collect())
}
