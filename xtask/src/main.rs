//! `cargo xtask`: reads wasm-pack.toml, the project's one declaration of its
//! wasm build, for the shell scripts in scripts/ (their `cfg` function), and
//! assembles the npm package's package.json from js/package.template.json,
//! and serves the demo page (`serve`, src/serve.rs: std::net only).
//! See [`USAGE`].

mod json;
mod serve;

use json::{py_float, Json, Obj};
use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};
use toml::{Table, Value};

const USAGE: &str = "\
Reads wasm-pack.toml, the project's one declaration of its wasm build, for the
shell scripts in scripts/ (their `cfg` function).

Usage: cargo xtask COMMAND (run from anywhere; paths are relative to the repository root)
  KEY                 print a value: tools.wasm-pack -> 0.15.1;
                      a list prints one item per line
  get KEY [DEFAULT]   the same, with a default for a missing key
  targets             one \"NAME OUT-DIR\" line per [[target]]
  build-args          the shared `wasm-pack build` flags, one per line
  cargo-version       the crate version from Cargo.toml
  file-stem           the name wasm-pack gives its files (parsi ->
                      parsi.js, parsi_bg.wasm)
  check-lock          fail unless tools.wasm-bindgen-cli equals the
                      wasm-bindgen version in Cargo.lock
  check-npm-pin FILE  fail unless package.json FILE pins
                      playwright-core at tools.playwright-core
  package-json        print the package.json of the assembled npm package
                      (npm.package-template filled in)
  subdir-package-json TARGET
                      print the small package.json of one build's folder
                      inside the npm package (its module \"type\")
  dts-no-any FOLDER   in every .d.ts under FOLDER, declare the raw
                      wasm exports' `any` parameters `unknown`
  json-get FILE KEY...
                      print each KEY (a.b for nested) of the JSON file FILE,
                      a string as it is, anything else as JSON
  check-eval [KIND]   read `parsi eval KIND` output (segment, pos or
                      ner; default segment) on stdin and fail unless
                      its last JSON line meets test.eval
  serve DIR [HOST [PORT]]
                      serve the files in DIR over HTTP on a loopback
                      address (default 127.0.0.1 8080; port 0: any
                      free one) until stopped; the demo's server

XTASK_ROOT=DIR reads DIR/wasm-pack.toml, DIR/Cargo.toml ... instead (for testing).";

/// Why a command failed: a message for stderr (none when the command has
/// already said everything on stdout) and the exit code.
#[derive(Debug, PartialEq)]
struct Fail {
    msg: String,
    code: i32,
}

type Res<T> = Result<T, Fail>;

fn die<T>(msg: impl Into<String>) -> Res<T> {
    Err(Fail {
        msg: msg.into(),
        code: 1,
    })
}

fn usage_error<T>(msg: &str) -> Res<T> {
    Err(Fail {
        msg: msg.into(),
        code: 2,
    })
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() || args[0] == "-h" || args[0] == "--help" {
        print_stdout(&format!("{USAGE}\n"));
        std::process::exit(if args.is_empty() { 2 } else { 0 });
    }
    // XTASK_ROOT: another checkout's root (for testing); by default this one's.
    let root = std::env::var_os("XTASK_ROOT").map_or_else(
        || {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .parent()
                .expect("xtask/ sits in the repository root")
                .to_path_buf()
        },
        PathBuf::from,
    );
    // serve prints as it goes and needs no wasm-pack.toml.
    if args[0] == "serve" {
        if let Err(fail) = serve::command(&args[1..]) {
            eprintln!("xtask: error: {}", fail.msg);
            std::process::exit(fail.code);
        }
        return;
    }
    let mut out = String::new();
    let result = Repo::load(root).and_then(|repo| repo.run(&args, &mut out, &mut std::io::stdin()));
    print_stdout(&out);
    if let Err(fail) = result {
        if !fail.msg.is_empty() {
            eprintln!("xtask: error: {}", fail.msg);
        }
        std::process::exit(fail.code);
    }
}

/// Writes to stdout. `cargo xtask ... | head` is not an error of ours: on a
/// closed pipe it exits as a shell reports a process that SIGPIPE ended.
fn print_stdout(text: &str) {
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        let broken = e.kind() == std::io::ErrorKind::BrokenPipe;
        std::process::exit(if broken { 141 } else { 1 });
    }
}

/// The repository: its root and its wasm-pack.toml.
struct Repo {
    root: PathBuf,
    cfg: Table,
    cargo: std::cell::OnceCell<Table>,
}

