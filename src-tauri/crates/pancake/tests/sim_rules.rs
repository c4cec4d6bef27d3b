//! The simulator's Pancake rules that the other suites do not reach (rows of `crates/sandbox/RULES.md`),
//! and client ↔ simulator round trips of the calls the simulator serves besides the app's own.

use std::time::Duration;

use pancake::api::inventory::{
    DocQuery, ExportInput, ExportItem, InventoryHistoryQuery, PurchaseInput, PurchaseItem,
};
use pancake::api::misc::{FeeQuoteRequest, NewCallLater};
use pancake::api::promotions::{NewVoucher, PromoCodeInfo, PromoQuery};
use pancake::{Error, PancakeClient, ReturnedOrderQuery};
use sandbox::pancake::{DEMO_API_KEY, SHOP_ID};
use sandbox::{Options, Sandbox};
use secrecy::SecretString;
use serde_json::{json, Value};

async fn start() -> anyhow::Result<(Sandbox, PancakeClient)> {
    let sb = sandbox::start("127.0.0.1:0".parse()?, Options::default()).await?;
    sb.pancake.set_rate_limit(100_000, Duration::from_secs(60));
    let client = PancakeClient::builder()
        .base_url(format!("{}/api/v1", sb.base_url()))
        .api_key(SecretString::from(DEMO_API_KEY))
        .shop_id(SHOP_ID)
        .rate_limit(vendor_http::RateLimit::new(500, Duration::from_secs(1)))
        .retry(vendor_http::RetryPolicy {
            max_retries: 0,
            min_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(1),
        })
        .build()?;
    Ok((sb, client))
}

/// `(HTTP status, body)` of a raw call; `path` is under `/api/v1`, the key is added unless `key` is `None`.
async fn raw(
    sb: &Sandbox,
    method: &str,
    path: &str,
    key: Option<&str>,
    body: Option<&Value>,
) -> anyhow::Result<(u16, Value)> {
    let mut url = format!("{}/api/v1{path}", sb.base_url());
    if let Some(k) = key {
        let sep = if path.contains('?') { '&' } else { '?' };
        url = format!("{url}{sep}api_key={k}");
    }
    let c = reqwest::Client::new();
    let req = match method {
        "POST" => c.post(url),
        "PUT" => c.put(url),
        _ => c.get(url),
    };
    let req = match body {
        Some(b) => req.json(b),
        None => req,
    };
    let r = req.send().await?;
    let status = r.status().as_u16();
    Ok((status, r.json().await.unwrap_or(Value::Null)))
}

async fn shop_get(sb: &Sandbox, path: &str) -> anyhow::Result<(u16, Value)> {
    raw(
        sb,
        "GET",
        &format!("/shops/{SHOP_ID}{path}"),
        Some(DEMO_API_KEY),
        None,
    )
    .await
}

async fn shop_send(
    sb: &Sandbox,
    method: &str,
    path: &str,
    body: Value,
) -> anyhow::Result<(u16, Value)> {
    raw(
        sb,
        method,
        &format!("/shops/{SHOP_ID}{path}"),
        Some(DEMO_API_KEY),
        Some(&body),
    )
    .await
}

fn is_invalid(status: u16, body: &Value) -> bool {
    status == 400 && body["success"] == false && body["error"] == "invalid_parameters"
}

/// A minimal order of one unit of `variation` from `warehouse`, with the fields the docs require.
fn order(variation: &str, warehouse: &str) -> Value {
    json!({
        "shop_id": SHOP_ID, "warehouse_id": warehouse,
        "items": [{"variation_id": variation, "quantity": 1}],
        "shipping_address": {"full_name": "Lê Văn Tám", "phone_number": "0912345678",
                             "address": "1 Lý Thường Kiệt", "province_id": "101"}
    })
}

#[tokio::test]
async fn geo_lists_answer_without_a_key_and_a_wrong_key_is_still_refused() -> anyhow::Result<()> {
    let (sb, _) = start().await?;
    let (s, b) = raw(&sb, "GET", "/geo/provinces?country_code=84", None, None).await?;
    assert_eq!(s, 200);
    assert!(b["data"].as_array().is_some_and(|d| !d.is_empty()), "{b}");
    let (s, b) = raw(&sb, "GET", "/geo/districts?province_id=101", None, None).await?;
    assert!(s == 200 && b["data"].as_array().is_some_and(|d| !d.is_empty()));
    let (s, b) = raw(&sb, "GET", "/geo/provinces", Some("wrong-key"), None).await?;
    assert_eq!((s, b["error_code"].clone()), (403, json!(105)));
    // outside /geo the key stays required
    let (s, b) = raw(&sb, "GET", "/shops", None, None).await?;
    assert_eq!((s, b["error_code"].clone()), (200, json!(101)));
    Ok(())
}

#[tokio::test]
async fn a_missing_permission_is_the_documented_403_naming_it() -> anyhow::Result<()> {
    let (sb, c) = start().await?;
    sb.pancake.deny_permission("ql_donhang");
    let (s, b) = shop_get(&sb, "/orders").await?;
    assert_eq!(s, 403);
    assert_eq!(
        b,
        json!({"success": false, "message": "Insufficient permissions", "permission": "ql_donhang"})
    );
    match c.get_order("1").await {
        Err(Error::Forbidden { permission, .. }) => {
            assert_eq!(permission.as_deref(), Some("ql_donhang"))
        }
        other => panic!("expected Forbidden, got {other:?}"),
    }
    // other paths are not guarded by it
    assert!(!c.warehouses().await?.is_empty());
    sb.pancake.allow_all_permissions();
    assert_eq!(c.get_order("1").await?.id.as_i64(), Some(1));
    Ok(())
}

