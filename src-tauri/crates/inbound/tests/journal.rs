//! The PO journal against the Onflow simulator: sent once, a lost answer looked up (never a second PO),
//! a crash between the journal row and the answer, refusals placed on their lines, the cache.

use chrono::{Duration, NaiveDate, Utc};
use inbound::*;
use onflow::{NewProduct, OnflowClient, PoQuery, StockQuery};
use sandbox::FaultConfig;
use shopdesk_core::inbound::{PoDraft, PoLine, PoPackageDraft};
use testkit::Sims;

const WH: &str = "ONF_WH_HN_LB";

fn today() -> NaiveDate {
    (Utc::now() + Duration::hours(7)).date_naive()
}

/// OASINs that are ACTIVE and have stock rows in [`WH`].
async fn ready_oasins(c: &OnflowClient, n: usize) -> Vec<String> {
    let rows = c
        .list_all_stock(&StockQuery {
            warehouse_code: Some(WH.into()),
            ..Default::default()
        })
        .await
        .expect("stock");
    let mut out: Vec<String> = rows
        .into_iter()
        .filter(|r| r.warehouse_code == WH)
        .map(|r| r.oasin)
        .collect();
    out.sort();
    out.dedup();
    out.truncate(n);
    assert_eq!(out.len(), n, "the seed has ready products in {WH}");
    out
}

fn draft(reference: &str, packages: &[&[(&str, i64)]]) -> PoDraft {
    PoDraft {
        account_id: "onflow-1".into(),
        warehouse_code: WH.into(),
        reference: reference.into(),
        estimated_arrival: (today() + Duration::days(3)).format("%Y-%m-%d").to_string(),
        co_inspection: true,
        packages: packages
            .iter()
            .enumerate()
            .map(|(i, lines)| PoPackageDraft {
                code: format!("PKG_{:02}", i + 1),
                weight: Some(1200.0),
                length: Some(60.0),
                width: Some(40.0),
                height: Some(40.0),
                note: None,
                items: lines
                    .iter()
                    .map(|(oasin, q)| PoLine {
                        oasin: (*oasin).into(),
                        sku: None,
                        name: String::new(),
                        quantity: *q,
                    })
                    .collect(),
            })
            .collect(),
        documents: vec![],
        note: Some("Nhập hàng".into()),
    }
}

/// How many POs at the simulator carry `reference`.
async fn pos_with(c: &OnflowClient, reference: &str) -> usize {
    let mut n = 0;
    for page in 1..100 {
        let p = c
            .list_pos(&PoQuery::default(), page, 100)
            .await
            .expect("list");
        n += p
            .items
            .iter()
            .filter(|po| po.merchant_po_reference == reference)
            .count();
        if !p.has_more() {
            break;
        }
    }
    n
}

#[tokio::test]
async fn a_po_with_two_packages_is_sent_once_and_read_back() -> anyhow::Result<()> {
    let sims = Sims::start().await;
    let c = sims.onflow();
    let o = ready_oasins(&c, 3).await;
    let j = Journal::open_in_memory()?;
    let reference = new_reference(Utc::now());
    let d = draft(&reference, &[&[(&o[0], 10), (&o[1], 5)], &[(&o[2], 7)]]);
    let e = j.enqueue(&d, today())?;
    assert_eq!(e.state, SendState::Queued);
    assert_eq!(j.drive(&reference, &c).await?, SendState::Sent);
    let e = j.get(&reference)?;
    let code = e.vendor_id.clone().expect("po code");
    assert!(code.starts_with("OAPO"), "{code}");
    assert_eq!(pos_with(&c, &reference).await, 1);
    // driving a sent entry again sends nothing
    assert_eq!(j.drive(&reference, &c).await?, SendState::Sent);
    assert_eq!(pos_with(&c, &reference).await, 1);
    // read back: two packages, 22 units, TRANSIT and cancellable
    assert_eq!(j.sent_not_cached()?.len(), 1);
    let po = InboundSink::po(&c, &code).await?;
    j.put_po("onflow-1", &po)?;
    assert!(j.sent_not_cached()?.is_empty());
    assert_eq!(po.packages.len(), 2);
    assert_eq!(po.units(), 22);
    assert_eq!(po.status, "TRANSIT");
    assert!(po.cancellable && po.co_inspection);
    assert_eq!(po.reference, reference);
    Ok(())
}

#[tokio::test]
async fn a_lost_answer_is_looked_up_and_never_sent_twice() -> anyhow::Result<()> {
    let sims = Sims::start().await;
    let c = sims.onflow();
    let o = ready_oasins(&c, 1).await;
    let j = Journal::open_in_memory()?;
    let reference = new_reference(Utc::now());
    j.enqueue(&draft(&reference, &[&[(&o[0], 3)]]), today())?;
    // the simulator commits the PO and drops the connection before answering
    sims.onflow.faults().set(FaultConfig {
        drop_next_creates: 1,
        ..Default::default()
    });
    assert_eq!(j.drive(&reference, &c).await?, SendState::Unknown);
    let e = j.get(&reference)?;
    assert!(e.error.is_some() && e.vendor_id.is_none());
    assert_eq!(pos_with(&c, &reference).await, 1, "the vendor holds it");
    // the next drive looks it up first: found, no second create
    assert_eq!(j.drive(&reference, &c).await?, SendState::Sent);
    let e = j.get(&reference)?;
    assert_eq!(e.attempts, 1, "sent once");
    assert!(e.vendor_id.is_some() && e.error.is_none());
    assert_eq!(pos_with(&c, &reference).await, 1, "no second PO");
    Ok(())
}

