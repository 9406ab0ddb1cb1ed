//! ES `import` statements become CommonJS `require` calls, as TypeScript emits them.

fn named(list: &str) -> String {
    let inner = list.trim().trim_start_matches('{').trim_end_matches('}');
    let parts: Vec<String> = inner
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty() && !p.starts_with("type "))
        .map(|p| p.replace(" as ", ": "))
        .collect();
    parts.join(", ")
}

/// `stmt` is the text after `import` (without the trailing `;`): `X from "m"`,
/// `* as X from "m"`, `{ a, b as c } from "m"`, `X, { a } from "m"` or `"m"`.
pub fn to_require(stmt: &str) -> String {
    let (bindings, module) = match stmt.rsplit_once("from") {
        Some((b, m)) => (b.trim(), m.trim()),
        None => ("", stmt.trim()),
    };
    let default = |name: &str| format!("const {} = (m => m && m.__esModule ? m.default : m)(require({module}));", name.trim());
    if bindings.is_empty() {
        format!("require({module});")
    } else if let Some(ns) = bindings.strip_prefix("* as ") {
        format!("const {} = require({module});", ns.trim())
    } else if bindings.starts_with('{') {
        format!("const {{ {} }} = require({module});", named(bindings))
    } else if let Some((def, rest)) = bindings.split_once(',') {
        let rest = rest.trim();
        let second = match rest.strip_prefix("* as ") {
            Some(ns) => format!("const {} = require({module});", ns.trim()),
            None => format!("const {{ {} }} = require({module});", named(rest)),
        };
        format!("{} {second}", default(def))
    } else {
        default(bindings)
    }
}
