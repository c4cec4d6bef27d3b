//! The outbox state machine against the real simulators: one behaviour per test.

mod common;

use std::time::Duration;

use common::Env;
use order_outbox::*;
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
        assert_eq!(e.state, State::Created, "{vendor}: {:?}", e.error);
        assert_eq!(e.attempts, 1);
        assert!(e.client_ref.starts_with("SD-") && e.client_ref.len() <= 20);
        let found = env
            .port(vendor)
            .find_by_reference(&e.client_ref, common::scope_last_hour())
            .await?;
        let Lookup::Found(found) = found else {
            panic!("{vendor}: the vendor has it, got {found:?}");
        };
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
    assert_eq!(e.state, State::Created, "{:?}", e.error);
    assert_eq!(e.attempts, 1, "found by the lookup, not re-sent");
    assert_eq!(
        e.error.as_ref().map(|x| x.code),
        Some(SendCode::NoAnswer),
        "the lost answer is recorded, as a code"
    );
    assert_eq!(e.last_error, None, "no sentence any more");
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
        e.error.as_ref().is_some_and(|x| matches!(
            x.code,
            SendCode::NoAnswer | SendCode::LookupFailed
        ) && x
            .detail
            .as_deref()
            .is_some_and(|d| d.contains("500"))),
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
        e.error.as_ref().is_some_and(|x| x.code == SendCode::Refused
            && x.detail.as_deref().is_some_and(|d| d.contains("warehouse"))),
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
async fn a_refused_order_fixed_and_sent_again_gets_a_new_reference_and_keeps_the_old_one(
) -> anyhow::Result<()> {
    let env = Env::start().await?;
    let dir = tempfile::tempdir()?;
    let ob = outbox_at(&dir, common::fast_config());
    let port = env.port(Vendor::Pancake);
    let good = env.draft(Vendor::Pancake, 7);
    // the vendor refuses it: a quantity beyond what Pancake takes
    let mut refused = good.clone();
    refused.items[0].quantity = 2_000_000_000;
    let old = ob.submit(refused, port.as_ref()).await?;
    let old_entry = ob.get(old)?;
    assert_eq!(old_entry.state, State::Failed, "{old_entry:?}");
    assert!(old_entry.needs_action());

    // an invalid fix is refused before anything is stored or marked
    let mut invalid = good.clone();
    invalid.items[0].quantity = 0;
    assert!(matches!(
        ob.resend(old, &invalid),
        Err(OutboxError::Invalid(_))
    ));
    assert_eq!(ob.list()?.entries.len(), 1);
    assert!(ob.get(old)?.superseded_by.is_none());

    let new = ob.resend(old, &good)?;
    assert_ne!(new, old);
    ob.drive(new, port.as_ref()).await?;
    let fixed = ob.get(new)?;
    let old_entry = ob.get(old)?;
    assert_eq!(fixed.state, State::Created, "{fixed:?}");
    assert_ne!(fixed.client_ref, old_entry.client_ref, "a new reference");
    assert_eq!(fixed.previous_refs, vec![old_entry.client_ref.clone()]);
    assert_eq!(
        old_entry.superseded_by.as_deref(),
        Some(fixed.client_ref.as_str())
    );
    assert_eq!(
        old_entry.state,
        State::Failed,
        "the old row stays as it was"
    );
    assert!(
        !old_entry.needs_action(),
        "a replaced row no longer asks for action"
    );
    // created once under the new reference, never under the old one
    assert_eq!(
        at_vendor(&env, Vendor::Pancake, &fixed.client_ref).await?,
        1
    );
    assert_eq!(
        at_vendor(&env, Vendor::Pancake, &old_entry.client_ref).await?,
        0
    );

    // a second resend of the same refused row (a double click) changes nothing
    assert!(matches!(
        ob.resend(old, &good),
        Err(OutboxError::WrongState { .. })
    ));
    // a created order is never sent again under a new reference
    assert!(matches!(
        ob.resend(new, &good),
        Err(OutboxError::WrongState { .. })
    ));
    assert_eq!(ob.list()?.entries.len(), 2);

    // a fix refused again keeps the whole chain of references
    let mut again = good.clone();
    again.items[0].quantity = 2_000_000_000;
    let a = ob.submit(again, port.as_ref()).await?;
    let b = ob.resend(a, &{
        let mut d = good.clone();
        d.items[0].quantity = 2_000_000_000;
        d
    })?;
    ob.drive(b, port.as_ref()).await?;
    assert_eq!(ob.get(b)?.state, State::Failed);
    let c = ob.resend(b, &good)?;
    let chain = ob.get(c)?.previous_refs;
    assert_eq!(chain, vec![ob.get(a)?.client_ref, ob.get(b)?.client_ref]);

    // reopening the file keeps the links
    drop(ob);
    let ob = outbox_at(&dir, common::fast_config());
    assert_eq!(ob.get(new)?.previous_refs, vec![old_entry.client_ref]);
    Ok(())
}

