//! npm dependencies: installing declared `{name, version}` packages from the registry into a
//! content-addressed store (`install.rs`), and resolving `require` inside the sandbox against an
//! action's installed set (this file). Files are exposed to scripts under virtual paths
//! `/node_modules/<name>/...`; real paths never reach JavaScript.

mod install;

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

pub use install::{NpmStore, registry_from_environment};

/// Largest source file `require` will read.
const MAX_FILE_BYTES: u64 = 8 << 20;

/// Node built-ins that exist in Node but not in Actions (so `require` names them).
const NODE_BUILTINS: &[&str] = &[
    "assert", "async_hooks", "child_process", "cluster", "console", "constants", "dgram",
    "diagnostics_channel", "dns", "domain", "fs", "fs/promises", "http", "http2", "https",
    "inspector", "module", "net", "os", "path", "perf_hooks", "process", "punycode", "readline",
    "repl", "stream", "stream/promises", "string_decoder", "sys", "timers", "tls", "trace_events",
    "tty", "v8", "vm", "wasi", "worker_threads", "zlib",
];

pub fn is_node_builtin(name: &str) -> bool {
    NODE_BUILTINS.contains(&name)
}

/// Export conditions, in order of preference, for `require` (CommonJS on a Node-like runtime).
const NODE_CONDITIONS: &[&str] = &["require", "node", "default"];
/// The same for the browser build of a package.
const BROWSER_CONDITIONS: &[&str] = &["browser", "require", "default"];

/// The entry an `exports` target selects: a path, or the first of our conditions it offers
/// (nested condition objects are followed).
fn pick(v: &serde_json::Value, conditions: &[&str]) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Object(m) => conditions.iter().find_map(|c| m.get(*c).and_then(|x| pick(x, conditions))),
        serde_json::Value::Array(a) => a.iter().find_map(|x| pick(x, conditions)),
        _ => None,
    }
}

/// The packages an action may `require`: virtual package directory (`/node_modules/a`, or
/// `/node_modules/a/node_modules/b` for a version only `a` needs) -> extracted package directory.
/// A bare `require` looks in the requiring package's own `node_modules`, then its parents', then
/// the top level, as Node does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DependencySet {
    packages: BTreeMap<String, PathBuf>,
}

const NODE_MODULES: &str = "/node_modules/";

fn normalize(path: &str) -> Option<String> {
    let mut out: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                out.pop()?;
            }
            p => out.push(p),
        }
    }
    Some(format!("/{}", out.join("/")))
}

fn split_package(spec: &str) -> (String, String) {
    let mut parts = spec.splitn(if spec.starts_with('@') { 3 } else { 2 }, '/');
    let first = parts.next().unwrap_or_default();
    let name = if spec.starts_with('@') { format!("{first}/{}", parts.next().unwrap_or_default()) } else { first.to_owned() };
    (name, parts.next().unwrap_or_default().to_owned())
}

impl DependencySet {
    /// Top-level packages only: package name -> directory.
    pub fn new(packages: BTreeMap<String, PathBuf>) -> Self {
        Self { packages: packages.into_iter().map(|(name, dir)| (format!("/node_modules/{name}"), dir)).collect() }
    }

    /// Packages placed at virtual directories (`/node_modules/a/node_modules/b`).
    pub fn nested(packages: BTreeMap<String, PathBuf>) -> Self {
        Self { packages }
    }

