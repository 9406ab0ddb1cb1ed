//! The TypeScript definitions in `types/` list exactly the `api` methods the runtime implements,
//! so editors and the runtime cannot drift apart, and each method carries the JSDoc comment the
//! dashboard's editor shows on hover.
//!
//! The files follow a fixed layout that this reader relies on: `export interface API {` at the
//! start of a line, namespaces at two spaces (`ns: {` ... `};`, or `ns: SharedInterface;` for an
//! interface of `common.d.ts`), one method per line at four spaces, each JSDoc block directly
//! above the member it documents.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use portcullis_actions::triggers::api_methods;
use portcullis_actions::TriggerId;

/// A member of an interface body and whether a `/** ... */` block sits right above it.
#[derive(Debug)]
struct Member {
    indent: usize,
    text: String,
    documented: bool,
}

/// The lines of `export interface {name} {` up to its closing `}`, comments folded into
/// `documented` flags of the member that follows them.
fn interface_members(dts: &str, name: &str) -> Option<Vec<Member>> {
    let opening = format!("export interface {name} {{");
    let mut lines = dts.lines().skip_while(|l| !l.starts_with(&opening));
    lines.next()?;
    let mut members = Vec::new();
    let mut in_doc = false;
    let mut doc_ended = false;
    for line in lines {
        if line == "}" {
            return Some(members);
        }
        let t = line.trim();
        if in_doc || t.starts_with("/**") {
            in_doc = !t.ends_with("*/");
            doc_ended = !in_doc;
            continue;
        }
        if t.is_empty() || t.starts_with("//") {
            continue;
        }
        members.push(Member { indent: line.len() - line.trim_start().len(), text: t.to_owned(), documented: doc_ended });
        doc_ended = false;
    }
    None
}

/// Method paths (`ns.method`) of a trigger's `API`, each with whether it is documented.
/// `ns: Shared;` members are resolved in `common`.
fn api_in(dts: &str, common: &str) -> BTreeMap<String, bool> {
    let mut out = BTreeMap::new();
    let members = interface_members(dts, "API").expect("an `export interface API {` block");
    let mut ns: Option<String> = None;
    for m in members {
        match (m.indent, &ns) {
            (2, None) if m.text.ends_with(": {") => {
                let name = m.text.trim_end_matches(": {").to_owned();
                out.insert(name.clone(), m.documented);
                ns = Some(name);
            }
            (2, None) => {
                let (name, shared) = m.text.trim_end_matches(';').split_once(": ").expect("`ns: Interface;`");
                out.insert(name.to_owned(), m.documented);
                let shared_members = interface_members(common, shared)
                    .unwrap_or_else(|| panic!("`{shared}` is not an interface of common.d.ts"));
                for s in shared_members.iter().filter(|s| s.indent == 2) {
                    out.insert(format!("{name}.{}", method_name(&s.text)), s.documented);
                }
            }
            (2, Some(_)) if m.text == "};" => ns = None,
            (4, Some(n)) => {
                out.insert(format!("{n}.{}", method_name(&m.text)), m.documented);
            }
            _ => panic!("unexpected line in `interface API`: {:?}", m.text),
        }
    }
    out
}

fn method_name(line: &str) -> &str {
    line.split('(').next().unwrap_or(line)
}

fn types_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("types")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `(path, documented api members)` of every trigger's definitions.
fn every_trigger_api() -> Vec<(PathBuf, TriggerId, BTreeMap<String, bool>)> {
    let common = read(&types_dir().join("common.d.ts"));
    TriggerId::ALL
        .iter()
        .map(|&trigger| {
            let path = types_dir().join(trigger.as_str()).join(format!("{}.d.ts", trigger.version()));
            let api = api_in(&read(&path), &common);
            (path, trigger, api)
        })
        .collect()
}

#[test]
fn the_typescript_api_of_every_trigger_matches_the_runtime() {
    for (path, trigger, api) in every_trigger_api() {
        let typed: Vec<&str> = api.keys().filter(|k| k.contains('.')).map(String::as_str).collect();
        let mut runtime: Vec<&str> = api_methods(trigger).iter().map(|(m, _)| *m).collect();
        runtime.sort_unstable();
        assert_eq!(typed, runtime, "{} drifted from the runtime", path.display());
    }
}

#[test]
fn every_api_method_and_namespace_of_every_trigger_has_a_jsdoc_comment() {
    for (path, _, api) in every_trigger_api() {
        let missing: Vec<&String> = api.iter().filter(|(_, documented)| !**documented).map(|(k, _)| k).collect();
        assert!(missing.is_empty(), "{}: api members without a /** JSDoc */ comment: {missing:?}", path.display());
    }
}

#[test]
fn the_reader_notices_a_method_without_jsdoc() {
    let common = "export interface Shared {\n  /** Documented. */\n  get(key: string): string;\n  set(key: string): void;\n}\n";
    let dts = "export interface API {\n  /** The namespace. */\n  access: {\n    /**\n     * Denies.\n     */\n    deny(reason: string): API;\n    allow(): void;\n  };\n  shared: Shared;\n}\n";
    let api = api_in(dts, common);
    let undocumented: Vec<&str> = api.iter().filter(|(_, d)| !**d).map(|(k, _)| k.as_str()).collect();
    assert_eq!(undocumented, ["access.allow", "shared", "shared.set"]);
    assert_eq!(api.len(), 6);
}
