//! The outbox state machine against the real simulators: one behaviour per test.

mod common;

use std::time::Duration;

use common::Env;
use orders::*;
use sandbox::FaultConfig;

fn outbox_at(dir: &tempfile::TempDir, config: OutboxConfig) -> Outbox {
    Outbox::open(dir.path().join("orders.sqlite"), config).expect("outbox opens")
}

#[tokio::test]
async fn submit_creates_the_order_once_at_each_vendor() -> anyhow::Result<()> {
    let env = Env::start().await?;
    let dir = tempfile::tempdir()?;
    let ob = outbox_at(&dir, common::fast_config());
    let before = env.sb.pancake.order_count(sandbox::pancake::SHOP_ID);
    for vendor in [Vendor::Pancake, Vendor::Nhanh, Vendor::Onflow] {
        let id = ob
            .submit(env.draft(vendor, 1), env.port(vendor).as_ref())
            .await?;
        let e = ob.get(id)?;
        assert_eq!(e.state, State::Created, "{vendor}: {:?}", e.last_error);
        assert_eq!(e.attempts, 1);
        assert!(e.client_ref.starts_with("SD-") && e.client_ref.len() <= 20);
        let found = env
            .port(vendor)
            .find_by_reference(&e.client_ref)
            .await?
            .expect("the vendor has it");
        assert_eq!(Some(found), e.vendor_order_id, "{vendor}");
    }
    assert_eq!(
        env.sb.pancake.order_count(sandbox::pancake::SHOP_ID),
        before + 1
    );
    let counts = env.counts_by_reference().await?;
    let entries = ob.list()?.entries;
    assert_eq!(entries.len(), 3);
    for e in &entries {
        let n = match e.vendor {
            Vendor::Nhanh => env.nhanh_count(&e.client_ref),
            _ => counts.get(&e.client_ref).copied().unwrap_or(0),
        };
        assert_eq!(n, 1, "{} at {}", e.client_ref, e.vendor);
    }
    Ok(())
}

#[tokio::test]
async fn a_lost_answer_is_looked_up_and_never_sent_twice() -> anyhow::Result<()> {
    let env = Env::start().await?;
    let dir = tempfile::tempdir()?;
    let ob = outbox_at(&dir, common::fast_config());
    let before = env.sb.pancake.order_count(sandbox::pancake::SHOP_ID);
    // Pancake creates are sent once by the client: the engine alone prevents the duplicate
    env.sb.pancake.faults().set(FaultConfig {
        drop_next_creates: 1,
        ..Default::default()
    });
    let id = ob
        .submit(
            env.draft(Vendor::Pancake, 2),
            env.port(Vendor::Pancake).as_ref(),
        )
        .await?;
    let e = ob.get(id)?;
    assert_eq!(e.state, State::Created, "{:?}", e.last_error);
    assert_eq!(e.attempts, 1, "found by the lookup, not re-sent");
    assert!(e.last_error.is_some(), "the lost answer is recorded");
    assert_eq!(
        env.sb.pancake.order_count(sandbox::pancake::SHOP_ID),
        before + 1
    );
    Ok(())
}

#[tokio::test]
async fn repeated_unknowns_need_attention_and_try_again_resends_after_a_lookup(
) -> anyhow::Result<()> {
    let env = Env::start().await?;
    let dir = tempfile::tempdir()?;
    let config = OutboxConfig {
        max_attempts: 3,
        ..common::fast_config()
    };
    let ob = outbox_at(&dir, config);
    let before = env.sb.pancake.order_count(sandbox::pancake::SHOP_ID);
    // every request answers 500 before anything is committed
    env.sb.pancake.faults().set(FaultConfig {
        error_rate: 1.0,
        ..Default::default()
    });
    let id = ob
        .submit(
            env.draft(Vendor::Pancake, 3),
            env.port(Vendor::Pancake).as_ref(),
        )
        .await?;
    let e = ob.get(id)?;
    assert_eq!(e.state, State::NeedsAttention);
    assert!(e.attempts >= 3, "{e:?}");
    assert!(
        e.last_error.as_deref().is_some_and(|m| m.contains("500")),
        "{e:?}"
    );
    assert_eq!(
        env.sb.pancake.order_count(sandbox::pancake::SHOP_ID),
        before,
        "nothing committed"
    );
    // resume leaves it alone until the user asks again
    assert_eq!(ob.resume(&env.ports()).await?.needs_attention, 0);
    assert_eq!(ob.get(id)?.state, State::NeedsAttention);

    env.sb.pancake.faults().clear();
    assert_eq!(ob.retry(id)?.state, State::Unknown);
    let report = ob.resume(&env.ports()).await?;
    assert_eq!(report.created, 1, "{report:?}");
    let e = ob.get(id)?;
    assert_eq!(e.state, State::Created);
    assert_eq!(
        e.attempts, 1,
        "fresh budget: one lookup (not found) then one send"
    );
    assert_eq!(
        env.sb.pancake.order_count(sandbox::pancake::SHOP_ID),
        before + 1
    );
    Ok(())
}

