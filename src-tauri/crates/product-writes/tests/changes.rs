//! A created product edited and retired once for every vendor that holds it, against the three
//! simulators: the preview says what changes where (Onflow's API edits nothing), the edit reaches
//! Pancake's variations and Nhanh's products, a send that may not have arrived is sent again as the
//! same absolute values, and a retire deactivates at Onflow, hides at Pancake and stops selling at Nhanh.

mod common;

use common::*;
use product_writes::*;
use sandbox::FaultConfig;
use shopdesk_core::product::{NothingTaken, ProductChange, ProductDraft, SharedField};
use shopdesk_core::Vendor;

impl World {
    async fn with_product(sku: &str) -> anyhow::Result<(World, ProductDraft)> {
        let w = World::start().await;
        let d = draft(sku);
        w.store.submit(&d, &NothingTaken, &|a| w.layout(a))?;
        let row = w.store.drive(&d.reference, &|a| w.sink(a)).await?;
        assert!(row.targets.iter().all(|t| t.state == TargetState::Created));
        Ok((w, d))
    }

    /// Pancake: each SKU's (name, price, hidden).
    async fn pancake(&self, skus: &[String]) -> anyhow::Result<Vec<(String, i64, bool)>> {
        let mut out = Vec::new();
        for sku in skus {
            let page = self
                .sims
                .pancake()
                .list_variations(&pancake::VariationQuery {
                    search: Some(sku.clone()),
                    ..Default::default()
                })
                .await?;
            let v = page
                .data
                .into_iter()
                .find(|v| v.custom_id.as_deref() == Some(sku.as_str()))
                .expect("the variation");
            let name = v.product.and_then(|p| p.name).unwrap_or_default();
            out.push((
                name,
                v.retail_price.unwrap_or_default(),
                v.is_hidden == Some(true),
            ));
        }
        Ok(out)
    }

    /// Nhanh: each SKU's (name, price, status).
    async fn nhanh(&self, row: &ProductRow) -> anyhow::Result<Vec<(String, i64, i64)>> {
        let mut out = Vec::new();
        for l in &target(row, Vendor::Nhanh).listings {
            let p = self
                .sims
                .nhanh()
                .product_detail(l.product_id.parse()?)
                .await?;
            out.push((p.name, p.prices.retail, p.status));
        }
        Ok(out)
    }
}

fn change(t: &TargetRow, kind: ChangeKind) -> Option<&ChangeRow> {
    t.changes.iter().find(|c| c.kind == kind)
}

#[tokio::test]
async fn an_edit_is_previewed_then_reaches_every_vendor_whose_api_can_edit() -> anyhow::Result<()> {
    let (w, d) = World::with_product("SD-ED-01").await?;
    let caps = |a: &str| w.caps(a);
    let price = ProductChange {
        name: Some("Áo thun ShopDesk 2".into()),
        price: Some(170_000),
        weight_grams: Some(d.weight_grams),
        ..Default::default()
    };
    let (preview, _, _) = w
        .store
        .preview_edit(&d.reference, &price, &NothingTaken, &caps)?;
    assert_eq!(
        preview.diffs,
        [
            FieldDiff::Name {
                before: "Áo thun ShopDesk".into(),
                after: "Áo thun ShopDesk 2".into()
            },
            FieldDiff::Price {
                before: vec![150_000],
                after: 170_000
            }
        ],
        "the unchanged weight is not a change"
    );
    let at = |v| {
        preview
            .targets
            .iter()
            .find(|t| t.vendor == v)
            .expect("a target")
    };
    assert_eq!(
        at(Vendor::Pancake).sends,
        [SharedField::Name, SharedField::Price]
    );
    assert_eq!(at(Vendor::Nhanh).records, 2);
    // Onflow documents no product update: shown, never sent
    assert!(at(Vendor::Onflow).sends.is_empty());
    assert_eq!(
        at(Vendor::Onflow).cannot,
        [SharedField::Name, SharedField::Price]
    );
    // a preview stores nothing
    assert!(w.store.pending()?.is_empty());
    assert_eq!(w.store.get(&d.reference)?.price, 150_000);

    w.store.edit(&d.reference, &price, &NothingTaken, &caps)?;
    let row = w.store.get(&d.reference)?;
    assert_eq!(
        (row.name.as_str(), row.price),
        ("Áo thun ShopDesk 2", 170_000)
    );
    assert_eq!(
        change(target(&row, Vendor::Pancake), ChangeKind::Edit).map(|c| c.state),
        Some(ChangeState::Queued),
        "stored before it is sent"
    );
    assert!(target(&row, Vendor::Onflow).changes.is_empty());
    assert_eq!(w.store.pending()?, std::slice::from_ref(&d.reference));
    let row = w.store.drive(&d.reference, &|a| w.sink(a)).await?;
    for v in [Vendor::Pancake, Vendor::Nhanh] {
        let c = change(target(&row, v), ChangeKind::Edit).expect("an edit");
        assert_eq!(c.state, ChangeState::Done, "{c:?}");
    }
    let skus = d.variant_skus();
    assert_eq!(
        w.pancake(&skus).await?,
        vec![("Áo thun ShopDesk 2".to_string(), 170_000, false); 2]
    );
    assert_eq!(
        w.nhanh(&row).await?,
        [
            ("Áo thun ShopDesk 2 - Đen".to_string(), 170_000, 1),
            ("Áo thun ShopDesk 2 - Trắng".to_string(), 170_000, 1)
        ]
    );
    assert!(w.store.pending()?.is_empty());
    // the same values again: nothing to change, refused before anything is stored
    let e = w
        .store
        .edit(&d.reference, &price, &NothingTaken, &caps)
        .unwrap_err();
    assert!(matches!(e, ProductError::Invalid(f) if f.has("change", "change.none")));
    let bad = ProductChange {
        price: Some(-5),
        ..Default::default()
    };
    let e = w
        .store
        .edit(&d.reference, &bad, &NothingTaken, &caps)
        .unwrap_err();
    assert!(matches!(e, ProductError::Invalid(f) if f.has("price", "price.range")));
    Ok(())
}

