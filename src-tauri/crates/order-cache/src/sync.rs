//! Pull an account's orders into the cache, and the single-order actions that write through it.

use chrono::{Duration, Utc};

use crate::cache::{CacheError, Coverage, OrderCache};
use shopdesk_core::order::OrderDetail;
use shopdesk_core::ports::order_source::OrderSource;

/// A failure of a sync or an order action.
#[derive(Debug, thiserror::Error)]
pub enum OrderListError {
    /// The vendor call failed (its own code kept inside; rate limits are `RateLimited{retry_at}`).
    #[error(transparent)]
    Vendor(#[from] vendor_http::Error),
    #[error(transparent)]
    Cache(#[from] CacheError),
}

pub type Result<T, E = OrderListError> = std::result::Result<T, E>;

/// Margin for the clock between the sync's start and the source computing its own window.
const WINDOW_MARGIN_MINUTES: i64 = 60;

/// A sync fetches every order (of the vendor's window) at least this often; in between, only the
/// orders changed since the last sync where the vendor can list them that way (Pancake).
pub const FULL_SYNC_EVERY_HOURS: i64 = 24;

/// Fetch every order of `account_id` from `source` and replace the account's cached orders with them
/// (one transaction; orders the vendor no longer returns are removed, within the source's
/// [`OrderSource::fetch_window`]). `on_progress(done, total)` follows the fetch (`total` 0 = unknown).
/// Answers how many orders were fetched. On error the cache is left as it was.
pub async fn sync_account(
    cache: &OrderCache,
    account_id: &str,
    source: &dyn OrderSource,
    on_progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<usize> {
    let started = Utc::now();
    // After a recent full fetch, only what changed since the last sync (with a margin for clocks and
    // for orders being written while the last fetch ran); a full fetch at least once a day still
    // removes what the vendor deleted.
    if let Some(marks) = cache.sync_marks(account_id)? {
        if started - marks.last_full < Duration::hours(FULL_SYNC_EVERY_HOURS) {
            let since = marks.last_sync - Duration::minutes(WINDOW_MARGIN_MINUTES);
            if let Some(changed) = source.fetch_changed_since(since, on_progress).await? {
                let n = changed.len();
                cache.replace_account_with(
                    account_id,
                    source.vendor(),
                    changed,
                    Coverage::Partial,
                )?;
                cache.mark_synced(account_id, started, false)?;
                on_progress(n as u64, n as u64);
                return Ok(n);
            }
        }
    }
    let orders = source.fetch_all(on_progress).await?;
    let n = orders.len();
    let coverage = match source.fetch_window() {
        None => Coverage::Full,
        Some(w) => Coverage::CreatedSince(started - w + Duration::minutes(WINDOW_MARGIN_MINUTES)),
    };
    cache.replace_account_with(account_id, source.vendor(), orders, coverage)?;
    cache.mark_synced(account_id, started, true)?;
    on_progress(n as u64, n as u64);
    Ok(n)
}

/// Cancel one order at the vendor, then store the order as the vendor reports it afterwards. When the
/// vendor refuses, its error is returned and the cache is not touched.
pub async fn cancel_order(
    cache: &OrderCache,
    account_id: &str,
    source: &dyn OrderSource,
    vendor_order_id: &str,
) -> Result<OrderDetail> {
    let order = source
        .cancel(vendor_order_id)
        .await?
        .for_account(account_id);
    cache.upsert(&order)?;
    Ok(order)
}

/// Re-read one order from the vendor into the cache (e.g. when the detail view opens, or after a create).
pub async fn refresh_order(
    cache: &OrderCache,
    account_id: &str,
    source: &dyn OrderSource,
    vendor_order_id: &str,
) -> Result<OrderDetail> {
    let order = source
        .fetch_one(vendor_order_id)
        .await?
        .for_account(account_id);
    cache.upsert(&order)?;
    Ok(order)
}
