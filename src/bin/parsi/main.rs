//! The `parsi` command line: run the pipeline on files, evaluate it against
//! gold data, and rebuild the embedded resources. Native only.

/// Prints a line to stdout; a closed pipe (`parsi ... | head`) is not an error.
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

#[cfg(not(target_arch = "wasm32"))]
mod build_clusters;
#[cfg(not(target_arch = "wasm32"))]
mod build_lexicon;
#[cfg(not(target_arch = "wasm32"))]
mod cli;
#[cfg(not(target_arch = "wasm32"))]
mod conllu;
#[cfg(not(target_arch = "wasm32"))]
mod eval_ner;
#[cfg(not(target_arch = "wasm32"))]
mod eval_pos;
#[cfg(not(target_arch = "wasm32"))]
mod eval_pos_e2e;
#[cfg(not(target_arch = "wasm32"))]
mod eval_segment;
#[cfg(not(target_arch = "wasm32"))]
mod train_ner;
#[cfg(not(target_arch = "wasm32"))]
mod train_pos;

/// Writes a model built by `train`/`build` to `out` (creating its folder),
/// after checking that its bytes load back (`load`) and serialize to the same
/// bytes again (`save`); returns the loaded model.
#[cfg(not(target_arch = "wasm32"))]
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

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Err(e) = cli::run(&args) {
        eprintln!("parsi: {e}");
        std::process::exit(2);
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
