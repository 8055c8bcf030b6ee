//! The `parsi` command line (see [`parsi_tools::cli`]).

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Err(e) = parsi_tools::cli::run(&args) {
        eprintln!("parsi: {e}");
        std::process::exit(2);
    }
}