#[tokio::test]
async fn webcake_and_storecake_statuses_are_accepted() -> anyhow::Result<()> {
    let (sb, _) = start().await?;
    let (vars, whs) = sb.pancake.ids();
    let mut web = order(&vars[0], &whs[0]);
    web["status"] = json!(10);
    let (s, b) = shop_send(&sb, "POST", "/orders", web).await?;
    assert_eq!((s, b["status"].clone()), (200, json!(10)), "{b}");
    let id = b["id"].clone();
    let (s, b) = shop_send(&sb, "PUT", &format!("/orders/{id}"), json!({"status": 1})).await?;
    assert_eq!((s, b["status"].clone()), (200, json!(1)), "{b}");

    let (_, b) = shop_send(&sb, "POST", "/orders", order(&vars[1], &whs[0])).await?;
    let id = b["id"].clone();
    let (s, b) = shop_send(&sb, "PUT", &format!("/orders/{id}"), json!({"status": 21})).await?;
    assert_eq!((s, b["status"].clone()), (200, json!(21)), "{b}");
    // a code outside the documented table is still refused
    let (s, b) = shop_send(&sb, "PUT", &format!("/orders/{id}"), json!({"status": 19})).await?;
    assert!(is_invalid(s, &b), "{b}");
    Ok(())
}

#[tokio::test]
async fn page_pages_returned_orders_and_inventory_histories_which_require_it() -> anyhow::Result<()>
{
    let (sb, c) = start().await?;
    let one = c
        .list_returned_orders(&ReturnedOrderQuery {
            page: Some(1),
            page_size: Some(1),
            ..Default::default()
        })
        .await?;
    let two = c
        .list_returned_orders(&ReturnedOrderQuery {
            page: Some(2),
            page_size: Some(1),
            ..Default::default()
        })
        .await?;
    assert_eq!(two.page_number, Some(2));
    assert!(one.total_entries.unwrap_or(0) >= 2);
    assert_ne!(one.data[0].id, two.data[0].id, "page 2 is another row");

    // the docs mark page and page_size required on the inventory history
    let (s, b) = shop_get(&sb, "/inventory_histories").await?;
    assert!(is_invalid(s, &b), "{b}");
    let (s, b) = shop_get(&sb, "/inventory_histories?page=1").await?;
    assert!(is_invalid(s, &b), "{b}");

    let (vars, whs) = sb.pancake.ids();
    for (i, d) in [(0, 3), (1, -1), (2, 7)] {
        sb.pancake.adjust_stock(&vars[i], &whs[0], d);
    }
    // the app's call (the stock adapter reads it through the client)
    let page = c
        .inventory_histories(&InventoryHistoryQuery {
            page: Some(2),
            page_size: Some(1),
            ..Default::default()
        })
        .await?;
    assert_eq!(page.total_entries, Some(3));
    assert_eq!(page.data.len(), 1);
    assert_eq!(
        page.data[0].quantity, -1,
        "page 2 of size 1 = the second newest"
    );
    assert_eq!(page.data[0].table_name.as_deref(), Some("stocktakings"));
    Ok(())
}

#[tokio::test]
async fn page_size_is_clamped_to_1000_and_must_be_positive() -> anyhow::Result<()> {
    let (sb, _) = start().await?;
    for path in [
        "/orders?page_size=5000",
        "/products/variations?page_size=5000",
        "/customers?page_size=5000",
    ] {
        let (s, b) = shop_get(&sb, path).await?;
        assert_eq!((s, b["page_size"].clone()), (200, json!(1000)), "{path}");
    }
    let (s, b) = shop_get(&sb, "/orders?page_size=0").await?;
    assert!(is_invalid(s, &b));
    let (s, b) = shop_get(&sb, "/orders?page_number=0").await?;
    assert!(is_invalid(s, &b));
    Ok(())
}

#[tokio::test]
async fn a_warehouse_closed_to_orders_refuses_them() -> anyhow::Result<()> {
    let (sb, _) = start().await?;
    let (vars, whs) = sb.pancake.ids();
    let (s, _) = shop_send(
        &sb,
        "PUT",
        &format!("/warehouses/{}", whs[1]),
        json!({"name": "Kho TP.HCM", "shelf_config": {"col": "3"}, "allow_create_order": false}),
    )
    .await?;
    assert_eq!(s, 200);
    let (s, b) = shop_send(&sb, "POST", "/orders", order(&vars[0], &whs[1])).await?;
    assert!(is_invalid(s, &b), "{b}");
    let (s, _) = shop_send(&sb, "POST", "/orders", order(&vars[0], &whs[0])).await?;
    assert_eq!(s, 200, "the open warehouse still takes orders");
    Ok(())
}

#[tokio::test]
async fn order_lines_need_a_known_variation_and_a_positive_quantity() -> anyhow::Result<()> {
    let (sb, _) = start().await?;
    let (vars, whs) = sb.pancake.ids();
    for items in [
        json!([]),
        json!([{"variation_id": "no-such-sku", "quantity": 1}]),
        json!([{"variation_id": vars[0], "quantity": 0}]),
    ] {
        let mut o = order(&vars[0], &whs[0]);
        o["items"] = items.clone();
        let (s, b) = shop_send(&sb, "POST", "/orders", o).await?;
        assert!(is_invalid(s, &b), "{items}: {b}");
    }
    Ok(())
}

#[tokio::test]
async fn a_repeated_custom_id_is_accepted_as_the_docs_promise_no_uniqueness() -> anyhow::Result<()>
{
    let (sb, _) = start().await?;
    let (vars, whs) = sb.pancake.ids();
    let mut ids = Vec::new();
    for _ in 0..2 {
        let mut o = order(&vars[0], &whs[0]);
        o["custom_id"] = json!("SD-REPEAT-1");
        let (s, b) = shop_send(&sb, "POST", "/orders", o).await?;
        assert_eq!(s, 200, "{b}");
        ids.push(b["id"].clone());
    }
    assert_ne!(ids[0], ids[1]);
    Ok(())
}

