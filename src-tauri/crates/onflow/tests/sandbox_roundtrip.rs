//! Client ↔ simulator round trips: every area, stock effects, status rules, the commit-then-drop outbox
//! case, the streamed upload and the rate limits.

use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Utc;
use onflow::assumptions::Pagination;
use onflow::*;
use sandbox::{FaultConfig, Options, Sandbox};
use secrecy::SecretString;
use vendor_http::{RateLimit, RetryPolicy};

const HN: &str = "ONF_WH_HN_LB";
const HCM: &str = "ONF_WH_HCM_TD";

async fn start(products: usize) -> Sandbox {
    sandbox::start(
        "127.0.0.1:0".parse().expect("addr"),
        Options { products, seed: 42 },
    )
    .await
    .expect("sandbox starts")
}

fn builder(sb: &Sandbox) -> OnflowClientBuilder {
    OnflowClient::builder()
        .base_url(format!("{}/onflow", sb.base_url()))
        .token(SecretString::from(sb.onflow.token().to_string()))
        .language(Lang::Vi)
        .rate_limit(RateLimit::new(10_000, Duration::from_secs(1)))
        .retry(RetryPolicy {
            max_retries: 3,
            min_delay: Duration::from_millis(5),
            max_delay: Duration::from_millis(50),
        })
}

fn client(sb: &Sandbox) -> OnflowClient {
    builder(sb).build().expect("client")
}

fn shipment(reference: &str, warehouse: &str, oasin: &str, quantity: i64) -> NewShipment {
    NewShipment {
        warehouse_code: warehouse.into(),
        platform: Platform::Shopee,
        merchant_tracking_code_reference: reference.into(),
        courier_tracking_code: Some(format!("SPXVN{reference}")),
        items: vec![ShipmentItem {
            oasin: oasin.into(),
            quantity,
            sku: None,
        }],
        documents: vec![],
        note: Some("Giao giờ hành chính".into()),
    }
}

/// A seeded product with at least `min` available in `warehouse`.
async fn stocked(c: &OnflowClient, warehouse: &str, min: i64) -> StockRow {
    c.list_all_stock(&StockQuery {
        warehouse_code: Some(warehouse.into()),
        ..Default::default()
    })
    .await
    .expect("stock")
    .into_iter()
    .find(|r| r.available_quantity >= min)
    .expect("a stocked product")
}

async fn available(c: &OnflowClient, oasin: &str, warehouse: &str) -> i64 {
    c.product_stock(oasin)
        .await
        .expect("stock")
        .into_iter()
        .find(|r| r.warehouse_code == warehouse)
        .map(|r| r.available_quantity)
        .expect("mapped")
}

#[tokio::test]
async fn config_endpoints_answer_with_seeded_data() {
    let sb = start(8).await;
    let c = client(&sb);
    let whs = c.warehouses().await.expect("warehouses");
    assert!(whs
        .iter()
        .any(|w| w.warehouse_code == HN && !w.name.is_empty()));
    assert!(whs.len() >= 2);
    // Get Brand: the app makes no such call (the client has none); the documented brand is served
    let brands: serde_json::Value = reqwest::Client::new()
        .get(format!("{}/onflow/api/v1/brands", sb.base_url()))
        .header("authorization", sb.onflow.token())
        .send()
        .await
        .expect("GET")
        .json()
        .await
        .expect("json");
    assert!(brands["data"]
        .as_array()
        .is_some_and(|b| b.iter().any(|b| b["id"] == 2240 && b["name"] == "Tamron")));
    let provinces = c.provinces().await.expect("provinces");
    let hn = provinces
        .iter()
        .find(|p| p.name == "Thành phố Hà Nội")
        .expect("Hà Nội");
    let districts = c.districts(&hn.id).await.expect("districts");
    assert!(districts.iter().any(|d| d.name == "Quận Ba Đình"));
    assert!(districts
        .iter()
        .all(|d| d.province_id.as_deref() == Some(hn.id.as_str())));
    let wards = c.wards(&districts[0].id).await.expect("wards");
    assert!(wards.len() >= 5);
}

