use super::*;

const EVAL: &str = r#"
[test.eval]
min-sentence-f1 = 99.0
min-token-f1 = 99
min-pos-upos = 0.925
min-pos-lemma = 0.95
min-pos-words-f1 = 0.98
min-ner-f1 = 79.0
"#;

fn eval_cfg() -> Value {
    Value::Table(
        EVAL.parse::<Table>().unwrap()["test"]["eval"]
            .as_table()
            .unwrap()
            .clone(),
    )
}

#[test]
fn check_eval_passes_on_the_last_json_line() {
    let input =
        "gold a.conllu: ...\n\n{\"sentences\": {\"f1\": 99.51}, \"tokens\": {\"f1\": 100}}\n  \n";
    let (report, ok) = check_eval(&eval_cfg(), "segment", input).unwrap();
    assert!(ok);
    assert_eq!(
        report,
        "segment: sentence F1 99.51 (min 99.0), token F1 100 (min 99.0): ok"
    );
}

#[test]
fn check_eval_fails_below_a_minimum() {
    let input = r#"{"upos": 0.93, "lemma": 0.9499999, "end_to_end": {"words": {"f1": 0.99}}}"#;
    let (report, ok) = check_eval(&eval_cfg(), "pos", input).unwrap();
    assert!(!ok);
    assert_eq!(
        report,
        "pos: held-out UPOS 0.93 (min 0.925), held-out lemma 0.9499999 (min 0.95), \
         end-to-end words F1 0.99 (min 0.98): TOO LOW"
    );
}

#[test]
fn check_eval_rejects_missing_figures_and_empty_output() {
    let err = check_eval(&eval_cfg(), "ner", "{\"precision\": 80.0}").unwrap_err();
    assert_eq!(
        err.msg,
        "eval ner: the last line is not the expected JSON ('f1'): {\"precision\": 80.0}"
    );
    let err = check_eval(&eval_cfg(), "ner", "\n \n").unwrap_err();
    assert_eq!(err.msg, "eval ner printed nothing");
    let err = check_eval(&eval_cfg(), "lemma", "{}").unwrap_err();
    assert_eq!(
        err.msg,
        "check-eval: unknown kind 'lemma' (segment, pos, ner)"
    );
}

#[test]
fn check_lock_names_both_versions() {
    let pinned = Value::String("0.2.130".into());
    let one: BTreeSet<String> = ["0.2.130".to_string()].into();
    assert_eq!(
        check_lock_versions(&pinned, &one).unwrap(),
        "wasm-bindgen 0.2.130: Cargo.lock and wasm-pack.toml agree"
    );
    let two: BTreeSet<String> = ["0.2.130".to_string(), "0.2.99".to_string()].into();
    let err = check_lock_versions(&pinned, &two).unwrap_err();
    assert!(
        err.msg.starts_with(
            "version mismatch: wasm-pack.toml pins wasm-bindgen-cli = '0.2.130' but \
             Cargo.lock has wasm-bindgen 0.2.130, 0.2.99.\n"
        ),
        "{}",
        err.msg
    );
    let err = check_lock_versions(&pinned, &BTreeSet::new()).unwrap_err();
    assert!(err
        .msg
        .starts_with("Cargo.lock has no wasm-bindgen package"));
}

#[test]
fn values_print_as_the_scripts_read_them() {
    let repo = Repo::from_str(
        PathBuf::from("/nonexistent"),
        r#"
[tools]
wasm-pack = "0.15.1"
[build]
list = ["a", 1, 2.5, true]
big = 1e16
small = 0.00001
[demo]
port = 8080
table = { a = "ü", b = [1.0] }
"#,
    );
    let run = |args: &[&str]| {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let mut out = String::new();
        repo.run(&args, &mut out, &mut std::io::empty())
            .map(|()| out)
    };
    assert_eq!(run(&["tools.wasm-pack"]).unwrap(), "0.15.1\n");
    assert_eq!(run(&["build.list"]).unwrap(), "a\n1\n2.5\ntrue\n");
    assert_eq!(run(&["build.big"]).unwrap(), "1e+16\n");
    assert_eq!(run(&["build.small"]).unwrap(), "1e-05\n");
    assert_eq!(
        run(&["demo"]).unwrap(),
        "{\"port\": 8080, \"table\": {\"a\": \"\\u00fc\", \"b\": [1.0]}}\n"
    );
    assert_eq!(
        run(&["get", "demo.host", "127.0.0.1"]).unwrap(),
        "127.0.0.1\n"
    );
    assert_eq!(run(&["get", "demo.host", ""]).unwrap(), "\n");
    assert_eq!(
        run(&["demo.host"]).unwrap_err().msg,
        "wasm-pack.toml has no key 'demo.host'"
    );
    assert_eq!(run(&["bogus"]).unwrap_err().code, 2);
    assert_eq!(
        run(&["build-args"]).unwrap(),
        "--release\n--mode\nno-install\n"
    );
}

