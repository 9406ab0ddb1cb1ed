//! Generates the Management API's OpenAPI document from the code: every `.route(...)` in
//! `src/management/` with its methods, and each handler's required scope (`require("...")`)
//! and doc comment. The document is embedded and served at `/api/v2/openapi.json`; a test
//! compares it with the committed `docs/openapi.json`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

struct Op {
    method: String,
    handler: String,
    tag: String,
}

fn main() {
    let dir = std::path::Path::new("src/management");
    println!("cargo:rerun-if-changed=src/management");
    let mut files: Vec<_> = std::fs::read_dir(dir).map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect()).unwrap_or_default();
    files.sort();
    let mut paths: BTreeMap<String, Vec<Op>> = BTreeMap::new();
    let mut handlers: BTreeMap<(String, String), (Option<String>, String)> = BTreeMap::new();
    for f in files.iter().filter(|p| p.extension().map(|e| e == "rs").unwrap_or(false)) {
        let tag = f.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
        let src = std::fs::read_to_string(f).unwrap_or_default();
        for (path, ops) in routes(&src) {
            for (method, handler) in ops {
                paths.entry(path.clone()).or_default().push(Op { method, handler, tag: tag.clone() });
            }
        }
        for (name, scope, doc) in fns(&src) {
            handlers.insert((tag.clone(), name), (scope, doc));
        }
    }
    let mut out = String::from("{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"Portcullis Management API v2\",\"version\":\"2\",\"description\":\"Auth0-compatible Management API. Generated from the code.\"},");
    out.push_str("\"servers\":[{\"url\":\"https://{domain}/api/v2\",\"variables\":{\"domain\":{\"default\":\"localhost:8443\"}}}],");
    out.push_str("\"components\":{\"securitySchemes\":{\"bearer\":{\"type\":\"http\",\"scheme\":\"bearer\",\"bearerFormat\":\"JWT\"}},\"schemas\":{\"Error\":{\"type\":\"object\",\"properties\":{\"statusCode\":{\"type\":\"integer\"},\"error\":{\"type\":\"string\"},\"message\":{\"type\":\"string\"},\"errorCode\":{\"type\":\"string\"}}}}},\"paths\":{");
    let mut first_path = true;
    for (path, ops) in &paths {
        if !first_path {
            out.push(',');
        }
        first_path = false;
        let _ = write!(out, "{}:{{", json_str(path));
        let params: Vec<String> = path.split('/').filter(|s| s.starts_with('{')).map(|s| s.trim_matches(|c| c == '{' || c == '}').to_string()).collect();
        let mut ops_sorted: Vec<&Op> = ops.iter().collect();
        ops_sorted.sort_by(|a, b| a.method.cmp(&b.method));
        for (i, op) in ops_sorted.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let (scope, doc) = handlers.get(&(op.tag.clone(), op.handler.clone())).cloned().unwrap_or((None, String::new()));
            let summary = if doc.is_empty() { format!("{} {}", op.method.to_uppercase(), path) } else { doc };
            let security = match &scope {
                Some(s) => format!("[{{\"bearer\":[{}]}}]", json_str(s)),
                None => "[]".to_string(),
            };
            let ps: Vec<String> = params.iter().map(|p| format!("{{\"name\":{},\"in\":\"path\",\"required\":true,\"schema\":{{\"type\":\"string\"}}}}", json_str(p))).collect();
            let _ = write!(
                out,
                "{}:{{\"operationId\":{},\"tags\":[{}],\"summary\":{},\"security\":{},\"parameters\":[{}],\"responses\":{{\"2XX\":{{\"description\":\"Success\"}},\"400\":{{\"description\":\"Bad request\",\"content\":{{\"application/json\":{{\"schema\":{{\"$ref\":\"#/components/schemas/Error\"}}}}}}}},\"401\":{{\"description\":\"Missing or invalid token\"}},\"403\":{{\"description\":\"Insufficient scope\"}}}}}}",
                json_str(&op.method),
                json_str(&format!("{}_{}", op.tag, op.handler)),
                json_str(&op.tag),
                json_str(&summary),
                security,
                ps.join(",")
            );
        }
        out.push('}');
    }
    out.push_str("}}");
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("openapi.json");
    if let Err(e) = std::fs::write(&dest, out) {
        println!("cargo:warning=could not write {}: {e}", dest.display());
    }
}

fn json_str(s: &str) -> String {
    let mut o = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

/// `.route("PATH", get(a).post(b))` -> (PATH, [(get, a), (post, b)]).
fn routes(src: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = vec![];
    let mut rest = src;
    while let Some(i) = rest.find(".route(\"") {
        rest = &rest[i + 8..];
        let Some(end) = rest.find('"') else { break };
        let path = rest[..end].to_string();
        // The route's arguments: up to the parenthesis closing `.route(`.
        let mut depth = 1;
        let mut j = 0;
        for (k, c) in rest.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        j = k;
                        break;
                    }
                }
                _ => {}
            }
        }
        let args = &rest[end..j];
        let mut ops = vec![];
        for m in ["get", "post", "put", "patch", "delete"] {
            for pat in [format!(".{m}("), format!(" {m}("), format!("::{m}("), format!("({m}(")] {
                let mut a = args;
                while let Some(p) = a.find(&pat) {
                    let h = &a[p + pat.len()..];
                    let name: String = h.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                    if !name.is_empty() && !ops.iter().any(|(mm, n): &(String, String)| mm == m && *n == name) {
                        ops.push((m.to_string(), name));
                    }
                    a = &a[p + pat.len()..];
                }
            }
        }
        out.push((path, ops));
        rest = &rest[j..];
    }
    out
}

/// `async fn NAME(` with its `require("SCOPE")` and its `///` doc.
fn fns(src: &str) -> Vec<(String, Option<String>, String)> {
    let mut out = vec![];
    let lines: Vec<&str> = src.lines().collect();
    for (i, l) in lines.iter().enumerate() {
        let Some(rest) = l.strip_prefix("async fn ") else { continue };
        let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        let mut doc = vec![];
        let mut k = i;
        while k > 0 && lines[k - 1].trim_start().starts_with("///") {
            k -= 1;
            doc.insert(0, lines[k].trim_start().trim_start_matches("///").trim().to_string());
        }
        let mut scope = None;
        for body in lines.iter().skip(i + 1) {
            if body.starts_with("async fn ") || body.starts_with("fn ") || body.starts_with("pub ") {
                break;
            }
            if let Some(p) = body.find("require(\"") {
                let s = &body[p + 9..];
                scope = s.split('"').next().map(str::to_string);
                break;
            }
        }
        out.push((name, scope, doc.join(" ")));
    }
    out
}
