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
