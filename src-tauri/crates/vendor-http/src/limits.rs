//! Bounds on everything a vendor (or whoever answers in its place) can make us wait for, read or walk.
//!
//! Every duration a vendor hands us (`Retry-After`, Nhanh's `unlockedAt` / `lockedSeconds`, Onflow's
//! `error_detail.retry_after`, …) goes through [`retry_at_in_secs`], [`retry_at_in`] or [`clamp_retry_at`]
//! before it is used: the result is never in the past and never more than [`MAX_VENDOR_WAIT`] ahead, and
//! computing it never panics, whatever the number. Bodies and list walks have their own caps, with the
//! defaults here and the values in [`crate::Policy`].

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};

/// The longest ShopDesk waits on a vendor's word (rate-limit pauses, URL locks). A vendor asking for
/// more gets asked again after this long.
pub const MAX_VENDOR_WAIT: Duration = Duration::from_secs(15 * 60);

/// Default cap of one response body (bytes actually read): 64 MiB. See [`crate::Policy::max_body_bytes`].
pub const DEFAULT_MAX_BODY_BYTES: u64 = 64 * 1024 * 1024;

/// Default cap of pages in one list walk. See [`crate::Policy::max_pages`].
pub const DEFAULT_MAX_PAGES: u32 = 10_000;

fn max_wait_delta() -> TimeDelta {
    // 900 s is far inside TimeDelta's range
    TimeDelta::try_seconds(MAX_VENDOR_WAIT.as_secs() as i64).unwrap_or(TimeDelta::zero())
}

/// `at`, moved into `[now, now + MAX_VENDOR_WAIT]`.
pub fn clamp_retry_at(at: DateTime<Utc>) -> DateTime<Utc> {
    let now = Utc::now();
    let latest = now.checked_add_signed(max_wait_delta()).unwrap_or(now);
    if at < now {
        now
    } else if at > latest {
        latest
    } else {
        at
    }
}

/// Now plus `secs` seconds as a vendor gave them (negative = now), at most [`MAX_VENDOR_WAIT`] ahead.
pub fn retry_at_in_secs(secs: i64) -> DateTime<Utc> {
    let capped = secs.clamp(0, MAX_VENDOR_WAIT.as_secs() as i64);
    let now = Utc::now();
    TimeDelta::try_seconds(capped)
        .and_then(|d| now.checked_add_signed(d))
        .unwrap_or(now)
}

/// Now plus `wait`, at most [`MAX_VENDOR_WAIT`] ahead.
pub fn retry_at_in(wait: Duration) -> DateTime<Utc> {
    let capped = wait.min(MAX_VENDOR_WAIT);
    let now = Utc::now();
    TimeDelta::from_std(capped)
        .ok()
        .and_then(|d| now.checked_add_signed(d))
        .unwrap_or(now)
}

/// How long from now until `at`, within `[0, MAX_VENDOR_WAIT]`.
pub fn wait_until(at: DateTime<Utc>) -> Duration {
    (clamp_retry_at(at) - Utc::now())
        .to_std()
        .unwrap_or(Duration::ZERO)
        .min(MAX_VENDOR_WAIT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendor_durations_are_clamped_and_never_panic() {
        let max = chrono::Duration::from_std(MAX_VENDOR_WAIT).unwrap_or_default();
        let slack = chrono::Duration::seconds(5);
        for secs in [
            i64::MIN,
            -1,
            0,
            1,
            899,
            900,
            901,
            99_999_999_999_999,
            i64::MAX,
        ] {
            let at = retry_at_in_secs(secs);
            assert!(at >= Utc::now() - slack, "{secs}");
            assert!(at <= Utc::now() + max, "{secs}");
        }
        assert!(retry_at_in(Duration::MAX) <= Utc::now() + max);
        assert!(clamp_retry_at(DateTime::<Utc>::MAX_UTC) <= Utc::now() + max);
        assert!(clamp_retry_at(DateTime::<Utc>::MIN_UTC) >= Utc::now() - slack);
        assert_eq!(wait_until(DateTime::<Utc>::MIN_UTC), Duration::ZERO);
        assert!(wait_until(DateTime::<Utc>::MAX_UTC) <= MAX_VENDOR_WAIT);
        let at = retry_at_in_secs(30);
        let d = (at - Utc::now()).num_seconds();
        assert!((28..=30).contains(&d), "{d}");
    }
}