#[test]
fn any_becomes_unknown_only_for_whole_parameters() {
    let (out, n) = any_to_unknown("f(a: any, b_2: any): any;\nx: anything; y : any; (z: any)");
    assert_eq!(n, 3);
    assert_eq!(
        out,
        "f(a: unknown, b_2: unknown): any;\nx: anything; y : any; (z: unknown)"
    );
    // The word before the colon may not be the `any` just replaced.
    assert_eq!(
        any_to_unknown("x: any: any"),
        ("x: unknown: any".to_string(), 1)
    );
}

#[test]
fn splitlines_like_python() {
    assert_eq!(
        py_splitlines("a\r\nb\rc\n\nd"),
        vec!["a", "b", "c", "", "d"]
    );
    assert_eq!(py_splitlines("a\n"), vec!["a"]);
    assert!(py_splitlines("").is_empty());
}

/// The package.json of a fake repository whose builds wasm-pack "wrote".
#[test]
fn package_json_exports_every_build_and_the_worker() {
    let root = std::env::temp_dir().join(format!("xtask-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let write = |rel: &str, text: &str| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write(
        "Cargo.toml",
        "[package]\nname = \"my-lib\"\nversion = \"1.2.3\"\ndescription = \"d\"\nlicense = \"MIT\"\n",
    );
    write("js/w.mjs", "");
    write("js/w.d.ts", "");
    write("js/worker.mjs", "");
    write("LICENSE", "");
    write(
        "js/package.template.json",
        include_str!("../../js/package.template.json"),
    );
    write(
        "pkg/web/package.json",
        r#"{"type": "module", "sideEffects": ["./snippets/*"]}"#,
    );
    write(
        "pkg/bundler/package.json",
        r#"{"type": "module", "sideEffects": ["./my_lib.js"]}"#,
    );
    write("pkg/nodejs/package.json", r#"{"name": "my-lib"}"#);
    let repo = Repo::from_str(
        root.clone(),
        r#"
[[target]]
name = "web"
out-dir = "pkg/web"
[[target]]
name = "bundler"
out-dir = "pkg/bundler"
[[target]]
name = "nodejs"
out-dir = "pkg/nodejs"
[npm]
keywords = ["k"]
web-files = ["js/w.mjs", "js/w.d.ts", "js/worker.mjs"]
worker-client = "w.mjs"
extra-files = ["LICENSE", "LICENSE-MIT"]
"#,
    );
    let pkg = repo.package_json().unwrap();
    // What scripts/build-wasm.sh reads back from the package.json it wrote.
    std::fs::write(root.join("package.json"), json::pretty(&pkg, false)).unwrap();
    let file = root.join("package.json").display().to_string();
    let json_get = |keys: &[&str]| {
        let mut args = vec!["json-get".to_string(), file.clone()];
        args.extend(keys.iter().map(|k| k.to_string()));
        let mut out = String::new();
        repo.run(&args, &mut out, &mut std::io::empty())
            .map(|()| out)
    };
    let got = json_get(&["name", "version", "files"]);
    let missing = json_get(&["version", "exports.nope"]);
    let _ = std::fs::remove_dir_all(&root);
    assert_eq!(
        got.unwrap(),
        "my-lib\n1.2.3\n[\"web/\", \"bundler/\", \"nodejs/\", \"LICENSE\"]\n"
    );
    assert_eq!(
        missing.unwrap_err().msg,
        format!("{file} has no key 'exports.nope'")
    );
    let Json::Obj(top) = &pkg else {
        panic!("not an object")
    };
    let keys = top.keys();
    assert_eq!(
        keys,
        [
            "name",
            "version",
            "description",
            "keywords",
            "license",
            "main",
            "module",
            "types",
            "exports",
            "sideEffects",
            "files"
        ]
    );
    assert_eq!(pkg.get("name"), Some(&Json::from("my-lib")));
    assert_eq!(pkg.get("main"), Some(&Json::from("./nodejs/my_lib.js")));
    let Some(Json::Obj(exports)) = pkg.get("exports") else {
        panic!("no exports")
    };
    let exports = exports.keys();
    assert_eq!(
        exports,
        [
            ".",
            "./web",
            "./bundler",
            "./nodejs",
            "./package.json",
            "./worker",
            "./web/worker.mjs",
            "./web/my_lib_bg.wasm",
            "./bundler/my_lib_bg.wasm",
            "./nodejs/my_lib_bg.wasm"
        ]
    );
    let node = exports_entry(&pkg, ".").get("node").unwrap();
    assert_eq!(node.get("types"), Some(&Json::from("./nodejs/my_lib.d.ts")));
    assert_eq!(
        json::compact(pkg.get("exports").unwrap().get("./worker").unwrap(), false),
        r#"{"types": "./web/w.d.ts", "default": "./web/w.mjs"}"#
    );
    assert_eq!(
        json::compact(pkg.get("sideEffects").unwrap(), false),
        r#"["./web/snippets/*", "./bundler/my_lib.js", "./nodejs/*", "./web/worker.mjs"]"#
    );
    assert_eq!(
        json::compact(pkg.get("files").unwrap(), false),
        r#"["web/", "bundler/", "nodejs/", "LICENSE"]"#
    );
}

fn exports_entry<'a>(pkg: &'a Json, key: &str) -> &'a Json {
    pkg.get("exports").unwrap().get(key).unwrap()
}
