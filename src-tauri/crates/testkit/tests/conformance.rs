//! The port contracts, run against every vendor's adapter and its simulator: what each engine relies on
//! from any adapter. A new vendor's adapter passes these before an engine uses it.

use std::collections::HashSet;
use std::sync::Mutex;

use shopdesk_core::ports::stock::{Incremental, Phase, PullRequest};
use shopdesk_core::Vendor;
use testkit::Sims;

fn full_pull<'a>(progress: &'a (dyn Fn(Phase, u64, Option<u64>) + Send + Sync)) -> PullRequest<'a> {
    PullRequest {
        page_size: 50,
        since: None,
        known: Default::default(),
        progress,
    }
}

/// Stock source: a full pull is a consistent snapshot (every stock row names a listing and a warehouse
/// of the same pull, ids are unique), covers the shop's catalog, says it is full, and reports
/// progress through the phases in order.
#[tokio::test]
async fn a_full_pull_is_a_consistent_snapshot_of_the_catalog() {
    let sims = Sims::start().await;
    let skus: HashSet<String> = sandbox::common::catalog::catalog(&sandbox::Options {
        products: testkit::PRODUCTS,
        seed: testkit::SEED,
    })
    .into_iter()
    .flat_map(|p| p.variations)
    .map(|v| v.sku)
    .collect();
    for adapter in sims.adapters() {
        let vendor = adapter.vendor();
        let source = adapter.stock_source().expect("every vendor lists stock");
        assert_eq!(source.vendor(), vendor);
        let phases = Mutex::new(Vec::new());
        let record = |p: Phase, _: u64, _: Option<u64>| phases.lock().expect("phases").push(p);
        let req = full_pull(&record);
        let snap = source
            .pull(&req)
            .await
            .unwrap_or_else(|e| panic!("{vendor:?}: {}", e.error));
        assert!(
            snap.full,
            "{vendor:?}: a pull without `since` is a full refresh"
        );
        assert!(snap.warnings.is_empty(), "{vendor:?}: {:?}", snap.warnings);
        assert!(!snap.warehouses.is_empty(), "{vendor:?}");
        assert!(
            snap.requests.values().sum::<u64>() >= 2,
            "{vendor:?}: pages counted"
        );

        let warehouses: HashSet<&str> = snap
            .warehouses
            .iter()
            .map(|w| w.vendor_wh_id.as_str())
            .collect();
        assert_eq!(
            warehouses.len(),
            snap.warehouses.len(),
            "{vendor:?}: unique warehouses"
        );
        let listings: HashSet<(&str, &str)> = snap
            .listings
            .iter()
            .map(|l| (l.vendor_product_id.as_str(), l.vendor_variation_id.as_str()))
            .collect();
        assert_eq!(
            listings.len(),
            snap.listings.len(),
            "{vendor:?}: unique listings"
        );
        let pulled: HashSet<&str> = snap
            .listings
            .iter()
            .filter_map(|l| l.sku.as_deref())
            .collect();
        for sku in &skus {
            assert!(pulled.contains(sku.as_str()), "{vendor:?}: {sku} missing");
        }
        assert!(!snap.stock.is_empty(), "{vendor:?}");
        for s in &snap.stock {
            assert!(
                listings.contains(&(s.vendor_product_id.as_str(), s.vendor_variation_id.as_str())),
                "{vendor:?}: stock of an unknown listing {s:?}"
            );
            assert!(
                warehouses.contains(s.vendor_wh_id.as_str()),
                "{vendor:?}: {s:?}"
            );
            if let (Some(on_hand), Some(available)) = (s.on_hand, s.available) {
                assert!(
                    available <= on_hand.max(0) || on_hand < 0,
                    "{vendor:?}: {s:?}"
                );
            }
        }

        let phases = phases.into_inner().expect("phases");
        assert_eq!(phases.first(), Some(&Phase::Warehouses), "{vendor:?}");
        let order = |p: &Phase| match p {
            Phase::Warehouses => 0,
            Phase::Catalog | Phase::Stock => 1,
            Phase::Saving | Phase::Done => 2,
        };
        assert!(
            phases.windows(2).all(|w| order(&w[0]) <= order(&w[1])),
            "{vendor:?}: phases in order: {phases:?}"
        );
        assert!(
            !phases
                .iter()
                .any(|p| matches!(p, Phase::Saving | Phase::Done)),
            "{vendor:?}: saving is the engine's"
        );
    }
}

