//! # parsi
//!
//! Persian (Farsi) text processing that runs anywhere Rust or WebAssembly runs:
//! normalization with an alignment back to the original text, tokens,
//! sentences, Universal Dependencies words with their part of speech and
//! lemma, and named entities.
//!
//! The pipeline is text → [`normalize`] (with alignment) → tokens → sentences
//! → UD words, tagged ([`pos`]) → entities ([`ner`]: people, places,
//! organisations, dates, times, money, percentages). An [`Analyzer`] owns the
//! models and runs it all: [`Analyzer::analyze`] returns a [`Document`] whose
//! every sentence, token, word and entity points into the text the caller
//! gave, in bytes, chars and UTF-16 code units. [`analyze`], [`normalize`],
//! [`tokenize`] and [`sentences`] are shortcuts over the analyzer with the
//! embedded models. [`to_conllu`] writes a document as CoNLL-U, the
//! Universal Dependencies interchange format. [`search_tokens`] gives the
//! terms to index a text under for full-text search ([`search`]). A
//! [`UserDictionary`] ([`dictionary`]) adds the caller's own entities and
//! compounds to an analyzer ([`Analyzer::with_dictionary`]).
//!
//! ```
//! use parsi::{analyze, AnalyzeOptions};
//!
//! let text = "دانش آموزان كتابها را ميخوانند.";
//! let doc = analyze(text, &AnalyzeOptions::default()).unwrap();
//! assert_eq!(doc.normalized, "دانش‌آموزان کتاب‌ها را می‌خوانند.");
//! for token in &doc.tokens {
//!     // `slice` gives the token as the user wrote it; `norm` as normalized.
//!     println!("{} -> {} ({:?})", doc.slice(&token.span), doc.norm(token), token.kind);
//! }
//! ```
//!
//! The JavaScript API (built with wasm-pack) lives in the `wasm` module, which
//! only converts at the boundary.
#![deny(missing_docs)]

// The training code is for the native tools only (tools/ turns the feature on).
// In a wasm build it means cargo unified the tools' features into the library:
// build the library alone (`-p parsi`, as scripts/build-wasm.sh does).
#[cfg(all(feature = "train", target_arch = "wasm32"))]
compile_error!(
    "the `train` feature is not part of the wasm build: build the parsi package alone (`cargo build -p parsi`, `wasm-pack build ... -- -p parsi`)"
);

mod analyzer;
pub mod chars;
pub mod chunks;
/// Word clusters (bit paths in a tree) learned from unlabeled text: tagger and NER features.
pub mod clusters;
pub mod conllu;
pub mod dictionary;
mod document;
mod error;
mod hashing;
pub mod lexicon;
pub mod model;
pub mod ner;
mod normalize;
pub mod pos;
pub mod resources;
pub mod rng;
pub mod search;
mod sentences;
mod tokenize;
#[cfg(feature = "train")]
pub mod train;
pub mod values;
pub mod weights;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use analyzer::{analyze, sentences, tokenize, Analyzer};
pub use chunks::{Chunk, ChunkView, Chunks, Cursor, Position};
pub use conllu::{to_conllu, write_conllu};
pub use dictionary::{DictionaryEntity, DictionaryEntries, UserDictionary};
pub use document::{
    AnalyzeOptions, Document, DocumentView, Entity, EntityView, OffsetUnit, Sentence, SentenceView,
    Span, Token, TokenView, Word, WordView,
};
pub use error::{Error, Result};
pub use normalize::{normalize, Digits, EzafeHamza, NormalizeOptions, Normalized, MAX_INPUT_BYTES};
pub use search::{search_tokens, SearchOptions, SearchToken, SearchTokenView};
pub use tokenize::TokenKind;
