//! Host side of `fetch`: the egress policy (allow/deny host lists; private, loopback and
//! link-local addresses denied unless allowed) and the HTTP client that runs requests on an IO
//! runtime (by default the one each actions worker thread drives while its actions wait).

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

/// A request as the `fetch` shim hands it over.
#[derive(Debug, Clone, Default)]
pub struct FetchRequest {
    pub url: String,
    pub method: String,
    pub headers: Vec<(String, String)>,
    pub redirect: String,
    pub body: Option<Vec<u8>>,
}

#[derive(Debug, Clone, Default)]
pub struct FetchResponse {
    pub status: u16,
    pub status_text: String,
    pub url: String,
    pub redirected: bool,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// Where actions may send requests. Host patterns are exact names or `*.example.com`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct EgressPolicy {
    /// When non-empty, only these hosts are reachable.
    pub allow_hosts: Vec<String>,
    pub deny_hosts: Vec<String>,
    /// Allow private, loopback, link-local and other non-public addresses (tests, on-premises).
    pub allow_private: bool,
}

fn host_matches(pattern: &str, host: &str) -> bool {
    let (p, h) = (pattern.to_ascii_lowercase(), host.to_ascii_lowercase());
    match p.strip_prefix("*.") {
        Some(suffix) => h.ends_with(&format!(".{suffix}")),
        None => p == h,
    }
}

/// Addresses that are not on the public internet.
pub fn is_non_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            v4.is_private() || v4.is_loopback() || v4.is_link_local() || v4.is_unspecified()
                || v4.is_broadcast() || v4.is_multicast() || v4.is_documentation()
                || o[0] == 0 || o[0] >= 240
                || (o[0] == 100 && (o[1] & 0xc0) == 64) // 100.64.0.0/10 shared address space
                || (o[0] == 192 && o[1] == 0 && o[2] == 0) // 192.0.0.0/24
                || (o[0] == 198 && (o[1] & 0xfe) == 18) // 198.18.0.0/15 benchmarking
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_non_public(IpAddr::V4(v4));
            }
            let s = v6.segments();
            if s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0, 0, 0, 0] {
                let v4 = std::net::Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
                return is_non_public(IpAddr::V4(v4));
            }
            v6.is_loopback() || v6.is_unspecified() || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00 // unique local
                || (s[0] & 0xffc0) == 0xfe80 // link local
                || s[0] == 0x2001 && s[1] == 0x0db8 // documentation
        }
    }
}

impl EgressPolicy {
    /// Check the URL's scheme and host name (before any resolution).
    pub fn check_url(&self, url: &url::Url) -> Result<(), String> {
        if url.scheme() != "http" && url.scheme() != "https" {
            return Err(format!("the URL scheme \"{}\" is not allowed", url.scheme()));
        }
        let host = url.host_str().unwrap_or_default().trim_start_matches('[').trim_end_matches(']');
        if self.deny_hosts.iter().any(|p| host_matches(p, host)) {
            return Err(format!("egress to {host} is denied by policy"));
        }
        if !self.allow_hosts.is_empty() && !self.allow_hosts.iter().any(|p| host_matches(p, host)) {
            return Err(format!("egress to {host} is not in the allow list"));
        }
        if let Ok(ip) = host.parse::<IpAddr>() {
            self.check_ip(ip)?;
        }
        Ok(())
    }

    pub fn check_ip(&self, ip: IpAddr) -> Result<(), String> {
        if !self.allow_private && is_non_public(ip) {
            return Err(format!("egress to the non-public address {ip} is denied"));
        }
        Ok(())
    }
}

/// Resolves host names and drops addresses the policy denies, so a name that points at a
/// private address cannot be used to reach it (also checked again for every redirect hop).
struct PolicyResolver(Arc<EgressPolicy>);

