//! Client ↔ simulator round trips: the typed client against the sandbox's Pancake simulator.

use std::time::Duration;

use pancake::{
    CreateType, CustomerQuery, CustomerUpdate, Error, GeoModel, NewCustomer, NewOrder,
    NewOrderItem, OrderQuery, OrderStatus, OrderUpdate, PancakeClient, ProductInput,
    ShippingAddress, StockKind, StockSet, VariationInfo, VariationInput, VariationQuery,
    WarehouseInput,
};
use sandbox::pancake::{DEMO_API_KEY, SECOND_SHOP_ID, SHOP_ID};
use sandbox::{FaultConfig, Options, Sandbox};
use secrecy::SecretString;

async fn start() -> anyhow::Result<(Sandbox, PancakeClient)> {
    let sb = sandbox::start("127.0.0.1:0".parse()?, Options::default()).await?;
    sb.pancake.set_rate_limit(100_000, Duration::from_secs(60));
    let client = client_for(&sb, DEMO_API_KEY)?;
    Ok((sb, client))
}

fn client_for(sb: &Sandbox, key: &str) -> anyhow::Result<PancakeClient> {
    Ok(PancakeClient::builder()
        .base_url(format!("{}/api/v1", sb.base_url()))
        .api_key(SecretString::from(key.to_string()))
        .shop_id(SHOP_ID)
        .rate_limit(vendor_http::RateLimit::new(500, Duration::from_secs(1)))
        .rate_limit_pause(Duration::from_millis(500))
        .retry(vendor_http::RetryPolicy {
            max_retries: 2,
            min_delay: Duration::from_millis(10),
            max_delay: Duration::from_millis(50),
        })
        .timeout(Duration::from_secs(10))
        .build()?)
}

/// An order for `qty` of the variation with SKU `sku`, shipped from `warehouse_id`.
fn draft(sku: &str, qty: i64, warehouse_id: &str, custom_id: &str) -> NewOrder {
    NewOrder {
        warehouse_id: warehouse_id.to_string(),
        custom_id: Some(custom_id.to_string()),
        bill_full_name: Some("Nguyễn Thị Lan".into()),
        bill_phone_number: Some("0912345678".into()),
        items: vec![NewOrderItem {
            variation_id: sku.to_string(),
            quantity: qty,
            variation_info: VariationInfo {
                retail_price: Some(199_000),
                ..Default::default()
            },
            ..Default::default()
        }],
        shipping_address: ShippingAddress {
            full_name: Some("Nguyễn Thị Lan".into()),
            phone_number: Some("0912345678".into()),
            address: Some("12 Lê Lợi".into()),
            province_id: Some("101".into()),
            district_id: Some("10103".into()),
            commune_id: Some("1010304".into()),
            ..Default::default()
        },
        shipping_fee: Some(30_000),
        ..Default::default()
    }
}

#[tokio::test]
async fn shops_and_the_info_line() -> anyhow::Result<()> {
    let (sb, c) = start().await?;
    let shops = c.shops().await?;
    let ids: Vec<i64> = shops.iter().map(|s| s.id).collect();
    assert_eq!(ids, vec![SHOP_ID, SECOND_SHOP_ID]);
    let info = sb.info();
    assert_eq!(info["pancake"]["api_key"], DEMO_API_KEY);
    assert_eq!(info["pancake"]["shop_id"], SHOP_ID);
    assert_eq!(
        info["pancake"]["base_url"],
        format!("{}/api/v1", sb.base_url())
    );
    Ok(())
}

#[tokio::test]
async fn auth_errors_match_the_spec() -> anyhow::Result<()> {
    let (sb, _) = start().await?;
    let bad = client_for(&sb, "not-the-demo-key")?;
    let err = bad.shops().await.expect_err("bad key");
    assert!(matches!(err, Error::Unauthorized { .. }));
    assert_eq!(err.vendor_code(), Some("105"));
    let missing = client_for(&sb, "")?;
    let err = missing.warehouses().await.expect_err("no key");
    assert_eq!(err.vendor_code(), Some("101"), "HTTP 200 + success:false");
    Ok(())
}

