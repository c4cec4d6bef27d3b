//! The return journal against the Onflow simulator: a return for a handed-over shipment sent once and
//! listed with its order, a lost answer looked up (never a second return), a refusal, a cancel, the list.

use chrono::Utc;
use onflow::{OnflowClient, ReturnQuery, ShipmentQuery};
use returns::*;
use sandbox::FaultConfig;
use shopdesk_core::returns::{ReturnDraft, ReturnDraftLine};
use shopdesk_core::Vendor;
use testkit::Sims;

const ACC: &str = "onflow-1";

/// A shipment the warehouse handed over (status 300), with its first item.
async fn handed_over(c: &OnflowClient) -> (String, String) {
    let all = c
        .list_all_shipments(&ShipmentQuery {
            status: Some(300),
            ..Default::default()
        })
        .await
        .expect("shipments");
    let s = all
        .into_iter()
        .find(|s| s.status().map(|st| st.can_cancel()) == Some(false) && !s.items.is_empty())
        .expect("the seed has a handed-over shipment");
    (s.tracking_code.clone(), s.items[0].oasin.clone())
}

fn draft(reference: &str, shipment: &str, lines: &[(&str, i64)]) -> ReturnDraft {
    ReturnDraft {
        account_id: ACC.into(),
        vendor_order_id: shipment.into(),
        reference: reference.into(),
        items: lines
            .iter()
            .map(|(id, q)| ReturnDraftLine {
                item_id: (*id).into(),
                quantity: *q,
            })
            .collect(),
        reason: Some("change_mind".into()),
        courier_tracking_code: Some("RCTC-1".into()),
        note: None,
    }
}

/// How many returns at the simulator carry `reference`.
async fn returns_with(c: &OnflowClient, reference: &str) -> usize {
    let mut n = 0;
    for page in 1..100 {
        let p = c
            .list_returns(&ReturnQuery::default(), page, 100)
            .await
            .expect("list");
        n += p
            .items
            .iter()
            .filter(|r| r.merchant_return_tracking_code_reference == reference)
            .count();
        if !p.has_more() {
            break;
        }
    }
    n
}

#[tokio::test]
async fn a_return_is_sent_once_and_listed_with_its_order() -> anyhow::Result<()> {
    let sims = Sims::start().await;
    let c = sims.onflow();
    let (shipment, oasin) = handed_over(&c).await;
    let j = Journal::open_in_memory()?;
    let reference = new_reference(Utc::now());
    let e = j.enqueue(&draft(&reference, &shipment, &[(&oasin, 1)]))?;
    assert_eq!(e.state, SendState::Queued);
    assert_eq!(j.drive(&reference, &c).await?, SendState::Sent);
    let id = j.get(&reference)?.vendor_id.expect("return id");
    assert!(id.starts_with("OARSC"), "{id}");
    assert_eq!(j.sent_id(&reference)?, Some(id.clone()));
    // driving it again sends nothing
    assert_eq!(j.drive(&reference, &c).await?, SendState::Sent);
    assert_eq!(returns_with(&c, &reference).await, 1);
    // read back into the list, linked to its order
    assert_eq!(j.sent_not_cached()?.len(), 1);
    let n = refresh_account(&j, ACC, Vendor::Onflow, &c).await?;
    assert!(n >= 2, "the seeded returns and ours: {n}");
    assert!(j.sent_not_cached()?.is_empty());
    let mine = j.for_order(ACC, &shipment)?;
    let r = mine
        .iter()
        .find(|r| r.ret.return_id == id)
        .expect("listed under its order");
    assert_eq!(r.vendor, Vendor::Onflow);
    assert_eq!(r.ret.reference.as_deref(), Some(reference.as_str()));
    assert_eq!(r.ret.stage, ReturnStage::Requested);
    assert!(r.ret.cancellable);
    assert_eq!(r.ret.units(), 1);
    assert_eq!(r.ret.items[0].item_id, oasin);
    // the same reference cannot be entered again
    assert!(j.enqueue(&draft(&reference, &shipment, &[])).is_err());
    Ok(())
}

#[tokio::test]
async fn a_lost_answer_is_looked_up_and_never_sent_twice() -> anyhow::Result<()> {
    let sims = Sims::start().await;
    let c = sims.onflow();
    let (shipment, _) = handed_over(&c).await;
    let j = Journal::open_in_memory()?;
    let reference = new_reference(Utc::now());
    j.enqueue(&draft(&reference, &shipment, &[]))?;
    // the simulator commits the return and drops the connection before answering
    sims.onflow.faults().set(FaultConfig {
        drop_next_creates: 1,
        ..Default::default()
    });
    assert_eq!(j.drive(&reference, &c).await?, SendState::Unknown);
    let e = j.get(&reference)?;
    assert!(e.error.is_some() && e.vendor_id.is_none());
    assert_eq!(returns_with(&c, &reference).await, 1, "the vendor holds it");
    // the next drive looks it up first: found, no second create
    assert_eq!(j.drive(&reference, &c).await?, SendState::Sent);
    assert_eq!(returns_with(&c, &reference).await, 1);
    let e = j.get(&reference)?;
    assert!(e.vendor_id.is_some() && e.error.is_none());
    assert_eq!(e.attempts, 1, "sent once");
    Ok(())
}

#[tokio::test]
async fn a_refusal_creates_nothing_and_can_be_discarded() -> anyhow::Result<()> {
    let sims = Sims::start().await;
    let c = sims.onflow();
    let j = Journal::open_in_memory()?;
    let reference = new_reference(Utc::now());
    j.enqueue(&draft(&reference, "OASC00000000", &[]))?;
    assert_eq!(j.drive(&reference, &c).await?, SendState::Failed);
    assert_eq!(returns_with(&c, &reference).await, 0);
    assert_eq!(j.open_entries()?.len(), 1);
    assert!(j.discard(&reference)?);
    assert!(j.open_entries()?.is_empty());
    Ok(())
}