#[tokio::test]
async fn a_removed_variation_leaves_the_list_and_cannot_be_ordered() -> anyhow::Result<()> {
    let (sb, _) = start().await?;
    let (vars, whs) = sb.pancake.ids();
    let (_, page) = shop_get(
        &sb,
        &format!("/products/variations?variation_ids[]={}", vars[3]),
    )
    .await?;
    let product = page["data"][0]["product_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let (s, b) = shop_send(
        &sb,
        "PUT",
        &format!("/products/{product}"),
        json!({"product": {"variations": [{"id": vars[3], "is_removed": true}]}}),
    )
    .await?;
    assert_eq!(s, 200, "{b}");
    let (_, page) = shop_get(
        &sb,
        &format!("/products/variations?variation_ids[]={}", vars[3]),
    )
    .await?;
    assert_eq!(page["total_entries"], 0);
    let (s, b) = shop_send(&sb, "POST", "/orders", order(&vars[3], &whs[0])).await?;
    assert!(is_invalid(s, &b), "{b}");
    Ok(())
}

#[tokio::test]
async fn customer_gender_and_the_webhook_url_follow_the_docs() -> anyhow::Result<()> {
    let (sb, _) = start().await?;
    let (_, page) = shop_get(&sb, "/customers?page_size=1").await?;
    let id = page["data"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let (s, b) = shop_send(
        &sb,
        "PUT",
        &format!("/customers/{id}"),
        json!({"customer": {"gender": "other"}}),
    )
    .await?;
    assert!(is_invalid(s, &b), "{b}");
    let (s, _) = shop_send(
        &sb,
        "PUT",
        &format!("/customers/{id}"),
        json!({"customer": {"gender": "female"}}),
    )
    .await?;
    assert_eq!(s, 200);
    let (s, b) = shop_send(&sb, "PUT", "", json!({"shop": {"webhook_enable": true}})).await?;
    assert!(is_invalid(s, &b), "{b}");
    // disabled: no URL needed (docs: required when enabled)
    let (s, _) = shop_send(&sb, "PUT", "", json!({"shop": {"webhook_enable": false}})).await?;
    assert_eq!(s, 200);
    Ok(())
}

#[tokio::test]
async fn the_order_window_and_sort_take_the_documented_values() -> anyhow::Result<()> {
    let (sb, _) = start().await?;
    for bad in [
        "/orders?updateStatus=created",
        "/orders?option_sort=price_desc",
    ] {
        let (s, b) = shop_get(&sb, bad).await?;
        assert!(is_invalid(s, &b), "{bad}: {b}");
    }
    let now = chrono::Utc::now().timestamp();
    // the time an order entered status 2 (shipped)
    let (s, b) = shop_get(
        &sb,
        &format!("/orders?updateStatus=2&startDateTime=0&endDateTime={now}&page_size=100"),
    )
    .await?;
    assert_eq!(s, 200);
    let rows = b["data"].as_array().cloned().unwrap_or_default();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|o| o["status_history"]
        .as_array()
        .is_some_and(|h| h.iter().any(|x| x["status"] == 2))));
    // a documented time the simulator never sets: no order is in any window
    let (_, b) = shop_get(
        &sb,
        &format!("/orders?updateStatus=time_assign_seller&startDateTime=0&endDateTime={now}"),
    )
    .await?;
    assert_eq!(b["total_entries"], 0);
    // the carrier's window holds only orders handed to one
    let (_, b) = shop_get(&sb, &format!("/orders?updateStatus=partner_inserted_at&startDateTime=0&endDateTime={now}&page_size=100")).await?;
    let rows = b["data"].as_array().cloned().unwrap_or_default();
    assert!(!rows.is_empty() && rows.iter().all(|o| !o["partner"].is_null()));
    // sorted by value, highest first
    let (_, b) = shop_get(
        &sb,
        "/orders?option_sort=order_valuation_desc&page_size=100",
    )
    .await?;
    let totals: Vec<i64> = b["data"]
        .as_array()
        .map(|d| d.iter().filter_map(|o| o["total_price"].as_i64()).collect())
        .unwrap_or_default();
    assert!(
        totals.len() > 10 && totals.windows(2).all(|w| w[0] >= w[1]),
        "{totals:?}"
    );
    let (_, b) = shop_get(
        &sb,
        "/orders?option_sort=product_quantity_asc&page_size=100",
    )
    .await?;
    let qty: Vec<i64> = b["data"]
        .as_array()
        .map(|d| {
            d.iter()
                .filter_map(|o| o["total_quantity"].as_i64())
                .collect()
        })
        .unwrap_or_default();
    assert!(qty.windows(2).all(|w| w[0] <= w[1]), "{qty:?}");
    Ok(())
}

#[tokio::test]
async fn customer_and_variation_filters_apply() -> anyhow::Result<()> {
    let (sb, _) = start().await?;
    let later = chrono::Utc::now().timestamp() + 3600;
    let (_, all) = shop_get(&sb, "/customers").await?;
    assert!(all["total_entries"].as_i64().unwrap_or(0) > 0);
    let (_, none) = shop_get(&sb, &format!("/customers?start_time_inserted_at={later}")).await?;
    assert_eq!(none["total_entries"], 0);
    let (_, same) = shop_get(&sb, &format!("/customers?end_time_inserted_at={later}")).await?;
    assert_eq!(same["total_entries"], all["total_entries"]);

    let (_, vars) = shop_get(&sb, "/products/variations").await?;
    let total = vars["total_entries"].clone();
    for (q, want) in [
        (format!("startDate={later}"), json!(0)),
        (format!("endDate={later}"), total.clone()),
        ("product_status=locked".into(), json!(0)),
        ("product_status=not_locked".into(), total.clone()),
        ("selling_status=normal".into(), total.clone()),
        ("selling_status=star".into(), json!(0)),
        (
            r#"remainQuantity={"type":"smallerOrEqual","value":-100000,"warehouseId":"all"}"#
                .into(),
            json!(0),
        ),
        (
            r#"remainQuantity={"type":"between","minValue":-100000,"maxValue":100000000}"#.into(),
            total.clone(),
        ),
    ] {
        let (s, b) = shop_get(&sb, &format!("/products/variations?{q}")).await?;
        assert_eq!((s, b["total_entries"].clone()), (200, want), "{q}");
    }
    // accepted, but answered with today's stock: the history of stock is not simulated (RULES.md gap)
    let (s, b) = shop_get(
        &sb,
        "/products/variations?warehouse_until=2024-06-10T17:00:00.000Z",
    )
    .await?;
    assert_eq!((s, b["total_entries"].clone()), (200, total.clone()));
    for bad in [
        "selling_status=fast",
        "product_status=gone",
        r#"remainQuantity={"type":"about"}"#,
    ] {
        let (s, b) = shop_get(&sb, &format!("/products/variations?{bad}")).await?;
        assert!(is_invalid(s, &b), "{bad}");
    }
    Ok(())
}