#[tokio::test]
async fn products_page_through_and_follow_their_status_flow() {
    let sb = start(10).await;
    let c = builder(&sb)
        .pagination(Pagination {
            page_size: 7,
            ..Default::default()
        })
        .build()
        .expect("client");
    let all = c
        .list_all_products(&ProductQuery::default())
        .await
        .expect("all products");
    let catalog = sandbox::common::catalog::catalog(&Options {
        products: 10,
        seed: 42,
    });
    let variations: usize = catalog.iter().map(|p| p.variations.len()).sum();
    assert_eq!(all.len(), variations, "every page walked once");
    // the stock sync's walk (with progress) sees the same products, one report per page of 7
    let mut reports = Vec::new();
    let again = c
        .list_all_products_with_progress(&ProductQuery::default(), |done, total| {
            reports.push((done, total))
        })
        .await
        .expect("all products with progress");
    assert_eq!(again, all);
    assert_eq!(reports.len(), all.len().div_ceil(7), "{reports:?}");
    assert_eq!(
        reports.last().copied(),
        Some((all.len(), Some(all.len() as u64)))
    );
    let mut oasins: Vec<&str> = all.iter().map(|p| p.oasin.as_str()).collect();
    oasins.sort_unstable();
    oasins.dedup();
    assert_eq!(oasins.len(), variations, "no duplicates across pages");
    assert!(all.iter().all(|p| p.status == ProductStatus::Active
        && (2..=3).contains(&p.warehouse_codes.len())
        && p.price.is_some_and(|v| v > 0)));
    let first = &catalog[0].variations[0];
    let p = all.iter().find(|p| p.sku == first.sku).expect("shared SKU");
    assert_eq!(p.barcodes, vec![first.barcode.clone()]);
    assert_eq!(p.price, Some(first.retail_price));

    // create → NEW, duplicate SKU refused in the caller's language
    let new = NewProduct {
        sku: "SD-TEST-001".into(),
        name: "Áo khoác gió".into(),
        brand_id: Some(2240),
        product_barcodes: vec!["8930000999991".into()],
        product_price: Some(350_000),
        weight: Some(400.0),
        ..Default::default()
    };
    let created = c.create_product(&new).await.expect("created");
    assert_eq!(created.status, ProductStatus::New);
    assert!(created.oasin.starts_with("OASIN") && created.oasin.len() == 12);
    let detail = c.product(&created.oasin).await.expect("detail");
    assert_eq!(detail.price, Some(350_000));
    assert!(detail.warehouse_codes.is_empty());
    let err = c.create_product(&new).await.expect_err("duplicate sku");
    assert_eq!(err.vendor_code(), Some("ALREADY_EXISTS"));
    assert!(matches!(err, Error::Validation { ref message, .. }
        if message.as_deref() == Some("SKU đã tồn tại trong cùng doanh nghiệp")));
    let en = builder(&sb).language(Lang::En).build().expect("client");
    let err = en
        .create_product(&NewProduct {
            sku: "SD-TEST-002".into(),
            name: "x".into(),
            product_barcodes: vec!["8930000999991".into()],
            ..Default::default()
        })
        .await
        .expect_err("duplicate barcode");
    assert!(matches!(err, Error::Validation { ref message, .. }
        if message.as_deref() == Some("Barcode already exists within the same business")));

    // a NEW product cannot ship yet
    let err = c
        .create_shipment(&shipment("SD-NEW-1", HN, &created.oasin, 1))
        .await
        .expect_err("not active");
    assert_eq!(err.vendor_code(), Some("PRODUCTS_INACTIVE"));

    // assign → ACTIVE and mapped; assigning again conflicts
    let state = c
        .assign_product(&created.oasin, &[HN.to_string()])
        .await
        .expect("assigned");
    assert_eq!(state.status, ProductStatus::Active);
    assert_eq!(state.warehouse_codes, vec![HN.to_string()]);
    let err = c
        .assign_product(&created.oasin, &[HN.to_string()])
        .await
        .expect_err("conflict");
    assert_eq!(err.vendor_code(), Some("PRODUCT_WAREHOUSE_CONFLICT"));
    let err = c
        .create_shipment(&shipment("SD-NEW-2", HCM, &created.oasin, 1))
        .await
        .expect_err("not mapped there");
    assert!(
        matches!(err, Error::Validation { ref message, ref vendor_code, .. }
        if vendor_code.as_deref() == Some("PRODUCTS_NOT_MAPPED_IN_WAREHOUSE")
            && message.as_deref().is_some_and(|m| m.contains(&created.oasin)))
    );

    // deactivate → INACTIVE; no longer assignable
    let state = c
        .deactivate_product(&created.oasin)
        .await
        .expect("deactivated");
    assert_eq!(state.status, ProductStatus::Inactive);
    let err = c
        .assign_product(&created.oasin, &[HCM.to_string()])
        .await
        .expect_err("inactive");
    assert_eq!(
        err.vendor_code(),
        Some("PRODUCT_CANNOT_ASSIGN_TO_WAREHOUSE")
    );
    let err = c.product("OASIN0000000").await.expect_err("unknown");
    assert!(
        matches!(err, Error::NotFound { ref vendor_code, .. } if vendor_code.as_deref() == Some("PRODUCT_NOT_FOUND"))
    );
}

