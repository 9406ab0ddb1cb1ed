//! The TypeScript definitions in `types/` list exactly the `api` methods the runtime implements,
//! so editors and the runtime cannot drift apart.

use std::collections::BTreeSet;
use std::path::Path;

use portcullis_actions::triggers::api_methods;
use portcullis_actions::TriggerId;

/// Method paths (`ns.method`) of `export interface API { ns: { method(...): ...; }; }`.
fn methods_in(dts: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut in_api = false;
    let mut ns: Option<String> = None;
    for line in dts.lines() {
        if line.starts_with("export interface API {") {
            in_api = true;
            continue;
        }
        if !in_api {
            continue;
        }
        if line == "}" {
            break;
        }
        let indent = line.len() - line.trim_start().len();
        let t = line.trim();
        if indent == 2 && t.ends_with(": {") {
            ns = Some(t.trim_end_matches(": {").to_owned());
        } else if indent == 2 && t == "};" {
            ns = None;
        } else if indent == 4 {
            if let (Some(n), Some(name)) = (&ns, t.split('(').next()) {
                out.insert(format!("{n}.{name}"));
            }
        }
    }
    out
}

#[test]
fn the_typescript_api_of_every_trigger_matches_the_runtime() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("types");
    for trigger in TriggerId::ALL {
        let path = root.join(trigger.as_str()).join(format!("{}.d.ts", trigger.version()));
        let dts = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let typed = methods_in(&dts);
        let runtime: BTreeSet<String> = api_methods(trigger).iter().map(|(m, _)| (*m).to_owned()).collect();
        assert_eq!(typed, runtime, "{} drifted from the runtime", path.display());
    }
}
