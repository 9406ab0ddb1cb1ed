//! The one clock. Production reads the system time; tests advance a fixed clock.

use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

/// Milliseconds since the Unix epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl Timestamp {
    pub fn from_secs(s: i64) -> Self {
        Timestamp(s * 1000)
    }
    pub fn millis(self) -> i64 {
        self.0
    }
    pub fn secs(self) -> i64 {
        self.0.div_euclid(1000)
    }
    pub fn plus_secs(self, s: i64) -> Self {
        Timestamp(self.0 + s * 1000)
    }
    /// ISO 8601 with milliseconds and `Z`, as Auth0 writes dates (`2024-01-01T00:00:00.000Z`).
    pub fn to_iso8601(self) -> String {
        let nanos = (self.0 as i128) * 1_000_000;
        match time::OffsetDateTime::from_unix_timestamp_nanos(nanos) {
            Ok(t) => {
                let f = time::macros::format_description!(
                    "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
                );
                t.format(&f).unwrap_or_default()
            }
            Err(_) => String::new(),
        }
    }
    pub fn parse_iso8601(s: &str) -> Option<Self> {
        let t = time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok()?;
        Some(Timestamp((t.unix_timestamp_nanos() / 1_000_000) as i64))
    }
}

pub trait Clock: Send + Sync {
    fn now(&self) -> Timestamp;
}

#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        let d = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        Timestamp(d.as_millis() as i64)
    }
}

/// A clock tests move by hand.
#[derive(Clone, Debug, Default)]
pub struct FixedClock(Arc<AtomicI64>);

impl FixedClock {
    pub fn at(t: Timestamp) -> Self {
        FixedClock(Arc::new(AtomicI64::new(t.0)))
    }
    pub fn advance_secs(&self, s: i64) {
        self.0.fetch_add(s * 1000, Ordering::SeqCst);
    }
}

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        Timestamp(self.0.load(Ordering::SeqCst))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_print_as_auth0_dates_and_parse_back() {
        let t = Timestamp(1_700_000_000_123);
        assert_eq!(t.to_iso8601(), "2023-11-14T22:13:20.123Z");
        assert_eq!(Timestamp::parse_iso8601(&t.to_iso8601()), Some(t));
    }

    #[test]
    fn a_fixed_clock_moves_only_when_advanced() {
        let c = FixedClock::at(Timestamp::from_secs(10));
        assert_eq!(c.now().secs(), 10);
        c.advance_secs(5);
        assert_eq!(c.now().secs(), 15);
    }
}
