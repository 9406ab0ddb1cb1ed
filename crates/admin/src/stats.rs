//! Daily activity (`/stats/daily`), counted from the tenant log: logins and sign-ups per UTC day.

use crate::{AdminError, AdminResult};
use portcullis_domain::log::types;
use portcullis_domain::tenant::Tenant;
use portcullis_domain::Timestamp;
use portcullis_oidc::Platform;
use portcullis_store::{LogQuery, Page};

const DAY_MS: i64 = 86_400_000;
/// Auth0 answers at most a month-ish window by default; the scan of the log is bounded too.
const DEFAULT_DAYS: i64 = 30;
const MAX_LOG_PAGES: u32 = 100;

#[derive(Debug, Clone, PartialEq)]
pub struct DailyStats {
    /// Midnight UTC of the day.
    pub day: Timestamp,
    pub logins: i64,
    pub signups: i64,
}

/// `YYYYMMDD` -> midnight UTC of that day.
pub fn parse_day(s: &str) -> AdminResult<Timestamp> {
    let ok = s.len() == 8 && s.chars().all(|c| c.is_ascii_digit());
    let iso = format!("{}-{}-{}T00:00:00Z", s.get(0..4).unwrap_or(""), s.get(4..6).unwrap_or(""), s.get(6..8).unwrap_or(""));
    Timestamp::parse_iso8601(&iso).filter(|_| ok).ok_or_else(|| AdminError::Invalid(format!("Query validation error: '{s}' is not a date in the format YYYYMMDD")))
}

fn day_of(t: Timestamp) -> i64 {
    t.millis().div_euclid(DAY_MS)
}

/// One entry per day from `from` to `to` (inclusive; default: the last 30 days).
pub async fn daily(p: &Platform, t: &Tenant, from: Option<&str>, to: Option<&str>) -> AdminResult<Vec<DailyStats>> {
    let now = p.clock.now();
    let last = match to {
        Some(s) => day_of(parse_day(s)?),
        None => day_of(now),
    };
    let first = match from {
        Some(s) => day_of(parse_day(s)?),
        None => last - DEFAULT_DAYS + 1,
    };
    if first > last {
        return Err(AdminError::Invalid("Query validation error: 'from' must not be after 'to'".into()));
    }
    let mut out: Vec<DailyStats> = (first..=last).map(|d| DailyStats { day: Timestamp(d * DAY_MS), logins: 0, signups: 0 }).collect();
    for (kind, is_login) in [(types::SUCCESS_LOGIN, true), (types::SUCCESS_SIGNUP, false)] {
        let q = LogQuery { kind: Some(kind.to_string()), ..Default::default() };
        'pages: for page in 0..MAX_LOG_PAGES {
            let res = p.store.list_logs(&t.id, &q, Page { page, per_page: 100 }).await?;
            for l in &res.items {
                let d = day_of(l.date);
                if d < first {
                    break 'pages;
                }
                if let Some(e) = out.get_mut((d - first) as usize).filter(|_| d <= last) {
                    if is_login {
                        e.logins += 1;
                    } else {
                        e.signups += 1;
                    }
                }
            }
            if res.items.len() < 100 {
                break;
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_is_read_as_midnight_utc_and_nonsense_is_refused() {
        assert_eq!(parse_day("19700102").unwrap(), Timestamp(DAY_MS));
        assert!(parse_day("1970-01-02").is_err());
        assert!(parse_day("19701302").is_err());
    }
}
