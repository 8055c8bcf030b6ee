//! The `parsi` command line: JSON output with char offsets, one document per
//! line, option errors, and argument checks done before any data is read.

use std::io::Write;
use std::process::{Command, Stdio};

fn cli(args: &[&str], stdin: &str) -> (String, String, bool) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_parsi"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A command that fails early may close its input before reading it.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    let out = child.wait_with_output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.success(),
    )
}

#[test]
fn cli_analyze_prints_char_offsets() {
    let input = "😀 كتابها را خواندم.";
    let (out, _, ok) = cli(&["analyze"], input);
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["text"], input);
    assert_eq!(v["normalized"], "😀 کتاب‌ها را خواندم.");
    assert_eq!(v["entities"], serde_json::json!([]));
    let chars: Vec<char> = input.chars().collect();
    for t in v["tokens"].as_array().unwrap() {
        let (s, e) = (
            t["start"].as_u64().unwrap() as usize,
            t["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            chars[s..e].iter().collect::<String>(),
            t["text"].as_str().unwrap()
        );
        assert!(t["norm"].is_string() && t["kind"].is_string());
    }
    assert_eq!(v["tokens"][1]["start"], 2); // after the emoji (one char) and a space
    assert_eq!(
        v["sentences"],
        serde_json::json!([{"start": 0, "end": chars.len()}])
    );
}

#[test]
fn cli_analyze_lines_prints_one_document_per_line() {
    let (out, _, ok) = cli(&["analyze", "--lines"], "سلام\n\nخداحافظ.\n");
    assert!(ok);
    let docs: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 3);
    assert_eq!(docs[1]["tokens"], serde_json::json!([]));
    assert_eq!(docs[2]["tokens"][1]["text"], ".");
}

#[test]
fn cli_normalize_and_errors() {
    let (out, _, ok) = cli(
        &["normalize", "--options", r#"{"digits":"ascii"}"#],
        "علي ۱۲",
    );
    assert!(ok);
    assert_eq!(out, "علی 12\n");
    let (_, err, ok) = cli(&["normalize", "--options", r#"{"digitz":"ascii"}"#], "x");
    assert!(!ok);
    assert!(err.contains("unknown field `digitz`"), "{err}");
    let (_, err, ok) = cli(&["frobnicate"], "");
    assert!(!ok && err.contains("unknown command"));
    // Learning-curve fractions are checked before any data is read.
    for (args, flag) in [
        (["train", "ner", "--fraction", "0"], "--fraction"),
        (["train", "ner", "--fraction", "1.5"], "--fraction"),
        (
            ["train", "pos", "--perdt-fraction", "half"],
            "--perdt-fraction",
        ),
    ] {
        let mut args = args.to_vec();
        args.extend(["--out", "/nonexistent/never-written.bin"]);
        let (_, err, ok) = cli(&args, "");
        assert!(!ok, "{args:?}");
        assert!(
            err.contains(&format!("{flag} takes a number in (0, 1]")),
            "{err}"
        );
    }
    let (_, err, ok) = cli(&["train", "ner", "--fraction", "0.5"], "");
    assert!(!ok && err.contains("--fraction needs --out FILE"), "{err}");
}