#[tokio::test]
async fn geo_lists_use_pancake_ids_old_and_new() -> anyhow::Result<()> {
    let (_sb, c) = start().await?;
    let old = c.provinces(GeoModel::Legacy).await?;
    let names: Vec<&str> = old.iter().filter_map(|p| p.name.as_deref()).collect();
    assert_eq!(names, vec!["Hà Nội", "Hồ Chí Minh", "Đà Nẵng"]);
    assert_eq!(old[0].id.as_str(), "101");
    assert_eq!(old[0].new_id.as_ref().map(|i| i.as_str()), Some("84_VN101"));
    let new = c.provinces(GeoModel::New).await?;
    assert!(new
        .iter()
        .all(|p| p.is_new == Some(true) && p.id.as_str().starts_with("84_VN")));
    assert_eq!(c.provinces(GeoModel::All).await?.len(), 6);
    let districts = c.districts("101").await?;
    assert!(districts.len() >= 3);
    assert!(districts.iter().all(|d| d.id.as_str().starts_with("101")));
    let communes = c.communes("101", Some(districts[0].id.as_str())).await?;
    assert!(communes.len() >= 5);
    assert!(communes
        .iter()
        .all(|w| w.id.as_str().starts_with(districts[0].id.as_str())));
    assert!(
        communes.iter().all(|w| w.new_id.is_some()),
        "each old ward names its 2025 ward"
    );
    let wards_2025 = c.communes("84_VN101", None).await?;
    assert!(wards_2025.iter().all(|w| w.is_new == Some(true)));
    let first_new = communes[0].new_id.clone();
    assert!(wards_2025.iter().any(|w| Some(&w.id) == first_new.as_ref()));
    Ok(())
}

#[tokio::test]
async fn the_variation_walk_returns_every_seeded_variation() -> anyhow::Result<()> {
    let (sb, c) = start().await?;
    let all = c.list_all_variations(&VariationQuery::default()).await?;
    assert_eq!(all.len(), sb.pancake.variation_count());
    assert!(all.len() >= 300);
    let mut skus: Vec<&str> = all.iter().filter_map(|v| v.sku()).collect();
    skus.sort_unstable();
    skus.dedup();
    assert_eq!(skus.len(), all.len(), "every variation has a unique SKU");
    assert!(all
        .iter()
        .all(|v| v.barcode.as_deref().is_some_and(|b| b.len() == 13)));
    assert!(all.iter().all(|v| v.variations_warehouses.len() == 3));
    let first = c
        .list_variations(&VariationQuery {
            page_size: Some(50),
            ..Default::default()
        })
        .await?;
    assert_eq!(first.total_entries, Some(all.len() as i64));
    assert_eq!(first.total_pages, Some((all.len() as i64 + 49) / 50));
    let products: std::collections::HashSet<_> =
        all.iter().filter_map(|v| v.product_id.clone()).collect();
    assert!(products.len() >= 80);
    Ok(())
}