#[tokio::test]
async fn stock_matches_the_vendor_stock_seed() {
    let sb = start(6).await;
    let c = builder(&sb)
        .pagination(Pagination {
            page_size: 9,
            ..Default::default()
        })
        .build()
        .expect("client");
    let mut reports = Vec::new();
    let rows = c
        .list_all_stock_with_progress(&StockQuery::default(), |done, total| {
            reports.push((done, total))
        })
        .await
        .expect("stock");
    assert!(reports.len() >= 2, "one report per page: {reports:?}");
    assert_eq!(
        reports.last().copied(),
        Some((rows.len(), Some(rows.len() as u64)))
    );
    let catalog = sandbox::common::catalog::catalog(&Options {
        products: 6,
        seed: 42,
    });
    let products = c
        .list_all_products(&ProductQuery::default())
        .await
        .expect("products");
    let mapped: usize = products.iter().map(|p| p.warehouse_codes.len()).sum();
    assert_eq!(rows.len(), mapped, "one row per product and warehouse");
    for v in catalog.iter().flat_map(|p| &p.variations) {
        let row = rows
            .iter()
            .find(|r| r.sku == v.sku && r.warehouse_code == HN)
            .expect("row");
        assert_eq!(
            row.on_hand_quantity,
            sandbox::common::catalog::vendor_stock(v, "onflow", 0, 42),
            "{}",
            v.sku
        );
        assert_eq!(
            row.available_quantity,
            row.on_hand_quantity - row.reserved_quantity
        );
    }
}