#[tokio::test]
async fn an_edit_whose_vendor_cannot_be_reached_is_sent_again_and_lands_once() -> anyhow::Result<()>
{
    let (w, d) = World::with_product("SD-ED-02").await?;
    let caps = |a: &str| w.caps(a);
    let nhanh = w.sims.faults("nhanh").expect("faults");
    nhanh.set(FaultConfig {
        error_rate: 1.0,
        ..Default::default()
    });
    let weight = ProductChange {
        weight_grams: Some(400),
        ..Default::default()
    };
    w.store.edit(&d.reference, &weight, &NothingTaken, &caps)?;
    let row = w.store.drive(&d.reference, &|a| w.sink(a)).await?;
    let c = change(target(&row, Vendor::Nhanh), ChangeKind::Edit).expect("an edit");
    assert_eq!(c.state, ChangeState::Sending, "{c:?}");
    assert!(c.error.is_some());
    assert_eq!(
        change(target(&row, Vendor::Pancake), ChangeKind::Edit).map(|c| c.state),
        Some(ChangeState::Done),
        "one vendor's outage does not hold the others"
    );
    assert_eq!(w.store.pending()?, std::slice::from_ref(&d.reference));
    nhanh.set(FaultConfig::default());
    assert_eq!(w.store.resume(&|a| w.sink(a)).await?, 1);
    let row = w.store.get(&d.reference)?;
    let c = change(target(&row, Vendor::Nhanh), ChangeKind::Edit).expect("an edit");
    assert_eq!((c.state, c.error.is_none()), (ChangeState::Done, true));
    for l in &target(&row, Vendor::Nhanh).listings {
        let p = w.sims.nhanh().product_detail(l.product_id.parse()?).await?;
        assert_eq!(p.shipping.map(|s| s.weight), Some(400));
    }
    Ok(())
}

#[tokio::test]
async fn a_retire_stops_selling_everywhere_and_ends_edits_and_retries() -> anyhow::Result<()> {
    let (w, d) = World::with_product("SD-ED-03").await?;
    let caps = |a: &str| w.caps(a);
    let row = w.store.retire(&d.reference, &caps)?;
    assert!(row.retired);
    let row = w.store.drive(&d.reference, &|a| w.sink(a)).await?;
    for t in &row.targets {
        let c = change(t, ChangeKind::Retire).expect("a retire per account");
        assert_eq!(c.state, ChangeState::Done, "{t:?}");
    }
    for l in &target(&row, Vendor::Onflow).listings {
        let p = w.sims.onflow().product(&l.product_id).await?;
        assert_eq!(p.status.as_str(), "INACTIVE");
    }
    assert!(w
        .pancake(&d.variant_skus())
        .await?
        .iter()
        .all(|(_, _, hidden)| *hidden));
    assert!(w
        .nhanh(&row)
        .await?
        .iter()
        .all(|(_, _, status)| *status == 3));
    // repeating it sends nothing more; an edit is refused
    assert_eq!(w.store.retire(&d.reference, &caps)?, row);
    assert!(w.store.pending()?.is_empty());
    let e = w
        .store
        .edit(
            &d.reference,
            &ProductChange {
                price: Some(1),
                ..Default::default()
            },
            &NothingTaken,
            &caps,
        )
        .unwrap_err();
    assert!(matches!(e, ProductError::Invalid(f) if f.has("reference", "product.retired")));
    Ok(())
}

