//! Snapshot tests: every `fixtures/<trigger>/<name>.js` runs through `cli::run_test` against the
//! trigger's sample event and must produce `<name>.expected.json` (stats are not compared).

use std::path::Path;

use portcullis_actions::cli::run_test;
use serde_json::Value;

#[tokio::test]
async fn every_fixture_action_records_exactly_its_expected_commands_logs_and_error() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut checked = 0;
    let mut dirs: Vec<_> = std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()).collect();
    dirs.sort();
    for dir in dirs {
        let trigger = dir.file_name().unwrap().to_str().unwrap().to_owned();
        let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "js" || e == "ts")).collect();
        files.sort();
        for file in files {
            let expected_path = file.with_extension("expected.json");
            let expected: Value = serde_json::from_str(&std::fs::read_to_string(&expected_path).unwrap()).unwrap();
            let mut got = run_test(&file, &trigger, None, vec![("API_KEY".into(), "s3cr3t".into())]).await.unwrap();
            got.as_object_mut().unwrap().remove("stats");
            assert_eq!(got, expected, "fixture {}", file.display());
            checked += 1;
        }
    }
    assert!(checked >= 10, "found {checked} fixtures");
}
