//! The vendor-neutral order draft, its validation (stable field codes) and Vietnamese phone numbers.
//!
//! What the outbox stores and the order form and the import build; each vendor crate maps it to its own
//! create request (`<vendor>::adapter::order_mapping`).

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Money;

/// The vendor an order is sent to.
pub use crate::Vendor;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(default, rename_all = "camelCase")]
pub struct Customer {
    pub name: String,
    /// As typed; normalized to `0xxxxxxxxx` when mapped.
    pub phone: String,
    pub email: Option<String>,
}

/// The vendor's own geo ids of the address (resolved by the `geo` crate), all optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(default, rename_all = "camelCase")]
pub struct GeoIds {
    pub province_id: Option<String>,
    pub district_id: Option<String>,
    pub ward_id: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(default, rename_all = "camelCase")]
pub struct Address {
    /// House number and street.
    pub line1: String,
    pub line2: Option<String>,
    pub ward: Option<String>,
    pub district: Option<String>,
    pub province: Option<String>,
    pub geo: GeoIds,
}

impl Address {
    /// The address as one line, the way it is printed on a label.
    pub fn full(&self) -> String {
        let mut parts: Vec<&str> = vec![self.line1.trim()];
        for p in [&self.line2, &self.ward, &self.district, &self.province]
            .into_iter()
            .flatten()
        {
            if !p.trim().is_empty() {
                parts.push(p.trim());
            }
        }
        parts.retain(|p| !p.is_empty());
        parts.join(", ")
    }
}

/// One line of the order. Amounts are [`Money`] (whole đồng); `discount` is **per unit**.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(default, rename_all = "camelCase")]
pub struct Item {
    pub sku: String,
    /// Vendor product id (Nhanh product id, Onflow OASIN, Pancake product id).
    pub product_id: Option<String>,
    /// Vendor variation id (Pancake variation UUID; Onflow OASIN when per variation).
    pub variation_id: Option<String>,
    #[specta(type = specta_typescript::Number)]
    pub quantity: i64,
    pub unit_price: Money,
    pub discount: Money,
}

impl Item {
    /// quantity × (unit price − discount per unit), saturating (see [`Item::checked_line_total`]).
    pub fn line_total(&self) -> Money {
        (self.unit_price - self.discount) * self.quantity
    }

    /// [`Item::line_total`], `None` when it overflows.
    pub fn checked_line_total(&self) -> Option<Money> {
        self.unit_price
            .checked_sub(self.discount)?
            .checked_mul(self.quantity)
    }
}

/// Where the order goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Target {
    pub account_id: String,
    pub vendor: Vendor,
    /// Pancake warehouse id, Nhanh depot id, Onflow warehouse code.
    pub warehouse_id: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(default, rename_all = "camelCase")]
pub struct OnflowExtras {
    /// `shopee`, `lazada`, `tiktok`, `tiki`.
    pub platform: String,
    /// The marketplace's order number (kept in the shipment note).
    pub marketplace_order_ref: Option<String>,
    /// The marketplace waybill (`courier_tracking_code`).
    pub waybill: Option<String>,
    /// Label / invoice URLs from Onflow's file upload.
    pub document_urls: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(default, rename_all = "camelCase")]
pub struct NhanhExtras {
    #[specta(type = Option<specta_typescript::Number>)]
    pub carrier_id: Option<i64>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub carrier_service_id: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(default, rename_all = "camelCase")]
pub struct PancakeExtras {
    /// Pancake `order_sources` id.
    #[specta(type = Option<specta_typescript::Number>)]
    pub order_source: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(default, rename_all = "camelCase")]
pub struct Extras {
    pub onflow: Option<OnflowExtras>,
    pub nhanh: Option<NhanhExtras>,
    pub pancake: Option<PancakeExtras>,
}