    /// The virtual directories of the packages whose files `vpath` is inside, innermost first.
    fn package_chain<'a>(&self, vpath: &'a str) -> Vec<&'a str> {
        let mut chain = Vec::new();
        let mut from = 0;
        while let Some(pos) = vpath[from..].find(NODE_MODULES) {
            let start = from + pos + NODE_MODULES.len();
            let (name, _) = split_package(&vpath[start..]);
            let end = start + name.len();
            if name.is_empty() || !self.packages.contains_key(&vpath[..end]) {
                break;
            }
            chain.push(&vpath[..end]);
            from = end;
        }
        chain.reverse();
        chain
    }

    /// The package directory a bare `name` means from virtual directory `dir`.
    fn lookup(&self, dir: &str, name: &str) -> Option<String> {
        let nested = self.package_chain(dir).into_iter().map(|p| format!("{p}/node_modules/{name}"));
        nested.chain(std::iter::once(format!("/node_modules/{name}"))).find(|c| self.packages.contains_key(c))
    }

    pub fn packages(&self) -> impl Iterator<Item = (&String, &PathBuf)> {
        self.packages.iter()
    }

    /// Real path of a virtual path, refusing anything outside the package's directory.
    fn real(&self, vpath: &str) -> Option<PathBuf> {
        let vdir = *self.package_chain(vpath).first()?;
        let root = self.packages.get(vdir)?;
        let sub = Path::new(vpath[vdir.len()..].trim_start_matches('/'));
        if sub.components().any(|c| !matches!(c, Component::Normal(_))) {
            return None;
        }
        let real = root.join(sub).canonicalize().ok()?;
        let root = root.canonicalize().ok()?;
        (real.starts_with(&root) && real.is_file()).then_some(real)
    }

    fn is_file(&self, vpath: &str) -> bool {
        self.real(vpath).is_some()
    }

    fn main_of(&self, dir: &str, conditions: &[&str]) -> Option<String> {
        let pkg = self.read(&format!("{dir}/package.json")).ok()?;
        let pkg: serde_json::Value = serde_json::from_str(&pkg).ok()?;
        let exports = pkg.get("exports").and_then(|e| match e {
            serde_json::Value::Object(m) if m.contains_key(".") => m.get(".").and_then(|v| pick(v, conditions)),
            serde_json::Value::Object(m) if m.keys().all(|k| !k.starts_with('.')) => pick(e, conditions),
            serde_json::Value::String(s) => Some(s.clone()),
            _ => None,
        });
        let main = || pkg.get("main").and_then(|m| m.as_str()).map(str::to_owned);
        if conditions.contains(&"browser") {
            // The `browser` field: a replacement entry, or a map whose entry for `main` replaces it.
            let field = match pkg.get("browser") {
                Some(serde_json::Value::String(b)) => Some(b.clone()),
                Some(serde_json::Value::Object(map)) => {
                    let m = main().unwrap_or_else(|| "index.js".into());
                    let bare = m.trim_start_matches("./").to_owned();
                    [format!("./{bare}"), bare].iter().find_map(|k| map.get(k).and_then(|v| v.as_str()).map(str::to_owned))
                }
                _ => None,
            };
            return exports.or(field);
        }
        exports.or_else(main)
    }

    fn file_or_dir(&self, v: &str) -> Option<String> {
        self.file_or_dir_with(v, NODE_CONDITIONS)
    }

    fn file_or_dir_with(&self, v: &str, conditions: &[&str]) -> Option<String> {
        for cand in [v.to_owned(), format!("{v}.js"), format!("{v}.json"), format!("{v}.cjs")] {
            if self.is_file(&cand) {
                return Some(cand);
            }
        }
        if let Some(main) = self.main_of(v, conditions) {
            let m = normalize(&format!("{v}/{main}"))?;
            for cand in [m.clone(), format!("{m}.js"), format!("{m}.json"), format!("{m}/index.js")] {
                if self.is_file(&cand) {
                    return Some(cand);
                }
            }
        }
        ["index.js", "index.json"].iter().map(|i| format!("{v}/{i}")).find(|c| self.is_file(c))
    }

    /// Resolve `require(request)` from a module in virtual directory `dir`.
    pub fn resolve(&self, dir: &str, request: &str) -> Option<String> {
        if request.starts_with("./") || request.starts_with("../") || request.starts_with('/') || request == "." || request == ".." {
            let joined = if request.starts_with('/') { normalize(request)? } else { normalize(&format!("{dir}/{request}"))? };
            if !joined.starts_with("/node_modules/") {
                return None;
            }
            return self.file_or_dir(&joined);
        }
        let (name, sub) = split_package(request);
        let base = self.lookup(dir, &name)?;
        if sub.is_empty() {
            self.file_or_dir(&base)
        } else {
            self.file_or_dir(&normalize(&format!("{base}/{sub}"))?)
        }
    }

    /// The browser build of package `request` (from the `browser` export condition or the
    /// `browser` field), when it differs from what `resolve` picks. Used when a package's Node
    /// build needs a built-in Actions does not have (`http`, `zlib`...): browser builds of HTTP
    /// clients use `fetch` instead.
    pub fn resolve_browser(&self, dir: &str, request: &str) -> Option<String> {
        if request.starts_with('.') || request.starts_with('/') {
            return None;
        }
        let (name, sub) = split_package(request);
        if !sub.is_empty() {
            return None;
        }
        let base = self.lookup(dir, &name)?;
        let browser = self.main_of(&base, BROWSER_CONDITIONS)?;
        let path = self.file_or_dir_with(&normalize(&format!("{base}/{browser}"))?, BROWSER_CONDITIONS)?;
        (Some(&path) != self.resolve(dir, request).as_ref()).then_some(path)
    }

    /// Read a resolved file's source.
    pub fn read(&self, vpath: &str) -> Result<String, String> {
        let real = self.real(vpath).ok_or_else(|| format!("Cannot find module '{vpath}'"))?;
        let meta = std::fs::metadata(&real).map_err(|e| e.to_string())?;
        if meta.len() > MAX_FILE_BYTES {
            return Err(format!("module {vpath} is larger than {MAX_FILE_BYTES} bytes"));
        }
        std::fs::read_to_string(&real).map_err(|e| format!("{vpath}: {e}"))
    }
}
