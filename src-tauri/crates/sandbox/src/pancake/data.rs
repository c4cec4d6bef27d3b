//! The Pancake simulator's state: shops, warehouses, geo with Pancake-style ids, products and variations
//! from the shared catalog, customers and orders, with the stock rules orders apply.

use std::collections::HashMap;

use chrono::{DateTime, Duration as ChronoDuration, TimeZone, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};

use crate::common::{catalog, geo_seed, people};
use crate::Options;

/// The demo key the sandbox accepts (obviously not a real Pancake key).
pub const DEMO_API_KEY: &str = "sandbox-demo-pancake-api-key";
/// The seeded shop (the one with catalog, stock and orders).
pub const SHOP_ID: i64 = 2025;
/// A second, almost empty shop visible to the same key (order ids are per shop).
pub const SECOND_SHOP_ID: i64 = 2026;

/// Deterministic UUID-shaped ids (`8-4-4-4-12` hex), so the same seed gives the same ids.
pub fn uuid(seed: u64, kind: &str, n: u64) -> String {
    let mut h = seed ^ 0xA076_1D64_78BD_642F;
    for b in kind.bytes() {
        h = splitmix(h ^ u64::from(b));
    }
    let a = splitmix(h ^ n);
    let b = splitmix(a ^ 0x9E37_79B9);
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xFFFF,
        a & 0x0FFF,
        0x8000 | (b >> 48 & 0x3FFF),
        b & 0xFFFF_FFFF_FFFF
    )
}

fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Naive UTC with microseconds, the way Pancake writes most timestamps.
pub fn ts(t: DateTime<Utc>) -> String {
    t.naive_utc().format("%Y-%m-%dT%H:%M:%S%.6f").to_string()
}

// ---------------------------------------------------------------- geo

#[derive(Debug, Clone)]
pub struct GeoProvince {
    pub id: String,
    pub name: String,
    pub name_en: String,
    pub new_id: String,
}

#[derive(Debug, Clone)]
pub struct GeoDistrict {
    pub id: String,
    pub name: String,
    pub province_id: String,
}

#[derive(Debug, Clone)]
pub struct GeoCommune {
    pub id: String,
    pub name: String,
    pub district_id: Option<String>,
    pub province_id: String,
    pub new_id: Option<String>,
    pub is_new: bool,
}

/// Pancake's own ids over the shared seed: provinces `101` (Hà Nội), `701` (HCM), `501` (Đà Nẵng,
/// inferred); a district id is its province id + 2 digits, a commune id its district id + 2 digits.
/// New-model (2025) provinces use `84_VN…` ids ([oas] examples: `84_VN101`, `84_VN129`), their wards
/// `<province new_id>_<nn>` (inferred).
#[derive(Debug, Clone, Default)]
pub struct Geo {
    pub provinces: Vec<GeoProvince>,
    pub districts: Vec<GeoDistrict>,
    pub communes: Vec<GeoCommune>,
    pub new_communes: Vec<GeoCommune>,
    /// legacy GSO ward code → (province id, district id, commune id)
    pub by_ward_code: HashMap<&'static str, (String, String, String)>,
}

fn ascii_fold(s: &str) -> String {
    let map = |c: char| -> char {
        match c {
            'à' | 'á' | 'ạ' | 'ả' | 'ã' | 'â' | 'ầ' | 'ấ' | 'ậ' | 'ẩ' | 'ẫ' | 'ă' | 'ằ' | 'ắ'
            | 'ặ' | 'ẳ' | 'ẵ' => 'a',
            'è' | 'é' | 'ẹ' | 'ẻ' | 'ẽ' | 'ê' | 'ề' | 'ế' | 'ệ' | 'ể' | 'ễ' => {
                'e'
            }
            'ì' | 'í' | 'ị' | 'ỉ' | 'ĩ' => 'i',
            'ò' | 'ó' | 'ọ' | 'ỏ' | 'õ' | 'ô' | 'ồ' | 'ố' | 'ộ' | 'ổ' | 'ỗ' | 'ơ' | 'ờ' | 'ớ'
            | 'ợ' | 'ở' | 'ỡ' => 'o',
            'ù' | 'ú' | 'ụ' | 'ủ' | 'ũ' | 'ư' | 'ừ' | 'ứ' | 'ự' | 'ử' | 'ữ' => {
                'u'
            }
            'ỳ' | 'ý' | 'ỵ' | 'ỷ' | 'ỹ' => 'y',
            'đ' => 'd',
            c => c,
        }
    };
    s.to_lowercase().chars().map(map).collect()
}

fn strip_prefix_words(name: &str) -> &str {
    for p in ["Thành phố ", "Quận ", "Phường ", "Huyện ", "Xã "] {
        if let Some(r) = name.strip_prefix(p) {
            return r;
        }
    }
    name
}