#[tokio::test]
async fn a_dismissed_order_leaves_the_attention_list_and_is_never_sent() -> anyhow::Result<()> {
    let env = Env::start().await?;
    let dir = tempfile::tempdir()?;
    let ob = outbox_at(&dir, common::fast_config());
    let port = env.port(Vendor::Pancake);
    let mut d = env.draft(Vendor::Pancake, 8);
    d.target.warehouse_id = "no-such-warehouse".into();
    let id = ob.submit(d.clone(), port.as_ref()).await?;
    assert!(ob.get(id)?.needs_action());
    let e = ob.dismiss(id)?;
    assert!(e.dismissed_at.is_some());
    assert!(!e.needs_action());
    assert_eq!(e.state, State::Failed);
    // not twice, and a dismissed row is not sent again under a new reference
    assert!(matches!(
        ob.dismiss(id),
        Err(OutboxError::WrongState { .. })
    ));
    assert!(matches!(
        ob.resend(id, &env.draft(Vendor::Pancake, 8)),
        Err(OutboxError::WrongState { .. })
    ));
    // a queued entry (the engine still has work) cannot be dismissed
    let q = ob.enqueue(&env.draft(Vendor::Pancake, 9))?;
    assert!(matches!(ob.dismiss(q), Err(OutboxError::WrongState { .. })));
    assert!(ob.pending()?.iter().all(|p| p.id != id));
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
    assert_eq!(e.error.map(|x| x.code), Some(SendCode::RateLimited));

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
            "items": [{"sku": "SKU-1", "quantity": 2, "unitPrice": 100000}],
            "shippingFee": 20000,
            "target": {"accountId": "a", "vendor": "pancake", "warehouseId": "w"}
        }))?;
        ob.enqueue(&env_draft)?;
        env_draft
    };
    let conn = rusqlite::Connection::open(&path)?;
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    assert_eq!(v, order_outbox::SCHEMA_VERSION);
    let ob = Outbox::open(&path, OutboxConfig::default())?;
    let rows = ob.list()?.entries;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].draft, d);
    assert_eq!(rows[0].draft.cod_amount(), Money::vnd(220_000));
    assert_eq!(rows[0].state, State::Queued);
    assert_eq!(rows[0].vendor, Vendor::Pancake);
    Ok(())
}

/// Count the orders a vendor holds for `reference` (Pancake `custom_id`, Onflow
/// `merchant_tracking_code_reference`, Nhanh `appOrderId`).
async fn at_vendor(env: &Env, vendor: Vendor, reference: &str) -> anyhow::Result<usize> {
    Ok(match vendor {
        Vendor::Nhanh => env.nhanh_count(reference),
        _ => env
            .counts_by_reference()
            .await?
            .get(reference)
            .copied()
            .unwrap_or(0),
    })
}

