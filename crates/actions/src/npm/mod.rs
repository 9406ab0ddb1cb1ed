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

/// The packages an action may `require`: package name -> extracted package directory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DependencySet {
    packages: BTreeMap<String, PathBuf>,
}

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
    pub fn new(packages: BTreeMap<String, PathBuf>) -> Self {
        Self { packages }
    }

    pub fn packages(&self) -> impl Iterator<Item = (&String, &PathBuf)> {
        self.packages.iter()
    }

    /// Real path of a virtual path, refusing anything outside the package's directory.
    fn real(&self, vpath: &str) -> Option<PathBuf> {
        let rest = vpath.strip_prefix("/node_modules/")?;
        let (name, sub) = split_package(rest);
        let root = self.packages.get(&name)?;
        let sub = Path::new(&sub);
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

    fn main_of(&self, dir: &str) -> Option<String> {
        let pkg = self.read(&format!("{dir}/package.json")).ok()?;
        let pkg: serde_json::Value = serde_json::from_str(&pkg).ok()?;
        let pick = |v: &serde_json::Value| -> Option<String> {
            match v {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Object(m) => ["require", "node", "default"].iter().find_map(|k| m.get(*k).and_then(|x| x.as_str()).map(str::to_owned)),
                _ => None,
            }
        };
        let exports = pkg.get("exports").and_then(|e| match e {
            serde_json::Value::Object(m) if m.contains_key(".") => m.get(".").and_then(pick),
            serde_json::Value::Object(m) if m.keys().all(|k| !k.starts_with('.')) => pick(e),
            serde_json::Value::String(s) => Some(s.clone()),
            _ => None,
        });
        exports.or_else(|| pkg.get("main").and_then(|m| m.as_str()).map(str::to_owned))
    }

    fn file_or_dir(&self, v: &str) -> Option<String> {
        for cand in [v.to_owned(), format!("{v}.js"), format!("{v}.json"), format!("{v}.cjs")] {
            if self.is_file(&cand) {
                return Some(cand);
            }
        }
        if let Some(main) = self.main_of(v) {
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
        self.packages.get(&name)?;
        let base = format!("/node_modules/{name}");
        if sub.is_empty() {
            self.file_or_dir(&base)
        } else {
            self.file_or_dir(&normalize(&format!("{base}/{sub}"))?)
        }
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