#[tokio::test]
async fn communes_need_a_district_or_a_province() -> anyhow::Result<()> {
    let (sb, c) = start().await?;
    let (s, b) = raw(&sb, "GET", "/geo/communes", Some(DEMO_API_KEY), None).await?;
    assert!(is_invalid(s, &b));
    // new-model communes have no district: the province alone is accepted (the OpenAPI lists both as
    // required, the dump only the district; the app needs both forms)
    assert!(!c.communes("84_VN101", None).await?.is_empty());
    assert!(!c.communes("101", Some("10103")).await?.is_empty());
    Ok(())
}

#[tokio::test]
async fn call_backs_purchases_and_exports_round_trip_and_move_stock() -> anyhow::Result<()> {
    let (sb, c) = start().await?;
    let (vars, whs) = sb.pancake.ids();
    c.create_call_later(&NewCallLater {
        needs_call_at: Some(chrono::Utc::now()),
        phone_number: "0987654321".into(),
        status: 0,
        notice_created: Some("Gọi xác nhận địa chỉ".into()),
        order_ids: vec!["1".into()],
        ..Default::default()
    })
    .await?;
    let calls = c.list_call_laters(1, 30, None, Some(0)).await?;
    assert_eq!(calls.data.len(), 1);
    assert_eq!(
        calls.data[0].order_id.as_ref().and_then(|i| i.as_i64()),
        Some(1)
    );
    assert!(c
        .list_call_laters(1, 30, None, Some(1))
        .await?
        .data
        .is_empty());

    let before = sb.pancake.stock(&vars[0], &whs[0]).unwrap_or_default();
    c.create_purchase(&PurchaseInput {
        warehouse_id: whs[0].clone(),
        status: Some(1),
        items: vec![PurchaseItem {
            variation_id: vars[0].clone(),
            quantity: 12,
            imported_price: 80_000,
            ..Default::default()
        }],
        ..Default::default()
    })
    .await?;
    let after = sb.pancake.stock(&vars[0], &whs[0]).unwrap_or_default();
    assert_eq!(
        (after.0 - before.0, after.1 - before.1),
        (12, 12),
        "received into stock"
    );
    let purchases = c.list_purchases(&DocQuery::default()).await?;
    assert_eq!(purchases.data.len(), 1);
    assert_eq!(purchases.data[0].status, Some(1));
    // a purchase without its documented status is refused, nothing moves
    let refused = c
        .create_purchase(&PurchaseInput {
            warehouse_id: whs[0].clone(),
            items: vec![PurchaseItem {
                variation_id: vars[0].clone(),
                quantity: 1,
                imported_price: 1,
                ..Default::default()
            }],
            ..Default::default()
        })
        .await;
    assert!(
        matches!(refused, Err(Error::Validation { .. })),
        "{refused:?}"
    );

    c.create_export(&ExportInput {
        kind: 0,
        status: 1,
        warehouse_id: whs[0].clone(),
        export_items: vec![ExportItem {
            variation_id: vars[0].clone(),
            quantity: 5,
            imported_price: 0,
            ..Default::default()
        }],
        ..Default::default()
    })
    .await?;
    let end = sb.pancake.stock(&vars[0], &whs[0]).unwrap_or_default();
    assert_eq!(
        (end.0, end.1),
        (after.0 - 5, after.1 - 5),
        "issued from stock"
    );
    assert_eq!(c.list_exports(&DocQuery::default()).await?.data.len(), 1);
    let defective = DocQuery {
        kind: Some("1".into()),
        ..Default::default()
    };
    assert!(
        c.list_exports(&defective).await?.data.is_empty(),
        "type 0 only"
    );
    let hist = c
        .inventory_histories(&InventoryHistoryQuery {
            variation_ids: vec![vars[0].clone()],
            ..Default::default()
        })
        .await?;
    let tables: Vec<_> = hist
        .data
        .iter()
        .filter_map(|h| h.table_name.clone())
        .collect();
    assert_eq!(tables, ["export", "purchases"], "newest first");
    Ok(())
}

