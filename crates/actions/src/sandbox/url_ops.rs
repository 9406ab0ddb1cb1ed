//! Host operations 17, 18 and 30: WHATWG URLs for the `url` shim (`new URL`, its setters) and
//! for `fetch` (the href alone), parsed by the `url` crate.

use rquickjs::{Ctx, IntoJs, Object, Value};

/// `(input, base?)`: the URL's parts, or null when it does not parse.
pub const PARSE: i32 = 17;
/// `(href, field, value)`: the parts after setting `field`, or null when `href` does not parse.
pub const SET: i32 = 18;
/// `(input)`: what `new URL(input).href` gives, or null.
pub const HREF: i32 = 30;

/// Runs one of the operations above; `extra` is the base (PARSE) or the field (SET).
pub fn run<'js>(ctx: &Ctx<'js>, op: i32, input: &str, extra: Option<&str>, value: Option<&str>) -> rquickjs::Result<Value<'js>> {
    let null = || Ok(Value::new_null(ctx.clone()));
    match op {
        PARSE => {
            let parsed = match extra {
                Some(b) => url::Url::parse(b).and_then(|b| b.join(input)),
                None => url::Url::parse(input),
            };
            match parsed {
                Ok(u) => Ok(parts(ctx, &u)?.into_value()),
                Err(_) => null(),
            }
        }
        HREF => match url::Url::parse(input) {
            Ok(u) => u.as_str().into_js(ctx),
            Err(_) => null(),
        },
        SET => {
            let Ok(mut u) = url::Url::parse(input) else { return null() };
            set(&mut u, extra.unwrap_or_default(), value.unwrap_or_default());
            Ok(parts(ctx, &u)?.into_value())
        }
        _ => null(),
    }
}

fn parts<'js>(ctx: &Ctx<'js>, u: &url::Url) -> rquickjs::Result<Object<'js>> {
    let o = Object::new(ctx.clone())?;
    let port = u.port().map(|p| p.to_string()).unwrap_or_default();
    let hostname = u.host_str().unwrap_or_default().to_owned();
    let host = if port.is_empty() { hostname.clone() } else { format!("{hostname}:{port}") };
    o.set("href", u.as_str())?;
    o.set("origin", u.origin().ascii_serialization())?;
    o.set("protocol", format!("{}:", u.scheme()))?;
    o.set("username", u.username())?;
    o.set("password", u.password().unwrap_or_default())?;
    o.set("host", host)?;
    o.set("hostname", hostname)?;
    o.set("port", port)?;
    o.set("pathname", u.path())?;
    o.set("search", u.query().filter(|q| !q.is_empty()).map(|q| format!("?{q}")).unwrap_or_default())?;
    o.set("hash", u.fragment().filter(|f| !f.is_empty()).map(|f| format!("#{f}")).unwrap_or_default())?;
    Ok(o)
}

fn set(u: &mut url::Url, field: &str, v: &str) {
    let strip = |p: char| v.strip_prefix(p).unwrap_or(v).to_owned();
    // Setter failures leave the URL unchanged, as the WHATWG setters do.
    let _ = match field {
        "protocol" => u.set_scheme(v.trim_end_matches(':')),
        "username" => u.set_username(v),
        "password" => u.set_password(Some(v).filter(|s| !s.is_empty())),
        "host" => u.set_host(Some(v)).map_err(drop),
        "hostname" => u.set_host(Some(v)).map_err(drop),
        "port" => u.set_port(if v.is_empty() { None } else { v.parse().ok() }),
        "pathname" => {
            u.set_path(v);
            Ok(())
        }
        "search" => {
            let q = strip('?');
            u.set_query(Some(q.as_str()).filter(|s| !s.is_empty()));
            Ok(())
        }
        "hash" => {
            let f = strip('#');
            u.set_fragment(Some(f.as_str()).filter(|s| !s.is_empty()));
            Ok(())
        }
        _ => Ok(()),
    };
}
