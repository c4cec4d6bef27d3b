//! Products born once, against the three simulators: a two-variant product created at every vendor the
//! vendor's way, never twice (a lost answer is looked up by SKU, a repeated drive sends nothing), a SKU
//! someone else holds never adopted, partial success kept per account and a retry that sends only the
//! refused account's records.

mod common;

use common::*;
use product_writes::*;
use sandbox::FaultConfig;
use shopdesk_core::product::{NothingTaken, VendorFields};
use shopdesk_core::Vendor;

#[tokio::test]
async fn a_two_variant_product_is_created_once_at_every_vendor() -> anyhow::Result<()> {
    let w = World::start().await;
    let store = ProductWrites::open_in_memory()?;
    let d = draft("SD-AO-01");
    let row = store.submit(&d, &NothingTaken, &|a| w.layout(a))?;
    // Onflow and Nhanh: a record per variant; Pancake: one holding both
    let records: Vec<(Vendor, u32)> = row.targets.iter().map(|t| (t.vendor, t.records)).collect();
    assert_eq!(
        records,
        [
            (Vendor::Pancake, 1),
            (Vendor::Onflow, 2),
            (Vendor::Nhanh, 2)
        ]
    );
    assert!(row.targets.iter().all(|t| t.state == TargetState::Queued));
    assert_eq!(store.pending()?, std::slice::from_ref(&d.reference));

    let sink_of = |a: &str| w.sink(a);
    let row = store.drive(&d.reference, &sink_of).await?;
    for t in &row.targets {
        assert_eq!(t.state, TargetState::Created, "{t:?}");
        assert_eq!(t.listings.len(), 2, "{t:?}");
        assert!(t.error.is_none());
    }
    let skus = d.variant_skus();
    assert_eq!(
        w.held(&skus).await,
        [
            (Vendor::Pancake, 2),
            (Vendor::Onflow, 2),
            (Vendor::Nhanh, 2)
        ]
    );
    // Onflow's finish mapped each to the warehouse
    for l in &target(&row, Vendor::Onflow).listings {
        let p = w.sims.onflow().product(&l.product_id).await?;
        assert_eq!(p.status.as_str(), "ACTIVE");
    }
    // nothing left; driving again sends nothing
    assert!(store.pending()?.is_empty());
    let again = store.drive(&d.reference, &sink_of).await?;
    assert_eq!(again, row);
    assert_eq!(
        w.sims
            .onflow()
            .list_all_products(&Default::default())
            .await?
            .iter()
            .filter(|p| p.sku.starts_with("SD-AO-01"))
            .count(),
        2
    );
    // a second product with the same reference is refused before anything is stored
    let e = store
        .submit(&d, &NothingTaken, &|a| w.layout(a))
        .unwrap_err();
    assert!(matches!(e, ProductError::Invalid(f) if f.has("reference", "reference.duplicate")));
    Ok(())
}

#[tokio::test]
async fn a_lost_answer_is_looked_up_by_sku_and_never_sent_twice() -> anyhow::Result<()> {
    let w = World::start().await;
    let store = ProductWrites::open_in_memory()?;
    let d = draft("SD-AO-02");
    store.submit(&d, &NothingTaken, &|a| w.layout(a))?;
    // every simulator commits its first create and drops the connection before answering
    for v in ["pancake", "onflow", "nhanh"] {
        w.sims.faults(v).expect("faults").set(FaultConfig {
            drop_next_creates: 1,
            ..Default::default()
        });
    }
    let sink_of = |a: &str| w.sink(a);
    let row = store.drive(&d.reference, &sink_of).await?;
    // the first record of each vendor is unclear; Onflow's and Nhanh's second went through
    for t in &row.targets {
        assert_eq!(t.state, TargetState::Sending, "{t:?}");
    }
    assert_eq!(store.pending()?, std::slice::from_ref(&d.reference));
    // the next drive (a restart's resume) looks each up first: found, nothing sent again
    assert_eq!(store.resume(&sink_of).await?, 1);
    let row = store.get(&d.reference)?;
    for t in &row.targets {
        assert_eq!(t.state, TargetState::Created, "{t:?}");
    }
    assert_eq!(
        w.held(&d.variant_skus()).await,
        [
            (Vendor::Pancake, 2),
            (Vendor::Onflow, 2),
            (Vendor::Nhanh, 2)
        ],
        "one record per SKU at each vendor"
    );
    let nhanh = w.sims.nhanh().products(&Default::default()).await?;
    assert_eq!(
        nhanh
            .iter()
            .filter(|p| p.code.starts_with("SD-AO-02"))
            .count(),
        2,
        "no second Nhanh product"
    );
    Ok(())
}