fn load_toml(path: &Path) -> Res<Table> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return die(format!("{} not found", path.display()))
        }
        Err(e) => return die(format!("{}: {e}", path.display())),
    };
    text.parse::<Table>()
        .or_else(|e| die(format!("{}: {}", path.display(), e.to_string().trim_end())))
}

fn read_json(path: &Path) -> Res<Json> {
    let text =
        std::fs::read_to_string(path).or_else(|e| die(format!("{}: {e}", path.display())))?;
    json::parse(&text).or_else(|e| die(format!("{}: {e}", path.display())))
}

impl Repo {
    fn load(root: PathBuf) -> Res<Repo> {
        let cfg = load_toml(&root.join("wasm-pack.toml"))?;
        Ok(Repo {
            root,
            cfg,
            cargo: Default::default(),
        })
    }

    #[cfg(test)]
    fn from_str(root: PathBuf, text: &str) -> Repo {
        Repo {
            root,
            cfg: text.parse().expect("test config parses"),
            cargo: Default::default(),
        }
    }

    /// Runs one command; what it prints goes to `out`.
    fn run(&self, args: &[String], out: &mut String, stdin: &mut dyn Read) -> Res<()> {
        let (cmd, args) = (args[0].as_str(), &args[1..]);
        let line = |out: &mut String, s: &str| {
            out.push_str(s);
            out.push('\n');
        };
        match cmd {
            "targets" => {
                for t in self.targets()? {
                    line(
                        out,
                        &format!("{} {}", show(&t["name"]), show(&t["out-dir"])),
                    );
                }
            }
            "build-args" => line(out, &self.build_args()?.join("\n")),
            "cargo-version" => line(out, &show(self.cargo_field("version")?)),
            "file-stem" => line(out, &self.stem()?),
            "check-lock" => line(out, &self.check_lock()?),
            "check-npm-pin" => match args {
                [file] => line(out, &self.check_npm_pin(file)?),
                _ => return usage_error("usage: check-npm-pin PACKAGE.JSON"),
            },
            "package-json" => line(out, &json::pretty(&self.package_json()?, false)),
            "subdir-package-json" => match args {
                [target] => line(out, &json::pretty(&self.subdir_package_json(target)?, true)),
                _ => return usage_error("usage: subdir-package-json TARGET"),
            },
            "dts-no-any" => match args {
                [folder] => out.push_str(&dts_no_any(folder)?),
                _ => return usage_error("usage: dts-no-any FOLDER"),
            },
            "json-get" => match args {
                [file, keys @ ..] if !keys.is_empty() => {
                    let v = read_json(Path::new(file))?;
                    for key in keys {
                        match json_lookup(&v, key) {
                            Some(Json::Str(s)) => line(out, s),
                            Some(other) => line(out, &json::compact(other, false)),
                            None => return die(format!("{file} has no key {}", py_str_repr(key))),
                        }
                    }
                }
                _ => return usage_error("usage: json-get FILE KEY..."),
            },
            "check-eval" => {
                let kind = args.first().map_or("segment", String::as_str);
                let mut input = String::new();
                let ev = self.get("test.eval")?;
                stdin
                    .read_to_string(&mut input)
                    .or_else(|e| die(format!("reading stdin: {e}")))?;
                let (report, ok) = check_eval(ev, kind, &input)?;
                line(out, &report);
                if !ok {
                    return Err(Fail {
                        msg: String::new(),
                        code: 1,
                    });
                }
            }
            _ if cmd == "get" || cmd.contains('.') || self.cfg.contains_key(cmd) => {
                let key = if cmd == "get" {
                    match args.first() {
                        Some(k) => k.as_str(),
                        None => return usage_error("usage: get KEY [DEFAULT]"),
                    }
                } else {
                    cmd
                };
                match lookup(&self.cfg, key) {
                    Some(v) => line(out, &show(v)),
                    None if cmd == "get" && args.len() > 1 => line(out, &args[1]),
                    None => return die(format!("wasm-pack.toml has no key {}", py_str_repr(key))),
                }
            }
            _ => {
                return usage_error(&format!(
                    "unknown command {} (see --help)",
                    py_str_repr(cmd)
                ))
            }
        }
        Ok(())
    }

    fn get(&self, key: &str) -> Res<&Value> {
        lookup(&self.cfg, key).map_or_else(
            || die(format!("wasm-pack.toml has no key {}", py_str_repr(key))),
            Ok,
        )
    }

    fn section(&self, name: &str) -> Table {
        self.cfg
            .get(name)
            .and_then(Value::as_table)
            .cloned()
            .unwrap_or_default()
    }