#[tokio::test]
async fn orders_create_get_list_cancel_and_stock_moves() -> anyhow::Result<()> {
    let (sb, c) = start().await?;
    let wh = c.warehouses().await?;
    assert_eq!(wh.len(), 3);
    let hn = wh[0].id.clone();
    let vars = c.list_variations(&VariationQuery::default()).await?;
    let v = vars
        .data
        .iter()
        .find(|v| v.variations_warehouses[0].remain_quantity > 5)
        .expect("stocked");
    let sku = v.sku().expect("sku").to_string();
    let before = sb.pancake.stock(&sku, &hn).expect("stock");

    let created = c.create_order(&draft(&sku, 2, &hn, "SD-TEST-0001")).await?;
    assert_eq!(created.status, OrderStatus::New);
    assert_eq!(created.custom_id.as_deref(), Some("SD-TEST-0001"));
    assert_eq!(created.total_price, Some(398_000));
    assert_eq!(created.cod, Some(428_000), "goods + shipping");
    assert_eq!(
        created.items[0].variation_id.as_deref(),
        Some(v.id.as_str()),
        "SKU resolved to the id"
    );
    let after_create = sb.pancake.stock(&sku, &hn).expect("stock");
    assert_eq!(
        after_create,
        (before.0 - 2, before.1),
        "sellable reserved, on hand unchanged"
    );

    // stock as the client sees it
    let seen = c
        .list_variations(&VariationQuery {
            variation_ids: vec![v.id.clone()],
            ..Default::default()
        })
        .await?;
    assert_eq!(
        seen.data[0].variations_warehouses[0].remain_quantity,
        before.0 - 2
    );

    let id = created.id.to_string();
    let got = c.get_order(&id).await?;
    assert_eq!(got.custom_id.as_deref(), Some("SD-TEST-0001"));
    let listed = c
        .list_orders(&OrderQuery {
            filter_status: vec![0],
            page_size: Some(100),
            ..Default::default()
        })
        .await?;
    assert!(listed.data.iter().any(|o| o.id == created.id));
    assert!(listed.data.iter().all(|o| o.status == OrderStatus::New));

    let confirmed = c.set_order_status(&id, OrderStatus::Confirmed).await?;
    assert_eq!(confirmed.status, OrderStatus::Confirmed);
    let cancelled = c.cancel_order(&id).await?;
    assert_eq!(cancelled.status, OrderStatus::Canceled);
    assert_eq!(
        sb.pancake.stock(&sku, &hn),
        Some(before),
        "cancel gives the stock back"
    );

    // a cancelled order cannot ship
    let err = c
        .set_order_status(&id, OrderStatus::Shipped)
        .await
        .expect_err("invalid move");
    assert!(matches!(err, Error::Validation { .. }), "{err:?}");
    assert_eq!(err.vendor_code(), Some("invalid_parameters"));

    let missing = c.get_order("999999").await.expect_err("unknown");
    assert_eq!(missing.vendor_code(), Some("order_not_found"));
    Ok(())
}

#[tokio::test]
async fn shipping_takes_on_hand_stock_and_cannot_be_cancelled() -> anyhow::Result<()> {
    let (sb, c) = start().await?;
    let hn = c.warehouses().await?[0].id.clone();
    let v = &c.list_variations(&VariationQuery::default()).await?.data[3];
    let sku = v.sku().expect("sku").to_string();
    let before = sb.pancake.stock(&sku, &hn).expect("stock");
    let o = c.create_order(&draft(&sku, 1, &hn, "SD-SHIP-1")).await?;
    let id = o.id.to_string();
    for s in [
        OrderStatus::Confirmed,
        OrderStatus::Packing,
        OrderStatus::Shipped,
    ] {
        c.set_order_status(&id, s).await?;
    }
    assert_eq!(
        sb.pancake.stock(&sku, &hn),
        Some((before.0 - 1, before.1 - 1))
    );
    let err = c.cancel_order(&id).await.expect_err("shipped");
    assert!(matches!(err, Error::Validation { .. }));
    let upd = c
        .update_order(
            &id,
            &OrderUpdate {
                note: Some("Khách hẹn giao sau 17h".into()),
                ..Default::default()
            },
        )
        .await?;
    assert_eq!(upd.note.as_deref(), Some("Khách hẹn giao sau 17h"));
    assert_eq!(
        upd.status,
        OrderStatus::Shipped,
        "a note-only update keeps the status"
    );
    Ok(())
}

#[tokio::test]
async fn custom_id_lookup_finds_seeded_and_new_orders_only() -> anyhow::Result<()> {
    let (_sb, c) = start().await?;
    let seeded = c.find_order_by_custom_id("SEED-00001").await?;
    assert_eq!(seeded.and_then(|o| o.custom_id), Some("SEED-00001".into()));
    assert!(c.find_order_by_custom_id("NO-SUCH-REF").await?.is_none());
    assert!(c.find_order_by_custom_id("").await?.is_none());
    // a substring of another reference is not a match
    assert!(c.find_order_by_custom_id("SEED-0000").await?.is_none());
    Ok(())
}