#[tokio::test]
async fn an_edit_before_an_account_is_created_goes_with_its_create() -> anyhow::Result<()> {
    let w = World::start().await;
    let store = &w.store;
    let mut d = draft("SD-ED-04");
    d.targets.retain(|t| t.fields.vendor() == Vendor::Nhanh);
    store.submit(&d, &NothingTaken, &|a| w.layout(a))?;
    let caps = |a: &str| w.caps(a);
    let change = ProductChange {
        price: Some(99_000),
        ..Default::default()
    };
    let (preview, _, _) = store.preview_edit(&d.reference, &change, &NothingTaken, &caps)?;
    assert!(preview.targets[0].not_created);
    store.edit(&d.reference, &change, &NothingTaken, &caps)?;
    let row = store.drive(&d.reference, &|a| w.sink(a)).await?;
    let t = target(&row, Vendor::Nhanh);
    assert_eq!(t.state, TargetState::Created);
    assert!(
        t.changes.is_empty(),
        "created with the new price, not edited"
    );
    for l in &t.listings {
        let p = w.sims.nhanh().product_detail(l.product_id.parse()?).await?;
        assert_eq!(p.prices.retail, 99_000);
    }
    Ok(())
}

#[tokio::test]
async fn new_images_and_barcodes_reach_the_vendors_that_take_them() -> anyhow::Result<()> {
    let (w, d) = World::with_product("SD-ED-05").await?;
    let caps = |a: &str| w.caps(a);
    let ean = |twelve: &str| {
        format!(
            "{twelve}{}",
            shopdesk_core::product::ean13_check_digit(twelve).expect("12 digits")
        )
    };
    let black = ean("893123400005");
    let change = ProductChange {
        images: Some(vec![
            "https://files.example/moi-1.jpg".into(),
            "https://files.example/moi-2.jpg".into(),
        ]),
        barcodes: Some(vec![shopdesk_core::product::VariantBarcode {
            sku: d.variants[0].sku.clone(),
            barcode: Some(black.clone()),
        }]),
        ..Default::default()
    };
    let (preview, _, _) = w
        .store
        .preview_edit(&d.reference, &change, &NothingTaken, &caps)?;
    assert_eq!(preview.diffs.len(), 2, "{:?}", preview.diffs);
    assert!(
        matches!(&preview.diffs[1], FieldDiff::Barcode { sku, before: None, after: Some(b) } if *sku == d.variants[0].sku && *b == black)
    );
    w.store.edit(&d.reference, &change, &NothingTaken, &caps)?;
    let row = w.store.drive(&d.reference, &|a| w.sink(a)).await?;
    for v in [Vendor::Pancake, Vendor::Nhanh] {
        let c = change_of(&row, v);
        assert_eq!(c, Some(ChangeState::Done), "{v:?}");
    }
    assert_eq!(row.codes[0].barcode.as_deref(), Some(black.as_str()));
    // Pancake: every variation's images, the black one's barcode
    let page = w
        .sims
        .pancake()
        .list_variations(&pancake::VariationQuery {
            search: Some(d.variants[0].sku.clone()),
            ..Default::default()
        })
        .await?;
    let v = page
        .data
        .iter()
        .find(|v| v.custom_id.as_deref() == Some(d.variants[0].sku.as_str()))
        .expect("the variation");
    assert_eq!(v.barcode.as_deref(), Some(black.as_str()));
    assert_eq!(v.images.len(), 2);
    // Nhanh: each product's image set replaced, the black one's barcode
    for l in &target(&row, Vendor::Nhanh).listings {
        let p = w.sims.nhanh().product_detail(l.product_id.parse()?).await?;
        let images: Vec<String> = p
            .images
            .map(|i| i.avatar.into_iter().chain(i.others).collect())
            .unwrap_or_default();
        assert_eq!(
            images,
            [
                "https://files.example/moi-1.jpg",
                "https://files.example/moi-2.jpg"
            ]
        );
        if l.sku == d.variants[0].sku {
            assert_eq!(p.barcode, black);
        }
    }
    Ok(())
}

fn change_of(row: &ProductRow, v: Vendor) -> Option<ChangeState> {
    change(target(row, v), ChangeKind::Edit).map(|c| c.state)
}