/// One order as the user entered it, before any vendor shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OrderDraft {
    pub customer: Customer,
    #[serde(default)]
    pub address: Address,
    #[serde(default)]
    pub items: Vec<Item>,
    #[serde(default)]
    pub order_discount: Money,
    #[serde(default)]
    pub shipping_fee: Money,
    /// `None`: computed (items − discounts + shipping).
    #[serde(default)]
    pub cod: Option<Money>,
    #[serde(default)]
    pub note: Option<String>,
    pub target: Target,
    #[serde(default)]
    pub extras: Extras,
}

impl OrderDraft {
    /// Σ line totals (after per-unit discounts). Saturating, like [`OrderDraft::total`]: a draft whose
    /// amounts overflow never passes [`validate`] (`amount.too_large`).
    pub fn items_total(&self) -> Money {
        self.items.iter().map(Item::line_total).sum()
    }

    /// What the customer pays: items − order discount + shipping.
    pub fn total(&self) -> Money {
        self.items_total() - self.order_discount + self.shipping_fee
    }

    /// [`OrderDraft::total`], `None` when any step overflows.
    pub fn checked_total(&self) -> Option<Money> {
        let lines = self.items.iter().map(Item::checked_line_total);
        Money::checked_sum(lines.collect::<Option<Vec<_>>>()?)?
            .checked_sub(self.order_discount)?
            .checked_add(self.shipping_fee)
    }

    /// Cash on delivery: the explicit value, else [`OrderDraft::total`].
    pub fn cod_amount(&self) -> Money {
        self.cod.unwrap_or_else(|| self.total())
    }

    /// A draft as stored (the outbox's `draft` column): JSON of this version (camelCase) or of a
    /// previous one (snake_case keys), see [`crate::stored`].
    pub fn from_stored_json(text: &str) -> serde_json::Result<OrderDraft> {
        crate::stored::from_stored_json(text)
    }
}

/// Field path (`customer.phone`, `items[2].unitPrice`: the camelCase names of the wire) → stable codes
/// (`phone.invalid`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct FieldErrors(pub BTreeMap<String, Vec<String>>);

impl FieldErrors {
    pub fn add(&mut self, field: impl Into<String>, code: &str) {
        self.0
            .entry(field.into())
            .or_default()
            .push(code.to_string());
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `field` carries `code`.
    pub fn has(&self, field: &str, code: &str) -> bool {
        self.0
            .get(field)
            .is_some_and(|c| c.iter().any(|x| x == code))
    }

    /// Every code, in field order.
    pub fn codes(&self) -> Vec<&str> {
        self.0.values().flatten().map(String::as_str).collect()
    }
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|(k, v)| format!("{k}: {}", v.join(", ")))
            .collect();
        f.write_str(&parts.join("; "))
    }
}

/// Mobile prefixes in use (after the 2018 renumbering): 03x 05x 07x 08x 09x.
const MOBILE_PREFIXES: [char; 5] = ['3', '5', '7', '8', '9'];

/// A Vietnamese mobile number in its national form `0xxxxxxxxx`, from `+84 …`, `84…` or `0…`, with
/// spaces, dots, dashes and parentheses ignored. `None` when it is not a current 10-digit mobile number.
pub fn normalize_phone(input: &str) -> Option<String> {
    let mut s = String::with_capacity(input.len());
    for (i, c) in input.trim().chars().enumerate() {
        match c {
            '0'..='9' => s.push(c),
            '+' if i == 0 => s.push('+'),
            ' ' | '.' | '-' | '(' | ')' => {}
            _ => return None,
        }
    }
    let national = if let Some(rest) = s.strip_prefix("+84") {
        format!("0{}", rest.strip_prefix('0').unwrap_or(rest))
    } else if s.starts_with('+') {
        return None;
    } else if s.len() == 11 && s.starts_with("84") {
        format!("0{}", &s[2..])
    } else {
        s
    };
    let mut chars = national.chars();
    let ok = national.len() == 10
        && chars.next() == Some('0')
        && chars.next().is_some_and(|c| MOBILE_PREFIXES.contains(&c));
    ok.then_some(national)
}