#[tokio::test]
async fn an_entry_left_sending_by_a_crash_is_looked_up_then_sent_once() -> anyhow::Result<()> {
    let sims = Sims::start().await;
    let c = sims.onflow();
    let o = ready_oasins(&c, 1).await;
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("inbound.sqlite");
    let reference = new_reference(Utc::now());
    {
        // the app stored the row as sending, then died before the request left
        let j = Journal::open(&path)?;
        j.enqueue(&draft(&reference, &[&[(&o[0], 4)]]), today())?;
        let conn = rusqlite::Connection::open(&path)?;
        conn.execute(
            "UPDATE journal SET state = 'sending', attempts = 1, first_sent_at = ?2 WHERE reference = ?1",
            rusqlite::params![reference, Utc::now().to_rfc3339()],
        )?;
    }
    let j = Journal::open(&path)?;
    assert_eq!(j.pending()?.len(), 1, "a restart picks it up");
    assert_eq!(j.drive(&reference, &c).await?, SendState::Sent);
    assert_eq!(pos_with(&c, &reference).await, 1);
    assert_eq!(
        j.get(&reference)?.attempts,
        2,
        "looked up (not found), then sent"
    );
    Ok(())
}

#[tokio::test]
async fn a_refusal_names_its_lines_and_nothing_is_created() -> anyhow::Result<()> {
    let sims = Sims::start().await;
    let c = sims.onflow();
    let o = ready_oasins(&c, 1).await;
    // a product just created is NEW: not ACTIVE, not in any warehouse
    let created = c
        .create_product(&NewProduct {
            sku: "SD-NEW-1".into(),
            name: "Sản phẩm mới".into(),
            ..Default::default()
        })
        .await?;
    let checks = InboundSink::check_lines(
        &c,
        WH,
        &[o[0].clone(), created.oasin.clone(), "OASIN0000000".into()],
    )
    .await;
    let states: Vec<LineState> = checks.iter().map(|c| c.state).collect();
    assert_eq!(
        states,
        vec![LineState::Ready, LineState::Inactive, LineState::NotFound]
    );
    assert_eq!(checks[1].vendor_status.as_deref(), Some("NEW"));

    let j = Journal::open_in_memory()?;
    let reference = new_reference(Utc::now());
    j.enqueue(
        &draft(
            &reference,
            &[&[(&o[0], 1)], &[(&o[0], 2), (&created.oasin, 5)]],
        ),
        today(),
    )?;
    assert_eq!(j.drive(&reference, &c).await?, SendState::Failed);
    let e = j.get(&reference)?;
    assert_eq!(
        e.error
            .as_ref()
            .and_then(|x| x.details.as_ref())
            .and_then(|d| d.vendor_code.clone())
            .as_deref(),
        Some("PRODUCTS_INACTIVE")
    );
    let at: Vec<(u32, u32, &str)> = e
        .line_errors
        .iter()
        .map(|l| (l.package, l.line, l.code.as_str()))
        .collect();
    assert_eq!(at, vec![(1, 1, "PRODUCTS_INACTIVE")]);
    assert_eq!(pos_with(&c, &reference).await, 0);
    // a refused entry is not driven again on its own, and can be discarded
    assert_eq!(j.drive(&reference, &c).await?, SendState::Failed);
    assert!(j.pending()?.is_empty());
    assert!(j.discard(&reference)?);
    assert!(j.open_entries()?.is_empty());
    Ok(())
}

#[tokio::test]
async fn references_are_unique_and_drafts_are_checked_before_storing() -> anyhow::Result<()> {
    let j = Journal::open_in_memory()?;
    let d = draft("SD-PO-1", &[&[("OASIN1234567", 1)]]);
    assert!(!j.reference_taken(&d.account_id, "SD-PO-1")?);
    j.enqueue(&d, today())?;
    assert!(j.reference_taken(&d.account_id, " SD-PO-1 ")?);
    let Err(InboundError::Invalid(f)) = j.enqueue(&d, today()) else {
        panic!("a second PO with the same reference was stored");
    };
    assert!(f.has("reference", "reference.duplicate"));
    let mut bad = draft("SD-PO-2", &[&[("OASIN1234567", 0)]]);
    bad.estimated_arrival = "không phải ngày".into();
    let Err(InboundError::Invalid(f)) = j.enqueue(&bad, today()) else {
        panic!("an invalid draft was stored");
    };
    assert!(f.has("estimatedArrival", "date.invalid"));
    assert!(f.has("packages.0.items.0.quantity", "quantity.invalid"));
    assert_eq!(j.open_entries()?.len(), 1);
    Ok(())
}

