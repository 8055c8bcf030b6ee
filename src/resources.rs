//! What the feature extractors read besides a model's own weights: the
//! lexicon and the word clusters. An [`crate::Analyzer`] owns both and lends
//! them to its tagger and recognizer for every call; nothing in the pipeline
//! reaches for a global.

use crate::clusters::Clusters;
use crate::lexicon::Lexicon;

/// The lexicon and word clusters that feature extraction reads.
#[derive(Clone, Copy, Debug)]
pub struct Resources<'a> {
    /// The tagged word list (coarse tags, verb stems, stop words).
    pub lexicon: &'a Lexicon,
    /// Word clusters learned from unlabeled text.
    pub clusters: &'a Clusters,
}