/// Every vendor pulls incrementally in the cheapest way its documented calls allow (Nhanh's
/// `updatedAtFrom`, Pancake's inventory history, Onflow's stock list without its product list): a pull
/// since a moment with nothing changed is an upsert (never a replace) and asks fewer pages than a full one.
#[tokio::test]
async fn an_incremental_pull_with_nothing_changed_is_a_cheaper_upsert() {
    let sims = Sims::start().await;
    for adapter in sims.adapters() {
        let vendor = adapter.vendor();
        let source = adapter.stock_source().expect("stock");
        assert_eq!(source.incremental(), Incremental::Supported, "{vendor:?}");
        let nothing = |_: Phase, _: u64, _: Option<u64>| {};
        let full = source.pull(&full_pull(&nothing)).await.expect("full pull");
        assert!(full.full, "{vendor:?}");
        let known = full
            .listings
            .iter()
            .map(|l| {
                let own = if l.vendor_variation_id.is_empty() {
                    l.vendor_product_id.clone()
                } else {
                    l.vendor_variation_id.clone()
                };
                (
                    own,
                    (l.vendor_product_id.clone(), l.vendor_variation_id.clone()),
                )
            })
            .collect();
        let since = PullRequest {
            since: Some(chrono::Utc::now() + chrono::Duration::seconds(5)),
            known,
            ..full_pull(&nothing)
        };
        let inc = source.pull(&since).await.expect("incremental pull");
        assert!(
            !inc.full,
            "{vendor:?}: an incremental pull must not replace the account"
        );
        let pages = |m: &std::collections::BTreeMap<String, u64>| m.values().sum::<u64>();
        assert!(
            pages(&inc.requests) < pages(&full.requests),
            "{vendor:?}: {:?} vs full {:?}",
            inc.requests,
            full.requests
        );
        assert!(inc.warnings.is_empty(), "{vendor:?}: {:?}", inc.warnings);
    }
}

/// Listing images: where a vendor takes them, adding an image keeps the others and adding it twice
/// changes nothing (a retried click never doubles an image).
#[tokio::test]
async fn adding_an_image_keeps_the_others_and_is_idempotent() {
    let sims = Sims::start().await;
    for adapter in sims.adapters() {
        let vendor = adapter.vendor();
        let Some(images) = adapter.listing_images() else {
            assert_eq!(vendor, Vendor::Onflow, "only Onflow has no product images");
            continue;
        };
        let nothing = |_: Phase, _: u64, _: Option<u64>| {};
        let req = full_pull(&nothing);
        let snap = adapter
            .stock_source()
            .expect("stock")
            .pull(&req)
            .await
            .unwrap_or_else(|e| panic!("{vendor:?}: {}", e.error));
        let l = &snap.listings[0];
        let url = "https://cdn.example.vn/shopdesk/anh-moi.jpg";
        let first = images
            .add_image(&l.vendor_product_id, &l.vendor_variation_id, url)
            .await
            .unwrap_or_else(|e| panic!("{vendor:?}: {e}"));
        assert!(first.iter().any(|u| u == url), "{vendor:?}: {first:?}");
        for before in &l.image_urls {
            assert!(first.contains(before), "{vendor:?}: {before} kept");
        }
        let again = images
            .add_image(&l.vendor_product_id, &l.vendor_variation_id, url)
            .await
            .unwrap_or_else(|e| panic!("{vendor:?}: {e}"));
        assert_eq!(again, first, "{vendor:?}: the second add changes nothing");
    }
}

/// Stock writer: every vendor but Onflow sets sellable figures; the kind follows the vendor's API
/// (Pancake absolute, Nhanh delta); limits allow at least one change; a read of pulled cells answers
/// exactly the sellable figure (`available`) the stock source pulled, in the order asked.
#[tokio::test]
async fn a_stock_writer_reads_the_figure_the_stock_source_pulls() {
    use shopdesk_core::ports::stock_writer::{StockCell, WriteKind};
    let sims = Sims::start().await;
    for adapter in sims.adapters() {
        let vendor = adapter.vendor();
        let Some(writer) = adapter.stock_writer() else {
            assert_eq!(vendor, Vendor::Onflow, "only Onflow sets no stock");
            continue;
        };
        assert_eq!(writer.vendor(), vendor);
        let kind = match vendor {
            Vendor::Pancake => WriteKind::Absolute,
            _ => WriteKind::Delta,
        };
        assert_eq!(writer.kind(), kind, "{vendor:?}");
        let limits = writer.limits();
        assert!(limits.max_batch >= 1 && limits.max_read >= 1, "{vendor:?}");
        let nothing = |_: Phase, _: u64, _: Option<u64>| {};
        let req = full_pull(&nothing);
        let snap = adapter
            .stock_source()
            .expect("stock")
            .pull(&req)
            .await
            .unwrap_or_else(|e| panic!("{vendor:?}: {}", e.error));
        let rows: Vec<_> = snap
            .stock
            .iter()
            .rev()
            .take(limits.max_read.min(25))
            .collect();
        let cells: Vec<StockCell> = rows
            .iter()
            .map(|s| StockCell {
                vendor_product_id: s.vendor_product_id.clone(),
                vendor_variation_id: s.vendor_variation_id.clone(),
                vendor_wh_id: s.vendor_wh_id.clone(),
            })
            .collect();
        let read = writer
            .read(&cells)
            .await
            .unwrap_or_else(|e| panic!("{vendor:?}: {e}"));
        let pulled: Vec<Option<i64>> = rows.iter().map(|s| s.available).collect();
        assert_eq!(read, pulled, "{vendor:?}");
    }
}