#[tokio::test]
async fn a_refusal_at_one_vendor_is_a_partial_result_and_a_retry_sends_only_there(
) -> anyhow::Result<()> {
    let w = World::start().await;
    let store = ProductWrites::open_in_memory()?;
    let d = draft("SD-AO-03");
    // the shop already has a Pancake product with this code (the catalog cache did not know it)
    w.sims
        .pancake()
        .create_product(&pancake::ProductInput {
            name: Some("Sản phẩm cũ".into()),
            weight: Some(100),
            custom_id: Some("SD-AO-03".into()),
            ..Default::default()
        })
        .await?;
    store.submit(&d, &NothingTaken, &|a| w.layout(a))?;
    let sink_of = |a: &str| w.sink(a);
    let row = store.drive(&d.reference, &sink_of).await?;
    let pancake = target(&row, Vendor::Pancake);
    assert_eq!(pancake.state, TargetState::Failed);
    assert!(pancake.error.is_some() && pancake.listings.is_empty());
    assert_eq!(target(&row, Vendor::Onflow).state, TargetState::Created);
    assert_eq!(target(&row, Vendor::Nhanh).state, TargetState::Created);
    assert!(store.pending()?.is_empty(), "a refusal waits for the owner");

    // a retry sends Pancake's record again, and nothing of the others
    assert_eq!(store.retry(&d.reference, &account(Vendor::Pancake))?, 1);
    assert_eq!(store.retry(&d.reference, &account(Vendor::Onflow))?, 0);
    let row = store.drive(&d.reference, &sink_of).await?;
    assert_eq!(
        target(&row, Vendor::Pancake).state,
        TargetState::Failed,
        "still refused"
    );
    assert_eq!(
        w.held(&d.variant_skus()).await,
        [
            (Vendor::Pancake, 0),
            (Vendor::Onflow, 2),
            (Vendor::Nhanh, 2)
        ]
    );
    Ok(())
}

#[tokio::test]
async fn a_sku_held_under_another_name_is_never_adopted() -> anyhow::Result<()> {
    let w = World::start().await;
    let store = ProductWrites::open_in_memory()?;
    let d = draft("SD-AO-04");
    let first = d.variants[0].sku.clone();
    // Onflow already has a product with the first variant's SKU, someone else's
    w.sims
        .onflow()
        .create_product(&onflow::NewProduct {
            sku: first.clone(),
            name: "Hàng của người khác".into(),
            ..Default::default()
        })
        .await?;
    store.submit(&d, &NothingTaken, &|a| w.layout(a))?;
    let sink_of = |a: &str| w.sink(a);
    let row = store.drive(&d.reference, &sink_of).await?;
    let onflow = target(&row, Vendor::Onflow);
    assert_eq!(onflow.state, TargetState::NeedsAttention, "{onflow:?}");
    assert!(onflow
        .error
        .as_ref()
        .is_some_and(|e| e.message.contains(&first)));
    assert_eq!((onflow.records, onflow.created), (2, 1));
    assert!(
        onflow.listings.iter().all(|l| l.sku != first),
        "not adopted"
    );
    // a retry looks it up again (never sends blind): still someone else's
    assert_eq!(store.retry(&d.reference, &account(Vendor::Onflow))?, 1);
    let row = store.drive(&d.reference, &sink_of).await?;
    assert_eq!(
        target(&row, Vendor::Onflow).state,
        TargetState::NeedsAttention
    );
    let held = w
        .sims
        .onflow()
        .list_all_products(&onflow::ProductQuery {
            sku: Some(first),
            ..Default::default()
        })
        .await?;
    assert_eq!(held.len(), 1);
    Ok(())
}