    /// The [[target]] tables, checked.
    fn targets(&self) -> Res<Vec<&Table>> {
        let ts: Vec<&Table> = match self.cfg.get("target") {
            None => vec![],
            Some(Value::Array(a)) => a
                .iter()
                .map(|t| {
                    t.as_table()
                        .map_or_else(|| die("every [[target]] must be a table"), Ok)
                })
                .collect::<Res<_>>()?,
            Some(_) => return die("`target` must be an array of tables ([[target]])"),
        };
        if ts.is_empty() {
            return die("wasm-pack.toml declares no [[target]]");
        }
        for t in &ts {
            if !t.contains_key("name") || !t.contains_key("out-dir") {
                return die(format!(
                    "every [[target]] needs name and out-dir: {}",
                    py_repr(&Value::Table((*t).clone()))
                ));
            }
            let name = t["name"].as_str().unwrap_or("");
            if !["web", "bundler", "nodejs", "deno", "no-modules"].contains(&name) {
                return die(format!("unknown wasm-pack target {}", py_repr(&t["name"])));
            }
        }
        Ok(ts)
    }

    fn target_names(&self) -> Res<Vec<String>> {
        Ok(self.targets()?.iter().map(|t| show(&t["name"])).collect())
    }

    fn build_args(&self) -> Res<Vec<String>> {
        let build = self.section("build");
        let profile = build
            .get("profile")
            .cloned()
            .unwrap_or_else(|| "release".into());
        if !["release", "dev", "profiling"].contains(&profile.as_str().unwrap_or("")) {
            return die(format!(
                "build.profile must be release, dev or profiling, not {}",
                py_repr(&profile)
            ));
        }
        let mode = build.get("mode").map_or("no-install".into(), show);
        let mut args = vec![format!("--{}", show(&profile)), "--mode".into(), mode];
        if let Some(extra) = build.get("extra-args") {
            args.extend(list(extra).iter().map(show));
        }
        Ok(args)
    }

    /// Cargo.toml's [package], read on first use.
    fn cargo_package(&self) -> Res<&Table> {
        if self.cargo.get().is_none() {
            let _ = self.cargo.set(load_toml(&self.root.join("Cargo.toml"))?);
        }
        let cargo = self.cargo.get().expect("just set");
        match cargo.get("package").and_then(Value::as_table) {
            Some(p) => Ok(p),
            None => die(format!(
                "{} has no [package]",
                self.root.join("Cargo.toml").display()
            )),
        }
    }

    fn cargo_field(&self, key: &str) -> Res<&Value> {
        match self.cargo_package()?.get(key) {
            Some(v) => Ok(v),
            None => die(format!("Cargo.toml has no package.{key}")),
        }
    }

    fn cargo_opt(&self, key: &str) -> Res<Option<&Value>> {
        Ok(self.cargo_package()?.get(key))
    }

    /// The name wasm-pack gives its files (hyphens become underscores).
    fn stem(&self) -> Res<String> {
        Ok(show(self.cargo_field("name")?).replace('-', "_"))
    }

    fn check_lock(&self) -> Res<String> {
        let pinned = self.get("tools.wasm-bindgen-cli")?;
        let lock = load_toml(&self.root.join("Cargo.lock"))?;
        let found: BTreeSet<String> = lock
            .get("package")
            .map(list)
            .unwrap_or_default()
            .iter()
            .filter_map(Value::as_table)
            .filter(|p| p.get("name").and_then(Value::as_str) == Some("wasm-bindgen"))
            .filter_map(|p| p.get("version").map(show))
            .collect();
        check_lock_versions(pinned, &found)
    }

    fn check_npm_pin(&self, path: &str) -> Res<String> {
        let pinned = self.get("tools.playwright-core")?;
        let pkg = read_json(Path::new(path))?;
        let mut deps = Obj::new();
        for section in ["dependencies", "devDependencies"] {
            match pkg.get(section) {
                None => {}
                Some(Json::Obj(m)) => deps.extend(m),
                Some(_) => return die(format!("{path}: {section} is not an object")),
            }
        }
        let got = match deps.get("playwright-core") {
            None => return die(format!("{path} does not depend on playwright-core")),
            Some(Json::Str(s)) => s,
            Some(other) => {
                return die(format!(
                    "{path}: playwright-core: not a version string: {}",
                    json::compact(other, false)
                ))
            }
        };
        if pinned.as_str() != Some(got.trim_start_matches('=')) {
            return die(format!(
                "{path} asks for playwright-core {} but wasm-pack.toml pins {}: make them equal",
                py_str_repr(got),
                py_repr(pinned)
            ));
        }
        Ok(format!(
            "playwright-core {}: {path} and wasm-pack.toml agree",
            show(pinned)
        ))
    }

