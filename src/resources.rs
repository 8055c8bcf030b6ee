//! What the feature extractors read besides a model's own weights: the
//! lexicon, the word clusters and the word-vector classes. An
//! [`crate::Analyzer`] owns them and lends them to its tagger and recognizer
//! for every call; nothing in the pipeline reaches for a global.

use crate::clusters::Clusters;
use crate::lexicon::Lexicon;

/// The lexicon, word clusters and classes that feature extraction reads.
#[derive(Clone, Copy, Debug)]
pub struct Resources<'a> {
    /// The tagged word list (coarse tags, verb stems, stop words).
    pub lexicon: &'a Lexicon,
    /// Word clusters learned from unlabeled text.
    pub clusters: &'a Clusters,
    /// Word classes: a k-means tree of word vectors learned from unlabeled
    /// text (`models/classes.bin`).
    pub classes: &'a Clusters,
}