#[tokio::test]
async fn a_vendor_refusal_fails_with_the_reason_and_creates_nothing() -> anyhow::Result<()> {
    let env = Env::start().await?;
    let dir = tempfile::tempdir()?;
    let ob = outbox_at(&dir, common::fast_config());
    let before = env.sb.pancake.order_count(sandbox::pancake::SHOP_ID);
    let mut d = env.draft(Vendor::Pancake, 4);
    d.target.warehouse_id = "no-such-warehouse".into();
    let id = ob.submit(d, env.port(Vendor::Pancake).as_ref()).await?;
    let e = ob.get(id)?;
    assert_eq!(e.state, State::Failed);
    assert!(
        e.last_error
            .as_deref()
            .is_some_and(|m| m.contains("warehouse")),
        "{e:?}"
    );
    assert_eq!(e.attempts, 1);
    assert_eq!(
        env.sb.pancake.order_count(sandbox::pancake::SHOP_ID),
        before
    );
    // the same for an Onflow shipment of an unknown product
    let mut d = env.draft(Vendor::Onflow, 4);
    d.items[0].variation_id = Some("OASIN9999999".into());
    let id = ob.submit(d, env.port(Vendor::Onflow).as_ref()).await?;
    assert_eq!(ob.get(id)?.state, State::Failed, "{:?}", ob.get(id)?);
    Ok(())
}

