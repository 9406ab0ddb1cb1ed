//! Splitting the event JSON into its top-level properties, so the sandbox can materialise each
//! one lazily (see `lazyObject` in bootstrap.js).

/// The event's top-level `(key, JSON text)` pairs in order, with `secrets` (from
/// `secrets_json`) and an empty `configuration` set as `JSON.parse` + assignment would (an
/// existing key keeps its position, a new one goes last). `None` when the event is not a JSON
/// object with plain, distinct keys; the caller then parses it whole. Values are delimited here
/// (brackets and strings) and parsed by the engine when first read.
pub fn split<'a>(event_json: &'a str, secrets_json: &'a str) -> Option<Vec<(String, &'a str)>> {
    let mut pairs = scan(event_json)?;
    for (n, (k, _)) in pairs.iter().enumerate() {
        if pairs[..n].iter().any(|(o, _)| o == k) {
            return None;
        }
    }
    for (key, value) in [("secrets", secrets_json), ("configuration", "{}")] {
        match pairs.iter_mut().find(|(k, _)| k == key) {
            Some(p) => p.1 = value,
            None => pairs.push((key.to_owned(), value)),
        }
    }
    Some(pairs)
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
    use super::split;

    #[test]
    fn splits_in_order_and_places_secrets_and_configuration() {
        let p = split(r#"{"b": {"x": [1, 2]}, "secrets": 1, "a": "s"}"#, r#"{"K":"V"}"#).unwrap();
        let keys: Vec<&str> = p.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["b", "secrets", "a", "configuration"]);
        assert_eq!(p[0].1, r#"{"x": [1, 2]}"#);
        assert_eq!(p[1].1, r#"{"K":"V"}"#);
        assert!(split(r#"{"a": 1, "a": 2}"#, "{}").is_none());
        assert!(split("[1]", "{}").is_none());
        assert!(split(r#"{"a": 1} x"#, "{}").is_none());
        assert!(split(r#"{"a\"b": 1}"#, "{}").is_none());
        let p = split(r#" { "s": "a,}\"]{", "n": [1, {"x": "}"}] , "e": {} } "#, "{}").unwrap();
        assert_eq!(p[0].1, r#""a,}\"]{""#);
        assert_eq!(p[1].1, r#"[1, {"x": "}"}]"#);
        assert_eq!(p[2].1, "{}");
        assert_eq!(split("{}", "{}").unwrap().len(), 2);
    }
}
