//! A sliding-window request counter per key, for the simulators' documented rate limits.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// At most `limit` hits per `window` per key; a key over its budget learns how long to wait.
pub struct WindowLimiter {
    limit: usize,
    window: Duration,
    hits: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl WindowLimiter {
    pub fn new(limit: usize, window: Duration) -> Self {
        WindowLimiter {
            limit: limit.max(1),
            window,
            hits: Mutex::new(HashMap::new()),
        }
    }

    pub fn limit(&self) -> usize {
        self.limit
    }

    pub fn window(&self) -> Duration {
        self.window
    }

    /// Count a hit for `key`. `Err(wait)` when the key is over budget (the hit is not counted).
    pub fn check(&self, key: &str) -> Result<(), Duration> {
        let now = Instant::now();
        let mut hits = self.hits.lock().unwrap_or_else(|p| p.into_inner());
        let q = hits.entry(key.to_string()).or_default();
        while q
            .front()
            .is_some_and(|t| now.duration_since(*t) >= self.window)
        {
            q.pop_front();
        }
        if q.len() >= self.limit {
            let oldest = q.front().copied().unwrap_or(now);
            return Err(self.window.saturating_sub(now.duration_since(oldest)));
        }
        q.push_back(now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn over_budget_waits_for_the_oldest_hit_to_leave() {
        let l = WindowLimiter::new(2, Duration::from_millis(200));
        assert!(l.check("a").is_ok());
        assert!(l.check("a").is_ok());
        let wait = l.check("a").expect_err("third hit is over budget");
        assert!(wait <= Duration::from_millis(200));
        assert!(l.check("b").is_ok(), "keys are independent");
        tokio::time::sleep(Duration::from_millis(210)).await;
        assert!(l.check("a").is_ok());
    }
}
