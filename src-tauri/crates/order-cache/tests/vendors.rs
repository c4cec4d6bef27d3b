//! Against the sandbox simulators, for each vendor: sync the seeded orders, open a detail, cancel a
//! cancellable order (Cancelled afterwards, in the vendor and in the cache), and see a refused cancel
//! surface the vendor's error with the cache unchanged.

mod common;

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU64, Ordering};

use common::{cancellable, normalize, Env};
use order_cache::*;

/// Sync `account` from `source` and check what every vendor's list must give the user.
async fn synced(cache: &OrderCache, account: &str, source: &dyn OrderSource) -> Vec<OrderRow> {
    let calls = AtomicU64::new(0);
    let last = AtomicU64::new(0);
    let progress = |done: u64, _total: u64| {
        calls.fetch_add(1, Ordering::Relaxed);
        last.store(done, Ordering::Relaxed);
    };
    let n = sync_account(cache, account, source, &progress)
        .await
        .expect("sync");
    assert!(n > 5, "{account}: only {n} orders");
    assert!(calls.load(Ordering::Relaxed) >= 1);
    assert_eq!(last.load(Ordering::Relaxed), n as u64);
    let page = cache
        .list(&OrderFilter {
            account_ids: vec![account.into()],
            limit: 1000,
            ..Default::default()
        })
        .expect("list");
    assert_eq!(page.total as usize, n);
    let statuses: BTreeSet<&str> = page.rows.iter().map(|r| r.status.as_str()).collect();
    assert!(statuses.len() >= 3, "{account}: statuses {statuses:?}");
    for r in &page.rows {
        assert_eq!(r.account_id, account);
        assert_eq!(r.vendor, source.vendor());
        assert!(!r.vendor_status.is_empty());
        assert_eq!(r.cancellable, cancellable(r.vendor, r.vendor_status_code));
        assert_eq!(r.status, normalize(r.vendor, r.vendor_status_code));
        assert!(r.item_count > 0, "{r:?}");
    }
    // newest first
    assert!(page
        .rows
        .windows(2)
        .all(|w| w[0].created_at >= w[1].created_at));
    page.rows
}

fn first(rows: &[OrderRow], status: OrderStatus) -> OrderRow {
    rows.iter()
        .find(|r| r.status == status)
        .cloned()
        .unwrap_or_else(|| panic!("no {status:?} order seeded"))
}

async fn cancel_ok(cache: &OrderCache, source: &dyn OrderSource, row: &OrderRow) -> OrderDetail {
    assert!(row.cancellable, "{row:?}");
    let after = cancel_order(cache, &row.account_id, source, &row.vendor_order_id)
        .await
        .expect("cancel");
    assert_eq!(after.row.status, OrderStatus::Cancelled, "{:?}", after.row);
    assert!(!after.row.cancellable);
    let cached = cache
        .detail(&row.account_id, &row.vendor_order_id)
        .expect("detail")
        .expect("cached");
    assert_eq!(cached, after);
    // the vendor says so too
    let again = source
        .fetch_one(&row.vendor_order_id)
        .await
        .expect("re-read");
    assert_eq!(again.row.status, OrderStatus::Cancelled);
    after
}

async fn cancel_refused(cache: &OrderCache, source: &dyn OrderSource, row: &OrderRow) {
    assert!(!row.cancellable, "{row:?}");
    let before = cache
        .detail(&row.account_id, &row.vendor_order_id)
        .expect("detail");
    let err = cancel_order(cache, &row.account_id, source, &row.vendor_order_id)
        .await
        .expect_err("the vendor must refuse");
    match &err {
        OrderListError::Vendor(e) => {
            assert!(
                !e.is_transient(),
                "a refusal, not a transient failure: {e:?}"
            );
            assert!(
                e.vendor_code().is_some(),
                "the vendor's code is kept: {e:?}"
            );
            println!("{} refused: {e}", row.vendor);
        }
        other => panic!("expected the vendor's error, got {other:?}"),
    }
    let after = cache
        .detail(&row.account_id, &row.vendor_order_id)
        .expect("detail");
    assert_eq!(before, after, "cache changed by a refused cancel");
    let vendor_side = source
        .fetch_one(&row.vendor_order_id)
        .await
        .expect("re-read");
    assert_eq!(vendor_side.row.status, row.status);
}

