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
    // Written from another thread: a command that writes as it reads
    // (--chunks, normalize) would otherwise fill its output pipe and wait
    // while this thread waits to write. A command that fails early may
    // close its input before reading it.
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_string();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(stdin.as_bytes());
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
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
                                            // The same shape as the JavaScript API's sentences, in chars.
    assert_eq!(
        v["sentences"],
        serde_json::json!([{"text": input, "start": 0, "end": chars.len(), "tokenStart": 0, "tokenEnd": 5}])
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
    // --options is an object, or null for the defaults, as in JavaScript.
    let (out, err, ok) = cli(&["normalize", "--options", "null"], "علي");
    assert!(ok && out == "علی\n", "{err}");
    let (_, err, ok) = cli(&["normalize", "--options", "[]"], "x");
    assert!(
        !ok && err.contains("--options must be a JSON object"),
        "{err}"
    );
    // A directory is not read as an empty or broken file.
    let (_, err, ok) = cli(&["analyze", "src"], "");
    assert!(!ok && err.contains("src: is a directory"), "{err}");
    let (_, err, ok) = cli(&["throughput", "--repeat", "0"], "x");
    assert!(!ok && err.contains("--repeat must be at least 1"), "{err}");
    // A second input file is an error, not silently left unread.
    for cmd in ["normalize", "analyze"] {
        let (out, err, ok) = cli(&[cmd, "Cargo.toml", "/nonexistent/b.txt"], "");
        assert!(!ok && out.is_empty(), "{cmd}: {out}");
        assert!(
            err.contains("one input FILE at most, got 2: Cargo.toml /nonexistent/b.txt"),
            "{cmd}: {err}"
        );
    }
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

#[test]
fn cli_experiment_and_diagnostic_flags_are_checked_before_any_data_is_read() {
    // An experiment's model never replaces the shipped one.
    for flag in [
        &["--seed", "7"][..],
        &["--bags", "1"],
        &["--dropout", "0"],
        &["--min-weight", "300"],
        &["--tweets"],
    ] {
        let mut args = vec!["train", "ner"];
        args.extend(flag);
        let (_, err, ok) = cli(&args, "");
        assert!(!ok, "{args:?}");
        assert!(
            err.contains(&format!("{} needs --out FILE", flag[0])),
            "{err}"
        );
    }
    let (_, err, ok) = cli(&["train", "ner", "--bags", "three", "--out", "/x"], "");
    assert!(!ok && err.contains("--bags takes a number"), "{err}");
    let (_, err, ok) = cli(&["eval", "segment", "--gold", "/x", "--errors", "all"], "");
    assert!(!ok && err.contains("--errors takes a number"), "{err}");
    // Switches belong to their command.
    let (_, err, ok) = cli(&["eval", "segment", "--gold", "/x", "--confusion"], "");
    assert!(!ok && err.contains("unknown option --confusion"), "{err}");
    // A malformed gold file is an error naming its line.
    let dir = std::env::temp_dir().join(format!("parsi-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.txt");
    std::fs::write(&bad, "علی|B_PER\nرفت O\n").unwrap();
    let (_, err, ok) = cli(&["eval", "ner", "--gold", bad.to_str().unwrap()], "");
    assert!(!ok && err.contains("bad.txt: line 2:"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn cli_analyze_writes_conllu() {
    let (out, err, ok) = cli(&["analyze", "--format", "conllu"], "كتابش را خواندم.");
    assert!(ok, "{err}");
    let read = parsi_tools::corpus::conllu::parse(&out).unwrap();
    assert_eq!(parsi_tools::corpus::conllu::validate(&out), Ok(1), "{out}");
    assert!(out.starts_with("# sent_id = 1\n# text = كتابش را خواندم.\n1-2\tكتابش\t"));
    let forms: Vec<&str> = read[0].tokens.iter().map(|t| t.form.as_str()).collect();
    assert_eq!(forms, ["كتابش", "را", "خواندم", "."]);
    // The same as the library's writer.
    let doc = parsi::analyze("كتابش را خواندم.", &Default::default()).unwrap();
    assert_eq!(out, parsi::to_conllu(&doc));
    let (_, err, ok) = cli(&["analyze", "--format", "xml"], "x");
    assert!(
        !ok && err.contains("--format \"xml\": json or conllu"),
        "{err}"
    );
}

#[test]
fn cli_analyze_reads_jsonl_strings_and_objects() {
    // A byte-order mark, an object with other fields, CRLF, an empty string.
    let input = "\u{FEFF}\"سلام.\"\r\n{\"text\": \"کتاب‌ها. خوب\", \"id\": 7}\n\"\"\n";
    let (out, err, ok) = cli(&["analyze", "--input", "jsonl"], input);
    assert!(ok, "{err}");
    let docs: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 3);
    assert_eq!(docs[0]["text"], "سلام.");
    assert_eq!(docs[1]["text"], "کتاب‌ها. خوب");
    assert_eq!(docs[2]["tokens"], serde_json::json!([]));
    // CoNLL-U: sentence ids run across documents; each opens with its line number.
    let (out, err, ok) = cli(
        &["analyze", "--input", "jsonl", "--format", "conllu"],
        input,
    );
    assert!(ok, "{err}");
    assert_eq!(parsi_tools::corpus::conllu::validate(&out), Ok(3), "{out}");
    let comments: Vec<&str> = out.lines().filter(|l| l.starts_with("# ")).collect();
    assert_eq!(
        comments,
        [
            "# newdoc id = 1",
            "# sent_id = 1",
            "# text = سلام.",
            "# newdoc id = 2",
            "# sent_id = 2",
            "# text = کتاب‌ها.",
            "# sent_id = 3",
            "# text = خوب",
        ]
    );
    // `--lines` is `--input lines`: the same documents from plain lines.
    let (lines, _, ok) = cli(
        &["analyze", "--lines", "--format", "conllu"],
        "سلام.\nکتاب‌ها. خوب\n\n",
    );
    assert!(ok);
    assert_eq!(lines, out);
}

#[test]
fn cli_analyze_jsonl_errors_name_the_line() {
    // (input, error, documents written before it: lines are read, analysed
    // and written one at a time, so a bad line stops the command there).
    let cases = [
        ("\"a\"\n\n", "--input jsonl: line 2: empty line", 1),
        (
            "\"a\"\n\"b\"\nnot json\n",
            "--input jsonl: line 3: not JSON",
            2,
        ),
        (
            "{\"txt\": \"a\"}\n",
            "--input jsonl: line 1: an object without \"text\"",
            0,
        ),
        (
            "{\"text\": 5}\n",
            "--input jsonl: line 1: \"text\" is a number, not a string",
            0,
        ),
        ("[\"a\"]\n", "--input jsonl: line 1: an array", 0),
    ];
    for (input, want, written) in cases {
        let (out, err, ok) = cli(&["analyze", "--input", "jsonl"], input);
        assert!(!ok, "{input:?}");
        assert!(err.contains(want), "{input:?}: {err}");
        assert_eq!(out.lines().count(), written, "{input:?}: {out}");
    }
    let (_, err, ok) = cli(&["analyze", "--input", "csv"], "");
    assert!(
        !ok && err.contains("--input \"csv\": text, lines or jsonl"),
        "{err}"
    );
    let (_, err, ok) = cli(&["analyze", "--lines", "--input", "jsonl"], "");
    assert!(!ok && err.contains("--lines is --input lines"), "{err}");
}

#[test]
fn cli_analyze_dict_and_token_values() {
    let dir = std::env::temp_dir().join(format!("parsi-cli-dict-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("dict.json");
    std::fs::write(
        &good,
        r#"{"entities": [{"text": "کافه نادری", "label": "LOC"}], "compounds": ["پیش‌نمایش"]}"#,
    )
    .unwrap();
    let input = "پیش نمایش در کافه نادري ۳٫۵ میلیون.";
    let (out, err, ok) = cli(&["analyze", "--dict", good.to_str().unwrap()], input);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(
        v["normalized"],
        "پیش\u{200c}نمایش در کافه نادری ۳٫۵ میلیون."
    );
    assert_eq!(
        v["entities"][0],
        serde_json::json!({"label": "LOC", "text": "کافه نادري", "start": 13, "end": 23, "score": 1.0})
    );
    let values: Vec<serde_json::Value> = v["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t.get("value").cloned())
        .collect();
    assert_eq!(values, [serde_json::json!(3.5), serde_json::json!(1e6)]);
    // A bad dictionary stops the command with the entry named.
    let bad = dir.join("bad.json");
    for (json, want) in [
        (
            r#"{"entities": [{"text": "x", "label": "PERSON"}]}"#,
            "entities[0].label",
        ),
        (r#"{"entity": []}"#, "unknown field `entity`"),
    ] {
        std::fs::write(&bad, json).unwrap();
        let (out, err, ok) = cli(&["analyze", "--dict", bad.to_str().unwrap()], input);
        assert!(!ok && out.is_empty(), "{json}");
        assert!(err.contains("--dict") && err.contains(want), "{err}");
    }
    let (_, err, ok) = cli(&["analyze", "--dict", "/nonexistent/dict.json"], input);
    assert!(
        !ok && err.contains("--dict /nonexistent/dict.json"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn cli_analyze_chunks_equal_one_document() {
    // Long enough for many chunks of 40 bytes; emoji (two UTF-16 units, one
    // char) and Arabic letters so that offsets in chars are checked.
    let mut input = String::new();
    for i in 0..30 {
        input.push_str(&format!("حسن 😀 روحانی در تهران گفت {i}.\n"));
        if i % 7 == 0 {
            input.push_str("\n  \r\n");
        }
    }
    let (whole, err, ok) = cli(&["analyze"], &input);
    assert!(ok, "{err}");
    let whole: serde_json::Value = serde_json::from_str(&whole).unwrap();
    let (out, err, ok) = cli(&["analyze", "--chunks", "--chunk-size", "40", "-"], &input);
    assert!(ok, "{err}");
    let mut merged = serde_json::json!({"text": "", "normalized": "", "sentences": [], "tokens": [], "entities": []});
    let mut n = 0;
    for line in out.lines() {
        let c: serde_json::Value = serde_json::from_str(line).unwrap();
        n += 1;
        for key in ["text", "normalized"] {
            let mut s = merged[key].as_str().unwrap().to_string();
            if key == "normalized" {
                s.push_str(c["separator"].as_str().unwrap());
            }
            s.push_str(c[key].as_str().unwrap());
            merged[key] = s.into();
        }
        for key in ["sentences", "tokens", "entities"] {
            let items = c[key].as_array().unwrap().clone();
            merged[key].as_array_mut().unwrap().extend(items);
        }
    }
    assert!(n > 20, "{n} chunks");
    assert_eq!(merged, whole);
    // CoNLL-U chunk by chunk: sentence ids and TokenRange go on across chunks.
    let (whole, err, ok) = cli(&["analyze", "--format", "conllu"], &input);
    assert!(ok, "{err}");
    let args = [
        "analyze",
        "--chunks",
        "--chunk-size",
        "40",
        "--format",
        "conllu",
    ];
    let (chunked, err, ok) = cli(&args, &input);
    assert!(ok, "{err}");
    assert!(whole.contains("# sent_id = 30\n"), "{whole}");
    assert_eq!(chunked, whole);
    let (_, err, ok) = cli(&["analyze", "--chunks", "--lines"], "a");
    assert!(!ok && err.contains("--chunks is for --input text"), "{err}");
    let (_, err, ok) = cli(&["analyze", "--chunks", "--chunk-size", "0"], "a");
    assert!(
        !ok && err.contains("--chunk-size must be at least 1"),
        "{err}"
    );
    let (_, err, ok) = cli(&["analyze", "--chunk-size", "10"], "a");
    assert!(
        !ok && err.contains("--chunk-size goes with --chunks"),
        "{err}"
    );
    let (_, err, ok) = cli(&["analyze", "--chunks"], "\u{FEFF}a\n");
    assert!(ok, "{err}");
}

#[test]
fn normalize_reads_a_long_input_in_chunks_as_one_text() {
    // Several 64 KB chunks, with joins, digits and quotes at every line and
    // blank lines and stray whitespace between them.
    let mut input = String::from("\u{FEFF}  ");
    for i in 0..6000 {
        input.push_str(&format!("كتاب هاي \"من\" ميروم {i}...\n"));
        if i % 11 == 0 {
            input.push_str(" \t\n\r\n");
        }
    }
    assert!(input.len() > 3 * 65536);
    let want = parsi::normalize(&input, &Default::default()).unwrap().text;
    let (out, err, ok) = cli(&["normalize"], &input);
    assert!(ok, "{err}");
    assert_eq!(out, format!("{want}\n"));
    let ascii = parsi::NormalizeOptions {
        digits: parsi::Digits::Ascii,
        ..Default::default()
    };
    let want = parsi::normalize(&input, &ascii).unwrap().text;
    let (out, err, ok) = cli(&["normalize", "--options", r#"{"digits":"ascii"}"#], &input);
    assert!(ok, "{err}");
    assert_eq!(out, format!("{want}\n"));
    assert_eq!(cli(&["normalize"], "").0, "\n");
}
