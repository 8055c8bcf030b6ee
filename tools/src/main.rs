//! The `parsi` command line: run the pipeline on files, evaluate it against
//! gold data, and rebuild the embedded resources. Part of the `parsi-tools`
//! crate: the runtime library (`parsi`) has no binary and none of these
//! dependencies.

/// Prints a line to stdout; a closed pipe (`parsi ... | head`) is not an error.
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

mod build_clusters;
mod build_lexicon;
mod cli;
mod conllu;
mod eval_ner;
mod eval_pos;
mod eval_pos_e2e;
mod eval_segment;
mod train_ner;
mod train_pos;

/// Writes a model built by `train`/`build` to `out` (creating its folder),
/// after checking that its bytes load back (`load`) and serialize to the same
/// bytes again (`save`); returns the loaded model.
fn write_model<T>(
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

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Err(e) = cli::run(&args) {
        eprintln!("parsi: {e}");
        std::process::exit(2);
    }
}