#[tokio::test]
async fn the_distrust_switches_reach_the_vendor_clients() -> anyhow::Result<()> {
    let env = Env::start_with_retries(0).await?;
    // Pancake: the search and GET by custom_id find our reference, until search ignores it
    let d = env.draft(Vendor::Pancake, 20);
    let created = env
        .pancake
        .create_order(&pancake::adapter::order_mapping::to_pancake(
            &d,
            "SD-SWITCH-P",
        ))
        .await?;
    let found = env.pancake.find_order_by_custom_id("SD-SWITCH-P").await?;
    assert_eq!(found.map(|o| o.id), Some(created.id));
    env.sb
        .pancake
        .faults()
        .set(common::Distrust::BOTH.on(FaultConfig::default()));
    assert!(env
        .pancake
        .find_order_by_custom_id("SD-SWITCH-P")
        .await?
        .is_none());

    // Onflow: a repeated reference is refused (the client then answers the existing shipment) …
    let s =
        onflow::adapter::order_mapping::to_onflow(&env.draft(Vendor::Onflow, 20), "SD-SWITCH-O");
    let first = env.onflow.create_shipment(&s).await?;
    let again = env.onflow.create_shipment(&s).await?;
    assert_eq!(first.tracking_code, again.tracking_code);
    assert_eq!(at_vendor(&env, Vendor::Onflow, "SD-SWITCH-O").await?, 1);
    // … until the vendor stops deduping: a second shipment
    env.sb
        .onflow
        .faults()
        .set(common::Distrust::NO_DEDUPE.on(FaultConfig::default()));
    let third = env.onflow.create_shipment(&s).await?;
    assert_ne!(third.tracking_code, first.tracking_code);
    assert_eq!(at_vendor(&env, Vendor::Onflow, "SD-SWITCH-O").await?, 2);
    // and its list ignores the reference filter under the other switch
    env.sb
        .onflow
        .faults()
        .set(common::Distrust::SEARCH_IGNORES_REFERENCE.on(FaultConfig::default()));
    let page = env
        .onflow
        .list_shipments(
            &onflow::ShipmentQuery {
                merchant_tracking_code_reference: Some("SD-SWITCH-O".into()),
                ..Default::default()
            },
            1,
            100,
        )
        .await?;
    assert!(page
        .items
        .iter()
        .any(|s| s.merchant_tracking_code_reference != "SD-SWITCH-O"));

    // Nhanh: appOrderId is deduped, until it is not
    let o = nhanh::adapter::order_mapping::to_nhanh(&env.draft(Vendor::Nhanh, 20), "SD-SWITCH-N");
    env.nhanh.add_order(&o).await?;
    env.nhanh.add_order(&o).await?;
    assert_eq!(env.nhanh_count("SD-SWITCH-N"), 1);
    env.sb
        .nhanh
        .faults()
        .set(common::Distrust::NO_DEDUPE.on(FaultConfig::default()));
    env.nhanh.add_order(&o).await?;
    assert_eq!(env.nhanh_count("SD-SWITCH-N"), 2);
    Ok(())
}

#[tokio::test]
async fn a_lost_answer_is_found_by_its_own_field_when_the_vendor_neither_dedupes_nor_searches_it(
) -> anyhow::Result<()> {
    // no pipeline retries: a vendor that does not dedupe would double any create re-sent by the pipeline
    let env = Env::start_with_retries(0).await?;
    let dir = tempfile::tempdir()?;
    let ob = outbox_at(&dir, common::fast_config());
    for (i, vendor) in [Vendor::Pancake, Vendor::Nhanh, Vendor::Onflow]
        .into_iter()
        .enumerate()
    {
        let faults = env.sb.faults(vendor.as_str()).expect("simulator");
        faults.set(common::Distrust::BOTH.on(FaultConfig {
            drop_next_creates: 1,
            ..Default::default()
        }));
        let id = ob
            .submit(env.draft(vendor, 30 + i), env.port(vendor).as_ref())
            .await?;
        let e = ob.get(id)?;
        assert_eq!(e.state, State::Created, "{vendor}: {:?}", e.error);
        assert_eq!(e.attempts, 1, "{vendor}: found by the lookup, not re-sent");
        faults.set(common::Distrust::BOTH.on(FaultConfig::default()));
        assert_eq!(at_vendor(&env, vendor, &e.client_ref).await?, 1, "{vendor}");
    }
    Ok(())
}