#[tokio::test]
async fn vouchers_promotions_kits_quotes_and_pickups_round_trip() -> anyhow::Result<()> {
    let (sb, c) = start().await?;
    let (vars, whs) = sb.pancake.ids();
    let now = chrono::Utc::now();
    let voucher = NewVoucher {
        name: Some("TET2027".into()),
        promo_code_info: PromoCodeInfo {
            discount: 50_000,
            is_percent: false,
            ..Default::default()
        },
        is_activated: true,
        start_time: Some(now),
        end_time: Some(now + chrono::Duration::days(7)),
        ..Default::default()
    };
    c.create_voucher(&voucher).await?;
    assert!(
        matches!(
            c.create_voucher(&voucher).await,
            Err(Error::Validation { .. })
        ),
        "one voucher per code"
    );
    c.create_vouchers(
        &NewVoucher {
            name: None,
            ..voucher.clone()
        },
        3,
    )
    .await?;
    let list = c.list_vouchers(&PromoQuery::default()).await?;
    assert_eq!(list.data.len(), 4);
    let one = list
        .data
        .iter()
        .find(|v| v.name.as_deref() == Some("TET2027"))
        .cloned();
    let one = one.ok_or_else(|| anyhow::anyhow!("voucher listed"))?;
    assert_eq!(
        c.get_voucher(&one.id).await?.promo_code_info.discount,
        50_000
    );
    assert!(matches!(
        c.get_voucher("nope").await,
        Err(Error::NotFound { .. })
    ));

    c.create_promotion(
        &json!({"name": "Mua 2 tặng 1", "type": "discount_by_product", "is_activated": true}),
    )
    .await?;
    let bad = c
        .create_promotion(&json!({"name": "x", "type": "half_price"}))
        .await;
    assert!(
        matches!(bad, Err(Error::Validation { .. })),
        "documented types only"
    );
    let promos = c
        .list_promotions(&PromoQuery {
            text_search: Some("mua 2".into()),
            ..Default::default()
        })
        .await?;
    assert_eq!(promos.data.len(), 1);
    assert_eq!(promos.page_size, Some(10), "documented default 10");
    c.create_simple_promotion(&json!({"name": "km_he", "is_active": true}))
        .await?;
    assert_eq!(c.list_simple_promotions(Some("km_he")).await?.len(), 1);

    c.update_composite(&vars[0], &[(vars[1].clone(), 2)])
        .await?;
    let own = c.update_composite(&vars[0], &[(vars[0].clone(), 1)]).await;
    assert!(matches!(own, Err(Error::Validation { .. })));

    let quote = |province: &str| FeeQuoteRequest {
        des_province: province.into(),
        des_district: "".into(),
        des_commune: "".into(),
        weight: "1200".into(),
        warehouse_id: whs[0].clone(),
        shop_id: SHOP_ID.to_string(),
        quantity: "1".into(),
        price_product: "200000".into(),
        cod: "200000".into(),
        ..Default::default()
    };
    let far = c.fee_quotes(&quote("701")).await?;
    let near = c.fee_quotes(&quote("101")).await?;
    assert_eq!(far.len(), 4);
    assert!(
        far.iter()
            .zip(&near)
            .all(|(f, n)| f.partner_fee > n.partner_fee),
        "cheaper in-province"
    );

    // arrange_shipment is for marketplace orders: seeded odd orders come from Shopee (-3)
    let orders = c.list_orders(&Default::default()).await?;
    let source = |o: &&pancake::Order| o.account.as_ref().and_then(|a| a.as_i64());
    let shopee = orders.data.iter().find(|o| source(o) == Some(-3));
    let facebook = orders.data.iter().find(|o| source(o) == Some(-1));
    let (Some(shopee), Some(facebook)) = (shopee, facebook) else {
        anyhow::bail!("seeded orders of both sources");
    };
    c.arrange_shipment(&shopee.id.to_string(), Some("closest"), Some("pick_up"))
        .await?;
    let refused = c
        .arrange_shipment(&facebook.id.to_string(), None, None)
        .await;
    assert!(
        matches!(refused, Err(Error::Validation { .. })),
        "{refused:?}"
    );
    let refused = c
        .arrange_shipment(&shopee.id.to_string(), Some("noon"), None)
        .await;
    assert!(matches!(refused, Err(Error::Validation { .. })));
    assert!(matches!(
        c.arrange_shipment("999999", None, None).await,
        Err(Error::NotFound { .. })
    ));
    Ok(())
}

#[tokio::test]
async fn print_and_tracking_links_are_served_by_the_simulator() -> anyhow::Result<()> {
    let (sb, c) = start().await?;
    let shipped = c
        .list_orders(&pancake::OrderQuery {
            filter_status: vec![2],
            ..Default::default()
        })
        .await?;
    let o = shipped
        .data
        .first()
        .cloned()
        .ok_or_else(|| anyhow::anyhow!("a shipped order"))?;
    let sid = o.system_id.unwrap_or_default();
    let urls = c
        .shipping_documents(
            &[&o.id.to_string()],
            Some(pancake::DocumentType::ShippingLabel),
        )
        .await?;
    assert_eq!(urls.len(), 1);
    let pdf = reqwest::get(&urls[0]).await?;
    assert_eq!(pdf.status(), 200, "{}", urls[0]);
    assert_eq!(
        pdf.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/pdf")
    );
    let bytes = pdf.bytes().await?;
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.starts_with("%PDF-1.4") && text.trim_end().ends_with("%%EOF"));
    assert!(
        text.contains(&format!("system_id {sid}")),
        "the order is on the label"
    );
    let code = o
        .partner
        .as_ref()
        .and_then(|p| p.extend_code.clone())
        .unwrap_or_default();
    assert!(
        !code.is_empty() && text.contains(&code),
        "the tracking code is on the label"
    );

    let url = c
        .tracking_url(sid)
        .await?
        .ok_or_else(|| anyhow::anyhow!("a url"))?;
    let page = reqwest::get(&url).await?;
    assert_eq!(page.status(), 200);
    let html = page.text().await?;
    assert!(
        html.contains("data-status=\"2\"") && html.contains(&code),
        "{html}"
    );

    // refusals: unknown type, unknown order, too many orders; unknown documents are 404
    let (s, b) = shop_send(
        &sb,
        "POST",
        "/products/get_logistics_shipping_document?document_type=A4",
        json!({"params": [{"order_id": "1"}]}),
    )
    .await?;
    assert!(is_invalid(s, &b));
    let (s, b) = shop_send(
        &sb,
        "POST",
        "/products/get_logistics_shipping_document",
        json!({"params": [{"order_id": "999999"}]}),
    )
    .await?;
    assert_eq!((s, b["error"].clone()), (404, json!("order_not_found")));
    let many: Vec<Value> = (0..101).map(|_| json!({"order_id": "1"})).collect();
    let (s, b) = shop_send(
        &sb,
        "POST",
        "/products/get_logistics_shipping_document",
        json!({"params": many}),
    )
    .await?;
    assert!(is_invalid(s, &b));
    let (s, b) = shop_send(
        &sb,
        "POST",
        "/orders/get_tracking_url",
        json!({"system_id": 1}),
    )
    .await?;
    assert_eq!((s, b["error"].clone()), (404, json!("order_not_found")));
    let gone = reqwest::get(format!(
        "{}/content.pancake.vn/sandbox/{SHOP_ID}/pick_list-1.pdf",
        sb.base_url()
    ))
    .await?;
    assert_eq!(gone.status(), 404);
    let gone = reqwest::get(format!("{}/pke.gg/nothing", sb.base_url())).await?;
    assert_eq!(gone.status(), 404);
    Ok(())
}

