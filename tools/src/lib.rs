//! The `parsi` command line and the tools behind it: readers of the corpus
//! formats ([`corpus`]), the training and evaluation data built from them
//! ([`pos_data`], [`ner_data`]), and the `train`, `eval` and `build`
//! subcommands ([`cli`]). The runtime library (`parsi`) reads no corpus and
//! has none of these dependencies.

/// Prints a line to stdout; a closed pipe (`parsi ... | head`) is not an error.
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

pub mod build_clusters;
pub mod build_embeddings;
pub mod build_lexicon;
pub mod cli;
pub mod corpus;
pub mod eval_ner;
pub mod eval_pos;
pub mod eval_pos_e2e;
pub mod eval_segment;
pub mod ner_data;
pub mod pos_data;
pub mod train_dense;
pub mod train_ner;
pub mod train_pos;

/// The analyzer with the embedded models: what `parsi analyze` runs, and
/// the base that training and evaluation swap a candidate model into.
pub fn base() -> Result<&'static parsi::Analyzer, String> {
    parsi::Analyzer::shared().map_err(|e| format!("the embedded models: {e}"))
}

/// The embedded clusters, classes and tagger with no recognizer: what
/// training and evaluating a candidate recognizer build on (it works when
/// the embedded recognizer is stale, after `build clusters` or `build
/// classes`, as it is until `train ner` is rerun).
pub fn base_models() -> Result<&'static parsi::Analyzer, String> {
    use parsi::clusters::{self, Clusters};
    use std::sync::OnceLock;
    static BASE: OnceLock<Result<parsi::Analyzer, String>> = OnceLock::new();
    BASE.get_or_init(|| {
        let clu = |b: &[u8]| Clusters::from_bytes(b).map_err(|e| e.to_string());
        parsi::Analyzer::new(
            clu(clusters::EMBEDDED)?,
            clu(clusters::CLASSES)?,
            parsi::pos::Tagger::from_bytes(parsi::pos::EMBEDDED).map_err(|e| e.to_string())?,
            None,
        )
        .map_err(|e| format!("the embedded models: {e}"))
    })
    .as_ref()
    .map_err(Clone::clone)
}

/// The text of a corpus or data file; the error names the file.
pub fn read(path: &std::path::Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// Writes a model built by `train`/`build` to `out` (creating its folder),
/// after checking that its bytes load back (`load`) and serialize to the same
/// bytes again (`save`); returns the loaded model.
pub fn write_model<T>(
    out: &std::path::Path,
    bytes: &[u8],
    load: impl Fn(&[u8]) -> parsi::Result<T>,
    save: impl Fn(&T) -> Vec<u8>,
) -> Result<T, String> {
    let back = load(bytes).map_err(|e| e.to_string())?;
    if save(&back) != bytes {
        return Err("the model does not round-trip".into());
    }
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(out, bytes).map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(back)
}