#[tokio::test]
async fn a_refresh_caches_every_po_and_a_completed_one_has_its_inspection() -> anyhow::Result<()> {
    let sims = Sims::start().await;
    let c = sims.onflow();
    let j = Journal::open_in_memory()?;
    let n = refresh_account(&j, "onflow-1", &c).await?;
    let pos = j.pos()?;
    assert_eq!(pos.len(), n);
    let stages: std::collections::HashSet<PoStage> = pos.iter().map(|p| p.po.stage).collect();
    for s in [
        PoStage::Transit,
        PoStage::Receiving,
        PoStage::Completed,
        PoStage::Cancelled,
    ] {
        assert!(stages.contains(&s), "the demo has a PO {s:?}");
    }
    // every completed PO has its receiving result; the demo's first one came in two units short
    let mut short = 0;
    for done in pos.iter().filter(|p| p.po.stage == PoStage::Completed) {
        let rows = InboundSink::inspection(&c, &done.po).await?.expect("rows");
        assert_eq!(
            rows.iter().map(|r| r.declared).sum::<i64>(),
            done.po.units()
        );
        short += rows.iter().map(|r| r.declared - r.received).sum::<i64>();
    }
    assert_eq!(short, 2);
    let transit = pos
        .iter()
        .find(|p| p.po.stage == PoStage::Transit)
        .expect("transit");
    assert_eq!(InboundSink::inspection(&c, &transit.po).await?, None);
    assert!(InboundSink::bill_url(&c, &transit.po.po_code)
        .await?
        .ends_with(".pdf"));
    InboundSink::cancel_po(&c, &transit.po.po_code).await?;
    assert_eq!(
        InboundSink::po(&c, &transit.po.po_code).await?.stage,
        PoStage::Cancelled
    );
    // a cancelled PO cannot be cancelled again: the vendor's refusal comes back
    assert!(InboundSink::cancel_po(&c, &transit.po.po_code)
        .await
        .is_err());
    Ok(())
}

#[tokio::test]
async fn two_drives_of_one_po_at_once_send_it_once() -> anyhow::Result<()> {
    let sims = Sims::start().await;
    let c = sims.onflow();
    let o = ready_oasins(&c, 1).await;
    // slow answers, so the second drive starts while the first is on its way
    sims.onflow.faults().set(FaultConfig {
        latency_ms: 300,
        ..Default::default()
    });
    let j = Journal::open_in_memory()?;
    let reference = new_reference(Utc::now());
    j.enqueue(&draft(&reference, &[&[(&o[0], 2)]]), today())?;
    let (a, b) = tokio::join!(j.drive(&reference, &c), j.drive(&reference, &c));
    let mut states = vec![a?, b?];
    states.sort_by_key(|s| s.as_str());
    assert_eq!(states, vec![SendState::Sending, SendState::Sent]);
    sims.onflow.faults().set(FaultConfig::default());
    assert_eq!(pos_with(&c, &reference).await, 1);
    assert_eq!(j.get(&reference)?.attempts, 1);
    Ok(())
}

#[tokio::test]
async fn a_po_received_short_shows_the_difference_and_stocks_what_came() -> anyhow::Result<()> {
    let sims = Sims::start().await;
    let c = sims.onflow();
    let o = ready_oasins(&c, 2).await;
    let j = Journal::open_in_memory()?;
    let reference = new_reference(Utc::now());
    j.enqueue(
        &draft(&reference, &[&[(&o[0], 10)], &[(&o[1], 6)]]),
        today(),
    )?;
    assert_eq!(j.drive(&reference, &c).await?, SendState::Sent);
    let code = j.get(&reference)?.vendor_id.expect("code");
    let before = c.product_stock(&o[1]).await?;
    let on_hand = |rows: &[onflow::StockRow]| {
        rows.iter()
            .filter(|r| r.warehouse_code == WH)
            .map(|r| r.on_hand_quantity)
            .sum::<i64>()
    };
    sims.onflow.set_po_short(&code, 1);
    sims.onflow.advance(Some(&code), 2);
    let po = InboundSink::po(&c, &code).await?;
    assert_eq!(po.stage, PoStage::Completed);
    assert!(!po.cancellable);
    let rows = InboundSink::inspection(&c, &po).await?.expect("rows");
    let diff: Vec<(String, i64, i64)> = rows
        .iter()
        .filter(|r| r.received != r.declared)
        .map(|r| (r.oasin.clone(), r.declared, r.received))
        .collect();
    assert_eq!(diff, vec![(o[1].clone(), 6, 5)]);
    let after = c.product_stock(&o[1]).await?;
    assert_eq!(
        on_hand(&after) - on_hand(&before),
        5,
        "what came in is stocked"
    );
    Ok(())
}
