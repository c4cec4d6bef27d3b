//! A lane: a share of an account's request budget for one piece of background work (the stock sync), so
//! the owner's own calls (orders, stock pushes) always find room in the rest.
//!
//! The lane is carried by the task (a tokio task-local): [`within`] runs a future in a lane, and every
//! request that future sends through an [`crate::HttpClient`] waits for the lane's pace *and* the account's
//! own. Requests outside a lane are paced by the account alone. Per key, like the account's limiter (Nhanh
//! counts per URL).

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use governor::{DefaultKeyedRateLimiter, RateLimiter};

use crate::RateLimit;

tokio::task_local! {
    static LANE: Arc<Lane>;
}

/// One lane's limiters, one per client it meets (by the client's identity).
pub(crate) struct Lane {
    share: f64,
    limiters: Mutex<HashMap<usize, Arc<DefaultKeyedRateLimiter<String>>>>,
}

impl Lane {
    fn limiter(&self, client: usize, account: &RateLimit) -> Arc<DefaultKeyedRateLimiter<String>> {
        let mut map = self.limiters.lock().unwrap_or_else(|p| p.into_inner());
        map.entry(client)
            .or_insert_with(|| Arc::new(RateLimiter::keyed(scaled(account, self.share).quota())))
            .clone()
    }
}

/// The account's limit at `share` of its pace (burst 1: a lane never bursts).
pub fn scaled(account: &RateLimit, share: f64) -> RateLimit {
    let share = if share.is_finite() {
        share.clamp(0.01, 1.0)
    } else {
        1.0
    };
    RateLimit {
        burst: 1,
        fraction: account.fraction * share,
        ..*account
    }
}

/// Run `fut` with its requests limited to `share` (0–1] of each account's budget.
pub async fn within<F: Future>(share: f64, fut: F) -> F::Output {
    let lane = Arc::new(Lane {
        share,
        limiters: Mutex::new(HashMap::new()),
    });
    LANE.scope(lane, fut).await
}

/// Wait for the current lane's pace for `key` of the client `client`, if the task runs in a lane.
pub(crate) async fn wait(client: usize, account: &RateLimit, key: &str) {
    let Ok(limiter) = LANE.try_with(|l| l.limiter(client, account)) else {
        return;
    };
    limiter.until_key_ready(&key.to_string()).await;
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_lane_paces_at_its_share_of_the_account() {
        let account = RateLimit::new(2, Duration::from_secs(1));
        let lane = scaled(&account, 0.3);
        let ratio = lane.interval().as_secs_f64() / account.interval().as_secs_f64();
        assert!((ratio - 1.0 / 0.3).abs() < 0.01, "{ratio}");
        // a nonsense share is clamped, never a panic or a zero interval
        assert!(scaled(&account, f64::NAN).interval() == account.interval());
        assert!(scaled(&account, 0.0).interval() > account.interval());
    }
}