impl reqwest::dns::Resolve for PolicyResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let policy = self.0.clone();
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed: Vec<SocketAddr> = addrs.iter().copied().filter(|a| policy.check_ip(a.ip()).is_ok()).collect();
            if allowed.is_empty() {
                let msg = match addrs.first() {
                    Some(a) => format!("egress to {host} ({}) is denied: non-public address", a.ip()),
                    None => format!("{host} did not resolve"),
                };
                return Err(msg.into());
            }
            Ok(Box::new(allowed.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// Runs `fetch` requests, on a given Tokio runtime or on the calling thread's own.
pub struct FetchClient {
    /// `None`: the runtime the request is started from (an actions worker's own).
    handle: Option<tokio::runtime::Handle>,
    clients: Mutex<HashMap<EgressPolicy, reqwest::Client>>,
}

pub type FetchReply = Box<dyn FnOnce(Result<FetchResponse, String>, Duration) + Send>;

impl FetchClient {
    /// `io`: the runtime to run requests on; `None` runs them on the runtime of the thread that
    /// starts them. A client's connections belong to the runtime that opened them, so a client
    /// without a runtime of its own serves one thread.
    pub fn new(io: Option<tokio::runtime::Handle>) -> Self {
        Self { handle: io, clients: Mutex::default() }
    }

    fn client(&self, policy: &EgressPolicy) -> Result<reqwest::Client, String> {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(c) = clients.get(policy) {
            return Ok(c.clone());
        }
        let p = Arc::new(policy.clone());
        let redirect_policy = p.clone();
        let client = reqwest::Client::builder()
            .dns_resolver(Arc::new(PolicyResolver(p)))
            .redirect(reqwest::redirect::Policy::custom(move |attempt| {
                if attempt.previous().len() >= 10 {
                    return attempt.error("too many redirects");
                }
                match redirect_policy.check_url(attempt.url()) {
                    Ok(()) => attempt.follow(),
                    Err(e) => attempt.error(e),
                }
            }))
            .user_agent("Portcullis-Actions/1")
            .build()
            .map_err(|e| e.to_string())?;
        if clients.len() > 64 {
            clients.clear();
        }
        clients.insert(policy.clone(), client.clone());
        Ok(client)
    }

    /// Start a request; `reply` is called on the IO runtime with the result and its duration.
    pub fn start(&self, req: FetchRequest, policy: &EgressPolicy, timeout: Duration, max_bytes: usize, reply: FetchReply) {
        let started = Instant::now();
        let prepared = url::Url::parse(&req.url)
            .map_err(|e| format!("invalid URL: {e}"))
            .and_then(|u| policy.check_url(&u).map(|()| u))
            .and_then(|u| self.client(policy).map(|c| (u, c)));
        let (url, client) = match prepared {
            Ok(x) => x,
            Err(e) => return reply(Err(e), started.elapsed()),
        };
        let handle = match &self.handle {
            Some(h) => h.clone(),
            None => match tokio::runtime::Handle::try_current() {
                Ok(h) => h,
                Err(_) => return reply(Err("no IO runtime to perform the request on".into()), started.elapsed()),
            },
        };
        handle.spawn(async move {
            let r = tokio::time::timeout(timeout, perform(client, url, req, max_bytes)).await;
            let r = r.unwrap_or_else(|_| Err(format!("request timed out after {} ms", timeout.as_millis())));
            reply(r, started.elapsed());
        });
    }
}

async fn perform(client: reqwest::Client, url: url::Url, req: FetchRequest, max_bytes: usize) -> Result<FetchResponse, String> {
    let method = reqwest::Method::from_bytes(req.method.as_bytes()).map_err(|e| e.to_string())?;
    let original = url.as_str().to_owned();
    let mut b = client.request(method, url);
    for (k, v) in &req.headers {
        b = b.header(k.as_str(), v.as_str());
    }
    if let Some(body) = req.body {
        b = b.body(body);
    }
    let mut resp = b.send().await.map_err(|e| describe(&e))?;
    let status = resp.status();
    let headers = resp.headers().iter().map(|(k, v)| (k.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned())).collect();
    let final_url = resp.url().as_str().to_owned();
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(|e| describe(&e))? {
        if body.len() + chunk.len() > max_bytes {
            return Err(format!("response body larger than {max_bytes} bytes"));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(FetchResponse {
        status: status.as_u16(),
        status_text: status.canonical_reason().unwrap_or_default().to_owned(),
        redirected: final_url != original,
        url: final_url,
        headers,
        body,
    })
}

fn describe(e: &reqwest::Error) -> String {
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    msg
}