#[tokio::test]
async fn shipments_move_stock_and_follow_the_cancel_rules() {
    let sb = start(8).await;
    let c = client(&sb);
    let row = stocked(&c, HN, 3).await;
    let before = available(&c, &row.oasin, HN).await;

    let created = c
        .create_shipment(&shipment("SD-ORDER-1", HN, &row.oasin, 2))
        .await
        .expect("created");
    assert!(created.tracking_code.starts_with("OASC") && created.tracking_code.len() == 12);
    assert_eq!(
        created.status_info.as_ref().map(|s| s.shipment_status()),
        Some(ShipmentStatus::New)
    );
    assert_eq!(available(&c, &row.oasin, HN).await, before - 2, "reserved");

    // both the documented and the b2c detail paths answer
    let s = c.shipment(&created.tracking_code).await.expect("detail");
    assert_eq!(s.merchant_tracking_code_reference, "SD-ORDER-1");
    assert_eq!(s.platform, Some(Platform::Shopee));
    assert_eq!(s.items[0].quantity, 2);

    let cancel = c
        .cancel_shipment(&created.tracking_code)
        .await
        .expect("cancel");
    assert!(cancel.success);
    assert_eq!(
        cancel.status_info.map(|s| s.shipment_status()),
        Some(ShipmentStatus::CancelledBeforePack)
    );
    assert_eq!(available(&c, &row.oasin, HN).await, before, "released");

    // packed → cancel gives 500; handed over → refused and stock left the warehouse
    let a = c
        .create_shipment(&shipment("SD-ORDER-2", HN, &row.oasin, 1))
        .await
        .expect("created");
    sb.onflow.advance(Some(&a.tracking_code), 2);
    let cancel = c.cancel_shipment(&a.tracking_code).await.expect("cancel");
    assert_eq!(
        cancel.status_info.map(|s| s.shipment_status()),
        Some(ShipmentStatus::CancelledAfterPack)
    );
    let b = c
        .create_shipment(&shipment("SD-ORDER-3", HN, &row.oasin, 1))
        .await
        .expect("created");
    let (on_hand_before, _) = sb.onflow.stock(&row.oasin, HN).expect("cell");
    sb.onflow.advance(Some(&b.tracking_code), 3);
    let s = c.shipment(&b.tracking_code).await.expect("detail");
    assert_eq!(s.status(), Some(ShipmentStatus::HandedOver));
    assert!(s.picked_time.is_some() && s.packed_time.is_some() && s.handover_time.is_some());
    assert_eq!(
        sb.onflow.stock(&row.oasin, HN).map(|c| c.0),
        Some(on_hand_before - 1)
    );
    let err = c
        .cancel_shipment(&b.tracking_code)
        .await
        .expect_err("after handover");
    assert!(
        matches!(err, Error::VendorRejected { ref vendor_code, http_status: Some(422), .. } if vendor_code == "SHIPMENT_CANNOT_CANCEL")
    );

    // too much, a non-marketplace platform, a reused reference
    let err = c
        .create_shipment(&shipment("SD-ORDER-4", HN, &row.oasin, 1_000_000))
        .await
        .expect_err("short");
    assert_eq!(err.vendor_code(), Some("INSUFFICIENT_STOCK"));
    let mut web = shipment("SD-ORDER-5", HN, &row.oasin, 1);
    web.platform = Platform::Unknown("website".into());
    let err = c.create_shipment(&web).await.expect_err("marketplace only");
    assert!(matches!(err, Error::Validation { ref fields, .. } if fields.contains_key("platform")));

    // list with the reference filter, and the outbox lookup
    let page = c
        .list_shipments(&ShipmentQuery::default(), 1, 5)
        .await
        .expect("list");
    assert_eq!(page.items.len(), 5);
    assert!(page.total.is_some_and(|t| t >= 12));
    let found = c
        .find_shipment_by_reference("SD-ORDER-3")
        .await
        .expect("lookup")
        .expect("found");
    assert_eq!(found.tracking_code, b.tracking_code);
    assert_eq!(
        c.find_shipment_by_reference("SD-NEVER-SENT")
            .await
            .expect("lookup"),
        None
    );
}