    /// The package.json wasm-pack wrote into one target's out-dir.
    fn generated_package_json(&self, name: &str) -> Res<Json> {
        for t in self.targets()? {
            if t["name"].as_str() == Some(name) {
                let p = self.root.join(show(&t["out-dir"])).join("package.json");
                if !p.exists() {
                    return die(format!(
                        "{} is missing: build the {name} target first",
                        p.display()
                    ));
                }
                return read_json(&p);
            }
        }
        die(format!("no [[target]] named {}", py_str_repr(name)))
    }

    /// The files of one build that must not be tree-shaken, as wasm-pack listed
    /// them (relative to the build's folder); `true` when wasm-pack said nothing.
    fn side_effects(&self, name: &str) -> Res<Json> {
        Ok(self
            .generated_package_json(name)?
            .get("sideEffects")
            .cloned()
            .unwrap_or(Json::Bool(true)))
    }

    /// The npm.web-files that run for their effect (worker scripts): all but
    /// the declarations and the worker client.
    fn worker_scripts(&self) -> Vec<String> {
        let npm = self.section("npm");
        let client = npm.get("worker-client").map(show);
        web_files(&npm)
            .iter()
            .filter(|f| !f.ends_with(".d.ts"))
            .map(|f| file_name(f))
            .filter(|name| Some(name) != client.as_ref())
            .collect()
    }

    fn subdir_package_json(&self, name: &str) -> Res<Json> {
        // Node.js and bundlers read "type" and "sideEffects" from the nearest
        // package.json, so each build's folder keeps what wasm-pack said about
        // it (and the web folder also names the worker script, which has effects).
        let mut effects = self.side_effects(name)?;
        if name == "web" && effects != Json::Bool(true) {
            let mut list = match effects {
                Json::Arr(a) => a,
                e if !e.truthy() => vec![],
                e => return die(not_a_list(name, &e)),
            };
            list.extend(
                self.worker_scripts()
                    .into_iter()
                    .map(|f| Json::Str(format!("./{f}"))),
            );
            effects = Json::Arr(list);
        }
        let module_type = self
            .generated_package_json(name)?
            .get("type")
            .cloned()
            .unwrap_or_else(|| "commonjs".into());
        let mut pkg = Obj::new();
        pkg.insert("type", module_type);
        pkg.insert("sideEffects", effects);
        Ok(Json::Obj(pkg))
    }