#[tokio::test]
async fn seeded_orders_cover_several_statuses_and_page() -> anyhow::Result<()> {
    let (_sb, c) = start().await?;
    let all = c
        .list_all_orders(&OrderQuery {
            page_size: Some(20),
            include_removed: Some(true),
            ..Default::default()
        })
        .await?;
    assert!(all.len() >= 50);
    let statuses: std::collections::HashSet<i64> = all.iter().map(|o| o.status.code()).collect();
    assert!(statuses.len() >= 8, "{statuses:?}");
    assert!(all
        .iter()
        .all(|o| !o.items.is_empty() && o.bill_phone_number.is_some()));
    let visible = c.list_all_orders(&OrderQuery::default()).await?;
    assert!(
        visible.len() < all.len(),
        "removed orders are hidden by default"
    );
    Ok(())
}

#[tokio::test]
async fn order_ids_are_per_shop() -> anyhow::Result<()> {
    let (sb, c) = start().await?;
    let other = c.with_shop(SECOND_SHOP_ID);
    let wh = other.warehouses().await?[0].id.clone();
    other
        .create_product(&ProductInput {
            name: Some("Son dưỡng môi".into()),
            weight: Some(50),
            custom_id: Some("SD0001".into()),
            variations: vec![VariationInput {
                retail_price: 89_000,
                weight: 50,
                custom_id: Some("SD0001-HONG".into()),
                barcode: Some("8930000000017".into()),
                variations_warehouses: vec![pancake::WarehouseQuantity {
                    warehouse_id: wh.clone(),
                    remain_quantity: 12,
                    ..Default::default()
                }],
                ..Default::default()
            }],
            ..Default::default()
        })
        .await?;
    let p = other.get_product("SD0001").await?;
    assert_eq!(p.variations[0].custom_id.as_deref(), Some("SD0001-HONG"));
    let o = other
        .create_order(&draft("SD0001-HONG", 1, &wh, "SD-OTHER-1"))
        .await?;
    assert_eq!(o.id.as_i64(), Some(1), "the second shop counts from 1");
    assert_eq!(o.shop_id, Some(SECOND_SHOP_ID));
    assert!(sb.pancake.order_count(SHOP_ID) >= 60);
    // the same id means another order in the main shop
    let main_one = c.get_order("1").await?;
    assert_ne!(main_one.custom_id.as_deref(), Some("SD-OTHER-1"));
    Ok(())
}