#[tokio::test]
async fn an_invalid_draft_is_refused_before_it_is_stored() -> anyhow::Result<()> {
    let env = Env::start().await?;
    let dir = tempfile::tempdir()?;
    let ob = outbox_at(&dir, common::fast_config());
    let mut d = env.draft(Vendor::Nhanh, 5);
    d.customer.phone = "0212 345 678".into();
    d.items[0].quantity = 0;
    match ob.submit(d, env.port(Vendor::Nhanh).as_ref()).await {
        Err(OutboxError::Invalid(fields)) => {
            assert!(fields.has("customer.phone", "phone.invalid"), "{fields}");
            assert!(
                fields.has("items[0].quantity", "quantity.positive"),
                "{fields}"
            );
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    // a draft for one vendor cannot go through another vendor's port
    let d = env.draft(Vendor::Nhanh, 5);
    assert!(matches!(
        ob.submit(d, env.port(Vendor::Onflow).as_ref()).await,
        Err(OutboxError::NoPort { .. })
    ));
    assert!(ob.list()?.entries.is_empty());
    Ok(())
}

/// Mark a row `sending` behind the engine's back, as a process killed mid-send leaves it.
fn leave_sending(dir: &tempfile::TempDir, id: OrderId) -> anyhow::Result<()> {
    let conn = rusqlite::Connection::open(dir.path().join("orders.sqlite"))?;
    conn.execute(
        "UPDATE outbox SET state = 'sending', attempts = attempts + 1 WHERE id = ?1",
        [id.0],
    )?;
    Ok(())
}

#[tokio::test]
async fn a_crash_mid_send_is_resolved_by_lookup_at_start_up() -> anyhow::Result<()> {
    let env = Env::start().await?;
    let dir = tempfile::tempdir()?;
    let before = env.sb.pancake.order_count(sandbox::pancake::SHOP_ID);
    let (landed, never_left) = {
        let ob = outbox_at(&dir, common::fast_config());
        let landed = ob.enqueue(&env.draft(Vendor::Pancake, 6))?;
        let never_left = ob.enqueue(&env.draft(Vendor::Pancake, 7))?;
        // the first request reached Pancake before the crash; the second never left the machine
        let e = ob.get(landed)?;
        env.port(Vendor::Pancake)
            .create(&e.draft, &e.client_ref)
            .await?;
        (landed, never_left)
    };
    leave_sending(&dir, landed)?;
    leave_sending(&dir, never_left)?;
    assert_eq!(
        env.sb.pancake.order_count(sandbox::pancake::SHOP_ID),
        before + 1
    );

    let ob = outbox_at(&dir, common::fast_config());
    assert_eq!(ob.get(landed)?.state, State::Sending);
    let report = ob.resume(&env.ports()).await?;
    assert_eq!(report.interrupted, 2, "{report:?}");
    assert_eq!(report.created, 2, "{report:?}");
    let a = ob.get(landed)?;
    assert_eq!(
        (a.state, a.attempts),
        (State::Created, 1),
        "found, not re-sent"
    );
    let b = ob.get(never_left)?;
    assert_eq!(
        (b.state, b.attempts),
        (State::Created, 2),
        "not found, sent again"
    );
    assert_eq!(
        env.sb.pancake.order_count(sandbox::pancake::SHOP_ID),
        before + 2,
        "one order each"
    );
    Ok(())
}

#[tokio::test]
async fn a_rate_limit_is_not_an_attempt_and_the_order_is_sent_later_after_a_lookup(
) -> anyhow::Result<()> {
    let env = Env::start().await?;
    let dir = tempfile::tempdir()?;
    let ob = outbox_at(
        &dir,
        OutboxConfig {
            max_inline_wait: Duration::ZERO,
            ..common::fast_config()
        },
    );
    env.sb.onflow.faults().set(FaultConfig {
        rate_limit_for_secs: Some(1),
        ..Default::default()
    });
    let id = ob
        .submit(
            env.draft(Vendor::Onflow, 8),
            env.port(Vendor::Onflow).as_ref(),
        )
        .await?;
    let e = ob.get(id)?;
    assert_eq!(e.state, State::Unknown, "checked before the next send");
    assert_eq!(e.attempts, 0, "a rate limit is not an attempt");
    assert!(e
        .next_attempt_at
        .is_some_and(|t| t > e.updated_at - chrono::Duration::seconds(1)));
    assert!(e
        .last_error
        .as_deref()
        .is_some_and(|m| m.contains("rate limited")));

    tokio::time::sleep(Duration::from_millis(1100)).await;
    let report = ob.resume(&env.ports()).await?;
    assert_eq!(report.created, 1, "{report:?}");
    assert_eq!(ob.get(id)?.attempts, 1);
    let calls: Vec<(String, bool)> = env.calls.lock().unwrap().clone();
    let kinds: Vec<bool> = calls.iter().map(|c| c.1).collect();
    assert_eq!(
        kinds,
        vec![true, false, true],
        "send, 429, lookup, send: {calls:?}"
    );
    Ok(())
}

#[tokio::test]
async fn entries_of_a_disconnected_account_wait() -> anyhow::Result<()> {
    let env = Env::start().await?;
    let dir = tempfile::tempdir()?;
    let ob = outbox_at(&dir, common::fast_config());
    let id = ob.enqueue(&env.draft(Vendor::Nhanh, 9))?;
    let report = ob.resume(&Ports::new()).await?;
    assert_eq!(report.pending, 1);
    assert_eq!(ob.get(id)?.state, State::Queued);
    assert_eq!(ob.resume(&env.ports()).await?.created, 1);
    Ok(())
}

#[test]
fn the_schema_is_versioned_and_reopening_keeps_the_rows() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("orders.sqlite");
    let d = {
        let ob = Outbox::open(&path, OutboxConfig::default())?;
        let env_draft = serde_json::from_value::<OrderDraft>(serde_json::json!({
            "customer": {"name": "Lê Thị Hoa", "phone": "0987 654 321"},
            "address": {"line1": "5 Hàng Bạc"},
            "items": [{"sku": "SKU-1", "quantity": 2, "unit_price": 100000}],
            "shipping_fee": 20000,
            "target": {"account_id": "a", "vendor": "pancake", "warehouse_id": "w"}
        }))?;
        ob.enqueue(&env_draft)?;
        env_draft
    };
    let conn = rusqlite::Connection::open(&path)?;
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    assert_eq!(v, 1);
    let ob = Outbox::open(&path, OutboxConfig::default())?;
    let rows = ob.list()?.entries;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].draft, d);
    assert_eq!(rows[0].draft.cod_amount(), 220_000);
    assert_eq!(rows[0].state, State::Queued);
    assert_eq!(rows[0].vendor, Vendor::Pancake);
    Ok(())
}