/// Whether `platform` names a marketplace Onflow ships B2C orders for (`shopee`, `lazada`, `tiktok`,
/// `tiki`): case-insensitive, punctuation and spaces ignored (`TikTok Shop`, `tiktok_shop` are TikTok). The
/// same reading as `onflow::Platform::parse(..).is_marketplace()` (a test in the onflow adapter holds them
/// together).
pub fn is_marketplace(platform: &str) -> bool {
    let norm: String = platform
        .trim()
        .to_ascii_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    matches!(
        norm.as_str(),
        "shopee" | "lazada" | "tiktok" | "tiktokshop" | "tiki"
    )
}

const NOTE_MAX: usize = 1000;

/// Check a draft before it is stored. Codes are stable (the UI translates them).
pub fn validate(d: &OrderDraft) -> Result<(), FieldErrors> {
    let mut e = FieldErrors::default();
    let vendor = d.target.vendor;
    if d.target.account_id.trim().is_empty() {
        e.add("target.accountId", "account.required");
    }
    if d.target.warehouse_id.trim().is_empty() {
        e.add("target.warehouseId", "warehouse.required");
    } else if vendor == Vendor::Nhanh && d.target.warehouse_id.trim().parse::<i64>().is_err() {
        e.add("target.warehouseId", "warehouse.invalid");
    }
    // Onflow B2C shipments are marketplace orders: the marketplace holds the buyer's details
    let needs_customer = vendor != Vendor::Onflow;
    if needs_customer && d.customer.name.trim().is_empty() {
        e.add("customer.name", "name.required");
    }
    if d.customer.phone.trim().is_empty() {
        if needs_customer {
            e.add("customer.phone", "phone.required");
        }
    } else if normalize_phone(&d.customer.phone).is_none() {
        e.add("customer.phone", "phone.invalid");
    }
    if needs_customer && d.address.line1.trim().is_empty() {
        e.add("address.line1", "address.required");
    }
    for (field, v) in [
        ("address.geo.provinceId", &d.address.geo.province_id),
        ("address.geo.districtId", &d.address.geo.district_id),
        ("address.geo.wardId", &d.address.geo.ward_id),
    ] {
        if vendor == Vendor::Nhanh
            && v.as_deref()
                .is_some_and(|x| x.trim().parse::<i64>().is_err())
        {
            e.add(field, "geo.invalid");
        }
    }
    if d.items.is_empty() {
        e.add("items", "items.empty");
    }
    for (i, it) in d.items.iter().enumerate() {
        let f = |name: &str| format!("items[{i}].{name}");
        if it.sku.trim().is_empty() && it.variation_id.is_none() && it.product_id.is_none() {
            e.add(f("sku"), "sku.required");
        }
        if it.quantity <= 0 {
            e.add(f("quantity"), "quantity.positive");
        }
        if it.unit_price.is_negative() {
            e.add(f("unitPrice"), "price.negative");
        } else if !it.unit_price.is_exact() || it.checked_line_total().is_none_or(|t| !t.is_exact())
        {
            e.add(f("unitPrice"), "amount.too_large");
        }
        if it.discount.is_negative() || it.discount > it.unit_price.max(Money::ZERO) {
            e.add(f("discount"), "discount.invalid");
        }
        match vendor {
            Vendor::Nhanh => {
                if it
                    .product_id
                    .as_deref()
                    .is_none_or(|p| p.trim().parse::<i64>().is_err())
                {
                    e.add(f("productId"), "product_id.required");
                }
            }
            Vendor::Onflow => {
                if it.variation_id.is_none() && it.product_id.is_none() {
                    e.add(f("productId"), "product_id.required");
                }
            }
            Vendor::Pancake => {}
        }
    }
    if d.order_discount.is_negative() || (d.order_discount > d.items_total() && !d.items.is_empty())
    {
        e.add("orderDiscount", "discount.invalid");
    }
    if d.shipping_fee.is_negative() {
        e.add("shippingFee", "shipping_fee.negative");
    } else if !d.shipping_fee.is_exact() {
        e.add("shippingFee", "amount.too_large");
    }
    if d.cod.is_some_and(Money::is_negative) || (d.cod.is_none() && d.total().is_negative()) {
        e.add("cod", "cod.negative");
    } else if d.cod.is_some_and(|c| !c.is_exact()) {
        e.add("cod", "amount.too_large");
    }
    // the UI holds amounts as JavaScript numbers: a total beyond 2^53 would be shown (and sent) wrong
    if !e.0.contains_key("items") && d.checked_total().is_none_or(|t| !t.is_exact()) {
        e.add("items", "amount.too_large");
    }
    if d.note
        .as_ref()
        .is_some_and(|n| n.chars().count() > NOTE_MAX)
    {
        e.add("note", "note.too_long");
    }
    if vendor == Vendor::Onflow {
        match &d.extras.onflow {
            None => e.add("extras.onflow", "onflow.required"),
            Some(x) => {
                if x.platform.trim().is_empty() {
                    e.add("extras.onflow.platform", "platform.required");
                } else if !is_marketplace(&x.platform) {
                    e.add("extras.onflow.platform", "platform.invalid");
                }
                for (i, u) in x.document_urls.iter().enumerate() {
                    let u = u.trim();
                    if !(u.starts_with("https://") || u.starts_with("http://")) {
                        e.add(format!("extras.onflow.documentUrls[{i}]"), "url.invalid");
                    }
                }
            }
        }
    }
    if e.is_empty() {
        Ok(())
    } else {
        Err(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::order::fixtures::sample;

    #[test]
    fn phone_table() {
        let table: &[(&str, Option<&str>)] = &[
            ("0912345678", Some("0912345678")),
            ("091 234 5678", Some("0912345678")),
            ("091.234.5678", Some("0912345678")),
            ("+84 912 345 678", Some("0912345678")),
            ("+84912345678", Some("0912345678")),
            ("+840912345678", Some("0912345678")),
            ("84912345678", Some("0912345678")),
            ("84 38 123 4567", Some("0381234567")),
            ("0381234567", Some("0381234567")),
            ("0561234567", Some("0561234567")),
            ("0701234567", Some("0701234567")),
            ("0861234567", Some("0861234567")),
            ("(090) 123-4567", Some("0901234567")),
            (" 0987654321 ", Some("0987654321")),
            ("0212345678", None),   // 02x is a landline
            ("0112345678", None),   // no longer a mobile prefix
            ("01612345678", None),  // old 11-digit mobile
            ("091234567", None),    // too short
            ("09123456789", None),  // too long
            ("+85512345678", None), // another country
            ("0912a45678", None),   // letters
            ("", None),
            ("1912345678", None), // missing leading 0
            ("+84 0 912 345 678", Some("0912345678")),
        ];
        for (input, want) in table {
            assert_eq!(
                normalize_phone(input).as_deref(),
                *want,
                "normalize_phone({input:?})"
            );
        }
    }

    #[test]
    fn cod_is_items_minus_discounts_plus_shipping() {
        let d = sample(Vendor::Pancake);
        // 2 × (199k − 10k) + 99k − 20k + 30k
        assert_eq!(d.items_total(), Money::vnd(477_000));
        assert_eq!(d.cod_amount(), Money::vnd(487_000));
        assert_eq!(d.checked_total(), Some(Money::vnd(487_000)));
        let explicit = OrderDraft {
            cod: Some(Money::ZERO),
            ..d
        };
        assert_eq!(
            explicit.cod_amount(),
            Money::ZERO,
            "prepaid orders collect nothing"
        );
    }

    /// The UI's order form computes the same figures while the user types (`ui/src/lib/orders.ts`); both
    /// sides run these cases.
    #[test]
    fn totals_follow_the_cases_shared_with_the_ui() {
        #[derive(serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Case {
            name: String,
            items: Vec<Item>,
            order_discount: Money,
            shipping_fee: Money,
            cod: Option<Money>,
            items_total: Money,
            total: Money,
            cod_amount: Money,
        }
        #[derive(serde::Deserialize)]
        struct Cases {
            cases: Vec<Case>,
        }
        let cases: Cases = serde_json::from_str(include_str!("totals_cases.json"))
            .unwrap_or_else(|e| panic!("totals_cases.json: {e}"));
        assert!(cases.cases.len() >= 5);
        for c in cases.cases {
            let d = OrderDraft {
                items: c.items,
                order_discount: c.order_discount,
                shipping_fee: c.shipping_fee,
                cod: c.cod,
                ..sample(Vendor::Pancake)
            };
            assert_eq!(d.items_total(), c.items_total, "{}", c.name);
            assert_eq!(d.total(), c.total, "{}", c.name);
            assert_eq!(d.checked_total(), Some(c.total), "{}", c.name);
            assert_eq!(d.cod_amount(), c.cod_amount, "{}", c.name);
        }
    }

    #[test]
    fn a_good_draft_passes_for_every_vendor() {
        for v in [Vendor::Pancake, Vendor::Nhanh, Vendor::Onflow] {
            assert_eq!(validate(&sample(v)), Ok(()), "{v}");
        }
    }

    #[test]
    fn validation_codes_are_stable() {
        let mut d = sample(Vendor::Nhanh);
        d.customer.phone = "0212345678".into();
        d.customer.name = " ".into();
        d.items[0].quantity = 0;
        d.items[1].product_id = Some("abc".into());
        d.items[1].discount = Money::vnd(100_000);
        d.shipping_fee = Money::vnd(-1);
        d.target.warehouse_id = "HN".into();
        let e = validate(&d).unwrap_err();
        assert!(e.has("customer.phone", "phone.invalid"), "{e}");
        assert!(e.has("customer.name", "name.required"), "{e}");
        assert!(e.has("items[0].quantity", "quantity.positive"), "{e}");
        assert!(e.has("items[1].productId", "product_id.required"), "{e}");
        assert!(e.has("items[1].discount", "discount.invalid"), "{e}");
        assert!(e.has("shippingFee", "shipping_fee.negative"), "{e}");
        assert!(e.has("target.warehouseId", "warehouse.invalid"), "{e}");

        let mut empty = sample(Vendor::Pancake);
        empty.items.clear();
        let e = validate(&empty).unwrap_err();
        assert_eq!(e.codes(), vec!["items.empty"]);

        let mut onflow = sample(Vendor::Onflow);
        onflow.customer = Customer::default(); // marketplace buyer details live at the marketplace
        onflow.address = Address::default();
        assert_eq!(validate(&onflow), Ok(()));
        onflow.extras.onflow = Some(OnflowExtras {
            platform: "website".into(),
            document_urls: vec!["file:///tmp/label.pdf".into()],
            ..Default::default()
        });
        let e = validate(&onflow).unwrap_err();
        assert!(e.has("extras.onflow.platform", "platform.invalid"), "{e}");
        assert!(e.has("extras.onflow.documentUrls[0]", "url.invalid"), "{e}");
        onflow.extras.onflow = None;
        assert!(validate(&onflow)
            .unwrap_err()
            .has("extras.onflow", "onflow.required"));
    }

    #[test]
    fn the_wire_is_camel_case_and_stored_snake_case_drafts_still_read() {
        let d = sample(Vendor::Nhanh);
        let json = serde_json::to_value(&d).unwrap_or_default();
        assert_eq!(json["orderDiscount"], 20_000);
        assert_eq!(json["shippingFee"], 30_000);
        assert_eq!(json["items"][0]["unitPrice"], 199_000);
        assert_eq!(json["items"][0]["productId"], "101");
        assert_eq!(json["target"]["accountId"], "acc-1");
        assert_eq!(json["address"]["geo"]["provinceId"], "254");
        assert_eq!(
            json["extras"]["onflow"]["documentUrls"][0],
            "https://files.example/label.pdf"
        );
        assert_eq!(json["extras"]["nhanh"]["carrierServiceId"], 5);
        assert_eq!(json["extras"]["pancake"]["orderSource"], -1);
        let text = json.to_string();
        assert!(
            !text.contains("_id\"") && !text.contains("_fee") && !text.contains("_price"),
            "{text}"
        );
        assert_eq!(
            serde_json::from_value::<OrderDraft>(json).ok(),
            Some(d.clone())
        );

        // what a previous version stored (and sent): every multi-word field in snake_case
        let old = serde_json::json!({
            "customer": {"name": "Nguyễn Thị Lan", "phone": "+84 912 345 678", "email": null},
            "address": {"line1": "12 Lê Lợi", "line2": null, "ward": "Phường Bến Nghé", "district": null,
                "province": "TP Hồ Chí Minh",
                "geo": {"province_id": "254", "district_id": null, "ward_id": null}},
            "items": [
                {"sku": "AO-THUN-M", "product_id": "101", "variation_id": "OASIN0000101", "quantity": 2,
                 "unit_price": 199000, "discount": 10000},
                {"sku": "MU-LUOI", "product_id": "102", "variation_id": "OASIN0000102", "quantity": 1,
                 "unit_price": 99000, "discount": 0}
            ],
            "order_discount": 20000,
            "shipping_fee": 30000,
            "cod": null,
            "note": "Giao giờ hành chính",
            "target": {"account_id": "acc-1", "vendor": "nhanh", "warehouse_id": "11"},
            "extras": {
                "onflow": {"platform": "shopee", "marketplace_order_ref": "240101ABCD", "waybill": "SPXVN0001",
                    "document_urls": ["https://files.example/label.pdf"]},
                "nhanh": {"carrier_id": 2, "carrier_service_id": 5},
                "pancake": {"order_source": -1}
            }
        });
        assert!(
            serde_json::from_value::<OrderDraft>(old.clone()).is_err(),
            "the IPC type takes only the camelCase names"
        );
        assert_eq!(OrderDraft::from_stored_json(&old.to_string()).ok(), Some(d));
    }

    #[test]
    fn field_paths_name_the_wire_fields() {
        let mut d = sample(Vendor::Nhanh);
        d.items[0].unit_price = Money::vnd(-1);
        d.target.account_id.clear();
        d.address.geo.ward_id = Some("x".into());
        let e = validate(&d).unwrap_err();
        assert!(e.has("items[0].unitPrice", "price.negative"), "{e}");
        assert!(e.has("target.accountId", "account.required"), "{e}");
        assert!(e.has("address.geo.wardId", "geo.invalid"), "{e}");
    }

    #[test]
    fn amounts_the_ui_cannot_hold_exactly_are_refused_and_never_overflow() {
        let mut d = sample(Vendor::Pancake);
        d.items[0].quantity = i64::MAX;
        let e = validate(&d).unwrap_err();
        assert!(e.has("items[0].unitPrice", "amount.too_large"), "{e}");
        assert_eq!(d.checked_total(), None);
        assert_eq!(d.total(), Money::vnd(i64::MAX), "saturates, never panics");

        let mut d = sample(Vendor::Pancake);
        d.shipping_fee = Money::vnd(i64::MAX);
        let e = validate(&d).unwrap_err();
        assert!(e.has("shippingFee", "amount.too_large"), "{e}");
        assert!(
            e.has("items", "amount.too_large"),
            "the total overflows too: {e}"
        );

        // each amount fits, their sum does not
        let mut d = sample(Vendor::Pancake);
        d.items[0].quantity = 1;
        d.items[0].discount = Money::ZERO;
        d.items[0].unit_price = Money::MAX_EXACT;
        assert_eq!(validate(&d).unwrap_err().codes(), vec!["amount.too_large"]);
        d.items[0].unit_price = Money::MAX_EXACT - Money::vnd(99_000 + 30_000);
        assert_eq!(validate(&d), Ok(()), "a total just within the exact range");

        let mut d = sample(Vendor::Pancake);
        d.cod = Some(Money::MAX_EXACT + Money::vnd(1));
        assert!(validate(&d).unwrap_err().has("cod", "amount.too_large"));
    }

    #[test]
    fn discounts_above_the_items_are_refused() {
        let mut d = sample(Vendor::Pancake);
        d.order_discount = Money::vnd(10_000_000);
        assert!(validate(&d)
            .unwrap_err()
            .has("orderDiscount", "discount.invalid"));
    }
}