#[tokio::test]
async fn commit_then_drop_is_found_by_reference_and_never_duplicated() {
    let sb = start(8).await;
    let row = stocked(&client(&sb), HN, 2).await;

    // the caller never hears the answer (no retries): the outcome is unknown, the lookup finds it
    let once = builder(&sb)
        .retry(RetryPolicy {
            max_retries: 0,
            min_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(1),
        })
        .build()
        .expect("client");
    sb.onflow.faults().set(FaultConfig {
        drop_next_creates: 1,
        ..Default::default()
    });
    let err = once
        .create_shipment(&shipment("SD-OUTBOX-1", HN, &row.oasin, 1))
        .await
        .expect_err("connection dropped");
    assert!(err.outcome_unknown(), "{err:?}");
    let found = once
        .find_shipment_by_reference("SD-OUTBOX-1")
        .await
        .expect("lookup")
        .expect("the vendor has it");
    assert_eq!(found.status(), Some(ShipmentStatus::New));

    // even with retries configured the pipeline never re-sends a create: the caller gets the error;
    // its journal re-sends, and the reused reference resolves to the committed shipment
    let c = client(&sb);
    sb.onflow.faults().set(FaultConfig {
        drop_next_creates: 1,
        ..Default::default()
    });
    let err = c
        .create_shipment(&shipment("SD-OUTBOX-2", HN, &row.oasin, 1))
        .await
        .expect_err("connection dropped, not re-sent");
    assert!(err.outcome_unknown(), "{err:?}");
    assert_eq!(c.stats().retries, 0);
    let created = c
        .create_shipment(&shipment("SD-OUTBOX-2", HN, &row.oasin, 1))
        .await
        .expect("resolved");
    let page = c
        .list_shipments(
            &ShipmentQuery {
                merchant_tracking_code_reference: Some("SD-OUTBOX-2".into()),
                ..Default::default()
            },
            1,
            20,
        )
        .await
        .expect("list");
    assert_eq!(
        page.total,
        Some(1),
        "exactly one shipment for the reference"
    );
    assert_eq!(page.items[0].tracking_code, created.tracking_code);
    assert_eq!(c.stats().retries, 0);
}

#[tokio::test]
async fn purchase_orders_flow_and_only_cancel_in_transit() {
    let sb = start(8).await;
    let c = client(&sb);
    let row = stocked(&c, HCM, 0).await;
    let (on_hand, _) = sb.onflow.stock(&row.oasin, HCM).expect("cell");
    let po = NewPurchaseOrder {
        warehouse_code: HCM.into(),
        vas: vec!["CO_INSPECTION".into()],
        merchant_po_reference: "PO-SD-1".into(),
        packages: vec![PoPackage {
            package_code: "PKG_01".into(),
            weight: Some(5000.0),
            length: Some(60.0),
            width: Some(40.0),
            height: Some(40.0),
            items: vec![PoItem {
                oasin: row.oasin.clone(),
                product_quantity: 50,
            }],
            package_note: None,
        }],
        estimated_arrival_time: Utc::now() + chrono::Duration::days(3),
        po_documents: vec![],
        note: Some("Nhập hàng Tết".into()),
    };
    let created = c.create_po(&po).await.expect("created");
    assert_eq!(created.status, PoStatus::Transit);
    assert!(created.po_code.starts_with("OAPO") && created.po_code.len() == 13);

    let bill = c.po_bill(&created.po_code).await.expect("bill");
    let pdf = reqwest::get(&bill.po_bill_url)
        .await
        .expect("GET bill")
        .bytes()
        .await
        .expect("bytes");
    assert!(pdf.starts_with(b"%PDF-"));

    let err = c
        .po_inspection(&created.po_code)
        .await
        .expect_err("not completed");
    assert_eq!(err.vendor_code(), Some("PO_NOT_COMPLETED"));

    sb.onflow.advance(Some(&created.po_code), 1);
    let detail = c.po(&created.po_code).await.expect("detail");
    assert_eq!(detail.status, PoStatus::Receiving);
    let err = c
        .cancel_po(&created.po_code)
        .await
        .expect_err("not TRANSIT");
    assert!(
        matches!(err, Error::VendorRejected { ref vendor_code, .. } if vendor_code == "PO_STATUS_NOT_TRANSIT")
    );

    sb.onflow.advance(Some(&created.po_code), 1);
    let detail = c.po(&created.po_code).await.expect("detail");
    assert_eq!(detail.status, PoStatus::Completed);
    assert_eq!(detail.packages[0].items[0].product_quantity, 50);
    assert_eq!(
        sb.onflow.stock(&row.oasin, HCM).map(|c| c.0),
        Some(on_hand + 50),
        "putaway"
    );
    let lines = c.po_inspection(&created.po_code).await.expect("lines");
    assert_eq!(lines[0].putaway_quantity, 50);
    assert!(c.cancel_po(&created.po_code).await.is_err());

    // a fresh PO cancels while TRANSIT
    let mut second = po.clone();
    second.merchant_po_reference = "PO-SD-2".into();
    let created = c.create_po(&second).await.expect("created");
    let cancelled = c.cancel_po(&created.po_code).await.expect("cancel");
    assert!(cancelled.success);
    assert_eq!(
        c.po(&created.po_code).await.expect("detail").status,
        PoStatus::Cancelled
    );
    let page = c
        .list_pos(
            &PoQuery {
                status: Some("CANCELLED".into()),
                ..Default::default()
            },
            1,
            50,
        )
        .await
        .expect("list");
    assert!(page.items.iter().any(|p| p.po_code == created.po_code));
    assert!(page.items.iter().all(|p| p.status == PoStatus::Cancelled));

    let err = c
        .create_po(&NewPurchaseOrder {
            warehouse_code: "ONF_WH_NOWHERE".into(),
            ..po
        })
        .await
        .expect_err("unknown warehouse");
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
}

