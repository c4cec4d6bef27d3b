//! A sliding-window request counter per key, for the simulators' documented rate limits.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// At most `limit` hits per `window` per key (and, with [`WindowLimiter::also`], per each further window,
/// e.g. 600 per minute *and* 10 per second); a key over any budget learns how long to wait.
pub struct WindowLimiter {
    limit: usize,
    window: Duration,
    /// Further (limit, window) pairs that must have room too.
    more: Vec<(usize, Duration)>,
    hits: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl WindowLimiter {
    pub fn new(limit: usize, window: Duration) -> Self {
        WindowLimiter {
            limit: limit.max(1),
            window,
            more: Vec::new(),
            hits: Mutex::new(HashMap::new()),
        }
    }

    /// Also at most `limit` hits per `window` (a shorter window: the vendor's per-second pace).
    pub fn also(mut self, limit: usize, window: Duration) -> Self {
        self.more.push((limit.max(1), window));
        self
    }

    pub fn limit(&self) -> usize {
        self.limit
    }

    pub fn window(&self) -> Duration {
        self.window
    }

    /// Count a hit for `key`. `Err(wait)` when the key is over a budget (the hit is not counted); `wait`
    /// is when every window has room again.
    pub fn check(&self, key: &str) -> Result<(), Duration> {
        let now = Instant::now();
        let longest = self
            .more
            .iter()
            .map(|(_, w)| *w)
            .fold(self.window, Duration::max);
        let mut hits = self.hits.lock().unwrap_or_else(|p| p.into_inner());
        let q = hits.entry(key.to_string()).or_default();
        while q.front().is_some_and(|t| now.duration_since(*t) >= longest) {
            q.pop_front();
        }
        let mut wait: Option<Duration> = None;
        for (limit, window) in
            std::iter::once((self.limit, self.window)).chain(self.more.iter().copied())
        {
            let inside = q
                .iter()
                .rev()
                .take_while(|t| now.duration_since(**t) < window)
                .count();
            if inside >= limit {
                // the hit that must leave this window for one more to fit
                let oldest = q[q.len() - inside + (inside - limit)];
                let w = window.saturating_sub(now.duration_since(oldest));
                wait = Some(wait.map_or(w, |x| x.max(w)));
            }
        }
        if let Some(w) = wait {
            return Err(w);
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

    #[tokio::test]
    async fn a_second_window_caps_the_pace_too() {
        // 600 per minute and 10 per second (Onflow's wording): the 11th hit within a second waits
        let l = WindowLimiter::new(600, Duration::from_secs(60)).also(10, Duration::from_secs(1));
        for _ in 0..10 {
            assert!(l.check("t").is_ok());
        }
        let wait = l.check("t").expect_err("11th hit in a second");
        assert!(
            wait <= Duration::from_secs(1) && wait > Duration::from_millis(500),
            "{wait:?}"
        );
        tokio::time::sleep(Duration::from_millis(1010)).await;
        assert!(l.check("t").is_ok(), "room again after the second");
    }
}