#[tokio::test]
async fn a_stock_write_without_the_flag_sets_the_sellable_figure() -> anyhow::Result<()> {
    let (sb, _) = start().await?;
    let (vars, whs) = sb.pancake.ids();
    let (sellable, on_hand) = sb.pancake.stock(&vars[0], &whs[0]).unwrap_or_default();
    let body = json!({"variations_warehouses": [{"warehouse_id": whs[0], "remain_quantity": sellable + 4}]});
    let (s, b) = shop_send(
        &sb,
        "POST",
        &format!("/variations/{}/update_quantity", vars[0]),
        body,
    )
    .await?;
    assert_eq!(s, 200, "{b}");
    let after = sb.pancake.stock(&vars[0], &whs[0]).unwrap_or_default();
    assert_eq!(
        after.0,
        sellable + 4,
        "the omitted flag sets the sellable quantity (inferred)"
    );
    assert_eq!(after.1 - on_hand, 4, "the reserved gap is kept");
    Ok(())
}

#[tokio::test]
async fn transactions_transfers_and_stocktakings_round_trip_and_move_stock() -> anyhow::Result<()> {
    let (sb, c) = start().await?;
    let (vars, whs) = sb.pancake.ids();
    let tx = json!({"transaction": {"name": "Tiền điện", "amount": -500000, "payments": ["cash"]}});
    let (s, b) = shop_send(&sb, "POST", "/transactions", tx).await?;
    assert_eq!(s, 200, "{b}");
    let (s, b) = shop_send(
        &sb,
        "POST",
        "/transactions",
        json!({"transaction": {"name": "x", "payments": ["gold"]}}),
    )
    .await?;
    assert!(is_invalid(s, &b), "documented payment methods only");
    let list = c.list_transactions(&Default::default()).await?;
    assert_eq!(list.data.len(), 1);
    assert_eq!(list.data[0].amount, -500000);

    let a0 = sb.pancake.stock(&vars[0], &whs[0]).unwrap_or_default();
    let b0 = sb.pancake.stock(&vars[0], &whs[1]).unwrap_or_default();
    let t = json!({"transfer": {"from_warehouse_id": whs[0], "to_warehouse_ids": [whs[1]],
                                "items": [{"variation_id": vars[0], "quantity": 2}]}});
    assert_eq!(shop_send(&sb, "POST", "/transfers/multi", t).await?.0, 200);
    let waiting = c
        .list_transfers(&DocQuery {
            status: Some(0),
            ..Default::default()
        })
        .await?;
    assert_eq!(waiting.data.len(), 1);
    assert!(
        c.list_transfers(&DocQuery::default())
            .await?
            .data
            .is_empty(),
        "default status 1: in transit"
    );
    let id = waiting.data[0].id.clone();
    let dated =
        json!({"transfer": {"status": 1, "from_warehouse_id": whs[0], "inserted_at": 1718902800}});
    let (s, b) = shop_send(&sb, "PUT", &format!("/transfers/{id}"), dated).await?;
    assert!(
        is_invalid(s, &b),
        "inserted_at needs change_inserted_at: {b}"
    );
    let done = json!({"transfer": {"status": 2, "from_warehouse_id": whs[0]}});
    assert_eq!(
        shop_send(&sb, "PUT", &format!("/transfers/{id}"), done.clone())
            .await?
            .0,
        200
    );
    assert_eq!(
        shop_send(&sb, "PUT", &format!("/transfers/{id}"), done)
            .await?
            .0,
        200
    );
    let a1 = sb.pancake.stock(&vars[0], &whs[0]).unwrap_or_default();
    let b1 = sb.pancake.stock(&vars[0], &whs[1]).unwrap_or_default();
    assert_eq!(
        (a0.1 - a1.1, b1.1 - b0.1),
        (2, 2),
        "moved once on completion"
    );

    let count = json!({"stocktaking": {"warehouse_id": whs[0], "status": 1,
                                       "items": [{"variation_id": vars[0], "changed_quantity": -1}]}});
    assert_eq!(shop_send(&sb, "POST", "/stocktakings", count).await?.0, 200);
    let a2 = sb.pancake.stock(&vars[0], &whs[0]).unwrap_or_default();
    assert_eq!(
        a1.1 - a2.1,
        1,
        "a counted stocktaking applies its difference"
    );
    let all = c.list_stocktakings(&Default::default()).await?;
    assert_eq!(all.data.len(), 1);
    let one = c.get_stocktaking(&all.data[0].id).await?;
    assert_eq!(one.status, Some(1));
    let hist = c
        .inventory_histories(&InventoryHistoryQuery {
            variation_ids: vec![vars[0].clone()],
            ..Default::default()
        })
        .await?;
    let tables: Vec<_> = hist
        .data
        .iter()
        .filter_map(|h| h.table_name.clone())
        .collect();
    assert_eq!(
        tables,
        ["stocktakings", "warehouse_transfers", "warehouse_transfers"]
    );
    Ok(())
}