/// Product sink: a two-variant product is created the vendor's way (one record per variant, or one
/// holding both), found again by each SKU with the ids the create answered (the lookup before any
/// resend), listed by the next full pull under those SKUs, and an unknown SKU finds nothing. Onflow's
/// finish maps its products to the warehouse (ACTIVE), and a second create of a SKU is a duplicate.
#[tokio::test]
async fn a_product_is_created_found_by_its_skus_and_pulled() {
    use shopdesk_core::ports::products::ProductLayout;
    use shopdesk_core::product::{
        generate_variants, ProductAttribute, ProductDraft, ProductTarget, VendorFields,
    };
    let sims = Sims::start().await;
    for adapter in sims.adapters() {
        let vendor = adapter.vendor();
        let sink = adapter
            .product_sink()
            .expect("every vendor creates products");
        let sku = format!("SD-NEW-{}", vendor.as_str().to_uppercase());
        let attributes = vec![ProductAttribute {
            name: "Màu".into(),
            values: vec!["Đen".into(), "Trắng".into()],
        }];
        let mut fields = VendorFields::blank(vendor);
        if let VendorFields::Onflow(f) = &mut fields {
            let wh = sims.onflow().warehouses().await.expect("warehouses");
            f.warehouse_codes = vec![wh[0].warehouse_code.clone()];
        }
        let draft = ProductDraft {
            reference: "SD-SP-TEST".into(),
            name: "Áo thử".into(),
            sku: sku.clone(),
            price: 120_000,
            weight_grams: 200,
            length_cm: Some(20),
            width_cm: Some(15),
            height_cm: Some(3),
            description: None,
            images: vec![],
            variants: generate_variants(&sku, &attributes, &[]),
            attributes,
            targets: vec![ProductTarget {
                account_id: "acc".into(),
                fields: fields.clone(),
            }],
        };
        let skus = draft.variant_skus();
        assert!(
            sink.find_skus(&skus).await.expect("lookup").is_empty(),
            "{vendor:?}"
        );

        let mut ids = Vec::new();
        match sink.layout() {
            ProductLayout::PerVariant => {
                for i in 0..draft.variants.len() {
                    ids.push(
                        sink.create_product(&draft, &fields, &[i])
                            .await
                            .unwrap_or_else(|e| panic!("{vendor:?}: {e}")),
                    );
                }
            }
            ProductLayout::Grouped => {
                let id = sink
                    .create_product(&draft, &fields, &[0, 1])
                    .await
                    .unwrap_or_else(|e| panic!("{vendor:?}: {e}"));
                ids = vec![id.clone(), id];
            }
        }
        let found = sink.find_skus(&skus).await.expect("lookup");
        assert_eq!(found.len(), 2, "{vendor:?}: {found:?}");
        for (i, (l, (sku, id))) in found.iter().zip(skus.iter().zip(&ids)).enumerate() {
            assert_eq!(&l.sku, sku, "{vendor:?}");
            assert_eq!(&l.product_id, id, "{vendor:?}");
            // the record's name tells ours from another with the same SKU
            let name = match sink.layout() {
                ProductLayout::PerVariant => draft.variant_name(&draft.variants[i]),
                ProductLayout::Grouped => draft.name.clone(),
            };
            assert_eq!(l.name, name, "{vendor:?}");
        }
        sink.finish(&fields, &found)
            .await
            .unwrap_or_else(|e| panic!("{vendor:?}: {e}"));

        if vendor == Vendor::Onflow {
            for l in &found {
                let p = sims.onflow().product(&l.product_id).await.expect("detail");
                assert_eq!(p.status.as_str(), "ACTIVE", "{l:?}");
            }
            let again = sink
                .create_product(&draft, &fields, &[0])
                .await
                .expect_err("a SKU is created once");
            assert!(sink.is_duplicate_sku(&again), "{again}");
        } else {
            let nothing = |_: Phase, _: u64, _: Option<u64>| {};
            let snap = adapter
                .stock_source()
                .expect("stock")
                .pull(&full_pull(&nothing))
                .await
                .unwrap_or_else(|e| panic!("{vendor:?}: {}", e.error));
            for l in &found {
                let listed = snap
                    .listings
                    .iter()
                    .find(|x| x.sku.as_deref() == Some(l.sku.as_str()));
                let listed = listed.unwrap_or_else(|| panic!("{vendor:?}: {} pulled", l.sku));
                assert_eq!(
                    (&listed.vendor_product_id, &listed.vendor_variation_id),
                    (&l.product_id, &l.variation_id),
                    "{vendor:?}"
                );
            }
        }
        assert!(sink
            .find_skus(&["SD-NOWHERE-1".to_string()])
            .await
            .expect("lookup")
            .is_empty());
    }
}