#[tokio::test]
async fn returns_restock_and_cancel_only_when_new() {
    let sb = start(8).await;
    let c = client(&sb);
    let row = stocked(&c, HN, 3).await;
    let sent = c
        .create_shipment(&shipment("SD-RET-1", HN, &row.oasin, 2))
        .await
        .expect("shipment");
    let ret = NewReturn {
        warehouse_code: HN.into(),
        shipment_tracking_code: sent.tracking_code.clone(),
        merchant_return_tracking_code_reference: "SD-RET-REF-1".into(),
        partner_tracking_code: Some("PARTNER1".into()),
        return_courier_tracking_code: Some("RCTC-1".into()),
        items: vec![],
        reason: Some("change_mind".into()),
        note: None,
    };
    let err = c.create_return(&ret).await.expect_err("not handed over");
    assert_eq!(err.vendor_code(), Some("SHIPMENT_NOT_HANDED_OVER"));
    sb.onflow.advance(Some(&sent.tracking_code), 3);

    let created = c.create_return(&ret).await.expect("return");
    assert!(created.return_tracking_code.starts_with("OARSC"));
    assert_eq!(created.return_tracking_code.len(), 14);
    let detail = c
        .return_shipment(&created.return_tracking_code)
        .await
        .expect("detail");
    assert_eq!(detail.status(), Some(ReturnStatus::New));
    assert_eq!(detail.items[0].quantity, 2);
    let cancel = c
        .cancel_return(&created.return_tracking_code)
        .await
        .expect("cancel");
    assert!(cancel.success);

    let mut again = ret.clone();
    again.merchant_return_tracking_code_reference = "SD-RET-REF-2".into();
    let second = c.create_return(&again).await.expect("return");
    let (on_hand, _) = sb.onflow.stock(&row.oasin, HN).expect("cell");
    sb.onflow.advance(Some(&second.return_tracking_code), 3);
    let detail = c
        .return_shipment(&second.return_tracking_code)
        .await
        .expect("detail");
    assert_eq!(detail.status(), Some(ReturnStatus::Restocked));
    assert_eq!(
        sb.onflow.stock(&row.oasin, HN).map(|c| c.0),
        Some(on_hand + 2)
    );
    let err = c
        .cancel_return(&second.return_tracking_code)
        .await
        .expect_err("too late");
    assert_eq!(err.vendor_code(), Some("RETURN_CANNOT_CANCEL"));

    let page = c
        .list_returns(
            &ReturnQuery {
                shipment_tracking_code: Some(sent.tracking_code.clone()),
                ..Default::default()
            },
            1,
            20,
        )
        .await
        .expect("list");
    assert_eq!(page.total, Some(2));
    // seeded returns include the documented 350 "Hoàn hàng có vấn đề"
    let seeded = c
        .list_returns(&ReturnQuery::default(), 1, 50)
        .await
        .expect("list");
    assert!(seeded
        .items
        .iter()
        .any(|r| r.status() == Some(ReturnStatus::Problem)
            && r.status_info
                .as_ref()
                .is_some_and(|s| s.label == "Hoàn hàng có vấn đề")));
}