#[tokio::test]
async fn hiding_promotion_actions_product_tags_and_calls_take_effect() -> anyhow::Result<()> {
    let (sb, c) = start().await?;
    let (vars, _) = sb.pancake.ids();
    let (_, page) = shop_get(
        &sb,
        &format!("/products/variations?variation_ids[]={}", vars[0]),
    )
    .await?;
    let product = page["data"][0]["product_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let (s, _) = shop_send(
        &sb,
        "PUT",
        "/products/update_hide",
        json!({"is_hide": true, "product_ids": [product]}),
    )
    .await?;
    assert_eq!(s, 200);
    let (_, page) = shop_get(
        &sb,
        &format!("/products/variations?variation_ids[]={}", vars[0]),
    )
    .await?;
    assert_eq!(
        page["data"][0]["is_hidden"], true,
        "the list shows the hidden product"
    );
    let (s, b) = shop_send(
        &sb,
        "PUT",
        "/products/update_hide",
        json!({"is_hide": true, "product_ids": ["nope"]}),
    )
    .await?;
    assert!(is_invalid(s, &b));

    c.create_promotion(&json!({"name": "Xả kho", "type": "fixed_prices", "is_activated": true}))
        .await?;
    let id = c.list_promotions(&PromoQuery::default()).await?.data[0]
        .id
        .clone();
    let (s, _) = shop_send(
        &sb,
        "POST",
        "/promotion_advance/delete_multi",
        json!({"ids": [id], "type_action": "DEACTIVE_PROMOTIONS"}),
    )
    .await?;
    assert_eq!(s, 200);
    let (_, list) = shop_get(&sb, "/promotion_advance").await?;
    assert_eq!(list["data"][0]["is_activated"], false);
    let (s, b) = shop_send(
        &sb,
        "POST",
        "/promotion_advance/delete_multi",
        json!({"ids": [id], "type_action": "PAUSE"}),
    )
    .await?;
    assert!(is_invalid(s, &b));
    shop_send(
        &sb,
        "POST",
        "/promotion_advance/delete_multi",
        json!({"ids": [id], "type_action": "DELETE_PROMOTIONS"}),
    )
    .await?;
    assert_eq!(
        c.list_promotions(&PromoQuery::default()).await?.data.len(),
        0
    );

    let tag = c.create_product_tag("Hàng dễ vỡ").await?;
    assert_eq!(tag["name"], "Hàng dễ vỡ");
    c.trigger_call("1", "3f7c2b9a-1e4d-4a2b-9c8e-2b1d0a9f6e5c")
        .await?;
    assert!(matches!(
        c.trigger_call("999999", "v").await,
        Err(Error::NotFound { .. })
    ));
    Ok(())
}

#[tokio::test]
async fn hostile_numbers_get_an_answer_not_a_crash() -> anyhow::Result<()> {
    let (sb, _) = start().await?;
    let (vars, whs) = sb.pancake.ids();
    let max = i64::MAX.to_string();
    let quote = json!({"des_province": "101", "des_district": "", "des_commune": "", "weight": max,
        "warehouse_id": whs[0], "shop_id": "", "quantity": "1", "price_product": "1", "cod": "1"});
    let (s, _) = shop_send(&sb, "POST", "/orders/price_comparing", quote).await?;
    assert_eq!(s, 200);
    let (s, b) = shop_send(
        &sb,
        "POST",
        "/orders/price_comparing",
        json!({"des_province": 101}),
    )
    .await?;
    assert!(is_invalid(s, &b), "{b}");
    // quantities beyond the simulator's bound (MAX_QUANTITY, inferred) are a 400, prices saturate
    let purchase = json!({"purchase": {"status": 1, "warehouse_id": whs[0],
        "items": [{"variation_id": vars[0], "quantity": i64::MAX, "imported_price": 1}]}});
    let (s, b) = shop_send(&sb, "POST", "/purchases", purchase).await?;
    assert!(is_invalid(s, &b), "{b}");
    let stock =
        json!({"variations_warehouses": [{"warehouse_id": whs[0], "remain_quantity": i64::MIN}]});
    let (s, b) = shop_send(
        &sb,
        "POST",
        &format!("/variations/{}/update_quantity", vars[0]),
        stock,
    )
    .await?;
    assert!(is_invalid(s, &b), "{b}");
    let mut o = order(&vars[0], &whs[0]);
    o["items"] = json!([{"variation_id": vars[0], "quantity": i64::MAX}]);
    let (s, b) = shop_send(&sb, "POST", "/orders", o).await?;
    assert!(is_invalid(s, &b), "{b}");
    for _ in 0..2 {
        let purchase = json!({"purchase": {"status": 1, "warehouse_id": whs[0],
            "items": [{"variation_id": vars[0], "quantity": 1_000_000_000, "imported_price": i64::MAX}]}});
        let (s, _) = shop_send(&sb, "POST", "/purchases", purchase).await?;
        assert_eq!(s, 200);
        let mut o = order(&vars[0], &whs[0]);
        o["items"] = json!([{"variation_id": vars[0], "quantity": 1_000_000_000,
                             "variation_info": {"retail_price": i64::MAX}}]);
        let (s, _) = shop_send(&sb, "POST", "/orders", o).await?;
        assert_eq!(s, 200);
    }
    let (s, _) = shop_get(&sb, "/orders?option_sort=order_valuation_desc").await?;
    assert_eq!(s, 200);
    let (s, _) = shop_get(&sb, "/purchases").await?;
    assert_eq!(s, 200, "the list still renders");
    let (s, _) = shop_get(
        &sb,
        r#"/products/variations?remainQuantity={"type":"greaterOrEqual","value":0}"#,
    )
    .await?;
    assert_eq!(s, 200);
    Ok(())
}