#[tokio::test]
async fn a_lookup_reads_recent_pages_and_says_inconclusive_when_it_cannot_cover_them(
) -> anyhow::Result<()> {
    let env = Env::start_with_retries(0).await?;
    env.sb
        .pancake
        .faults()
        .set(common::Distrust::SEARCH_IGNORES_REFERENCE.on(FaultConfig::default()));
    let port = env.port(Vendor::Pancake);
    let ours = port
        .create(&env.draft(Vendor::Pancake, 40), "SD-PAGE-OURS")
        .await?;
    // 120 newer orders push ours to the second page (100 rows a page, newest first)
    for i in 0..120 {
        port.create(
            &env.draft(Vendor::Pancake, 41 + i),
            &format!("SD-PAGE-{i:03}"),
        )
        .await?;
    }
    let since = chrono::Utc::now() - chrono::Duration::minutes(10);
    assert_eq!(
        port.find_by_reference("SD-PAGE-OURS", LookupScope::since(since, 5))
            .await?,
        Lookup::Found(ours)
    );
    assert!(matches!(
        port.find_by_reference("SD-PAGE-OURS", LookupScope::since(since, 1))
            .await?,
        Lookup::Inconclusive(_)
    ));
    assert_eq!(
        port.find_by_reference("SD-PAGE-NONE", LookupScope::since(since, 5))
            .await?,
        Lookup::NotFound
    );
    Ok(())
}

/// A port whose creates answer `refusal` and whose lookups answer `lookup`; duplicate refusals are
/// classified by the real client of the same vendor. Counts its creates.
struct Scripted {
    real: std::sync::Arc<dyn OrderSink>,
    refusal: fn() -> vendor_http::Error,
    lookup: Lookup,
    creates: std::sync::atomic::AtomicUsize,
}

impl OrderSink for Scripted {
    fn vendor(&self) -> Vendor {
        self.real.vendor()
    }

    fn create<'a>(
        &'a self,
        _draft: &'a OrderDraft,
        _reference: &'a str,
    ) -> futures::future::BoxFuture<'a, vendor_http::Result<String>> {
        self.creates
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Box::pin(async move { Err((self.refusal)()) })
    }

    fn find_by_reference<'a>(
        &'a self,
        _reference: &'a str,
        _scope: LookupScope,
    ) -> futures::future::BoxFuture<'a, vendor_http::Result<Lookup>> {
        Box::pin(async move { Ok(self.lookup.clone()) })
    }

    fn is_duplicate_reference(&self, err: &vendor_http::Error) -> bool {
        self.real.is_duplicate_reference(err)
    }
}

/// How each vendor refuses a reference it already holds (Nhanh: the simulator's form error; Onflow:
/// `ALREADY_EXISTS`; Pancake: a refusal naming `custom_id`).
fn duplicate_refusal(vendor: Vendor) -> fn() -> vendor_http::Error {
    match vendor {
        Vendor::Nhanh => || vendor_http::Error::Validation {
            fields: [(
                "channel.appOrderId".to_string(),
                vec!["appOrderId SD-X already exists (order 7)".to_string()],
            )]
            .into_iter()
            .collect(),
            vendor_code: Some("ERR_INVALID_FORM_FIELDS".into()),
            message: None,
        },
        Vendor::Onflow => || vendor_http::Error::Validation {
            fields: Default::default(),
            vendor_code: Some("ALREADY_EXISTS".into()),
            message: Some("merchant_tracking_code_reference already exists".into()),
        },
        Vendor::Pancake => || vendor_http::Error::Validation {
            fields: Default::default(),
            vendor_code: None,
            message: Some("custom_id đã tồn tại".into()),
        },
    }
}