#[tokio::test]
async fn a_streamed_5mb_upload_reports_progress_and_serves_the_same_bytes() {
    let sb = start(2).await;
    let c = client(&sb);
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("hoa-don-thang-3.pdf");
    let mut bytes = Vec::with_capacity(5 * 1024 * 1024);
    let mut x: u32 = 12345;
    while bytes.len() < 5 * 1024 * 1024 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        bytes.push((x >> 16) as u8);
    }
    std::fs::File::create(&file)
        .and_then(|mut f| f.write_all(&bytes))
        .expect("write");
    let total = bytes.len() as u64;
    let seen = Arc::new(Mutex::new(Vec::<(u64, u64)>::new()));
    let calls = Arc::new(AtomicU64::new(0));
    let (s2, c2) = (seen.clone(), calls.clone());
    let progress: ProgressFn = Arc::new(move |sent, of| {
        c2.fetch_add(1, Ordering::Relaxed);
        s2.lock().expect("lock").push((sent, of));
    });
    let uploaded = c
        .upload_file(&file, Some(progress))
        .await
        .expect("uploaded");
    let seen = seen.lock().expect("lock").clone();
    assert!(calls.load(Ordering::Relaxed) > 10, "streamed in chunks");
    assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0), "monotonic");
    assert_eq!(seen.last(), Some(&(total, total)), "reaches 100%");
    assert!(uploaded.url.ends_with(".pdf"), "{}", uploaded.url);
    assert_eq!(uploaded.size, Some(total));
    let served = reqwest::get(&uploaded.url)
        .await
        .expect("GET")
        .bytes()
        .await
        .expect("bytes");
    assert_eq!(served.len(), bytes.len());
    assert!(served.as_ref() == bytes.as_slice(), "same bytes");
}

#[tokio::test]
async fn uploads_outside_the_limits_are_refused_with_an_envelope() {
    let sb = start(2).await;
    let c = client(&sb);
    let dir = tempfile::tempdir().expect("tmp");
    let exe = dir.path().join("setup.exe");
    std::fs::write(&exe, b"MZ....").expect("write");
    let err = c.upload_file(&exe, None).await.expect_err("type");
    assert!(
        matches!(err, Error::Validation { ref vendor_code, ref fields, .. }
        if vendor_code.as_deref() == Some("FILE_TYPE_NOT_ALLOWED") && fields.contains_key("file"))
    );
    let big = dir.path().join("big.png");
    std::fs::write(&big, vec![7u8; 10 * 1024 * 1024 + 1]).expect("write");
    let err = c.upload_file(&big, None).await.expect_err("size");
    assert_eq!(err.vendor_code(), Some("FILE_TOO_LARGE"));
    let err = c
        .upload_file(&dir.path().join("missing.pdf"), None)
        .await
        .expect_err("missing");
    assert!(matches!(err, Error::Validation { .. }));
}