    /// npm.package-template (js/package.template.json) filled in from
    /// Cargo.toml, wasm-pack.toml and the builds' own package.json files.
    fn package_json(&self) -> Res<Json> {
        let npm = self.section("npm");
        let names = self.target_names()?;
        for needed in ["bundler", "nodejs", "web"] {
            if !names.iter().any(|n| n == needed) {
                return die(format!(
                    "the npm package needs a [[target]] named {}",
                    py_str_repr(needed)
                ));
            }
        }
        let stem = self.stem()?;

        // Exports beyond the template's: the worker helper `parsi/worker` and
        // the worker script it starts (npm.web-files, shipped next to the web
        // build), and each build's .wasm.
        let mut more = Obj::new();
        let web_file_paths = web_files(&npm);
        let web_file_names: Vec<String> = web_file_paths.iter().map(|f| file_name(f)).collect();
        for f in &web_file_paths {
            if !self.root.join(f).exists() {
                return die(format!("npm.web-files: {f} does not exist"));
            }
        }
        if let Some(client) = npm
            .get("worker-client")
            .filter(|c| toml_to_json(c).truthy())
        {
            let client = show(client);
            if !web_file_names.contains(&client) {
                return die(format!(
                    "npm.worker-client {} is not one of npm.web-files",
                    py_str_repr(&client)
                ));
            }
            let dts = format!(
                "{}.d.ts",
                client.rsplit_once('.').map_or(&*client, |(a, _)| a)
            );
            if !web_file_names.contains(&dts) {
                return die(format!(
                    "npm.web-files has no {dts} (the types of {client})"
                ));
            }
            let mut worker = Obj::new();
            worker.insert("types", format!("./web/{dts}"));
            worker.insert("default", format!("./web/{client}"));
            more.insert("./worker", worker);
        }
        let workers = self.worker_scripts();
        for f in &workers {
            // ./web/worker.mjs, for a worker script of one's own to import
            more.insert(format!("./web/{f}"), format!("./web/{f}"));
        }
        let mut effects = vec![];
        for t in &names {
            let wasm = format!("./{t}/{stem}_bg.wasm");
            more.insert(wasm.clone(), wasm);
            match self.side_effects(t)? {
                Json::Bool(true) => effects.push(format!("./{t}/*")),
                Json::Arr(a) => {
                    for f in a {
                        let f = f.as_str().unwrap_or_default();
                        effects.push(format!("./{t}/{}", f.strip_prefix("./").unwrap_or(f)));
                    }
                }
                e if !e.truthy() => {}
                e => return die(not_a_list(t, &e)),
            }
        }
        // The worker script runs for its effect (it installs the message handler).
        effects.extend(workers.iter().map(|f| format!("./web/{f}")));

        let readme = npm.get("readme").map_or("README.md".into(), show);
        let mut files: Vec<String> = names.iter().map(|t| format!("{t}/")).collect();
        if self.root.join(readme).exists() {
            files.push("README.md".into());
        }
        for f in npm.get("extra-files").map(list).unwrap_or_default() {
            let f = show(&f);
            if self.root.join(&f).exists() && file_name(&f) != "README.md" {
                files.push(file_name(&f));
            }
        }

        let from_npm_or_cargo = |key: &str, default: Json| -> Res<Json> {
            Ok(match npm.get(key) {
                Some(v) => toml_to_json(v),
                None => self.cargo_opt(key)?.map_or(default, toml_to_json),
            })
        };
        let vars = Vars {
            name: from_npm_or_cargo("name", Json::Null)?,
            version: toml_to_json(self.cargo_field("version")?),
            description: self
                .cargo_opt("description")?
                .map_or("".into(), toml_to_json),
            keywords: from_npm_or_cargo("keywords", Json::Arr(vec![]))?,
            license: from_npm_or_cargo("license", "".into())?,
            repository: self.cargo_opt("repository")?.map(|r| {
                let mut repo = Obj::new();
                repo.insert("type", "git");
                repo.insert("url", toml_to_json(r));
                Json::Obj(repo)
            }),
            homepage: self.cargo_opt("homepage")?.map(toml_to_json),
            stem,
            side_effects: effects.into(),
            files: files.into(),
            more_exports: more,
        };
        let template_path = npm
            .get("package-template")
            .map_or("js/package.template.json".into(), show);
        let template = read_json(&self.root.join(&template_path))?;
        match fill(&template, &vars).map_err(|msg| Fail {
            msg: format!("{template_path}: {msg}"),
            code: 1,
        })? {
            Some(pkg) => Ok(pkg),
            None => die(format!(
                "{template_path}: the template is a placeholder without a value"
            )),
        }
    }
}

/// The values of the template's placeholders.
struct Vars {
    name: Json,
    version: Json,
    description: Json,
    keywords: Json,
    license: Json,
    repository: Option<Json>,
    homepage: Option<Json>,
    stem: String,
    side_effects: Json,
    files: Json,
    more_exports: Obj,
}

impl Vars {
    fn get(&self, name: &str) -> Result<Option<Json>, String> {
        Ok(match name {
            "name" => Some(self.name.clone()),
            "version" => Some(self.version.clone()),
            "description" => Some(self.description.clone()),
            "keywords" => Some(self.keywords.clone()),
            "license" => Some(self.license.clone()),
            "repository" => self.repository.clone(),
            "homepage" => self.homepage.clone(),
            "stem" => Some(self.stem.as_str().into()),
            "side-effects" => Some(self.side_effects.clone()),
            "files" => Some(self.files.clone()),
            _ => return Err(format!("unknown placeholder {{{{{name}}}}}")),
        })
    }
}

/// Fills in a template value: a string that is a whole `{{placeholder}}`
/// becomes its value (`None` when it has none, and its key is left out);
/// `{{stem}}` inside a string is replaced; the key `{{more-exports}}` stands
/// for the generated exports; keys starting with `//` are comments.
fn fill(v: &Json, vars: &Vars) -> Result<Option<Json>, String> {
    Ok(Some(match v {
        Json::Str(s) => {
            if let Some(name) = s.strip_prefix("{{").and_then(|s| s.strip_suffix("}}")) {
                if !name.contains("{{") && !name.contains("}}") {
                    return vars.get(name);
                }
            }
            let filled = s.replace("{{stem}}", &vars.stem);
            if filled.contains("{{") {
                return Err(format!("{s}: only {{{{stem}}}} may stand inside a string"));
            }
            Json::Str(filled)
        }
        Json::Arr(a) => {
            let mut out = vec![];
            for item in a {
                out.extend(fill(item, vars)?);
            }
            Json::Arr(out)
        }
        Json::Obj(m) => {
            let mut out = Obj::new();
            for (k, v) in m.iter() {
                if k.starts_with("//") {
                    continue;
                }
                if k == "{{more-exports}}" {
                    out.extend(&vars.more_exports);
                    continue;
                }
                if k.contains("{{") {
                    return Err(format!("unknown key placeholder {k}"));
                }
                if let Some(v) = fill(v, vars)? {
                    out.insert(k.clone(), v);
                }
            }
            Json::Obj(out)
        }
        other => other.clone(),
    }))
}