#[tokio::test]
async fn products_update_and_stock_writes() -> anyhow::Result<()> {
    let (sb, c) = start().await?;
    let wh = c.warehouses().await?;
    let v = c.list_variations(&VariationQuery::default()).await?.data[0].clone();
    let sku = v.sku().expect("sku").to_string();

    c.update_variation_stock(
        &v.id,
        StockKind::Sellable,
        &[StockSet {
            variation_id: None,
            warehouse_id: wh[1].id.clone(),
            remain_quantity: 77,
        }],
    )
    .await?;
    assert_eq!(sb.pancake.stock(&sku, &wh[1].id).map(|s| s.0), Some(77));

    let other = c.list_variations(&VariationQuery::default()).await?.data[1].clone();
    c.update_stock(
        StockKind::OnHand,
        &[
            StockSet {
                variation_id: Some(v.id.clone()),
                warehouse_id: wh[2].id.clone(),
                remain_quantity: 5,
            },
            StockSet {
                variation_id: Some(other.id.clone()),
                warehouse_id: wh[2].id.clone(),
                remain_quantity: 9,
            },
        ],
    )
    .await?;
    assert_eq!(sb.pancake.stock(&sku, &wh[2].id).map(|s| s.1), Some(5));
    let back = c
        .list_variations(&VariationQuery {
            variation_ids: vec![other.id.clone()],
            ..Default::default()
        })
        .await?;
    let w2 = back.data[0]
        .variations_warehouses
        .iter()
        .find(|w| w.warehouse_id == wh[2].id)
        .expect("row");
    assert_eq!(w2.actual_remain_quantity, Some(9));

    let err = c
        .update_stock(
            StockKind::OnHand,
            &[StockSet {
                variation_id: Some("no-such-variation".into()),
                warehouse_id: wh[0].id.clone(),
                remain_quantity: 1,
            }],
        )
        .await
        .expect_err("unknown variation");
    assert!(matches!(err, Error::Validation { .. }));

    // product update: change a price, add a variation
    let product_id = v.product_id.clone().expect("product id");
    c.update_product(
        &product_id,
        &ProductInput {
            variations: vec![
                VariationInput {
                    id: Some(v.id.clone()),
                    retail_price: 123_000,
                    weight: 200,
                    ..Default::default()
                },
                VariationInput {
                    retail_price: 150_000,
                    weight: 200,
                    custom_id: Some(format!("{sku}-NEW")),
                    ..Default::default()
                },
            ],
            ..Default::default()
        },
    )
    .await?;
    let p = c.get_product(&sku).await?;
    assert!(p
        .variations
        .iter()
        .any(|x| x.id == v.id && x.retail_price == Some(123_000)));
    assert!(p
        .variations
        .iter()
        .any(|x| x.display_id.as_deref() == Some(&format!("{sku}-NEW"))));
    let err = c.get_product("NO-SUCH-PRODUCT").await.expect_err("missing");
    assert!(
        matches!(err, Error::NotFound { .. }),
        "HTTP 200 success:false → NotFound"
    );
    Ok(())
}

#[tokio::test]
async fn warehouses_create_and_update() -> anyhow::Result<()> {
    let (_sb, c) = start().await?;
    let created = c
        .create_warehouse(&WarehouseInput {
            name: Some("Kho Thủ Đức".into()),
            shelf_config: Some(serde_json::json!({"col": "3"})),
            address: Some("5 Võ Văn Ngân".into()),
            province_id: Some("701".into()),
            district_id: Some("70103".into()),
            commune_id: Some("7010301".into()),
            phone_number: Some("0901234567".into()),
            ..Default::default()
        })
        .await?
        .expect("the new warehouse");
    assert_eq!(created.name.as_deref(), Some("Kho Thủ Đức"));
    assert!(created
        .full_address
        .as_deref()
        .is_some_and(|a| a.contains("Hồ Chí Minh")));
    let updated = c
        .update_warehouse(
            &created.id,
            &WarehouseInput {
                name: Some("Kho Thủ Đức 2".into()),
                shelf_config: Some(serde_json::json!({"col": "3"})),
                ..Default::default()
            },
        )
        .await?
        .expect("echo");
    assert_eq!(updated.name.as_deref(), Some("Kho Thủ Đức 2"));
    let partial = c
        .update_warehouse(
            &created.id,
            &WarehouseInput {
                name: Some("Kho Thủ Đức 3".into()),
                ..Default::default()
            },
        )
        .await;
    assert!(
        matches!(partial, Err(Error::Validation { .. })),
        "shelf_config is required on a PUT too: {partial:?}"
    );
    assert_eq!(c.warehouses().await?.len(), 4);
    let err = c
        .create_warehouse(&WarehouseInput {
            name: Some("Thiếu shelf_config".into()),
            ..Default::default()
        })
        .await
        .expect_err("shelf_config is required");
    assert!(matches!(err, Error::Validation { .. }));
    Ok(())
}