#[tokio::test]
async fn document_updates_find_their_document_and_receive_or_issue_stock_once() -> anyhow::Result<()>
{
    let (sb, c) = start().await?;
    let (vars, whs) = sb.pancake.ids();
    let line = json!([{"variation_id": vars[0], "quantity": 4, "imported_price": 1000}]);
    shop_send(
        &sb,
        "POST",
        "/purchases",
        json!({"purchase": {"status": -1, "warehouse_id": whs[0], "items": line}}),
    )
    .await?;
    let id = c.list_purchases(&DocQuery::default()).await?.data[0]
        .id
        .clone();
    let before = sb.pancake.stock(&vars[0], &whs[0]).unwrap_or_default();
    let received = json!({"purchase": {"status": 1, "warehouse_id": whs[0]}});
    for _ in 0..2 {
        let (s, b) = shop_send(&sb, "PUT", &format!("/purchases/{id}"), received.clone()).await?;
        assert_eq!(s, 200, "{b}");
    }
    let after = sb.pancake.stock(&vars[0], &whs[0]).unwrap_or_default();
    assert_eq!(after.1 - before.1, 4, "received once, on entering status 1");
    let (s, b) = shop_send(&sb, "PUT", "/purchases/nope", received).await?;
    assert_eq!((s, b["error"].clone()), (404, json!("not_found")));
    let (s, b) = shop_send(
        &sb,
        "PUT",
        &format!("/purchases/{id}"),
        json!({"purchase": {"status": 1}}),
    )
    .await?;
    assert!(
        is_invalid(s, &b),
        "warehouse_id is required on the update: {b}"
    );

    let export =
        json!({"export_list": {"status": 0, "warehouse_id": whs[0], "export_items": line}});
    shop_send(&sb, "POST", "/export", export).await?;
    let (_, list) = shop_get(&sb, "/export").await?;
    let eid = list["data"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let lid = list["data"][0]["export_items"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let bad = json!({"export_list": {"export_items": [{"id": "other", "variation_id": vars[0], "quantity": 1, "imported_price": 0}]}});
    let (s, b) = shop_send(&sb, "PUT", &format!("/export/{eid}"), bad).await?;
    assert!(is_invalid(s, &b), "{b}");
    let done = json!({"export_list": {"status": 1, "export_items": [{"id": lid, "variation_id": vars[0], "quantity": 3, "imported_price": 0}]}});
    let (s, b) = shop_send(&sb, "PUT", &format!("/export/{eid}"), done).await?;
    assert_eq!(s, 200, "{b}");
    let end = sb.pancake.stock(&vars[0], &whs[0]).unwrap_or_default();
    assert_eq!(after.1 - end.1, 3, "issued the updated quantity");
    Ok(())
}

#[tokio::test]
async fn customer_promotions_and_advertising_costs_land_in_their_lists() -> anyhow::Result<()> {
    let (sb, c) = start().await?;
    let (_, page) = shop_get(&sb, "/customers?page_size=1").await?;
    let customer = page["data"][0]["id"].clone();
    let promo = |who: Value| {
        json!({"promotion_advance": {"shop_customer_ids": [who], "promotion": {
            "type": "discount_by_coupon_id", "is_activated": true,
            "promo_code_info": {"discount": 5, "is_percent": true}}}})
    };
    let (s, b) = shop_send(
        &sb,
        "POST",
        "/promotion_advance/create_multi",
        promo(json!("nobody")),
    )
    .await?;
    assert!(is_invalid(s, &b), "an unknown customer: {b}");
    assert_eq!(
        shop_send(
            &sb,
            "POST",
            "/promotion_advance/create_multi",
            promo(customer.clone())
        )
        .await?
        .0,
        200
    );
    let (_, list) = shop_get(&sb, "/promotion_advance").await?;
    assert_eq!(list["data"][0]["shop_customer_ids"], json!([customer]));

    let cost = json!({"params": {"cost_date": "2023-09-07 22:00:00",
        "transaction": {"name": "Quảng cáo Facebook", "status": "0"},
        "items": [{"cost": 150000}, {"cost": 50000}]}});
    assert_eq!(shop_send(&sb, "POST", "/adv_costs", cost).await?.0, 200);
    let tx = c.list_transactions(&Default::default()).await?;
    assert_eq!(tx.data[0].amount, -200000, "an expense of the summed costs");
    Ok(())
}

#[tokio::test]
async fn a_purchase_split_keeps_the_old_lines_sent_and_lists_the_new_purchase() -> anyhow::Result<()>
{
    let (sb, c) = start().await?;
    let (vars, whs) = sb.pancake.ids();
    let line = |q: i64| json!([{"variation_id": vars[0], "quantity": q, "imported_price": 1000}]);
    shop_send(
        &sb,
        "POST",
        "/purchases",
        json!({"purchase": {"status": 0, "warehouse_id": whs[0], "items": line(10)}}),
    )
    .await?;
    let old = c.list_purchases(&DocQuery::default()).await?.data[0]
        .id
        .clone();
    let split = |id: &str| {
        json!({"newPurchase": {"status": 0, "warehouse_id": whs[0], "items": line(4)},
               "oldPurchase": {"id": id, "status": 0, "warehouse_id": whs[0], "items": line(6)}})
    };
    let (s, b) = shop_send(&sb, "POST", "/purchases/separate", split("nope")).await?;
    assert_eq!((s, b["error"].clone()), (404, json!("not_found")));
    assert_eq!(
        shop_send(&sb, "POST", "/purchases/separate", split(&old))
            .await?
            .0,
        200
    );
    let (_, list) = shop_get(&sb, "/purchases").await?;
    let rows = list["data"].as_array().cloned().unwrap_or_default();
    assert_eq!(rows.len(), 2);
    let qty = |r: &Value| r["items"][0]["quantity"].clone();
    assert_eq!(
        (qty(&rows[0]), qty(&rows[1])),
        (json!(4), json!(6)),
        "new first, the old one kept 6"
    );
    Ok(())
}

#[tokio::test]
async fn a_promotion_update_keeps_its_identity_and_the_documented_types() -> anyhow::Result<()> {
    let (sb, c) = start().await?;
    c.create_promotion(&json!({"name": "Tết", "type": "coupon"}))
        .await?;
    let id = c.list_promotions(&PromoQuery::default()).await?.data[0]
        .id
        .clone();
    let echo = json!({"promotion_advance": {"id": "other", "display_id": 999, "name": "Tết 2027", "type": "fixed_prices"}});
    assert_eq!(
        shop_send(&sb, "PUT", &format!("/promotion_advance/{id}"), echo)
            .await?
            .0,
        200
    );
    let p = &c.list_promotions(&PromoQuery::default()).await?.data[0];
    assert_eq!(
        (p.id.as_str(), p.name.as_deref(), p.kind.as_deref()),
        (id.as_str(), Some("Tết 2027"), Some("fixed_prices"))
    );
    let (s, b) = shop_send(
        &sb,
        "PUT",
        &format!("/promotion_advance/{id}"),
        json!({"promotion_advance": {"type": "half"}}),
    )
    .await?;
    assert!(is_invalid(s, &b));
    let (s, _) = shop_send(
        &sb,
        "PUT",
        "/promotion_advance/nope",
        json!({"promotion_advance": {}}),
    )
    .await?;
    assert_eq!(s, 404);
    Ok(())
}
