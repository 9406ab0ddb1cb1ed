//! How `require` finds and loads an action's packages (packages on disk here; installing from
//! the registry is in npm_registry_packages.rs): package entry points, export conditions, nested
//! versions, browser builds and stand-ins for built-ins Actions lacks.

use std::collections::BTreeMap;
use std::sync::Arc;

use portcullis_actions::npm::DependencySet;
use portcullis_actions::{Limits, TriggerId};

/// A package on disk, without the registry.
fn local_package(files: &[(&str, &str)]) -> (tempdir::Dir, Arc<DependencySet>) {
    let root = tempdir::Dir::new();
    for (path, content) in files {
        let p = root.0.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
    }
    let mut pkgs = BTreeMap::new();
    pkgs.insert("fake-pkg".to_owned(), root.0.clone());
    (root, Arc::new(DependencySet::new(pkgs)))
}

mod tempdir {
    pub struct Dir(pub std::path::PathBuf);
    impl Dir {
        pub fn new() -> Self {
            static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
            let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let p = std::env::temp_dir().join(format!("portcullis-actions-pkg-{}-{n}", std::process::id()));
            let _ = std::fs::remove_dir_all(&p);
            std::fs::create_dir_all(&p).unwrap();
            Self(p)
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

#[test]
fn require_resolves_main_relative_files_index_and_json_inside_the_package_only() {
    let (_dir, set) = local_package(&[
        ("package.json", r#"{"name":"fake-pkg","main":"lib/main"}"#),
        ("lib/main.js", "module.exports = require('./util');"),
        ("lib/util/index.js", "module.exports = 1;"),
        ("data.json", "{}"),
    ]);
    assert_eq!(set.resolve("/", "fake-pkg").as_deref(), Some("/node_modules/fake-pkg/lib/main.js"));
    assert_eq!(set.resolve("/node_modules/fake-pkg/lib", "./util").as_deref(), Some("/node_modules/fake-pkg/lib/util/index.js"));
    assert_eq!(set.resolve("/", "fake-pkg/data.json").as_deref(), Some("/node_modules/fake-pkg/data.json"));
    assert_eq!(set.resolve("/node_modules/fake-pkg", "../../etc/passwd"), None);
    assert_eq!(set.resolve("/node_modules/fake-pkg", "../other"), None);
    assert_eq!(set.resolve("/", "./x"), None);
    assert_eq!(set.resolve("/", "not-installed"), None);
}

#[tokio::test]
async fn a_package_needing_an_unsupported_builtin_fails_naming_the_module() {
    let (dir, _set) = local_package(&[("package.json", r#"{"name":"fake-pkg"}"#), ("index.js", "const fs = require('fs'); module.exports = fs.readFileSync('/etc/passwd', 'utf8');")]);
    // Install the local package through a registry-less store: point the executor at a set.
    let set = DependencySet::new(BTreeMap::from([("fake-pkg".to_owned(), dir.0.clone())]));
    let code = r#"exports.onExecutePostLogin = async () => { require("fake-pkg"); };"#;
    let r = run_with_set(code, set).await;
    assert_eq!(r.unwrap_err(), "The module \"fs.readFileSync\" is not available in Actions");
}

#[tokio::test]
async fn a_package_whose_node_build_needs_a_missing_builtin_falls_back_to_its_browser_build() {
    let exports = r#"{"name":"fake-pkg","exports":{".":{"types":"./x.d.ts","browser":{"require":"./b.js"},"default":{"require":"./n.js"}}}}"#;
    let (dir, _set) = local_package(&[("package.json", exports), ("n.js", "require('http2'); module.exports = 'node';"), ("b.js", "module.exports = 'browser';")]);
    let set = DependencySet::new(BTreeMap::from([("fake-pkg".to_owned(), dir.0.clone())]));
    let code = r#"const which = require("fake-pkg"); exports.onExecutePostLogin = async () => { if (which !== "browser") throw new Error(which); };"#;
    assert_eq!(run_with_set(code, set).await, Ok(()));
    // Without a browser build the error still names the missing module.
    let (dir, _set) = local_package(&[("package.json", r#"{"name":"fake-pkg","main":"n.js","browser":{"./other.js":"./b.js"}}"#), ("n.js", "require('net').connect(80);")]);
    let set = DependencySet::new(BTreeMap::from([("fake-pkg".to_owned(), dir.0.clone())]));
    let code = r#"require("fake-pkg"); exports.onExecutePostLogin = async () => {};"#;
    assert_eq!(run_with_set(code, set).await, Err("The module \"net.connect\" is not available in Actions".into()));
}

#[tokio::test]
async fn a_package_gets_its_own_nested_version_of_a_dependency_while_the_action_gets_the_top_level_one() {
    let (a, _) = local_package(&[("package.json", r#"{"name":"a","main":"index.js"}"#), ("index.js", "module.exports = 'a sees ' + require('b');")]);
    let (b1, _) = local_package(&[("package.json", r#"{"name":"b","version":"1.0.0"}"#), ("index.js", "module.exports = 'b@1';")]);
    let (b2, _) = local_package(&[("package.json", r#"{"name":"b","version":"2.0.0"}"#), ("index.js", "module.exports = 'b@2';")]);
    let set = DependencySet::nested(BTreeMap::from([
        ("/node_modules/a".to_owned(), a.0.clone()),
        ("/node_modules/a/node_modules/b".to_owned(), b1.0.clone()),
        ("/node_modules/b".to_owned(), b2.0.clone()),
    ]));
    let code = r#"const seen = [require("a"), require("b")].join(", ");
        exports.onExecutePostLogin = async () => { if (seen !== "a sees b@1, b@2") throw new Error(seen); };"#;
    assert_eq!(run_with_set(code, set).await, Ok(()));
}

#[tokio::test]
async fn a_package_without_a_browser_build_loads_with_stand_ins_that_throw_only_when_used() {
    let (dir, _set) = local_package(&[
        ("package.json", r#"{"name":"fake-pkg","main":"index.js"}"#),
        ("index.js", "const https = require('https'); exports.sign = () => 'signed'; exports.fetchKeys = () => https.get('https://example.com/jwks');"),
    ]);
    let set = DependencySet::new(BTreeMap::from([("fake-pkg".to_owned(), dir.0.clone())]));
    let code = r#"const pkg = require("fake-pkg");
        exports.onExecutePostLogin = async () => {
            if (pkg.sign() !== "signed") throw new Error("no");
            pkg.fetchKeys();
        };"#;
    assert_eq!(run_with_set(code, set).await, Err("The module \"https.get\" is not available in Actions".into()));
}

async fn run_with_set(code: &str, set: DependencySet) -> Result<(), String> {
    use portcullis_actions::sandbox::{Invocation, Pump, Sandbox};
    let limits = Limits::default();
    let mut sb = Sandbox::new(&limits).map_err(|f| f.message)?;
    sb.load_action(code, Some(Arc::new(set)), None, false).map_err(|f| f.message)?;
    let inv = Invocation {
        gen: 1, trigger: TriggerId::PostLogin, handler: portcullis_actions::Handler::Execute, commands: vec![], earlier: vec![],
        cache: Arc::new(portcullis_actions::InMemoryCache::default()), cache_scope: "t/post-login".into(), cache_side_effects: 0,
        token_ctx: Default::default(), can_redirect: true, fetches: 0, max_fetches: 1,
    };
    sb.begin(inv, "onExecutePostLogin", &portcullis_actions::sandbox::EventJson::from_text("{}"), "{}", None).map_err(|f| f.message)?;
    match sb.pump(None) {
        Pump::Done(r) => r.map_err(|f| f.message),
        Pump::Waiting { .. } => Err("still waiting".into()),
    }
}