#[tokio::test]
async fn pancake_orders_list_detail_and_cancel() -> anyhow::Result<()> {
    let env = Env::start().await?;
    let cache = OrderCache::open_in_memory()?;
    let rows = synced(&cache, "pk-1", &env.pancake).await;
    // cancelled and deleted orders are listed too (include_removed + explicit 6/7)
    assert!(rows.iter().any(|r| r.vendor_status_code == 6));
    assert!(rows.iter().any(|r| r.vendor_status_code == 7));
    assert!(rows.iter().any(|r| r.client_ref.is_some()));
    let any = &rows[0];
    assert!(!any.customer_name.is_empty() && !any.phone.is_empty() && !any.address.is_empty());
    assert!(any.total.dong() > 0);

    let shipped = first(&rows, OrderStatus::Shipping);
    let d = cache
        .detail("pk-1", &shipped.vendor_order_id)?
        .expect("detail");
    assert!(!d.items.is_empty() && d.items.iter().all(|l| !l.sku.is_empty() && l.quantity > 0));
    assert!(!d.history.is_empty());
    assert_eq!(
        d.history.last().map(|e| e.status),
        Some(OrderStatus::Shipping)
    );
    assert!(d.tracking_code.is_some() && d.carrier.is_some());

    let new = first(&rows, OrderStatus::New);
    let after = cancel_ok(&cache, &env.pancake, &new).await;
    assert_eq!(after.row.vendor_status_code, 6);
    assert_eq!(
        after.history.last().map(|e| e.status),
        Some(OrderStatus::Cancelled)
    );

    cancel_refused(&cache, &env.pancake, &first(&rows, OrderStatus::Delivered)).await;
    cancel_refused(&cache, &env.pancake, &shipped).await;
    Ok(())
}

#[tokio::test]
async fn nhanh_orders_list_detail_and_cancel() -> anyhow::Result<()> {
    let env = Env::start().await?;
    let cache = OrderCache::open_in_memory()?;
    // orders older than 31 days are fetched too (the sim seeds 62 days back)
    let rows = synced(&cache, "nh-1", &env.nhanh).await;
    let oldest = rows.iter().map(|r| r.created_at).min().expect("rows");
    assert!(
        chrono::Utc::now() - oldest > chrono::Duration::days(31),
        "{oldest}"
    );

    let r = first(&rows, OrderStatus::Delivered);
    let d = cache.detail("nh-1", &r.vendor_order_id)?.expect("detail");
    assert!(
        !d.items.is_empty()
            && d.items
                .iter()
                .all(|l| !l.sku.is_empty() && !l.name.is_empty())
    );
    assert!(d.history.len() >= 2, "{:?}", d.history);
    assert_eq!(
        d.history.last().map(|e| e.status),
        Some(OrderStatus::Delivered)
    );
    assert!(d.tracking_code.is_some());
    assert!(!r.customer_name.is_empty() && !r.phone.is_empty() && r.cod.dong() > 0);

    // open order: order/edit status 64
    let open = first(&rows, OrderStatus::New);
    let after = cancel_ok(&cache, &env.nhanh, &open).await;
    assert_eq!(after.row.vendor_status_code, 64);
    // with the carrier: order/cancelcarrier first
    let shipping = first(&rows, OrderStatus::Shipping);
    let after = cancel_ok(&cache, &env.nhanh, &shipping).await;
    assert_eq!(after.row.vendor_status_code, 58);
    assert!(after.tracking_code.is_none());

    cancel_refused(&cache, &env.nhanh, &r).await;
    Ok(())
}

#[tokio::test]
async fn onflow_shipments_list_detail_and_cancel() -> anyhow::Result<()> {
    let env = Env::start().await?;
    let cache = OrderCache::open_in_memory()?;
    let rows = synced(&cache, "of-1", &env.onflow).await;
    assert!(rows
        .iter()
        .all(|r| r.vendor_order_id.starts_with("OASC") && r.client_ref.is_some()));

    let handed = first(&rows, OrderStatus::Shipping);
    let d = cache
        .detail("of-1", &handed.vendor_order_id)?
        .expect("detail");
    assert!(!d.items.is_empty());
    let steps: Vec<OrderStatus> = d.history.iter().map(|e| e.status).collect();
    assert_eq!(
        steps,
        vec![
            OrderStatus::New,
            OrderStatus::Packing,
            OrderStatus::Packing,
            OrderStatus::Shipping
        ]
    );
    assert_eq!(handed.vendor_status, "Đã bàn giao");

    let packed = rows
        .iter()
        .find(|r| r.vendor_status_code == 250)
        .cloned()
        .expect("a packed shipment");
    let after = cancel_ok(&cache, &env.onflow, &packed).await;
    assert_eq!(after.row.vendor_status_code, 500);
    assert_eq!(
        after.history.last().map(|e| e.status),
        Some(OrderStatus::Cancelled)
    );

    cancel_refused(&cache, &env.onflow, &handed).await;
    Ok(())
}