#[tokio::test]
async fn a_product_survives_a_restart_and_the_list_is_newest_first() -> anyhow::Result<()> {
    let w = World::start().await;
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("products.sqlite");
    let a = draft("SD-AO-05");
    let mut b = draft("SD-AO-06");
    b.targets.truncate(1);
    {
        let store = ProductWrites::open(&path)?;
        store.submit(&a, &NothingTaken, &|x| w.layout(x))?;
        store.submit(&b, &NothingTaken, &|x| w.layout(x))?;
    }
    let store = ProductWrites::open(&path)?;
    let refs: Vec<String> = store.list()?.into_iter().map(|r| r.reference).collect();
    assert_eq!(refs, [b.reference.clone(), a.reference.clone()]);
    let sink_of = |x: &str| w.sink(x);
    assert_eq!(store.resume(&sink_of).await?, 2);
    assert!(store
        .list()?
        .iter()
        .all(|r| r.targets.iter().all(|t| t.state == TargetState::Created)));
    assert_eq!(store.draft(&a.reference)?.variant_skus(), a.variant_skus());
    Ok(())
}

#[tokio::test]
async fn each_vendors_own_fields_picked_from_its_options_reach_it() -> anyhow::Result<()> {
    let w = World::start().await;
    let store = ProductWrites::open_in_memory()?;
    let mut d = draft("SD-AO-07");
    for t in &mut d.targets {
        let sink = w.sink(&t.account_id).expect("a sink");
        let options = sink.options().await?;
        match &mut t.fields {
            VendorFields::Onflow(f) => {
                let strategies = options
                    .choices
                    .iter()
                    .find(|c| c.field == "outboundStrategy")
                    .expect("Onflow offers its outbound strategies");
                assert!(strategies.values.iter().any(|v| v == "LIFO"));
                f.outbound_strategy = Some("LIFO".into());
            }
            VendorFields::Pancake(f) => {
                let c = options.categories.first().expect("the shop's categories");
                f.category_ids = vec![c.id];
            }
            VendorFields::Nhanh(f) => {
                let c = options.categories.last().expect("the shop's categories");
                f.category_id = Some(c.id);
            }
        }
    }
    store.submit(&d, &NothingTaken, &|a| w.layout(a))?;
    let row = store.drive(&d.reference, &|a| w.sink(a)).await?;
    let fields = |v: Vendor| {
        d.targets
            .iter()
            .find(|t| t.fields.vendor() == v)
            .map(|t| t.fields.clone())
            .expect("a target")
    };
    for l in &target(&row, Vendor::Onflow).listings {
        let p = w.sims.onflow().product(&l.product_id).await?;
        assert_eq!(p.outbound_strategy.as_deref(), Some("LIFO"));
    }
    let VendorFields::Pancake(pf) = fields(Vendor::Pancake) else {
        unreachable!()
    };
    let l = &target(&row, Vendor::Pancake).listings[0];
    let p = w.sims.pancake().get_product(&l.product_id).await?;
    assert_eq!(p.category_ids, [pf.category_ids[0].to_string()]);
    let VendorFields::Nhanh(nf) = fields(Vendor::Nhanh) else {
        unreachable!()
    };
    for l in &target(&row, Vendor::Nhanh).listings {
        let p = w.sims.nhanh().product_detail(l.product_id.parse()?).await?;
        assert_eq!(p.category.map(|c| c.id), nf.category_id);
    }
    Ok(())
}
