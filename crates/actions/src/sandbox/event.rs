//! The event as JSON text, kept as its top-level properties so the sandbox can materialise each
//! one lazily (see `lazyObject` in bootstrap.js) or parse it whole.

use serde_json::Value;

/// The event's top-level `(key, JSON text)` pairs in order, or the whole text when it is not a
/// JSON object with plain, distinct keys.
#[derive(Debug, Clone)]
pub enum EventJson {
    Parts(Vec<(String, String)>),
    Whole(String),
}

/// A JSON value as text (cannot fail: map keys are strings).
fn json_text(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

impl EventJson {
    /// From the event value the host holds: each top-level property serialised on its own (no
    /// scanning of the text afterwards).
    pub fn from_value(v: &Value) -> Self {
        match v {
            // `serde_json::to_string` writes bytes straight into the buffer; `Display` (what
            // `to_string()` goes through) passes every fragment through a formatter.
            Value::Object(m) => EventJson::Parts(m.iter().map(|(k, v)| (k.clone(), json_text(v))).collect()),
            other => EventJson::Whole(json_text(other)),
        }
    }

    /// From JSON text (tests, the CLI, benches): split when it is a plain object.
    pub fn from_text(json: &str) -> Self {
        match scan(json) {
            Some(pairs) if distinct(&pairs) => EventJson::Parts(pairs.into_iter().map(|(k, v)| (k, v.to_string())).collect()),
            _ => EventJson::Whole(json.to_string()),
        }
    }

    /// The whole object as JSON text.
    pub fn whole(&self) -> std::borrow::Cow<'_, str> {
        match self {
            EventJson::Whole(s) => s.as_str().into(),
            EventJson::Parts(p) => {
                let mut s = String::with_capacity(p.iter().map(|(k, v)| k.len() + v.len() + 4).sum::<usize>() + 2);
                s.push('{');
                for (i, (k, v)) in p.iter().enumerate() {
                    if i > 0 {
                        s.push(',');
                    }
                    s.push_str(&Value::from(k.as_str()).to_string());
                    s.push(':');
                    s.push_str(v);
                }
                s.push('}');
                s.into()
            }
        }
    }

    /// The pairs with `secrets` (from `secrets_json`) and an empty `configuration` set as
    /// `JSON.parse` + assignment would (an existing key keeps its position, a new one goes
    /// last). `None` for an event that is not a plain object.
    pub fn with_secrets<'a>(&'a self, secrets_json: &'a str) -> Option<Vec<(&'a str, &'a str)>> {
        let EventJson::Parts(parts) = self else { return None };
        let mut pairs: Vec<(&str, &str)> = parts.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        for (key, value) in [("secrets", secrets_json), ("configuration", "{}")] {
            match pairs.iter_mut().find(|(k, _)| *k == key) {
                Some(p) => p.1 = value,
                None => pairs.push((key, value)),
            }
        }
        Some(pairs)
    }
}

fn distinct(pairs: &[(String, &str)]) -> bool {
    pairs.iter().enumerate().all(|(n, (k, _))| !pairs[..n].iter().any(|(o, _)| o == k))
}

fn scan(json: &str) -> Option<Vec<(String, &str)>> {
    let b = json.as_bytes();
    let ws = |mut i: usize| {
        while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
        }
        i
    };
    let mut out = Vec::with_capacity(16);
    let mut i = ws(0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i = ws(i + 1);
    if b.get(i) == Some(&b'}') {
        return (ws(i + 1) == b.len()).then_some(out);
    }
    loop {
        // Key: a string without escapes (anything else goes the slow way).
        if b.get(i) != Some(&b'"') {
            return None;
        }
        let start = i + 1;
        let end = start + b[start..].iter().position(|&c| c == b'"' || c == b'\\')?;
        if b[end] != b'"' {
            return None;
        }
        let key = json.get(start..end)?.to_owned();
        i = ws(end + 1);
        if b.get(i) != Some(&b':') {
            return None;
        }
        i = ws(i + 1);
        // Value: up to the comma or brace that closes it at depth 0.
        let vstart = i;
        let mut depth = 0usize;
        let mut in_str = false;
        while i < b.len() {
            let c = b[i];
            if in_str {
                match c {
                    b'\\' => i += 1,
                    b'"' => in_str = false,
                    _ => {}
                }
            } else {
                match c {
                    b'"' => in_str = true,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' if depth > 0 => depth -= 1,
                    b',' | b'}' if depth == 0 => break,
                    _ => {}
                }
            }
            i += 1;
        }
        if i >= b.len() || in_str {
            return None;
        }
        let value = json.get(vstart..i)?.trim_end();
        if value.is_empty() {
            return None;
        }
        out.push((key, value));
        if b[i] == b'}' {
            return (ws(i + 1) == b.len()).then_some(out);
        }
        i = ws(i + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::EventJson;
    use serde_json::json;

    fn keys(e: &EventJson, secrets: &str) -> Vec<String> {
        e.with_secrets(secrets).unwrap().iter().map(|(k, _)| k.to_string()).collect()
    }

    #[test]
    fn text_splits_in_order_and_places_secrets_and_configuration() {
        let e = EventJson::from_text(r#"{"b": {"x": [1, 2]}, "secrets": 1, "a": "s"}"#);
        assert_eq!(keys(&e, r#"{"K":"V"}"#), ["b", "secrets", "a", "configuration"]);
        let p = e.with_secrets(r#"{"K":"V"}"#).unwrap();
        assert_eq!(p[0].1, r#"{"x": [1, 2]}"#);
        assert_eq!(p[1].1, r#"{"K":"V"}"#);
        assert!(EventJson::from_text(r#"{"a": 1, "a": 2}"#).with_secrets("{}").is_none());
        assert!(EventJson::from_text("[1]").with_secrets("{}").is_none());
        assert!(EventJson::from_text(r#"{"a": 1} x"#).with_secrets("{}").is_none());
        assert!(EventJson::from_text(r#"{"a\"b": 1}"#).with_secrets("{}").is_none());
        let e = EventJson::from_text(r#" { "s": "a,}\"]{", "n": [1, {"x": "}"}] , "e": {} } "#);
        let p = e.with_secrets("{}").unwrap();
        assert_eq!(p[0].1, r#""a,}\"]{""#);
        assert_eq!(p[1].1, r#"[1, {"x": "}"}]"#);
        assert_eq!(p[2].1, "{}");
        assert_eq!(EventJson::from_text("{}").with_secrets("{}").unwrap().len(), 2);
    }

    #[test]
    fn a_value_splits_without_scanning_and_joins_back_to_the_same_object() {
        let v = json!({"user": {"email": "a@b.c", "tags": ["x", "}"]}, "n": 1, "q\"k": "v"});
        let e = EventJson::from_value(&v);
        let back: serde_json::Value = serde_json::from_str(&e.whole()).unwrap();
        assert_eq!(back, v);
        // Keys are real strings here (no escapes to undo), whatever they contain.
        assert_eq!(keys(&e, "{}"), ["n", "q\"k", "user", "secrets", "configuration"]);
        let plain = EventJson::from_value(&json!({"user": {"id": 1}}));
        assert_eq!(keys(&plain, "{}"), ["user", "secrets", "configuration"]);
    }
}