#[tokio::test]
async fn one_list_across_accounts() -> anyhow::Result<()> {
    let env = Env::start().await?;
    let cache = OrderCache::open_in_memory()?;
    let none = |_: u64, _: u64| {};
    let a = sync_account(&cache, "pk-1", &env.pancake, &none).await?;
    let b = sync_account(&cache, "nh-1", &env.nhanh, &none).await?;
    let c = sync_account(&cache, "of-1", &env.onflow, &none).await?;
    let all = cache.list(&OrderFilter::default())?;
    assert_eq!(all.total as usize, a + b + c);
    assert_eq!(all.rows.len(), 50);
    let two = cache.list(&OrderFilter {
        account_ids: vec!["pk-1".into(), "of-1".into()],
        limit: 1000,
        ..Default::default()
    })?;
    assert_eq!(two.total as usize, a + c);
    assert!(two.rows.iter().all(|r| r.vendor != Vendor::Nhanh));
    let counts = cache.status_counts(&OrderFilter::default())?;
    assert_eq!(
        counts.iter().map(|c| c.count as usize).sum::<usize>(),
        a + b + c
    );
    // a second sync changes nothing
    let again = sync_account(&cache, "nh-1", &env.nhanh, &none).await?;
    assert_eq!(again, b);
    assert_eq!(cache.count_account("nh-1")?, b);
    Ok(())
}

#[tokio::test]
async fn a_rate_limited_sync_leaves_the_cache_as_it_was() -> anyhow::Result<()> {
    let env = Env::start().await?;
    let cache = OrderCache::open_in_memory()?;
    let none = |_: u64, _: u64| {};
    for vendor in ["pancake", "nhanh", "onflow"] {
        let source: &dyn OrderSource = match vendor {
            "pancake" => &env.pancake,
            "nhanh" => &env.nhanh,
            _ => &env.onflow,
        };
        let account = format!("{vendor}-1");
        let n = sync_account(&cache, &account, source, &none).await?;
        let before = cache.list(&OrderFilter {
            account_ids: vec![account.clone()],
            limit: 1000,
            ..Default::default()
        })?;
        let faults = env.sb.faults(vendor).expect("faults");
        faults.set(sandbox::FaultConfig {
            rate_limit_for_secs: Some(30),
            ..Default::default()
        });
        let err = sync_account(&cache, &account, source, &none)
            .await
            .expect_err("rate limited");
        faults.clear();
        assert!(
            matches!(
                err,
                OrderListError::Vendor(vendor_http::Error::RateLimited { .. })
            ),
            "{vendor}: {err:?}"
        );
        let after = cache.list(&OrderFilter {
            account_ids: vec![account.clone()],
            limit: 1000,
            ..Default::default()
        })?;
        assert_eq!(before, after, "{vendor}");
        assert_eq!(after.total as usize, n);
    }
    Ok(())
}

#[tokio::test]
async fn pancake_syncs_only_what_changed_after_a_full_fetch() -> anyhow::Result<()> {
    let env = Env::start().await?;
    let cache = OrderCache::open_in_memory()?;
    let quiet = |_: u64, _: u64| {};
    let all = OrderFilter {
        account_ids: vec!["pk-1".into()],
        limit: 1000,
        ..Default::default()
    };
    let full = sync_account(&cache, "pk-1", &env.pancake, &quiet).await?;
    assert!(full > 5);
    let marks = cache.sync_marks("pk-1")?.expect("marked");
    assert_eq!(marks.last_full, marks.last_sync);

    // nothing changed at the vendor: the next sync fetches nothing and keeps every cached order
    assert_eq!(sync_account(&cache, "pk-1", &env.pancake, &quiet).await?, 0);
    assert_eq!(cache.list(&all)?.total as usize, full);

    // a change made in Pancake's own portal (here: straight through the client) arrives next sync
    let new = cache
        .list(&all)?
        .rows
        .into_iter()
        .find(|r| r.status == OrderStatus::New)
        .expect("a new order");
    env.pancake.cancel_order(&new.vendor_order_id).await?;
    let changed = sync_account(&cache, "pk-1", &env.pancake, &quiet).await?;
    assert!(changed >= 1 && changed < full, "{changed} of {full}");
    let now = cache
        .detail("pk-1", &new.vendor_order_id)?
        .expect("still cached");
    assert_eq!(now.row.status, OrderStatus::Cancelled);
    assert_eq!(cache.list(&all)?.total as usize, full);
    let after = cache.sync_marks("pk-1")?.expect("marked");
    assert_eq!(
        after.last_full, marks.last_full,
        "an incremental sync is not a full one"
    );
    assert!(after.last_sync > marks.last_sync);
    Ok(())
}