#[tokio::test]
async fn wrong_or_missing_tokens_get_the_documented_messages() {
    let sb = start(2).await;
    let wrong = builder(&sb)
        .token(SecretString::from("not-the-token"))
        .build()
        .expect("client");
    client(&sb)
        .warehouses()
        .await
        .expect("the sandbox token works");
    let err = wrong.warehouses().await.expect_err("401");
    assert_eq!(
        err,
        Error::Unauthorized {
            vendor_code: Some("UNAUTHORIZED".into()),
            message: Some("Token không hợp lệ. Mã xác thực không được tìm thấy.".into()),
        }
    );
    let bearer = builder(&sb)
        .token(SecretString::from(format!("Bearer {}", sb.onflow.token())))
        .language(Lang::En)
        .build()
        .expect("client");
    let err = bearer.warehouses().await.expect_err("401");
    assert!(
        matches!(err, Error::Unauthorized { ref message, .. } if message.as_deref() == Some("Invalid access token"))
    );
    let resp = reqwest::get(format!("{}/onflow/api/v1/warehouses", sb.base_url()))
        .await
        .expect("GET");
    assert_eq!(resp.status().as_u16(), 401);
    let body: serde_json::Value = resp.json().await.expect("json");
    assert_eq!(
        body["messages"],
        "Token không hợp lệ. Bạn chưa cung cấp thông tin xác thực."
    );
    assert_eq!(body["error"], true);
}

#[tokio::test]
async fn the_simulator_rate_limit_pauses_the_client_instead_of_failing() {
    let sb = start(2).await;
    sb.onflow.set_rate_limit(3, Duration::from_millis(700));
    let c = client(&sb);
    for _ in 0..7 {
        c.warehouses().await.expect("eventually answered");
    }
    assert!(c.stats().rate_limited >= 1, "{:?}", c.stats());
}

#[tokio::test]
async fn the_429_fault_knob_answers_the_onflow_way() {
    let sb = start(2).await;
    sb.onflow.faults().set(FaultConfig {
        rate_limit_for_secs: Some(1),
        ..Default::default()
    });
    let resp = reqwest::Client::new()
        .get(format!("{}/onflow/api/v1/warehouses", sb.base_url()))
        .header("authorization", sb.onflow.token())
        .send()
        .await
        .expect("GET");
    assert_eq!(resp.status().as_u16(), 429);
    assert!(resp.headers().contains_key("retry-after"));
    let body: serde_json::Value = resp.json().await.expect("json");
    assert_eq!(body["error_code"], "TOO_MANY_REQUESTS");
    let c = client(&sb);
    c.warehouses().await.expect("after the window");
    assert!(c.stats().rate_limited >= 1);
}

#[tokio::test]
async fn admin_advance_moves_every_open_record() {
    let sb = start(4).await;
    let resp = reqwest::Client::new()
        .post(format!("{}/onflow/__admin/advance", sb.base_url()))
        .send()
        .await
        .expect("POST");
    assert!(resp.status().is_success());
    let body: serde_json::Value = resp.json().await.expect("json");
    let changes = body["changes"].as_array().cloned().unwrap_or_default();
    assert!(changes.len() >= 3, "{body}");
    assert_eq!(
        sandbox::Sandbox::info(&sb)["onflow"]["token"],
        sb.onflow.token()
    );
}

/// "600 requests per minute, equivalent to 10 per second": a burst of 15 at once is refused past the tenth
/// (the documented way), while the client at its default pace sends 15 without one refusal.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_simulator_holds_ten_per_second_and_the_default_client_keeps_to_it() {
    let sb = start(2).await;
    let http = reqwest::Client::new();
    let url = format!("{}/onflow/api/v1/warehouses", sb.base_url());
    let burst = futures::future::join_all((0..15).map(|_| {
        http.get(&url)
            .header("authorization", sb.onflow.token())
            .send()
    }))
    .await;
    let refused = burst
        .into_iter()
        .filter(|r| r.as_ref().is_ok_and(|r| r.status().as_u16() == 429))
        .count();
    assert!(refused >= 5, "{refused} of 15 refused");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let paced = OnflowClient::builder()
        .base_url(format!("{}/onflow", sb.base_url()))
        .token(SecretString::from(sb.onflow.token().to_string()))
        .build()
        .expect("client");
    for _ in 0..15 {
        paced.warehouses().await.expect("answered");
    }
    assert_eq!(paced.stats().rate_limited, 0, "{:?}", paced.stats());
}