fn check_lock_versions(pinned: &Value, found: &BTreeSet<String>) -> Res<String> {
    if found.is_empty() {
        return die("Cargo.lock has no wasm-bindgen package (run `cargo generate-lockfile`?)");
    }
    if found.len() != 1 || pinned.as_str() != found.first().map(String::as_str) {
        return die(format!(
            "version mismatch: wasm-pack.toml pins wasm-bindgen-cli = {} but Cargo.lock has \
             wasm-bindgen {}.\nwasm-pack only uses a wasm-bindgen that matches Cargo.lock \
             exactly and would try to download one otherwise. Make [tools] wasm-bindgen-cli in \
             wasm-pack.toml equal the version in Cargo.lock (and keep Cargo.toml's \
             `wasm-bindgen = \"=...\"` pin in step).",
            py_repr(pinned),
            found.iter().cloned().collect::<Vec<_>>().join(", ")
        ));
    }
    Ok(format!(
        "wasm-bindgen {}: Cargo.lock and wasm-pack.toml agree",
        show(pinned)
    ))
}

/// Reads `parsi eval KIND` output and checks its last JSON line against
/// test.eval: the report line, and whether every figure meets its minimum.
fn check_eval(ev: &Value, kind: &str, input: &str) -> Res<(String, bool)> {
    let lines: Vec<&str> = py_splitlines(input)
        .into_iter()
        .filter(|l| !l.trim_matches(py_isspace).is_empty())
        .collect();
    let Some(last) = lines.last() else {
        return die(format!("eval {kind} printed nothing"));
    };
    let bad = |why: String| -> Fail {
        Fail {
            msg: format!(
                "eval {kind}: the last line is not the expected JSON ({why}): {}",
                last.chars().take(200).collect::<String>()
            ),
            code: 1,
        }
    };
    let result = json::parse(last).map_err(bad)?;
    // result[a][b]...
    let at = |path: &[&str]| -> Res<&Json> {
        let mut v = &result;
        for key in path {
            v = match v {
                Json::Obj(m) => m.get(key).ok_or_else(|| bad(py_str_repr(key)))?,
                // what Python says when it indexes anything else with a string
                Json::Arr(_) => {
                    return Err(bad(
                        "list indices must be integers or slices, not str".into()
                    ))
                }
                Json::Str(_) => {
                    return Err(bad("string indices must be integers, not 'str'".into()))
                }
                other => {
                    let kind = match other {
                        Json::Int(_) => "int",
                        Json::Float(_) => "float",
                        Json::Bool(_) => "bool",
                        _ => "NoneType",
                    };
                    return Err(bad(format!("'{kind}' object is not subscriptable")));
                }
            };
        }
        Ok(v)
    };
    let figure = |path: &[&str]| -> Res<Json> {
        match at(path)? {
            v @ (Json::Int(_) | Json::Float(_)) => Ok(v.clone()),
            _ => Err(bad(format!("{} is not a number", path.join(".")))),
        }
    };
    let min = |key: &str| -> Res<f64> {
        let v = ev
            .as_table()
            .and_then(|t| t.get(key))
            .ok_or_else(|| bad(py_str_repr(key)))?;
        match v {
            Value::Integer(i) => Ok(*i as f64),
            Value::Float(f) => Ok(*f),
            Value::String(s) => s.trim().parse().map_err(|_| {
                bad(format!(
                    "could not convert string to float: {}",
                    py_str_repr(s)
                ))
            }),
            _ => Err(bad(format!("test.eval.{key} is not a number"))),
        }
    };
    let figures: Vec<(&str, Json, f64)> = match kind {
        "segment" => vec![
            (
                "sentence F1",
                figure(&["sentences", "f1"])?,
                min("min-sentence-f1")?,
            ),
            ("token F1", figure(&["tokens", "f1"])?, min("min-token-f1")?),
        ],
        "pos" => {
            at(&["end_to_end"])?; // the first key Python looks up
            vec![
                ("held-out UPOS", figure(&["upos"])?, min("min-pos-upos")?),
                ("held-out lemma", figure(&["lemma"])?, min("min-pos-lemma")?),
                (
                    "end-to-end words F1",
                    figure(&["end_to_end", "words", "f1"])?,
                    min("min-pos-words-f1")?,
                ),
            ]
        }
        "ner" => vec![("entity F1", figure(&["f1"])?, min("min-ner-f1")?)],
        _ => {
            return die(format!(
                "check-eval: unknown kind {} (segment, pos, ner)",
                py_str_repr(kind)
            ))
        }
    };
    let ok = figures
        .iter()
        .all(|(_, got, want)| got.as_f64().is_some_and(|g| g >= *want));
    let shown: Vec<String> = figures
        .iter()
        .map(|(name, got, want)| format!("{name} {} (min {})", py_number(got), py_float(*want)))
        .collect();
    let verdict = if ok { ": ok" } else { ": TOO LOW" };
    Ok((format!("{kind}: {}{verdict}", shown.join(", ")), ok))
}

