//! Single-flight bookkeeping and panic containment for background work (no I/O).
//!
//! A [`Flights`] set holds the keys of the jobs running now (e.g. `stock:<account>`); starting a job
//! hands out a [`FlightGuard`] that removes its key when dropped — also when the job panics or is
//! cancelled — so no account stays "running" for the rest of the session. [`contain`] runs a future
//! and turns a panic inside it into an `Internal` error instead of a dead task.

use std::collections::BTreeSet;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex};

use futures::FutureExt;

use crate::AppError;

/// The keys of the jobs running now. Cheap to clone; clones share the set.
#[derive(Clone, Default, Debug)]
pub struct Flights(Arc<Mutex<BTreeSet<String>>>);

impl Flights {
    pub fn new() -> Self {
        Self::default()
    }

    /// Claim `key`: `None` when a job with that key is already running.
    pub fn try_start(&self, key: impl Into<String>) -> Option<FlightGuard> {
        let key = key.into();
        let mut set = self.0.lock().unwrap_or_else(|p| p.into_inner());
        set.insert(key.clone()).then(|| FlightGuard {
            flights: self.clone(),
            key,
        })
    }

    pub fn is_running(&self, key: &str) -> bool {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains(key)
    }

    /// The keys running now.
    pub fn running(&self) -> BTreeSet<String> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

/// Proof that a job holds its key; the key is released on drop (normal end, error, panic, cancel).
#[derive(Debug)]
pub struct FlightGuard {
    flights: Flights,
    key: String,
}

impl FlightGuard {
    pub fn key(&self) -> &str {
        &self.key
    }
}

impl Drop for FlightGuard {
    fn drop(&mut self) {
        let mut set = self.flights.0.lock().unwrap_or_else(|p| p.into_inner());
        set.remove(&self.key);
    }
}

/// Run `job`; a panic inside it becomes an `Internal` error naming `what` (the panic's text is logged
/// by the panic hook, never shown: it may quote vendor data).
pub async fn contain<T>(
    what: &str,
    job: impl Future<Output = Result<T, AppError>>,
) -> Result<T, AppError> {
    match AssertUnwindSafe(job).catch_unwind().await {
        Ok(r) => r,
        Err(_) => Err(AppError::internal(format!(
            "an internal error stopped {what}; it was not completed"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn a_key_runs_once_at_a_time_and_is_released_on_drop() {
        let f = Flights::new();
        let g = f.try_start("stock:a").expect("free");
        assert!(
            f.try_start("stock:a").is_none(),
            "second start of the same key"
        );
        assert!(
            f.try_start("stock:b").is_some(),
            "another key is independent"
        );
        assert!(f.is_running("stock:a"));
        drop(g);
        assert!(!f.is_running("stock:a"));
        assert!(f.try_start("stock:a").is_some());
    }

    #[test]
    fn a_panicking_job_is_reported_as_internal_and_releases_its_key() {
        let f = Flights::new();
        let rt = futures::executor::block_on(async {
            let guard = f.try_start("stock:a").expect("free");
            contain("the sync", async move {
                let _guard = guard;
                let v: Vec<u8> = Vec::new();
                // an out-of-bounds index: a real panic, like a vendor value a parser did not expect
                let i = v.len() + 3;
                Ok::<u8, AppError>(v[i])
            })
            .await
        });
        let e = rt.expect_err("the panic is an error");
        assert_eq!(e.code, ErrorCode::Internal);
        assert!(e.message.contains("the sync"));
        assert!(!f.is_running("stock:a"), "the running state was cleared");
    }
}