pub fn build_geo() -> Geo {
    let mut g = Geo::default();
    for p in geo_seed::PROVINCES {
        let (pid, new_id, short) = match p.code {
            "01" => ("101", "84_VN101", "Hà Nội"),
            "79" => ("701", "84_VN129", "Hồ Chí Minh"),
            _ => ("501", "84_VN148", "Đà Nẵng"),
        };
        g.provinces.push(GeoProvince {
            id: pid.to_string(),
            name: short.to_string(),
            name_en: ascii_fold(short),
            new_id: new_id.to_string(),
        });
        let new_wards = geo_seed::new_wards(p.code);
        let new_ward_id = |name: &str| -> Option<String> {
            new_wards
                .iter()
                .position(|w| *w == name)
                .map(|i| format!("{new_id}_{:02}", i + 1))
        };
        for (i, w) in new_wards.iter().enumerate() {
            g.new_communes.push(GeoCommune {
                id: format!("{new_id}_{:02}", i + 1),
                name: (*w).to_string(),
                district_id: None,
                province_id: new_id.to_string(),
                new_id: None,
                is_new: true,
            });
        }
        for (di, d) in p.districts.iter().enumerate() {
            let did = format!("{pid}{:02}", di + 1);
            g.districts.push(GeoDistrict {
                id: did.clone(),
                name: d.name.to_string(),
                province_id: pid.to_string(),
            });
            for (wi, (code, name, new_ward)) in d.wards.iter().enumerate() {
                let cid = format!("{did}{:02}", wi + 1);
                g.communes.push(GeoCommune {
                    id: cid.clone(),
                    name: (*name).to_string(),
                    district_id: Some(did.clone()),
                    province_id: pid.to_string(),
                    new_id: new_ward_id(new_ward),
                    is_new: false,
                });
                g.by_ward_code
                    .insert(code, (pid.to_string(), did.clone(), cid));
            }
        }
    }
    g
}

pub fn province_json(p: &GeoProvince, new_model: bool) -> Value {
    if new_model {
        json!({"id": p.new_id, "name": p.name, "name_en": p.name_en, "is_new": true, "new_id": null})
    } else {
        json!({"id": p.id, "name": p.name, "name_en": p.name_en, "new_id": p.new_id})
    }
}

pub fn district_json(d: &GeoDistrict) -> Value {
    json!({"id": d.id, "name": d.name, "name_en": ascii_fold(strip_prefix_words(&d.name)), "province_id": d.province_id})
}

pub fn commune_json(c: &GeoCommune) -> Value {
    json!({
        "id": c.id, "name": c.name, "name_en": ascii_fold(strip_prefix_words(&c.name)),
        "district_id": c.district_id, "province_id": c.province_id,
        "new_id": c.new_id, "is_new": c.is_new, "postcode": null
    })
}

// ---------------------------------------------------------------- catalog and stock