#[tokio::test]
async fn a_duplicate_reference_refusal_is_looked_up_and_never_ends_in_failed() -> anyhow::Result<()>
{
    let env = Env::start().await?;
    let dir = tempfile::tempdir()?;
    let ob = outbox_at(&dir, common::fast_config());
    for (i, vendor) in [Vendor::Pancake, Vendor::Nhanh, Vendor::Onflow]
        .into_iter()
        .enumerate()
    {
        // the lookup misses: the order may exist, so the user is asked to check, nothing is re-sent
        let blind = Scripted {
            real: env.port(vendor),
            refusal: duplicate_refusal(vendor),
            lookup: Lookup::NotFound,
            creates: Default::default(),
        };
        let id = ob.submit(env.draft(vendor, 50 + i), &blind).await?;
        let e = ob.get(id)?;
        assert_eq!(e.state, State::NeedsAttention, "{vendor}: {e:?}");
        assert!(
            e.error
                .as_ref()
                .is_some_and(|x| x.code == SendCode::DuplicateNotFound
                    && x.detail
                        .as_deref()
                        .is_some_and(|d| d.contains("did not find"))),
            "{vendor}: {e:?}"
        );
        assert_eq!(blind.creates.load(std::sync::atomic::Ordering::SeqCst), 1);
        // the lookup finds it: created with the vendor's id, not re-sent
        let seeing = Scripted {
            lookup: Lookup::Found(format!("V-{i}")),
            creates: Default::default(),
            ..blind
        };
        let id = ob.submit(env.draft(vendor, 60 + i), &seeing).await?;
        let e = ob.get(id)?;
        assert_eq!(e.state, State::Created, "{vendor}: {e:?}");
        assert_eq!(
            e.vendor_order_id.as_deref(),
            Some(format!("V-{i}").as_str())
        );
        assert_eq!(seeing.creates.load(std::sync::atomic::Ordering::SeqCst), 1);
    }
    // any other refusal still fails: the vendor created nothing
    let refused = Scripted {
        real: env.port(Vendor::Nhanh),
        refusal: || vendor_http::Error::Validation {
            fields: [(
                "products.0.id".to_string(),
                vec!["product not found".to_string()],
            )]
            .into_iter()
            .collect(),
            vendor_code: Some("ERR_INVALID_FORM_FIELDS".into()),
            message: None,
        },
        lookup: Lookup::NotFound,
        creates: Default::default(),
    };
    let id = ob.submit(env.draft(Vendor::Nhanh, 70), &refused).await?;
    assert_eq!(ob.get(id)?.state, State::Failed);
    Ok(())
}

#[tokio::test]
async fn an_inconclusive_lookup_is_never_taken_for_not_found() -> anyhow::Result<()> {
    let env = Env::start().await?;
    let dir = tempfile::tempdir()?;
    let ob = outbox_at(
        &dir,
        OutboxConfig {
            max_attempts: 3,
            ..common::fast_config()
        },
    );
    let port = Scripted {
        real: env.port(Vendor::Pancake),
        refusal: || vendor_http::Error::Timeout,
        lookup: Lookup::Inconclusive("read 20 pages".into()),
        creates: Default::default(),
    };
    let id = ob.submit(env.draft(Vendor::Pancake, 80), &port).await?;
    let e = ob.get(id)?;
    assert_eq!(e.state, State::NeedsAttention, "{e:?}");
    assert!(
        e.error
            .as_ref()
            .is_some_and(|x| x.code == SendCode::LookupInconclusive
                && x.detail.as_deref() == Some("read 20 pages")),
        "{e:?}"
    );
    assert_eq!(
        port.creates.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "sent once, then only looked up"
    );
    Ok(())
}
