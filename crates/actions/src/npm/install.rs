//! Resolving and installing npm packages. Tarballs are verified against the registry's sha512
//! integrity and stored content-addressed: `<root>/tarballs/<sha512 hex>.tgz`, extracted to
//! `<root>/packages/<sha512 hex>/`. Dependencies are placed as npm hoists them: top level first,
//! nested under the package that needs a version the top-level one does not satisfy.

use std::collections::{BTreeMap, VecDeque};
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::Value;
use sha2::{Digest, Sha512};

use super::DependencySet;
use crate::error::ActionsError;
use crate::model::Dependency;

/// Most packages installed for one action (direct and transitive).
const MAX_PACKAGES: usize = 200;
/// Largest tarball accepted.
const MAX_TARBALL_BYTES: usize = 64 << 20;

/// The registry URL from the environment: `npm_config_registry`, else `npm config get registry`.
pub fn registry_from_environment() -> Option<String> {
    if let Ok(r) = std::env::var("npm_config_registry") {
        if !r.trim().is_empty() {
            return Some(r.trim().trim_end_matches('/').to_owned());
        }
    }
    let out = std::process::Command::new("npm").args(["config", "get", "registry"]).output().ok()?;
    let r = String::from_utf8(out.stdout).ok()?;
    let r = r.trim().trim_end_matches('/');
    (out.status.success() && r.starts_with("http")).then(|| r.to_owned())
}

pub struct NpmStore {
    root: PathBuf,
    /// From configuration; else found in the environment on first use (running `npm config get
    /// registry` takes a Node.js start-up, so not at server start).
    configured: Option<String>,
    registry: std::sync::OnceLock<Option<String>>,
    http: reqwest::Client,
}

fn err(dep: &Dependency, message: impl Into<String>) -> ActionsError {
    ActionsError::Dependency { name: dep.name.clone(), version: dep.version.clone(), message: message.into() }
}

impl NpmStore {
    /// `registry`: from configuration, else from the environment when first needed (see
    /// [`registry_from_environment`]).
    pub fn new(root: impl Into<PathBuf>, registry: Option<String>) -> Result<Self, ActionsError> {
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(60))
            .build()
            .map_err(|e| ActionsError::Registry(e.to_string()))?;
        Ok(Self { root: root.into(), configured: registry, registry: std::sync::OnceLock::new(), http })
    }

    /// The registry's base URL.
    pub fn registry(&self) -> Result<&str, ActionsError> {
        self.registry
            .get_or_init(|| self.configured.clone().or_else(registry_from_environment).map(|r| r.trim_end_matches('/').to_owned()))
            .as_deref()
            .ok_or_else(|| ActionsError::Registry("no npm registry configured (set actions.npm_registry or npm_config_registry)".into()))
    }

    async fn get(&self, url: &str, accept: &str) -> Result<Vec<u8>, String> {
        let resp = self.http.get(url).header("accept", accept).send().await.map_err(|e| e.to_string())?;
        if !resp.status().is_success() {
            return Err(format!("GET {url}: HTTP {}", resp.status()));
        }
        let bytes = resp.bytes().await.map_err(|e| e.to_string())?;
        if bytes.len() > MAX_TARBALL_BYTES {
            return Err(format!("{url}: larger than {MAX_TARBALL_BYTES} bytes"));
        }
        Ok(bytes.to_vec())
    }

    /// Pick the concrete version for a declared range from the packument.
    fn pick(packument: &Value, range: &str) -> Option<String> {
        let range = range.trim();
        if let Some(tag) = packument.get("dist-tags").and_then(|t| t.get(if range.is_empty() || range == "*" { "latest" } else { range })).and_then(Value::as_str) {
            return Some(tag.to_owned());
        }
        let versions = packument.get("versions")?.as_object()?;
        if versions.contains_key(range) {
            return Some(range.to_owned());
        }
        let reqs = npm_range(range)?;
        versions.keys().filter_map(|v| semver::Version::parse(v).ok()).filter(|v| v.pre.is_empty() && reqs.iter().any(|r| r.matches(v))).max().map(|v| v.to_string())
    }

    /// Resolve and install `deps` and their dependencies; returns the set `require` sees.
    /// Packages are placed as npm hoists them: at the top level when the name is free there,
    /// otherwise under the package that needs a version the visible one does not satisfy.
    pub async fn install(&self, deps: &[Dependency]) -> Result<DependencySet, ActionsError> {
        // (dependency, virtual directory of the package that asked for it; "" for the action)
        let mut queue: VecDeque<(Dependency, String)> = deps.iter().map(|d| (d.clone(), String::new())).collect();
        // virtual package directory -> (version, extracted directory)
        let mut placed: BTreeMap<String, (String, PathBuf)> = BTreeMap::new();
        while let Some((dep, parent)) = queue.pop_front() {
            let Some(vdir) = placement(&placed, &parent, &dep) else { continue };
            if placed.len() >= MAX_PACKAGES {
                return Err(err(&dep, format!("more than {MAX_PACKAGES} packages")));
            }
            let (version, dir) = self.install_one(&dep).await?;
            if dir.join("binding.gyp").exists() {
                return Err(err(&dep, "native modules are not supported in Actions"));
            }
            let pkg: Value = std::fs::read(dir.join("package.json")).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or(Value::Null);
            if let Some(d) = pkg.get("dependencies").and_then(Value::as_object) {
                for (name, version) in d {
                    queue.push_back((Dependency { name: name.clone(), version: version.as_str().unwrap_or("*").to_owned() }, vdir.clone()));
                }
            }
            placed.insert(vdir, (version, dir));
        }
        Ok(DependencySet::nested(placed.into_iter().map(|(v, (_, dir))| (v, dir)).collect()))
    }

    async fn install_one(&self, dep: &Dependency) -> Result<(String, PathBuf), ActionsError> {
        let encoded = dep.name.replace('/', "%2f");
        let registry = self.registry()?;
        let meta = self.get(&format!("{registry}/{encoded}"), "application/vnd.npm.install-v1+json").await.map_err(|e| err(dep, e))?;
        let packument: Value = serde_json::from_slice(&meta).map_err(|e| err(dep, format!("the registry's answer is not JSON: {e}")))?;
        let version = Self::pick(&packument, &dep.version).ok_or_else(|| err(dep, "no version matches"))?;
        let dist = packument.pointer(&format!("/versions/{}/dist", version.replace('~', "~0").replace('/', "~1"))).ok_or_else(|| err(dep, "no dist"))?;
        let tarball = dist.get("tarball").and_then(Value::as_str).ok_or_else(|| err(dep, "no tarball URL"))?;
        let integrity = dist.get("integrity").and_then(Value::as_str).unwrap_or_default();
        let expected = integrity
            .split_whitespace()
            .find_map(|i| i.strip_prefix("sha512-"))
            .and_then(|b| STANDARD.decode(b).ok())
            .ok_or_else(|| err(dep, "the registry gave no sha512 integrity"))?;
        let hex: String = expected.iter().map(|b| format!("{b:02x}")).collect();
        let dir = self.root.join("packages").join(&hex);
        if dir.join(".complete").exists() {
            return Ok((version, dir));
        }
        let bytes = self.get(tarball, "application/octet-stream").await.map_err(|e| err(dep, e))?;
        if Sha512::digest(&bytes).as_slice() != expected.as_slice() {
            return Err(err(dep, "tarball integrity (sha512) mismatch"));
        }
        let tgz = self.root.join("tarballs").join(format!("{hex}.tgz"));
        std::fs::create_dir_all(self.root.join("tarballs"))?;
        std::fs::write(&tgz, &bytes)?;
        extract(&bytes, &dir).map_err(|e| err(dep, e))?;
        std::fs::write(dir.join(".complete"), &version)?;
        Ok((version, dir))
    }
}