#[derive(Debug, Clone)]
pub struct Warehouse {
    pub id: String,
    pub name: String,
    pub phone_number: String,
    pub address: String,
    pub province_id: String,
    pub district_id: String,
    pub commune_id: String,
    pub full_address: String,
    pub custom_id: Option<String>,
    pub allow_create_order: bool,
    pub shelf_config: Value,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stock {
    /// Sellable.
    pub remain: i64,
    /// On hand.
    pub actual: i64,
}

#[derive(Debug, Clone)]
pub struct Variation {
    pub id: String,
    pub product: usize,
    /// The shop SKU: Pancake `display_id` and `custom_id`.
    pub sku: String,
    pub barcode: Option<String>,
    pub name: String,
    pub fields: Vec<(String, String)>,
    pub retail_price: i64,
    pub last_imported_price: i64,
    pub weight: i64,
    pub images: Vec<String>,
    /// Parallel to the shop's warehouses.
    pub stock: Vec<Stock>,
    pub removed: bool,
    /// `is_hidden`: hidden on StoreCake (still listed, still in stock).
    pub hidden: bool,
    pub inserted_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct Product {
    pub id: String,
    pub code: String,
    pub name: String,
    pub category_id: i64,
    pub category: String,
    pub image: String,
    pub weight: i64,
    pub note_product: Option<String>,
    pub variations: Vec<usize>,
    pub inserted_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct Customer {
    pub id: String,
    pub name: String,
    pub phone: String,
    pub address: Value,
    pub date_of_birth: Option<String>,
    pub gender: Option<String>,
    pub emails: Vec<String>,
    pub tags: Vec<String>,
    pub order_count: i64,
    pub inserted_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct OrderLine {
    pub item_id: i64,
    pub variation: usize,
    pub quantity: i64,
    pub discount_each_product: i64,
    pub retail_price: i64,
    pub is_bonus_product: bool,
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Order {
    pub id: i64,
    pub system_id: i64,
    pub display_id: i64,
    pub custom_id: Option<String>,
    pub status: i64,
    pub warehouse: usize,
    pub lines: Vec<OrderLine>,
    pub bill_full_name: Option<String>,
    pub bill_phone_number: Option<String>,
    pub bill_email: Option<String>,
    pub shop_customer_id: Option<String>,
    pub shipping_address: Value,
    pub shipping_fee: i64,
    pub total_discount: i64,
    pub prepaid: i64,
    pub note: Option<String>,
    pub note_print: Option<String>,
    pub is_free_shipping: bool,
    pub received_at_shop: bool,
    pub account: Value,
    pub account_name: Option<String>,
    pub tags: Vec<Value>,
    pub partner: Value,
    pub status_history: Vec<Value>,
    pub inserted_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub extra: serde_json::Map<String, Value>,
}

/// A member of the shop's staff (`GET /users`; the people named on an order).
#[derive(Debug, Clone)]
pub struct Staff {
    pub id: String,
    pub name: String,
    pub email: String,
    pub phone_number: String,
    pub fb_id: String,
}

/// The staff every seeded shop shares: 0 the manager (also the marketer and customer care), 1 the seller
/// (creates the orders), 2 the warehouse keeper (edits them once packed).
pub fn seed_staff(seed: u64) -> Vec<Staff> {
    [
        ("Nguyễn Văn Quản Lý", "quanly", "0903111222"),
        ("Trần Thị Bán Hàng", "banhang", "0903111333"),
        ("Lê Minh Kho", "kho", "0903111444"),
    ]
    .iter()
    .enumerate()
    .map(|(n, (name, mailbox, phone))| Staff {
        id: uuid(seed, "user", n as u64),
        name: (*name).to_string(),
        email: format!("{mailbox}@thoitrangsaigon.vn"),
        phone_number: (*phone).to_string(),
        fb_id: format!("1000{:011}", 12_345_678 + n as u64),
    })
    .collect()
}

/// A person on an order (`creator`, `last_editor`, `assigning_seller`, `assigning_care`, `marketer`,
/// `transfer_proofs[].verifier`): [oas] `{id, name, email, phone_number, fb_id, avatar_url}`.
pub fn person_json(s: &Staff) -> Value {
    json!({"id": s.id, "name": s.name, "email": s.email, "phone_number": s.phone_number,
           "fb_id": s.fb_id, "avatar_url": null})
}

/// The people an order names by id (in its `extra`, from the seed or the create/update body), as the
/// objects [oas] `Order` shows beside the ids; an id that is not the shop's staff is rendered as `null`.
pub fn order_people(shop: &Shop, o: &Order) -> serde_json::Map<String, Value> {
    let mut out = serde_json::Map::new();
    for (id_key, key) in [
        ("creator_id", "creator"),
        ("last_editor_id", "last_editor"),
        ("assigning_seller_id", "assigning_seller"),
        ("assigning_care_id", "assigning_care"),
        ("pke_mkter", "marketer"),
    ] {
        let person = o
            .extra
            .get(id_key)
            .and_then(Value::as_str)
            .and_then(|id| shop.staff.iter().find(|s| s.id == id))
            .map_or(Value::Null, person_json);
        out.insert(key.to_string(), person);
    }
    out
}

/// One shop's data.
#[derive(Debug, Clone)]
pub struct Shop {
    pub id: i64,
    pub name: String,
    pub staff: Vec<Staff>,
    pub warehouses: Vec<Warehouse>,
    pub products: Vec<Product>,
    pub variations: Vec<Variation>,
    /// variation id or SKU → index
    pub variation_index: HashMap<String, usize>,
    pub customers: Vec<Customer>,
    pub orders: Vec<Order>,
    pub order_index: HashMap<i64, usize>,
    pub next_order_id: i64,
    pub next_item_id: i64,
    pub webhook: Value,
    /// `GET /inventory_histories`: one row per stock movement, oldest first.
    pub histories: Vec<History>,
}

/// One stock movement of a variation in a warehouse (`GET /inventory_histories`).
#[derive(Debug, Clone)]
pub struct History {
    pub id: i64,
    pub variation: usize,
    pub warehouse: usize,
    /// The change (of the on-hand figure when it moved, else of the sellable one; inferred).
    pub quantity: i64,
    /// The stock after it (sellable; inferred: the docs say only "the stock after it").
    pub remain_after: i64,
    /// What caused it (`orders`, `variations_warehouses`, `products`; key logic on this, not on `kind`).
    pub table_name: &'static str,
    /// Human-readable Vietnamese description.
    pub kind: String,
    pub ref_display_id: Option<String>,
    pub at: DateTime<Utc>,
}

/// Order statuses whose goods are reserved (sellable stock reduced).
pub fn reserves(status: i64) -> bool {
    !matches!(status, 5..=7)
}

/// Order statuses whose goods have left the warehouse (on-hand stock reduced).
pub fn shipped(status: i64) -> bool {
    matches!(status, 2 | 3 | 4 | 15 | 16)
}

pub fn status_name(status: i64) -> Option<&'static str> {
    Some(match status {
        0 => "new",
        11 => "waitting",
        12 => "wait_print",
        20 => "ordered",
        1 => "submitted",
        8 => "packing",
        9 => "pending",
        2 => "shipped",
        3 => "delivered",
        16 => "received_money",
        4 => "returning",
        5 => "returned",
        6 => "canceled",
        7 => "removed",
        _ => return None,
    })
}

/// Every status of the digest's §2.1 table, 10 (Webcake order) and 21 (Storecake order) included.
pub const KNOWN_STATUSES: &[i64] = &[
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17, 20, 21,
];

/// Status moves the simulator accepts. Pancake documents none of its rules (digest §3.3.4); this graph
/// is **inferred** from the transitions seen on live data (`0→1`, `1→12`, `12→8`, `8→9`, `8→2`, `12→1`,
/// `12→20`, `13→12`, `13→8`), the forward flow of §2.1, and "cancel only before shipping". 10 (Webcake) and
/// 21 (Storecake) mark website orders at the "new" stage: reached from 0, left like 0 (inferred).
pub fn transition_allowed(from: i64, to: i64) -> bool {
    if from == to {
        return true;
    }
    let allowed: &[i64] = match from {
        0 => &[17, 11, 12, 13, 20, 1, 8, 9, 2, 6, 7, 10, 21],
        10 | 21 => &[0, 17, 11, 12, 13, 20, 1, 8, 9, 2, 6, 7],
        17 => &[0, 1, 11, 12, 20, 6, 7],
        11 => &[0, 1, 12, 20, 8, 6, 7],
        12 => &[1, 13, 8, 9, 2, 20, 6, 7],
        13 => &[12, 8, 9, 2, 6, 7],
        20 => &[1, 12, 13, 8, 9, 2, 6, 7],
        1 => &[11, 12, 13, 20, 8, 9, 2, 6, 7],
        8 => &[9, 2, 6, 7],
        9 => &[8, 2, 6, 7],
        2 => &[3, 4, 16],
        3 => &[16, 4, 15, 5],
        16 => &[4, 15, 5],
        4 => &[5, 15],
        15 => &[5],
        5 | 6 => &[7],
        _ => &[],
    };
    allowed.contains(&to)
}

impl Shop {
    pub fn find_variation(&self, key: &str) -> Option<usize> {
        self.variation_index
            .get(key)
            .copied()
            .filter(|i| !self.variations[*i].removed)
    }

    pub fn warehouse_index(&self, id: &str) -> Option<usize> {
        self.warehouses.iter().position(|w| w.id == id)
    }

    /// Apply the stock effect of an order moving from `from` to `to` (`None` = not existing).
    pub fn move_stock(&mut self, order: usize, from: Option<i64>, to: Option<i64>) {
        let (wh, lines) = {
            let o = &self.orders[order];
            (
                o.warehouse,
                o.lines
                    .iter()
                    .map(|l| (l.variation, l.quantity))
                    .collect::<Vec<_>>(),
            )
        };
        let order_id = self.orders[order].id;
        let r0 = from.is_some_and(reserves);
        let r1 = to.is_some_and(reserves);
        let s0 = from.is_some_and(shipped);
        let s1 = to.is_some_and(shipped);
        for (v, q) in lines {
            let Some(st) = self.variations.get_mut(v).and_then(|v| v.stock.get_mut(wh)) else {
                continue;
            };
            let before = *st;
            if r0 && !r1 {
                st.remain += q;
            } else if !r0 && r1 {
                st.remain -= q;
            }
            if s0 && !s1 {
                st.actual += q;
            } else if !s0 && s1 {
                st.actual -= q;
            }
            let ref_id = order_id.to_string();
            self.record_stock(
                v,
                wh,
                before,
                "orders",
                format!("Đơn hàng #{ref_id}"),
                Some(ref_id),
            );
        }
    }

    /// Log a stock movement of variation `v` in warehouse `w` whose figures were `before`, if they moved.
    pub fn record_stock(
        &mut self,
        v: usize,
        w: usize,
        before: Stock,
        table_name: &'static str,
        kind: String,
        ref_display_id: Option<String>,
    ) {
        let Some(after) = self.variations.get(v).and_then(|x| x.stock.get(w)).copied() else {
            return;
        };
        let quantity = if after.actual != before.actual {
            after.actual - before.actual
        } else {
            after.remain - before.remain
        };
        if quantity == 0 {
            return;
        }
        let id = self.histories.last().map_or(1, |h| h.id + 1);
        self.histories.push(History {
            id,
            variation: v,
            warehouse: w,
            quantity,
            remain_after: after.remain,
            table_name,
            kind,
            ref_display_id,
            at: Utc::now(),
        });
    }

    pub fn add_order(&mut self, order: Order) -> usize {
        let idx = self.orders.len();
        let status = order.status;
        self.order_index.insert(order.id, idx);
        self.orders.push(order);
        self.move_stock(idx, None, Some(status));
        idx
    }
}

fn warehouse(seed: u64, n: u64, name: &str, ward_code: &str, street: &str, geo: &Geo) -> Warehouse {
    let (p, d, c) = geo.by_ward_code.get(ward_code).cloned().unwrap_or_default();
    let ward = geo.communes.iter().find(|x| x.id == c);
    let dist = geo.districts.iter().find(|x| x.id == d);
    let prov = geo.provinces.iter().find(|x| x.id == p);
    let full_address = format!(
        "{street}, {}, {}, {}",
        ward.map(|w| w.name.as_str()).unwrap_or_default(),
        dist.map(|w| w.name.as_str()).unwrap_or_default(),
        prov.map(|w| w.name.as_str()).unwrap_or_default()
    );
    Warehouse {
        id: uuid(seed, "warehouse", n),
        name: name.to_string(),
        phone_number: format!("09{:08}", 12_345_678 + n * 1_111),
        address: street.to_string(),
        province_id: p,
        district_id: d,
        commune_id: c,
        full_address,
        custom_id: Some(format!("KHO{}", n + 1)),
        allow_create_order: true,
        shelf_config: json!({"col": "3"}),
    }
}

pub fn address_json(
    geo: &Geo,
    full_name: &str,
    phone: &str,
    street: &str,
    ward_code: &str,
) -> Value {
    let (p, d, c) = geo.by_ward_code.get(ward_code).cloned().unwrap_or_default();
    let cn = geo
        .communes
        .iter()
        .find(|x| x.id == c)
        .map(|x| x.name.clone());
    let dn = geo
        .districts
        .iter()
        .find(|x| x.id == d)
        .map(|x| x.name.clone());
    let prov = geo.provinces.iter().find(|x| x.id == p);
    let full = format!(
        "{street}, {}, {}, {}",
        cn.clone().unwrap_or_default(),
        dn.clone().unwrap_or_default(),
        prov.map(|x| x.name.as_str()).unwrap_or_default()
    );
    json!({
        "full_name": full_name, "phone_number": phone, "address": street, "full_address": full,
        "province_id": p, "district_id": d, "commune_id": c,
        "province_name": prov.map(|x| x.name.clone()), "district_name": dn, "commnue_name": cn,
        "country_code": "84", "post_code": null,
        "new_province_id": prov.map(|x| x.new_id.clone()), "render_type": "old"
    })
}

/// Seed the main shop: catalog → products/variations, three warehouses, customers and orders.
pub fn seed_main_shop(options: &Options, geo: &Geo) -> Shop {
    let seed = options.seed;
    let base = Utc
        .with_ymd_and_hms(2025, 9, 1, 2, 0, 0)
        .single()
        .unwrap_or_else(Utc::now);
    let warehouses = vec![
        warehouse(seed, 0, "Kho Hà Nội", "00166", "90 Cầu Giấy", geo),
        warehouse(seed, 1, "Kho Hồ Chí Minh", "26740", "12 Nguyễn Huệ", geo),
        warehouse(seed, 2, "Kho Đà Nẵng", "20236", "45 Bạch Đằng", geo),
    ];
    let cat = catalog::catalog(options);
    let mut categories: Vec<&'static str> = Vec::new();
    let mut products = Vec::with_capacity(cat.len());
    let total_vars: usize = cat.iter().map(|p| p.variations.len()).sum();
    let mut variations = Vec::with_capacity(total_vars);
    let mut variation_index = HashMap::with_capacity(total_vars * 3);
    for p in &cat {
        let cat_pos = match categories.iter().position(|c| *c == p.category) {
            Some(i) => i,
            None => {
                categories.push(p.category);
                categories.len() - 1
            }
        };
        let inserted = base + ChronoDuration::minutes(p.index as i64 * 7);
        let mut var_idx = Vec::with_capacity(p.variations.len());
        for (vi, v) in p.variations.iter().enumerate() {
            let idx = variations.len();
            let id = uuid(seed, "variation", idx as u64);
            let stock = (0..warehouses.len())
                .map(|w| {
                    let q = catalog::vendor_stock_in(v, "pancake", w, warehouses.len(), seed);
                    Stock {
                        remain: q,
                        actual: q,
                    }
                })
                .collect();
            variation_index.insert(id.clone(), idx);
            variation_index.insert(v.sku.clone(), idx);
            variations.push(Variation {
                id,
                product: products.len(),
                sku: v.sku.clone(),
                barcode: Some(v.barcode.clone()),
                name: v.name.clone(),
                fields: v
                    .attributes
                    .iter()
                    .map(|(k, val)| ((*k).to_string(), (*val).to_string()))
                    .collect(),
                retail_price: v.retail_price,
                last_imported_price: v.cost_price,
                weight: i64::from(p.weight_g),
                images: vec![format!("{}?v={vi}", p.image_url)],
                stock,
                removed: false,
                hidden: false,
                inserted_at: inserted,
            });
            var_idx.push(idx);
        }
        products.push(Product {
            id: uuid(seed, "product", p.index as u64),
            code: p.code.clone(),
            name: p.name.clone(),
            category_id: 30_000 + cat_pos as i64,
            category: p.category.to_string(),
            image: p.image_url.clone(),
            weight: i64::from(p.weight_g),
            note_product: Some(format!("Thương hiệu {}", p.brand)),
            variations: var_idx,
            inserted_at: inserted,
            updated_at: inserted + ChronoDuration::days(3),
        });
    }

    let mut rng = StdRng::seed_from_u64(seed ^ 0x50A4_CA4E);
    let customers: Vec<Customer> = (0..60)
        .map(|i| {
            let c = people::customer(&mut rng);
            let t = base + ChronoDuration::hours(i * 5);
            Customer {
                id: uuid(seed, "customer", i as u64),
                address: address_json(geo, &c.name, &c.phone, &c.street, c.ward.ward_code),
                name: c.name,
                phone: c.phone,
                date_of_birth: None,
                gender: None,
                emails: Vec::new(),
                tags: Vec::new(),
                order_count: 0,
                inserted_at: t,
                updated_at: t,
            }
        })
        .collect();

    let mut shop = Shop {
        id: SHOP_ID,
        name: "Thời trang Sài Gòn (sandbox)".to_string(),
        staff: seed_staff(seed),
        warehouses,
        products,
        variations,
        variation_index,
        customers,
        orders: Vec::new(),
        order_index: HashMap::new(),
        next_order_id: 1,
        next_item_id: 1,
        webhook: json!({"webhook_enable": false, "webhook_url": null, "webhook_types": []}),
        histories: Vec::new(),
    };
    // orders are placed over the two weeks before the simulator starts (like Nhanh's), so the demo's
    // sales figures and speeds are about today
    seed_orders(&mut shop, seed, Utc::now(), &mut rng);
    // the seed is the state the shop starts from: its movements are not "since" any sync
    shop.histories.clear();
    shop
}

/// The carrier's shippers (name, phone) on the seeded shipments.
const SHIPPERS: &[(&str, &str)] = &[
    ("Phạm Văn Giao", "0987654321"),
    ("Đỗ Thị Hạnh", "0978123456"),
    ("Vũ Quốc Bảo", "0965432187"),
];

const SEED_STATUSES: &[i64] = &[
    0, 0, 17, 11, 12, 13, 20, 1, 1, 8, 9, 2, 2, 3, 3, 16, 4, 5, 6, 7,
];

fn seed_orders(shop: &mut Shop, seed: u64, now: DateTime<Utc>, rng: &mut StdRng) {
    if shop.variations.is_empty() || shop.customers.is_empty() {
        return;
    }
    for n in 0..60i64 {
        let status = SEED_STATUSES[n as usize % SEED_STATUSES.len()];
        let ci = rng.random_range(0..shop.customers.len());
        let wh = if n % 5 == 4 { 1 } else { 0 };
        let lines: Vec<OrderLine> = (0..rng.random_range(1..=3))
            .map(|_| {
                let v = rng.random_range(0..shop.variations.len());
                let item_id = shop.next_item_id;
                shop.next_item_id += 1;
                OrderLine {
                    item_id,
                    variation: v,
                    quantity: rng.random_range(1..=3),
                    discount_each_product: 0,
                    retail_price: shop.variations[v].retail_price,
                    is_bonus_product: false,
                    note: None,
                }
            })
            .collect();
        // one every 5 hours back from now; every time of an order (a handed-over one's carrier times come
        // up to a day after it was placed, another's last edit 2 hours after) lies at least 2 hours back,
        // before any client's first sync and its look-back margin
        let settled = if shipped(status) || status == 5 {
            ChronoDuration::days(1) + ChronoDuration::hours(2)
        } else {
            ChronoDuration::hours(4)
        };
        let created = now - settled - ChronoDuration::minutes((59 - n) * 300);
        shop.customers[ci].order_count += 1;
        let c = shop.customers[ci].clone();
        let id = shop.next_order_id;
        shop.next_order_id += 1;
        let partner = if shipped(status) || status == 5 {
            let code = format!("GHN{:08}", 10_000_000 + id * 37);
            let partner_status = match status {
                3 | 16 => "delivered",
                4 => "returning",
                5 => "returned",
                _ => "on_the_way",
            };
            let picked_up = created + ChronoDuration::hours(20);
            let updated = created + ChronoDuration::days(1);
            json!({
                "partner_id": 5, "partner_name": "Giao hàng nhanh", "extend_code": code,
                "partner_status": partner_status, "cod": 0, "total_fee": 30_000,
                "sort_code": null, "paid_at": null, "updated_at": ts(updated), "system_created": true,
                "delivery_name": SHIPPERS[id as usize % SHIPPERS.len()].0,
                "delivery_tel": SHIPPERS[id as usize % SHIPPERS.len()].1,
                "picked_up_at": ts(picked_up),
                "first_delivery_at": if status == 2 { Value::Null } else { json!(ts(updated)) },
                "order_number_vtp": null, "printed_form": null,
                "extend_update": [{
                    "key": "status", "status": partner_status, "tracking_id": code, "note": "",
                    "update_at": ts(updated), "webhook_params": null
                }]
            })
        } else {
            Value::Null
        };
        let seller = &shop.staff[1];
        let marketplace = n % 2 == 1;
        // deposits by bank transfer, with the shop's proof of it
        let prepaid = if n % 3 == 1 { 50_000 } else { 0 };
        let mut extra = serde_json::Map::new();
        let mut put = |k: &str, v: Value| {
            extra.insert(k.to_string(), v);
        };
        put("creator_id", json!(seller.id));
        put("assigning_seller_id", json!(seller.id));
        put("assigning_care_id", json!(shop.staff[0].id));
        put("time_assign_care", json!(ts(created)));
        let editor = if partner.is_null() {
            seller
        } else {
            &shop.staff[2]
        };
        put("last_editor_id", json!(editor.id));
        if marketplace {
            put("marketplace_id", json!("-3"));
            put(
                "advanced_platform_fee",
                json!({
                    "platform_commission": 8_000, "service_fee": 5_000, "payment_fee": 2_000,
                    "seller_transaction_fee": 0, "affiliate_commission": 0, "ads_top_up": 0,
                    "diff_shipping_fee": 0, "marketplace_voucher": 0, "sfp_service_fee": 0
                }),
            );
        } else {
            // Facebook orders come from the manager's ads
            put("pke_mkter", json!(shop.staff[0].id));
            put("time_assign_marketer", json!(ts(created)));
            put("p_utm_source", json!("facebook"));
        }
        if !partner.is_null() {
            put("additional_info", json!({"service_partner": "standard"}));
            put(
                "time_send_partner",
                json!(ts(created + ChronoDuration::hours(6))),
            );
        }
        if prepaid > 0 {
            let proof_at = ts(created + ChronoDuration::minutes(30));
            let who = person_json(seller);
            put(
                "transfer_proofs",
                json!([{
                    "id": id, "order_id": id, "shop_id": shop.id,
                    "payment_id": uuid(seed, "payment", id as u64), "amount": prepaid,
                    "images": [format!("https://statics.pancake.vn/sandbox/chuyen-khoan-{id}.jpg")],
                    "note": "Khách chuyển khoản đặt cọc", "is_income": true, "is_verify": true,
                    "verify_at": proof_at, "verifier": person_json(&shop.staff[0]),
                    "creator": who, "last_editor": who, "order_info": null,
                    "inserted_at": proof_at, "updated_at": proof_at
                }]),
            );
        }
        if n % 5 == 2 {
            // a company buyer asks for a VAT invoice
            let address = c.address["full_address"].clone();
            put(
                "invoice_info_list",
                json!([{
                    "error": "", "invoice_type": "company", "is_requested": true, "order_sn": null,
                    "invoice_detail": {
                        "company_name": format!("Công ty TNHH Thương mại {}", c.name),
                        "company_tax_id": format!("03{:08}", 12_000_000 + id * 7919),
                        "company_email": format!("ketoan{id}@congty.vn"),
                        "company_address": address,
                        "company_address_breakdown": {
                            "company_detailed_address": c.address["address"], "company_full_address": address,
                            "company_town": c.address["commnue_name"], "company_district": c.address["district_name"],
                            "company_state": c.address["province_name"], "company_region": "VietNam",
                            "company_city": "", "company_province": "", "company_postcode": "",
                            "company_barangay": "", "company_additional_info": ""
                        }
                    }
                }]),
            );
        }
        let order = Order {
            id,
            system_id: 10_000 + id,
            display_id: id,
            custom_id: if n % 3 == 0 {
                Some(format!("SEED-{:05}", n + 1))
            } else {
                None
            },
            status,
            warehouse: wh,
            lines,
            bill_full_name: Some(c.name.clone()),
            bill_phone_number: Some(c.phone.clone()),
            bill_email: None,
            shop_customer_id: Some(c.id.clone()),
            shipping_address: c.address.clone(),
            shipping_fee: if n % 4 == 0 { 0 } else { 30_000 },
            total_discount: if n % 6 == 0 { 20_000 } else { 0 },
            prepaid,
            note: if n % 7 == 0 {
                Some("Giao giờ hành chính".into())
            } else {
                None
            },
            note_print: None,
            is_free_shipping: n % 4 == 0,
            received_at_shop: false,
            account: json!(if n % 2 == 0 { -1 } else { -3 }),
            account_name: Some(if n % 2 == 0 { "Facebook" } else { "Shopee" }.to_string()),
            // one of the shop's order tags (`GET /orders/tags`)
            tags: if n % 4 == 0 {
                vec![json!({"id": 3, "name": "Khách quen"})]
            } else {
                Vec::new()
            },
            partner,
            status_history: vec![
                json!({"status": status, "old_status": 0, "updated_at": ts(created + ChronoDuration::hours(2)), "editor_id": uuid(seed, "user", 0), "name": "Nguyễn Văn Quản Lý"}),
            ],
            inserted_at: created,
            updated_at: created + ChronoDuration::hours(2),
            extra,
        };
        let idx = shop.add_order(order);
        if shipped(status) {
            // shipped before the stock count the seed starts from: the base stock already excludes it, so
            // Pancake's on-hand agrees with the warehouse's (only the deliberate differences remain)
            shop.move_stock(idx, Some(status), None);
        }
    }
}

pub fn seed_second_shop(seed: u64, geo: &Geo) -> Shop {
    Shop {
        id: SECOND_SHOP_ID,
        name: "Mỹ phẩm Hà Thành (sandbox)".to_string(),
        staff: seed_staff(seed),
        warehouses: vec![warehouse(
            seed,
            10,
            "Kho Cầu Giấy",
            "00160",
            "8 Nghĩa Tân",
            geo,
        )],
        products: Vec::new(),
        variations: Vec::new(),
        variation_index: HashMap::new(),
        customers: Vec::new(),
        orders: Vec::new(),
        order_index: HashMap::new(),
        next_order_id: 1,
        next_item_id: 1,
        webhook: json!({"webhook_enable": false}),
        histories: Vec::new(),
    }
}

/// The categories of the seeded catalog as Pancake's tree (`id`, `text`, `nodes`): the catalog's
/// categories (the ids products carry), the two shirt categories grouped under "Áo", and a sub-category
/// of "Áo thun" that no product uses yet, so the tree is three levels deep like the [oas] example.
pub fn categories_json(shop: &Shop) -> Value {
    let mut seen: Vec<(i64, &str)> = Vec::new();
    for p in &shop.products {
        if !seen.iter().any(|(id, _)| *id == p.category_id) {
            seen.push((p.category_id, p.category.as_str()));
        }
    }
    let node =
        |id: i64, text: &str, nodes: Vec<Value>| json!({"id": id, "text": text, "nodes": nodes});
    let mut roots: Vec<Value> = Vec::new();
    let mut shirts: Vec<Value> = Vec::new();
    for (id, text) in seen {
        match text {
            "Áo thun" => shirts.push(node(
                id,
                text,
                vec![node(30_900, "Áo thun in họa tiết", vec![])],
            )),
            "Áo sơ mi" => shirts.push(node(id, text, vec![])),
            _ => roots.push(node(id, text, vec![])),
        }
    }
    if !shirts.is_empty() {
        roots.insert(0, node(30_800, "Áo", shirts));
    }
    Value::Array(roots)
}

/// A variation's price table ([oas] `price_table`): the wholesale price (80% of retail, rounded to
/// 1 000 đ) and the retail price.
pub fn price_table_json(v: &Variation) -> Value {
    let wholesale = (v.retail_price * 8 / 10 / 1_000) * 1_000;
    json!([
        {"id": uuid(v.retail_price as u64, &v.id, 1), "name": "Giá bán sỉ", "price": wholesale},
        {"id": uuid(v.retail_price as u64, &v.id, 2), "name": "Giá bán lẻ", "price": v.retail_price}
    ])
}

/// A variation's parcel size in cm ([oas] `size`), growing with its weight.
pub fn size_json(v: &Variation) -> Value {
    json!({"length": 30, "width": 20, "height": 2 + v.weight.max(0) / 100})
}

/// A product's tags ([oas] `product.tags`: `{id, note}`): products whose code ends in 1 or 5 are tagged
/// "Hàng mới về", the others untagged.
pub fn product_tags_json(p: &Product) -> Value {
    if p.code.ends_with(['1', '5']) {
        json!([{"id": 51, "note": "Hàng mới về"}])
    } else {
        json!([])
    }
}

/// `link_post_marketer` of a shop (`GET /shops`): its Facebook page's orders go to the manager as marketer.
pub fn link_post_marketer_json(shop: &Shop, seed: u64) -> Value {
    let page_id = format!("10443818122{}", shop.id);
    let marketer = shop.staff.first().map(|s| s.id.clone());
    json!([{
        "id": uuid(seed, "link_post_marketer", shop.id as u64), "shop_id": shop.id, "type": "source",
        "marketer": marketer, "ad_account_id": null, "inserted_at": "2025-08-21T03:02:04",
        "multiple_post": [],
        "multiple_source": [{"account": page_id, "key": "-1", "page_id": page_id}]
    }])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_has_the_size_and_variety_the_demo_needs() {
        let geo = build_geo();
        let shop = seed_main_shop(&Options::default(), &geo);
        assert!(shop.products.len() >= 80);
        assert!(shop.variations.len() >= 300);
        assert!(shop
            .variations
            .iter()
            .all(|v| v.barcode.is_some() && !v.sku.is_empty()));
        assert_eq!(shop.warehouses.len(), 3);
        assert!(shop.orders.len() >= 50);
        let mut statuses: Vec<i64> = shop.orders.iter().map(|o| o.status).collect();
        statuses.sort_unstable();
        statuses.dedup();
        assert!(statuses.len() >= 8, "{statuses:?}");
        assert!(shop.orders.iter().all(|o| o.shipping_address["province_id"]
            .as_str()
            .is_some_and(|p| !p.is_empty())));
        assert_eq!(geo.provinces.len(), 3);
        assert!(geo.communes.iter().all(|c| c.new_id.is_some()));
    }

    #[test]
    fn the_seed_is_deterministic() {
        let geo = build_geo();
        let a = seed_main_shop(&Options::default(), &geo);
        let b = seed_main_shop(&Options::default(), &geo);
        let ids = |s: &Shop| -> Vec<String> { s.variations.iter().map(|v| v.id.clone()).collect() };
        assert_eq!(ids(&a), ids(&b));
        assert_eq!(a.orders.len(), b.orders.len());
        let other = seed_main_shop(
            &Options {
                seed: 7,
                ..Options::default()
            },
            &geo,
        );
        assert_ne!(ids(&a)[0], ids(&other)[0]);
        assert_eq!(uuid(1, "x", 2).len(), 36);
    }

    #[test]
    fn status_moves_follow_the_inferred_graph() {
        assert!(transition_allowed(0, 1));
        assert!(transition_allowed(1, 6));
        assert!(transition_allowed(8, 2));
        assert!(!transition_allowed(2, 6), "no cancel after shipping");
        assert!(!transition_allowed(12, 0), "no way back to new");
        assert!(!transition_allowed(7, 0), "removed is final");
        assert!(transition_allowed(3, 3), "no-op");
    }

    #[test]
    fn orders_reserve_ship_and_return_stock() {
        let geo = build_geo();
        let mut shop = seed_main_shop(
            &Options {
                products: 3,
                seed: 1,
            },
            &geo,
        );
        shop.orders.clear();
        shop.order_index.clear();
        let v = 0;
        shop.variations[v].stock[0] = Stock {
            remain: 10,
            actual: 10,
        };
        let mut order = seed_main_shop(&Options::default(), &geo).orders[0].clone();
        order.status = 0;
        order.warehouse = 0;
        order.lines = vec![OrderLine {
            item_id: 1,
            variation: v,
            quantity: 3,
            discount_each_product: 0,
            retail_price: 1,
            is_bonus_product: false,
            note: None,
        }];
        let i = shop.add_order(order);
        assert_eq!(
            shop.variations[v].stock[0],
            Stock {
                remain: 7,
                actual: 10
            }
        );
        shop.move_stock(i, Some(0), Some(2));
        assert_eq!(
            shop.variations[v].stock[0],
            Stock {
                remain: 7,
                actual: 7
            }
        );
        shop.move_stock(i, Some(2), Some(4));
        shop.move_stock(i, Some(4), Some(5));
        assert_eq!(
            shop.variations[v].stock[0],
            Stock {
                remain: 10,
                actual: 10
            }
        );
    }
}