/// wasm-bindgen declares the raw wasm exports (InitOutput in the web build's
/// parsi.d.ts, and every parsi_bg.wasm.d.ts) with `any` for the JavaScript
/// values they take (externref). In the npm package these become `unknown`,
/// which is as permissive for a caller and lets the package promise no `any`.
fn dts_no_any(folder: &str) -> Res<String> {
    let mut paths = vec![];
    collect_dts(Path::new(folder), &mut paths)?;
    paths.sort();
    // Paths as Python's pathlib shows them: no "." components.
    let shown_base: PathBuf = Path::new(folder)
        .components()
        .filter(|c| *c != Component::CurDir)
        .collect();
    let mut out = String::new();
    let mut changed = 0;
    for path in paths {
        let src =
            std::fs::read_to_string(&path).or_else(|e| die(format!("{}: {e}", path.display())))?;
        // Text mode: universal newlines in, "\n" out.
        let src = src.replace("\r\n", "\n").replace('\r', "\n");
        let (text, n) = any_to_unknown(&src);
        if n > 0 {
            std::fs::write(&path, text).or_else(|e| die(format!("{}: {e}", path.display())))?;
            changed += n;
            let rel = path.strip_prefix(folder).unwrap_or(&path);
            out.push_str(&format!(
                "{}: {n} parameter(s) declared `any` -> `unknown`\n",
                shown_base.join(rel).display()
            ));
        }
    }
    out.push_str(&format!(
        "dts-no-any: {changed} replacement(s) under {folder}\n"
    ));
    Ok(out)
}

/// Every file under `dir` whose name ends in .d.ts (symbolic links to
/// folders are not followed).
fn collect_dts(dir: &Path, paths: &mut Vec<PathBuf>) -> Res<()> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(()); // like pathlib's rglob: a missing folder has no files
    };
    for entry in entries {
        let entry = entry.or_else(|e| die(format!("{}: {e}", dir.display())))?;
        let path = entry.path();
        let file_type = entry
            .file_type()
            .or_else(|e| die(format!("{}: {e}", path.display())))?;
        if file_type.is_dir() {
            collect_dts(&path, paths)?;
        } else if entry.file_name().to_string_lossy().ends_with(".d.ts") {
            paths.push(path);
        }
    }
    Ok(())
}

/// Python's `\w`: a letter, digit or underscore.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// `re.subn(r"\b(\w+): any\b", r"\1: unknown", src)`.
fn any_to_unknown(src: &str) -> (String, usize) {
    const PAT: &str = ": any";
    let mut out = String::with_capacity(src.len());
    let mut n = 0;
    let mut copied = 0; // src[..copied] is in out
    let mut from = 0;
    while let Some(i) = src[from..].find(PAT).map(|i| i + from) {
        let end = i + PAT.len();
        // \w+ right before the colon, starting after the previous match
        let word_before = src[copied..i].chars().next_back().is_some_and(is_word);
        let boundary_after = !src[end..].chars().next().is_some_and(is_word);
        if word_before && boundary_after {
            out.push_str(&src[copied..i]);
            out.push_str(": unknown");
            copied = end;
            n += 1;
        }
        from = end;
    }
    out.push_str(&src[copied..]);
    (out, n)
}

/// `v[a][b]...` for the key `a.b...`.
fn json_lookup<'a>(v: &'a Json, key: &str) -> Option<&'a Json> {
    key.split('.').try_fold(v, |v, part| v.get(part))
}

fn lookup<'a>(cfg: &'a Table, key: &str) -> Option<&'a Value> {
    let mut parts = key.split('.');
    let mut value = cfg.get(parts.next()?)?;
    for part in parts {
        value = value.as_table()?.get(part)?;
    }
    Some(value)
}