#[tokio::test]
async fn a_new_return_cancels_and_a_moving_one_does_not() -> anyhow::Result<()> {
    let sims = Sims::start().await;
    let c = sims.onflow();
    let (shipment, _) = handed_over(&c).await;
    let j = Journal::open_in_memory()?;
    let reference = new_reference(Utc::now());
    j.enqueue(&draft(&reference, &shipment, &[]))?;
    j.drive(&reference, &c).await?;
    let id = j.sent_id(&reference)?.expect("sent");
    ReturnSink::cancel_return(&c, &id).await?;
    let r = ReturnSource::get_return(&c, &id).await?;
    assert_eq!(r.stage, ReturnStage::Cancelled);
    assert!(!r.cancellable);
    assert_eq!(r.items[0].restocked, Some(false));
    // a return already on its way back is refused, and the refusal is the vendor's
    let reference = new_reference(Utc::now());
    j.enqueue(&draft(&reference, &shipment, &[]))?;
    j.drive(&reference, &c).await?;
    let id = j.sent_id(&reference)?.expect("sent");
    sims.onflow.advance(Some(&id), 1);
    let err = ReturnSink::cancel_return(&c, &id).await.unwrap_err();
    assert_eq!(err.vendor_code(), Some("RETURN_CANNOT_CANCEL"));
    assert_eq!(
        ReturnSource::get_return(&c, &id).await?.stage,
        ReturnStage::InTransit
    );
    Ok(())
}

#[tokio::test]
async fn the_seeded_returns_list_with_their_stages_and_restocked_units() -> anyhow::Result<()> {
    let sims = Sims::start().await;
    let c = sims.onflow();
    let j = Journal::open_in_memory()?;
    refresh_account(&j, ACC, Vendor::Onflow, &c).await?;
    let all = j.returns()?;
    let stages: std::collections::HashSet<_> = all.iter().map(|r| r.ret.stage).collect();
    for s in [
        ReturnStage::Problem,
        ReturnStage::Requested,
        ReturnStage::InTransit,
        ReturnStage::Restocked,
    ] {
        assert!(stages.contains(&s), "{s:?} in {stages:?}");
    }
    let restocked = all
        .iter()
        .find(|r| r.ret.stage == ReturnStage::Restocked)
        .expect("restocked");
    assert!(restocked
        .ret
        .items
        .iter()
        .all(|l| l.restocked == Some(true)));
    assert!(all
        .iter()
        .all(|r| r.ret.vendor_order_id.starts_with("OASC")));
    // a complete re-read replaces the account's list; forgetting the account empties it
    refresh_account(&j, ACC, Vendor::Onflow, &c).await?;
    assert_eq!(j.returns()?.len(), all.len());
    j.forget_account(ACC)?;
    assert!(j.returns()?.is_empty());
    Ok(())
}

#[tokio::test]
async fn pancake_returned_orders_list_beside_onflow_returns_with_their_orders() -> anyhow::Result<()>
{
    let sims = Sims::start().await;
    let onflow = sims.onflow();
    let pancake = sims.pancake();
    let j = Journal::open_in_memory()?;
    refresh_account(&j, ACC, Vendor::Onflow, &onflow).await?;
    let n = refresh_account(&j, "pancake-1", Vendor::Pancake, &pancake).await?;
    assert!(n >= 1, "the seeded shop has a returned order");
    let all = j.returns()?;
    let vendors: std::collections::HashSet<_> = all.iter().map(|r| r.vendor).collect();
    assert!(vendors.contains(&Vendor::Onflow) && vendors.contains(&Vendor::Pancake));
    let p = all
        .iter()
        .find(|r| r.vendor == Vendor::Pancake)
        .expect("a Pancake return");
    // the original order is the orders list's id, and Pancake's own status is kept beside the stage
    let order = pancake.get_order(&p.ret.vendor_order_id).await?;
    assert_eq!(order.id.to_string(), p.ret.vendor_order_id);
    assert_eq!(p.ret.stage, ReturnStage::Received);
    assert_eq!(p.ret.vendor_status, "Hoàn thành");
    assert!(!p.ret.cancellable && p.ret.units() > 0);
    assert!(p.ret.items.iter().all(|l| l.restocked.is_none()));
    assert_eq!(j.for_order("pancake-1", &p.ret.vendor_order_id)?.len(), 1);
    // one return read by its id (Pancake documents no detail endpoint: the list is read)
    let one = ReturnSource::get_return(&pancake, &p.ret.return_id).await?;
    assert_eq!(one.return_id, p.ret.return_id);
    Ok(())
}

#[tokio::test]
async fn nhanh_returned_orders_are_returns_of_themselves() -> anyhow::Result<()> {
    let sims = Sims::start().await;
    let nhanh = sims.nhanh();
    let j = Journal::open_in_memory()?;
    let n = refresh_account(&j, "nhanh-1", Vendor::Nhanh, &nhanh).await?;
    assert!(n >= 1, "the seeded depot has a returned order");
    let all = j.returns()?;
    assert!(all.iter().all(|r| r.vendor == Vendor::Nhanh));
    let r = &all[0];
    // Nhanh keeps the return on the order: the orders list's returned row opens it
    assert_eq!(r.ret.return_id, r.ret.vendor_order_id);
    assert_eq!(r.ret.stage, ReturnStage::Received);
    assert!(r.ret.units() > 0 && !r.ret.cancellable);
    let one = ReturnSource::get_return(&nhanh, &r.ret.return_id).await?;
    assert_eq!(one.return_id, r.ret.return_id);
    Ok(())
}