#[tokio::test]
async fn customers_list_create_update_get() -> anyhow::Result<()> {
    let (_sb, c) = start().await?;
    let page = c
        .list_customers(&CustomerQuery {
            page_size: Some(10),
            ..Default::default()
        })
        .await?;
    assert_eq!(page.data.len(), 10);
    assert!(page.total_entries.is_some_and(|n| n >= 50));
    let first = &page.data[0];
    let by_phone = c
        .list_customers(&CustomerQuery {
            search: first.phone_numbers.first().cloned(),
            ..Default::default()
        })
        .await?;
    assert!(by_phone.data.iter().any(|x| x.id == first.id));

    let new = c
        .create_customer(&NewCustomer {
            name: "Phạm Minh Tú".into(),
            phone_number: "0987000111".into(),
            create_type: CreateType::Ignore,
            date_of_birth: Some("1995-02-01".into()),
            ..Default::default()
        })
        .await?;
    assert_eq!(new.phone_numbers, vec!["0987000111".to_string()]);
    // "ignore" with a known phone returns the existing customer
    let again = c
        .create_customer(&NewCustomer {
            name: "Tên khác".into(),
            phone_number: "0987000111".into(),
            create_type: CreateType::Ignore,
            ..Default::default()
        })
        .await?;
    assert_eq!(again.id, new.id);
    c.update_customer(
        &new.id,
        &CustomerUpdate {
            gender: Some("female".into()),
            emails: Some(vec!["tu@example.vn".into()]),
            ..Default::default()
        },
    )
    .await?;
    let got = c.get_customer(&new.id).await?;
    assert_eq!(got.gender.as_deref(), Some("female"));
    assert_eq!(got.emails, vec!["tu@example.vn".to_string()]);
    Ok(())
}

#[tokio::test]
async fn users_partners_sources_tags_categories_measures_and_links() -> anyhow::Result<()> {
    let (_sb, c) = start().await?;
    assert!(!c.users().await?.is_empty());
    assert!(c.partners().await?.iter().any(|p| p.id.as_i64() == Some(5)));
    assert!(c
        .order_sources()
        .await?
        .iter()
        .any(|s| s.id.as_i64() == Some(-3)));
    assert!(c.order_tags().await?.iter().any(|t| t.is_system_tag));
    assert!(c.categories().await?.len() >= 5);
    assert!(!c.measurements().await?.is_empty());
    let o = c.get_order("1").await?;
    let url = c.tracking_url(o.system_id.expect("system id")).await?;
    assert!(url.is_some_and(|u| u.starts_with("http") && u.contains("/pke.gg/")));
    let docs = c
        .shipping_documents(&["1", "2"], Some(pancake::DocumentType::ShippingLabel))
        .await?;
    assert_eq!(docs.len(), 2);
    let cfg = c
        .configure_webhook(&pancake::WebhookConfig {
            webhook_enable: Some(true),
            webhook_url: Some("https://relay.example.vn/pancake".into()),
            webhook_types: vec!["orders".into()],
            ..Default::default()
        })
        .await?;
    assert_eq!(cfg.webhook_enable, Some(true));
    let returned = c.list_returned_orders(&Default::default()).await?;
    assert!(!returned.data.is_empty());
    Ok(())
}

#[tokio::test]
async fn the_simulator_429_pauses_the_client_which_then_completes() -> anyhow::Result<()> {
    let (sb, _) = start().await?;
    sb.pancake.set_rate_limit(3, Duration::from_millis(600));
    let c = PancakeClient::builder()
        .base_url(format!("{}/api/v1", sb.base_url()))
        .api_key(SecretString::from(DEMO_API_KEY))
        .shop_id(SHOP_ID)
        .rate_limit(vendor_http::RateLimit::new(1000, Duration::from_secs(1)))
        .rate_limit_pause(Duration::from_millis(300))
        .build()?;
    for _ in 0..8 {
        c.warehouses().await?;
    }
    let stats = c.http().stats();
    assert!(stats.rate_limited >= 1, "{stats:?}");
    assert_eq!(stats.retries, 0, "rate limits are pauses, not failures");
    Ok(())
}

