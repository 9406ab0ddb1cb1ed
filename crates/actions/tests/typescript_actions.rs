//! `.ts` actions are type-stripped and run unchanged.

use portcullis_actions::cli::run_test;
use portcullis_actions::typescript::strip_types;
use serde_json::json;

const ACTION_TS: &str = r#"import type { Event, PostLoginAPI } from "@portcullis/actions/post-login/v3";
import { createHash } from "crypto";

interface Options {
  ns: string;
  roles?: string[];
}
type Role = "Admin" | "Editor";
declare const unused: number;

function claimName<T extends string>(opts: Options, key: T): string {
  return opts.ns + key;
}

const opts: Options = { ns: "https://example.com/" };
let count: number = 0, label = "x";

exports.onExecutePostLogin = async (event: Event, api: PostLoginAPI): Promise<void> => {
  const roles = (event.authorization?.roles ?? []) as Role[];
  const email = event.user.email!;
  const ok = roles.length > 0 ? true : false;
  const h: string = createHash("sha256").update(email).digest("hex").slice(0, 8);
  count += 1;
  api.idToken.setCustomClaim(claimName(opts, "roles"), roles);
  api.idToken.setCustomClaim(claimName(opts, "h"), h);
  api.idToken.setCustomClaim(claimName(opts, "meta"), { ok, label, n: count } as const);
};

const helper = (a: number, b?: number): { sum: number } => ({ sum: a + (b ?? 0) });
console.log(helper(1, 2).sum, /a:b/.test("a:b"), 6 / 3);
"#;

#[test]
fn types_are_stripped_and_values_kept() {
    let out = strip_types("let x: number = 1; const f = (a: string, b?: number): void => {}; const y = z as Foo; w!.v;").unwrap();
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    assert_eq!(squash(&out), squash("let x = 1; const f = (a, b) => {}; const y = z; w.v;"));
}

#[test]
fn the_sample_typescript_action_strips_to_plain_javascript() {
    let out = strip_types(ACTION_TS).unwrap();
    for gone in ["interface", "import type", ": string", "as Role", "as const", "<T extends", "declare", "Promise<void>", "email!"] {
        assert!(!out.contains(gone), "{gone:?} left in:\n{out}");
    }
    assert_eq!(out.lines().count(), ACTION_TS.lines().count(), "line numbers are kept");
}

#[test]
fn enums_are_reported_instead_of_mistranslated() {
    assert!(strip_types("enum Color { Red }").unwrap_err().contains("enum"));
}

#[tokio::test]
async fn a_typescript_action_runs_after_type_stripping() {
    let dir = std::env::temp_dir().join(format!("portcullis-ts-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("action.ts");
    std::fs::write(&file, ACTION_TS).unwrap();
    let out = run_test(&file, "post-login", None, vec![]).await.unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out["error"], json!(null), "{}", out["logs"]);
    assert_eq!(out["logs"], json!("3 true 2\n"));
    assert_eq!(out["commands"][0], json!({"api": "idToken.setCustomClaim", "args": ["https://example.com/roles", ["Editor", "Billing"]]}));
    assert_eq!(out["commands"][2]["args"][1], json!({"ok": true, "label": "x", "n": 1}));
}