/// Where `dep`, asked for by the package at `parent`, goes: `None` when the version visible from
/// `parent` satisfies it already; the top level when the name is free there; else under `parent`.
fn placement(placed: &BTreeMap<String, (String, PathBuf)>, parent: &str, dep: &Dependency) -> Option<String> {
    let mut ancestors = vec![parent.to_owned()];
    let mut p = parent;
    while let Some(i) = p.rfind("/node_modules/") {
        p = &p[..i];
        ancestors.push(p.to_owned());
    }
    let visible = ancestors.iter().map(|a| format!("{a}/node_modules/{}", dep.name)).find(|c| placed.contains_key(c));
    match visible {
        Some(v) if satisfies(&placed[&v].0, &dep.version) => None,
        Some(v) if v == format!("{parent}/node_modules/{}", dep.name) => None,
        Some(_) => Some(format!("{parent}/node_modules/{}", dep.name)),
        None => Some(format!("/node_modules/{}", dep.name)),
    }
}

/// Whether an installed `version` meets `range` (tags and ranges that are not semver count as
/// met: the first install decided).
fn satisfies(version: &str, range: &str) -> bool {
    match (semver::Version::parse(version), npm_range(range)) {
        (Ok(v), Some(reqs)) => reqs.iter().any(|r| r.matches(&v)),
        _ => true,
    }
}