#[tokio::test]
async fn commit_then_drop_is_outcome_unknown_and_the_lookup_finds_the_order() -> anyhow::Result<()>
{
    let (sb, c) = start().await?;
    let hn = c.warehouses().await?[0].id.clone();
    let sku = c.list_variations(&VariationQuery::default()).await?.data[5]
        .sku()
        .expect("sku")
        .to_string();
    let before = sb.pancake.order_count(SHOP_ID);
    sb.pancake.faults().set(FaultConfig {
        drop_next_creates: 1,
        ..Default::default()
    });
    let err = c
        .create_order(&draft(&sku, 1, &hn, "OUTBOX-42"))
        .await
        .expect_err("the answer is lost");
    assert!(err.outcome_unknown(), "{err:?}");
    assert!(
        matches!(err, Error::Network { .. } | Error::Decode { .. }),
        "{err:?}"
    );
    assert_eq!(
        sb.pancake.order_count(SHOP_ID),
        before + 1,
        "committed exactly once, not retried"
    );
    let found = c
        .find_order_by_custom_id("OUTBOX-42")
        .await?
        .expect("committed order");
    assert_eq!(found.items[0].quantity, 1);
    Ok(())
}

#[tokio::test]
async fn an_image_is_added_to_one_variation_keeping_its_price_and_other_images(
) -> anyhow::Result<()> {
    let (_sb, c) = start().await?;
    let all = c.list_all_variations(&VariationQuery::default()).await?;
    let v = all
        .iter()
        .find(|v| v.product_id.is_some())
        .expect("a variation");
    let product_id = v.product_id.clone().unwrap_or_default();
    let url = "https://nhl.sgp1.cdn.digitaloceanspaces.com/ts/0123456789abcdef0123456789abcdef.png";
    let images = c.add_variation_image(&product_id, &v.id, url).await?;
    assert_eq!(images.last().map(String::as_str), Some(url));
    let after = c.get_product(&product_id).await?;
    let now = after
        .variations
        .iter()
        .find(|x| x.id == v.id)
        .expect("still there");
    assert!(
        now.images.iter().any(|i| i == url),
        "the image is on the variation"
    );
    for old in &v.images {
        assert!(now.images.contains(old), "the other images are kept");
    }
    assert_eq!(now.retail_price, v.retail_price, "the price is not touched");
    // adding it again does not duplicate it
    assert_eq!(
        c.add_variation_image(&product_id, &v.id, url).await?.len(),
        images.len()
    );
    // an unknown variation is refused before any write
    assert!(c
        .add_variation_image(&product_id, "no-such", url)
        .await
        .is_err());
    Ok(())
}

#[tokio::test]
async fn known_customers_are_found_by_their_exact_phone_with_their_delivery_address(
) -> anyhow::Result<()> {
    use shopdesk_core::ports::order_sink::OrderSink;
    let (_sb, c) = start().await?;
    let page = c
        .list_customers(&CustomerQuery {
            page_size: Some(5),
            ..Default::default()
        })
        .await?;
    let first = page
        .data
        .first()
        .ok_or_else(|| anyhow::anyhow!("no customer"))?;
    let phone = shopdesk_core::order::normalize_phone(&first.phone_numbers[0])
        .ok_or_else(|| anyhow::anyhow!("seeded phone is not a mobile"))?;
    let addr = first.addresses().first().cloned().unwrap_or_default();

    let found = OrderSink::known_customers(&c, &phone).await?;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].vendor_id, first.id);
    assert_eq!(Some(found[0].name.as_str()), first.name.as_deref());
    assert_eq!(found[0].phone, phone);
    assert_eq!(found[0].street, addr.address);
    assert_eq!(found[0].address_line, addr.full_address);
    assert!(found[0]
        .address_line
        .as_deref()
        .is_some_and(|l| l.contains(',')));

    // the vendor's search also matches parts of numbers: a part is never offered as the customer
    let part = &phone[..7];
    let searched = c
        .list_customers(&CustomerQuery {
            search: Some(part.to_string()),
            ..Default::default()
        })
        .await?;
    assert!(!searched.data.is_empty());
    assert!(OrderSink::known_customers(&c, part).await?.is_empty());
    Ok(())
}
