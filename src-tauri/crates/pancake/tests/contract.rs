//! Contract tests: every example JSON of the digest (`tests/fixtures/digest/`) and the key examples of the
//! OpenAPI document (`tests/fixtures/oas/`) parse into the typed models, with the values a user sees.

use std::path::PathBuf;

use pancake::api::customers::Customer;
use pancake::api::products::{Category, MeasureGroup, Product, Variation};
use pancake::api::warehouses::{Partner, ShopUser, Warehouse};
use pancake::{
    parse_webhook, Commune, District, ErrorBody, NewCustomer, NewOrder, Order, OrderSource,
    OrderStatus, OrderTag, Page, ProductInput, Province, ReturnedOrder, Shop, StockSet,
    WarehouseInput, WebhookConfig, WebhookEvent,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

fn dir(sub: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(sub)
}

fn raw(sub: &str, name: &str) -> String {
    let p = dir(sub).join(format!("{name}.json"));
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn load<T: DeserializeOwned>(sub: &str, name: &str) -> T {
    serde_json::from_str(&raw(sub, name)).unwrap_or_else(|e| panic!("{sub}/{name}: {e}"))
}

fn digest<T: DeserializeOwned>(name: &str) -> T {
    load("digest", name)
}

fn oas<T: DeserializeOwned>(name: &str) -> T {
    load("oas", name)
}

#[derive(serde::Deserialize)]
struct Shops {
    shops: Vec<Shop>,
}

#[test]
fn shops_parse_with_their_pages() {
    let s: Shops = digest("shops");
    assert_eq!(s.shops[0].id, 20);
    assert_eq!(s.shops[0].name.as_deref(), Some("Shop thời trang"));
    assert_eq!(s.shops[0].pages[0].id.as_str(), "104438181227821");
    let s: Shops = oas("get_shops_200");
    assert_eq!(s.shops[0].id, 6_036_602);
    assert_eq!(s.shops[0].link_post_marketer.len(), 1);
}

#[test]
fn geo_lists_parse_with_new_ids() {
    for src in [
        digest::<Page<Province>>("geo_provinces"),
        oas("get_geo_provinces_200"),
    ] {
        assert_eq!(src.data[0].id.as_str(), "101");
        assert_eq!(
            src.data[0].new_id.as_ref().map(|i| i.as_str()),
            Some("84_VN101")
        );
        assert_eq!(src.data[1].name.as_deref(), Some("Hồ Chí Minh"));
    }
    let d: Page<District> = digest("geo_districts");
    assert_eq!(
        d.data[0].province_id.as_ref().map(|i| i.as_str()),
        Some("101")
    );
    let c: Page<Commune> = digest("geo_communes");
    assert_eq!(c.data[0].id.as_str(), "1010115");
    assert_eq!(c.data[0].new_id, None, "null new_id is accepted");
    let c: Page<Commune> = oas("get_geo_communes_200");
    assert_eq!(
        c.data[0].district_id.as_ref().map(|i| i.as_str()),
        Some("10101")
    );
    let d: Page<District> = oas("get_geo_districts_200");
    assert!(!d.data.is_empty());
}

#[test]
fn order_list_example_parses_with_paging_and_nested_blocks() {
    let p: Page<Order> = digest("orders_list");
    assert_eq!(p.total_entries, Some(1418));
    assert_eq!(p.total_pages, Some(15));
    let o = &p.data[0];
    assert_eq!(o.id.as_i64(), Some(1418));
    assert_eq!(o.custom_id.as_deref(), Some("Ma0001"));
    assert_eq!(o.status, OrderStatus::New);
    assert_eq!(
        o.inserted_at.map(|t| t.to_rfc3339()),
        Some("2020-05-12T04:51:42+00:00".into())
    );
    assert_eq!(o.items[0].quantity, 1);
    assert_eq!(o.items[0].variation_info.retail_price, Some(100_000));
    assert_eq!(o.shipping_address.commune_id.as_deref(), Some("2210941"));
    assert_eq!(o.shipping_address.country_code, None);
    let partner = o.partner.as_ref().expect("partner");
    assert_eq!(partner.partner_status.as_deref(), Some("request_received"));
    assert_eq!(o.partner_fee, Some(28_000));
    assert_eq!(o.tags[0].name.as_deref(), Some("Chờ cọc"));
    assert!(o.link_confirm_order.is_some());

    let p: Page<Order> = oas("get_shop_orders_200");
    assert!(!p.data.is_empty());
}

#[test]
fn single_order_examples_parse_including_odd_fields() {
    let o: Order = oas("get_shop_orders_ORDER_ID_200");
    assert_eq!(o.id.as_i64(), Some(1));
    assert_eq!(o.status, OrderStatus::Confirmed);
    // `commnue_name` is the vendor's spelling
    assert_eq!(
        o.shipping_address.commune_name.as_deref(),
        Some("Phường Dịch Vọng")
    );
    // a 30-digit post id overflows any integer type: kept as text
    assert!(o
        .post_id
        .as_deref()
        .is_some_and(|s| s.starts_with("185187")));
    assert_eq!(o.order_sources.as_ref().map(|i| i.as_str()), Some("-1"));
    assert!(o.inserted_at.is_some(), "…Z timestamps parse");
    assert!(
        o.extra.contains_key("invoice_info_list"),
        "unknown fields are kept"
    );
    let o: Order = oas("put_shop_orders_ORDER_ID_200");
    assert!(!o.id.as_str().is_empty());
}

#[test]
fn order_create_request_round_trips_flat_with_custom_id() {
    let text = raw("digest", "order_create_request");
    let o: NewOrder = serde_json::from_str(&text).expect("request example parses");
    assert_eq!(o.custom_id.as_deref(), Some("Ma0001"));
    assert_eq!(o.items[0].variation_info.retail_price, Some(100_000));
    let back = serde_json::to_value(&o).expect("serializes");
    assert!(back.get("order").is_none(), "the body is flat");
    assert_eq!(back["custom_id"], "Ma0001");
    assert_eq!(back["shop_id"], 4);
    assert_eq!(back["account"], 4, "int ids go back out as numbers");
    assert_eq!(back["shipping_address"]["province_id"], "221");
    assert_eq!(
        back["activated_promotion_advances"][0]["is_activated"],
        true
    );
}

#[test]
fn returned_orders_parse_with_string_ids_and_negative_cod() {
    let r: ReturnedOrder = digest("returned_order_row");
    assert_eq!(r.id.as_i64(), Some(1403));
    let exchange = r.order.as_ref().expect("order");
    assert_eq!(exchange.id.as_str(), "1485614856");
    assert_eq!(exchange.cod, Some(-80_000));
    assert_eq!(r.returned_items[0].returned_quantity, 1);
    assert!(r.inserted_at.is_some());
    let p: Page<ReturnedOrder> = oas("get_shop_orders_returned_200");
    assert!(!p.data.is_empty());
}

#[test]
fn order_sources_tags_and_links_parse() {
    let s: Page<OrderSource> = digest("order_sources");
    assert_eq!(s.data[0].id.as_i64(), Some(-3));
    assert_eq!(s.data[1].id.as_str(), "1471242102982974");
    assert_eq!(
        s.data[1].parent_id.as_ref().and_then(|i| i.as_i64()),
        Some(-1)
    );
    let s: Page<OrderSource> = oas("get_shop_order_source_200");
    assert!(!s.data.is_empty());
    let t: Page<OrderTag> = digest("order_tags");
    assert!(t.data[1].is_system_tag);
    assert_eq!(t.data[0].groups[0].name.as_deref(), Some("nhom 1"));
    let t: Page<OrderTag> = oas("get_shop_orders_tags_200");
    assert!(!t.data.is_empty());
    let u: Value = digest("tracking_url");
    assert_eq!(u["url"], "https://pke.gg/99gjy3r");
    let d: pancake::envelope::Data<Vec<String>> = digest("shipping_document_response");
    assert_eq!(d.data.len(), 1);
}

#[test]
fn variations_parse_with_stock_per_warehouse() {
    let v: Variation = digest("variation_row");
    assert_eq!(v.sku(), Some("ADXL"));
    assert_eq!(v.retail_price, Some(140_000));
    assert_eq!(v.fields[0].value, "nâu");
    let w = &v.variations_warehouses[0];
    assert_eq!(w.remain_quantity, 20);
    assert_eq!(w.actual_remain_quantity, Some(100));
    assert_eq!(w.total_quantity, Some(102));
    assert_eq!(
        v.product.as_ref().and_then(|p| p.name.as_deref()),
        Some("ASOS đen XL")
    );
    let p: Page<Variation> = oas("get_shop_products_variations_200");
    assert!(!p.data.is_empty());
    assert!(p.data[0]
        .variations_warehouses
        .iter()
        .all(|w| !w.warehouse_id.is_empty()));
}

#[test]
fn waitting_quantity_is_read_from_the_vendor_spelling() {
    let v: Variation = serde_json::from_str(
        r#"{"id":"v1","variations_warehouses":[{"warehouse_id":"w","remain_quantity":"3","waitting_quantity":2}]}"#,
    )
    .expect("parses");
    assert_eq!(v.variations_warehouses[0].waiting_quantity, Some(2));
    assert_eq!(
        v.variations_warehouses[0].remain_quantity, 3,
        "numeric strings"
    );
}

#[test]
fn product_examples_parse_and_requests_round_trip() {
    let text = raw("digest", "product_create_request");
    let v: Value = serde_json::from_str(&text).expect("json");
    let p: ProductInput = serde_json::from_value(v["product"].clone()).expect("product body");
    assert_eq!(p.custom_id.as_deref(), Some("PCUSTOMID"));
    assert_eq!(p.variations[0].barcode.as_deref(), Some("BARCODE123"));
    assert_eq!(p.variations[0].variations_warehouses[0].remain_quantity, 10);
    let back = serde_json::to_value(&p).expect("ser");
    assert_eq!(back["variations"][0]["custom_id"], "VCUSTOMID");
    let prod: Product = oas("get_shop_products_PRODUCT_SKU_200");
    assert_eq!(prod.custom_id.as_deref(), Some("PCUSTOMID"));
    assert_eq!(prod.variations[0].custom_id.as_deref(), Some("VCUSTOMID"));
}

#[test]
fn stock_write_examples_parse() {
    #[derive(serde::Deserialize)]
    struct Body {
        variations_warehouses: Vec<StockSet>,
        #[serde(default)]
        is_actual_remain_quantity: Option<bool>,
    }
    let b: Body = digest("update_quantity_request");
    assert_eq!(b.variations_warehouses[0].remain_quantity, 20);
    let b: Body = digest("update_quantity_multi_request");
    assert_eq!(b.is_actual_remain_quantity, Some(true));
    assert!(b.variations_warehouses[0].variation_id.is_some());
}

#[test]
fn warehouses_users_partners_categories_measures_parse() {
    let w: Page<Warehouse> = digest("warehouses");
    assert_eq!(w.data[0].shop_id, Some(26_290));
    assert_eq!(w.data[0].allow_create_order, Some(true));
    let w: Page<Warehouse> = oas("get_shop_warehouses_200");
    assert_eq!(w.data[1].allow_create_order, Some(false));
    let created: Warehouse = oas("post_shop_warehouses_200");
    assert_eq!(created.name.as_deref(), Some("kho test ecod"));
    let input: WarehouseInput = digest("warehouse_create_request");
    assert_eq!(input.name.as_deref(), Some("kho 2"));
    assert!(input.shelf_config.is_some());

    let u: Page<ShopUser> = digest("users");
    assert_eq!(u.data[0].user.name.as_deref(), Some("Hoang Anh"));
    assert_eq!(
        u.data[0]
            .department
            .as_ref()
            .and_then(|d| d.name.as_deref()),
        Some("Sales")
    );
    let u: Page<ShopUser> = oas("get_shop_users_200");
    assert!(!u.data[0].user_id.is_empty());

    for p in [
        digest::<Page<Partner>>("partners"),
        oas("get_shop_partners_200"),
    ] {
        assert_eq!(p.data[0].accounts[0].id.as_i64(), Some(46_036));
    }
    let c: Page<Category> = digest("categories");
    assert_eq!(c.data[0].text, "ÁO");
    assert_eq!(c.data[0].nodes[0].nodes[0].text, "Áo Thun In Họa Tiết");
    let _: Page<Category> = oas("get_shop_categories_200");
    let m: Page<MeasureGroup> = digest("measurements");
    assert_eq!(m.data[0].nodes[0].exchange_value, Some(30.0));
    let _: Page<MeasureGroup> = oas("get_shop_product_measurements_get_measure_200");
}

#[test]
fn customers_parse_and_create_body_is_flat_camel_case() {
    let c: NewCustomer = digest("customer_create_request");
    assert_eq!(c.phone_number, "0909090909");
    let back = serde_json::to_value(&c).expect("ser");
    assert_eq!(back["phoneNumber"], "0909090909");
    assert_eq!(back["createType"], "force");
    assert_eq!(back["dateOfBirth"], "1995-02-01");

    let p: Page<Customer> = oas("get_shop_customers_200");
    let c = &p.data[0];
    assert_eq!(c.phone_numbers, vec!["0999999999".to_string()]);
    assert_eq!(c.reward_point, Some(10.0));
    assert_eq!(c.addresses()[0].province_id.as_deref(), Some("101"));
    let d: pancake::envelope::Data<Customer> = oas("post_shop_customers_200");
    assert_eq!(d.data.addresses()[0].country_code.as_deref(), Some("84"));
    let one =
        pancake::api::customers::customer_from_answer(oas("get_shop_customers_CUSTOMER_ID_200"))
            .expect("a customer");
    assert_eq!(one.name.as_deref(), Some("Trần Văn Hoàng"));
}

#[test]
fn webhook_config_and_payloads_are_recognised() {
    #[derive(serde::Deserialize)]
    struct Wrap {
        shop: WebhookConfig,
    }
    let w: Wrap = digest("webhook_config_request");
    assert_eq!(w.shop.webhook_types.len(), 3);
    assert!(w.shop.webhook_headers.is_some());

    let order = parse_webhook(raw("digest", "webhook_order").as_bytes()).expect("json");
    match order {
        WebhookEvent::Order(o) => {
            assert_eq!(o.id.as_i64(), Some(1418));
            assert_eq!(o.shop_id, Some(4));
        }
        other => panic!("expected an order, got {other:?}"),
    }
    match parse_webhook(raw("digest", "webhook_customer").as_bytes()).expect("json") {
        WebhookEvent::Customer(c) => assert_eq!(c.reward_point, Some(100.0)),
        other => panic!("expected a customer, got {other:?}"),
    }
    match parse_webhook(raw("digest", "webhook_variations_warehouses").as_bytes()).expect("json") {
        WebhookEvent::Stock(s) => {
            assert_eq!(s[0].remain_quantity, Some(1));
            assert_eq!(s[0].change_quantity, Some(-1));
            assert!(s[0].inserted_at.is_some(), "space-separated timestamp");
        }
        other => panic!("expected stock, got {other:?}"),
    }
    match parse_webhook(raw("digest", "webhook_auto_call").as_bytes()).expect("json") {
        WebhookEvent::AutoCall(a) => assert_eq!(a.answered, Some(true)),
        other => panic!("expected auto_call, got {other:?}"),
    }
    assert!(parse_webhook(b"<html>").is_err());
}

#[test]
fn documented_error_bodies_parse() {
    let e: ErrorBody = digest("error_105");
    assert_eq!(e.success, Some(false));
    assert_eq!(e.error_code.as_deref(), Some("105"));
    let e: ErrorBody = digest("error_permission");
    assert_eq!(e.permission.as_deref(), Some("ql_donhang"));
    let e: ErrorBody = digest("error_order_not_found");
    assert_eq!(e.error.as_deref(), Some("order_not_found"));
    let e: ErrorBody = oas("get_shop_orders_ORDER_ID_messages_429_example");
    assert_eq!(e.error_code.as_deref(), Some("106"));
}

/// Every fixture, whatever it is, decodes into the generic envelope without panicking, and every
/// `data` list row decodes into `Value`.
#[test]
fn every_fixture_is_valid_json_and_decodes_into_the_envelope() {
    let mut n = 0;
    for sub in ["digest", "oas"] {
        for entry in std::fs::read_dir(dir(sub)).expect("fixtures dir") {
            let path = entry.expect("entry").path();
            let text = std::fs::read_to_string(&path).expect("read");
            let v: Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let _: ErrorBody = serde_json::from_value(v.clone()).unwrap_or_default();
            let _: Page<Value> = serde_json::from_value(v).unwrap_or_default();
            n += 1;
        }
    }
    assert!(n >= 100, "only {n} fixtures");
}

#[test]
fn a_customer_with_both_address_field_names_still_parses() {
    let c: Customer = serde_json::from_str(
        r#"{"id": "c1", "shop_customer_addresses": [{"province_id": "101"}], "shop_customer_address": [{"province_id": "701"}]}"#,
    )
    .expect("both names");
    assert_eq!(c.addresses()[0].province_id.as_deref(), Some("101"));
}