/// An npm range (`^1.2.0`, `1.x`, `>= 1.2 < 2`, `1.2 - 1.4`, `a || b`, a bare `1.2.3` meaning
/// exactly that) as alternatives the semver crate understands; `None` when it is not a range.
fn npm_range(range: &str) -> Option<Vec<semver::VersionReq>> {
    range
        .split("||")
        .map(|alt| {
            let alt = alt.trim();
            if alt.is_empty() || alt == "*" || alt == "x" || alt == "latest" {
                return semver::VersionReq::parse("*").ok();
            }
            let parts: Vec<&str> = alt.split_whitespace().collect();
            let comparators: Vec<String> = match parts.as_slice() {
                [a, "-", b] => vec![format!(">={a}"), format!("<={b}")],
                _ => {
                    // Operators may be written apart from their version (`>= 1.2`).
                    let mut out: Vec<String> = Vec::new();
                    for p in parts {
                        match out.last_mut() {
                            Some(last) if last.chars().all(|c| "<>=~^".contains(c)) => last.push_str(p),
                            _ => out.push(p.to_owned()),
                        }
                    }
                    out.into_iter()
                        .map(|c| {
                            let c = c.replace(".x", ".*").replace(".X", ".*").trim_start_matches('v').to_owned();
                            match c.chars().next() {
                                Some(ch) if ch.is_ascii_digit() && c.matches('.').count() == 2 && !c.contains('*') => format!("={c}"),
                                Some(ch) if ch.is_ascii_digit() && !c.contains('*') => format!("~{c}"),
                                _ => c,
                            }
                        })
                        .collect()
                }
            };
            semver::VersionReq::parse(&comparators.join(", ")).ok()
        })
        .collect()
}

#[cfg(test)]
mod range_tests {
    use super::{npm_range, placement, satisfies};
    use crate::Dependency;
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    #[test]
    fn npm_ranges_mean_what_npm_means() {
        assert!(satisfies("1.2.3", "1.2.3") && !satisfies("1.2.4", "1.2.3"), "a bare version is exact");
        assert!(satisfies("1.9.0", "^1.2.0") && !satisfies("2.0.0", "^1.2.0"));
        assert!(satisfies("1.2.9", "1.2.x") && !satisfies("1.3.0", "1.2"));
        assert!(satisfies("1.5.0", ">= 1.2 < 2") && !satisfies("2.0.0", ">=1.2.0 <2.0.0"));
        assert!(satisfies("1.3.0", "1.2.0 - 1.4.0") && !satisfies("1.5.0", "1.2.0 - 1.4.0"));
        assert!(satisfies("3.0.0", "^2.0.0 || ^3.0.0") && !satisfies("4.0.0", "^2.0.0 || ^3.0.0"));
        assert!(satisfies("0.0.1", "*") && satisfies("5.0.0", "latest"));
        assert!(npm_range("github:user/repo").is_none());
    }

    #[test]
    fn a_conflicting_version_is_placed_under_the_package_that_needs_it() {
        let dep = |n: &str, v: &str| Dependency { name: n.into(), version: v.into() };
        let mut placed = BTreeMap::new();
        placed.insert("/node_modules/ms".to_owned(), ("2.1.3".to_owned(), PathBuf::new()));
        placed.insert("/node_modules/debug".to_owned(), ("2.6.9".to_owned(), PathBuf::new()));
        assert_eq!(placement(&placed, "", &dep("jose", "^4")), Some("/node_modules/jose".into()));
        assert_eq!(placement(&placed, "/node_modules/debug", &dep("ms", "^2.1.1")), None, "the top-level one satisfies");
        assert_eq!(placement(&placed, "/node_modules/debug", &dep("ms", "2.0.0")), Some("/node_modules/debug/node_modules/ms".into()));
        placed.insert("/node_modules/debug/node_modules/ms".to_owned(), ("2.0.0".to_owned(), PathBuf::new()));
        assert_eq!(placement(&placed, "/node_modules/debug/node_modules/ms", &dep("ms", "2.0.0")), None);
        assert_eq!(placement(&placed, "/node_modules/debug", &dep("ms", "2.0.0")), None, "already there");
    }
}

/// Extract a package tarball, dropping its first path component (`package/`), refusing links
/// and any path that would leave `dir`.
fn extract(tgz: &[u8], dir: &Path) -> Result<(), String> {
    let tmp = dir.with_extension("tmp");
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).map_err(|e| e.to_string())?;
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(tgz));
    for entry in archive.entries().map_err(|e| e.to_string())? {
        let mut entry = entry.map_err(|e| e.to_string())?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let path = entry.path().map_err(|e| e.to_string())?.into_owned();
        let rel: PathBuf = path.components().skip(1).collect();
        if rel.as_os_str().is_empty() || rel.components().any(|c| !matches!(c, Component::Normal(_))) {
            continue;
        }
        let target = tmp.join(&rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        let mut buf = Vec::new();
        entry.read_to_end(&mut buf).map_err(|e| e.to_string())?;
        std::fs::write(&target, buf).map_err(|e| e.to_string())?;
    }
    let _ = std::fs::remove_dir_all(dir);
    std::fs::rename(&tmp, dir).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::NpmStore;

    #[test]
    fn a_configured_registry_is_used_as_given_without_a_trailing_slash() {
        let store = NpmStore::new(std::env::temp_dir().join("portcullis-npm-unused"), Some("https://npm.internal.test/".into())).unwrap();
        assert_eq!(store.registry().unwrap(), "https://npm.internal.test");
    }
}