/// A list's items; anything else is a list of itself.
fn list(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a.clone(),
        other => vec![other.clone()],
    }
}

fn web_files(npm: &Table) -> Vec<String> {
    npm.get("web-files")
        .map(list)
        .unwrap_or_default()
        .iter()
        .map(show)
        .collect()
}

/// The last component of a path, as pathlib's `.name`.
fn file_name(f: &str) -> String {
    Path::new(f)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// How a script sees a value: scalars as text, a list one item per line, a
/// table as JSON.
fn show(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Integer(i) => i.to_string(),
        Value::Float(f) => py_float(*f),
        Value::Boolean(b) => b.to_string(),
        Value::Datetime(d) => py_datetime(d),
        Value::Array(a) => a.iter().map(show).collect::<Vec<_>>().join("\n"),
        Value::Table(_) => json::compact(&toml_to_json(v), true),
    }
}

/// An integer as it was written, a float as Python's `repr`.
fn py_number(v: &Json) -> String {
    match v {
        Json::Int(i) => i.clone(),
        Json::Float(f) => py_float(*f),
        other => json::compact(other, false),
    }
}

fn not_a_list(target: &str, e: &Json) -> String {
    format!(
        "the {target} build's sideEffects is not a list: {}",
        json::compact(e, false)
    )
}

fn toml_to_json(v: &Value) -> Json {
    match v {
        Value::String(s) => Json::Str(s.clone()),
        Value::Integer(i) => Json::Int(i.to_string()),
        Value::Float(f) => Json::Float(*f),
        Value::Boolean(b) => Json::Bool(*b),
        Value::Datetime(d) => Json::Str(py_datetime(d)),
        Value::Array(a) => Json::Arr(a.iter().map(toml_to_json).collect()),
        Value::Table(t) => {
            let mut o = Obj::new();
            for (k, v) in t {
                o.insert(k.clone(), toml_to_json(v));
            }
            Json::Obj(o)
        }
    }
}

/// A TOML date-time as Python's `str` of what tomllib makes of it.
fn py_datetime(d: &toml::value::Datetime) -> String {
    let mut parts = vec![];
    if let Some(date) = &d.date {
        parts.push(format!(
            "{:04}-{:02}-{:02}",
            date.year, date.month, date.day
        ));
    }
    if let Some(t) = &d.time {
        let mut s = format!("{:02}:{:02}:{:02}", t.hour, t.minute, t.second.unwrap_or(0));
        let micros = t.nanosecond.unwrap_or(0) / 1000;
        if micros > 0 {
            s.push_str(&format!(".{micros:06}"));
        }
        match d.offset {
            Some(toml::value::Offset::Z) => s.push_str("+00:00"),
            Some(toml::value::Offset::Custom { minutes }) => {
                let sign = if minutes < 0 { '-' } else { '+' };
                let m = minutes.unsigned_abs();
                s.push_str(&format!("{sign}{:02}:{:02}", m / 60, m % 60));
            }
            None => {}
        }
        parts.push(s);
    }
    parts.join(" ")
}

/// A string as Python's `repr` writes it ('web', "it's").
fn py_str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::from(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// A value as Python's `repr` writes what tomllib makes of it.
fn py_repr(v: &Value) -> String {
    match v {
        Value::String(s) => py_str_repr(s),
        Value::Boolean(b) => if *b { "True" } else { "False" }.into(),
        Value::Array(a) => format!("[{}]", a.iter().map(py_repr).collect::<Vec<_>>().join(", ")),
        Value::Table(t) => format!(
            "{{{}}}",
            t.iter()
                .map(|(k, v)| format!("{}: {}", py_str_repr(k), py_repr(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => show(other),
    }
}

/// Python's `str.isspace`.
fn py_isspace(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `str.splitlines()`.
fn py_splitlines(s: &str) -> Vec<&str> {
    let mut lines = vec![];
    let mut start = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(
            c,
            '\n' | '\r'
                | '\u{0b}'
                | '\u{0c}'
                | '\u{1c}'
                | '\u{1d}'
                | '\u{1e}'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        ) {
            lines.push(&s[start..i]);
            let mut end = i + c.len_utf8();
            if c == '\r' && chars.peek().map(|&(_, n)| n) == Some('\n') {
                chars.next();
                end += 1;
            }
            start = end;
        }
    }
    if start < s.len() {
        lines.push(&s[start..]);
    }
    lines
}

#[cfg(test)]
mod tests;
