//! In-memory state of the Onflow simulator: products with per-warehouse stock, POs, B2C shipments,
//! returns and uploaded files, plus the status flows and their stock effects.

use std::collections::{BTreeMap, HashMap, VecDeque};

use axum::http::StatusCode;
use bytes::Bytes;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Map, Value};

use super::rules;
use super::text::{return_label, shipment_label, ApiError, Lang};
use crate::common::catalog::{catalog, vendor_stock_in};
use crate::Options;

/// Warehouses: (code, name, address). `ONF_WH_HN_LB` is documented; the others follow its pattern.
pub const WAREHOUSES: &[(&str, &str, &str)] = &[
    (
        "ONF_WH_HN_LB",
        "Kho Hà Nội - Long Biên",
        "KCN Sài Đồng B, Phường Phúc Lợi, Long Biên, Hà Nội",
    ),
    (
        "ONF_WH_HCM_TD",
        "Kho TP.HCM - Thủ Đức",
        "Đường số 2, KCN Linh Trung, Phường Linh Xuân, TP. Thủ Đức, TP. Hồ Chí Minh",
    ),
    (
        "ONF_WH_DN_LC",
        "Kho Đà Nẵng - Liên Chiểu",
        "KCN Hòa Khánh, Phường Hòa Khánh Bắc, Liên Chiểu, Đà Nẵng",
    ),
];

/// Seeded records are dated from here (2026-03-13, the era of the documented examples).
const SEED_TIME: i64 = 1_773_367_142;

pub mod ship {
    pub const NEW: i64 = 100;
    pub const PICKED: i64 = 200;
    pub const PACKED: i64 = 250;
    pub const HANDED_OVER: i64 = 300;
    pub const CANCELLED_BEFORE_PACK: i64 = 400;
    pub const CANCELLED_AFTER_PACK: i64 = 500;
}

pub mod ret {
    pub const NEW: i64 = 100;
    pub const IN_TRANSIT: i64 = 200;
    pub const RECEIVED: i64 = 300;
    pub const PROBLEM: i64 = 350;
    pub const RESTOCKED: i64 = 400;
    pub const CANCELLED: i64 = 500;
}

pub const PLATFORMS: &[&str] = &["shopee", "lazada", "tiktok", "tiki"];

#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub on_hand: i64,
    pub reserved: i64,
    pub updated: i64,
}

#[derive(Debug, Clone)]
pub struct Product {
    pub oasin: String,
    pub sku: String,
    pub name: String,
    pub status: &'static str,
    pub price: i64,
    pub brand_id: Option<i64>,
    pub barcodes: Vec<String>,
    /// Other request fields, echoed back in Detail (weight, images, shelf life …).
    pub attrs: Map<String, Value>,
    pub created: i64,
    pub updated: i64,
    /// warehouse code → stock; the keys are the warehouses the product is mapped to.
    pub stock: BTreeMap<String, Cell>,
}

#[derive(Debug, Clone)]
pub struct PoPackage {
    pub code: String,
    pub dims: Map<String, Value>,
    pub items: Vec<(String, i64)>,
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Po {
    pub code: String,
    pub reference: String,
    pub warehouse: String,
    pub status: &'static str,
    pub vas: Vec<String>,
    pub packages: Vec<PoPackage>,
    pub documents: Vec<Value>,
    pub note: Option<String>,
    pub eta: Option<i64>,
    pub created: i64,
    pub updated: i64,
    pub completed: Option<i64>,
    pub cancelled: Option<i64>,
    /// Units short at receipt on the PO's last line (the dock counted fewer than declared); set by the
    /// admin route or the seed, so the inspection result shows a difference.
    pub short: i64,
}

impl Po {
    /// What the dock received of line `n` of package `p` (declared `qty`).
    fn received(&self, p: usize, n: usize, qty: i64) -> i64 {
        let last_p = self.packages.len().saturating_sub(1);
        let last_n = self
            .packages
            .get(last_p)
            .map_or(0, |pk| pk.items.len().saturating_sub(1));
        if p == last_p && n == last_n {
            (qty - self.short).max(0)
        } else {
            qty
        }
    }
}

#[derive(Debug, Clone)]
pub struct Item {
    pub oasin: String,
    pub sku: String,
    pub quantity: i64,
}

#[derive(Debug, Clone)]
pub struct Shipment {
    pub code: String,
    pub reference: String,
    pub courier: Option<String>,
    pub warehouse: String,
    pub platform: String,
    pub status: i64,
    pub status_time: i64,
    pub items: Vec<Item>,
    pub documents: Vec<Value>,
    pub note: Option<String>,
    pub created: i64,
    pub updated: i64,
    pub picked: Option<i64>,
    pub packed: Option<i64>,
    pub handover: Option<i64>,
    pub cancelled: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct Return {
    pub code: String,
    pub shipment: String,
    pub reference: String,
    pub partner: Option<String>,
    pub courier: Option<String>,
    pub warehouse: String,
    pub status: i64,
    pub status_time: i64,
    pub items: Vec<Item>,
    pub reason: Option<String>,
    pub note: Option<String>,
    pub created: i64,
    pub updated: i64,
    pub cancelled: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct StoredFile {
    pub bytes: Bytes,
    pub content_type: &'static str,
}

/// Upper bound of bytes kept for uploaded files; the oldest are forgotten past it.
const FILES_BUDGET: usize = 256 * 1024 * 1024;

pub struct Store {
    pub products: Vec<Product>,
    by_oasin: HashMap<String, usize>,
    by_sku: HashMap<String, usize>,
    by_barcode: HashMap<String, usize>,
    pub brands: Vec<(i64, String)>,
    pub pos: Vec<Po>,
    po_idx: HashMap<String, usize>,
    pub shipments: Vec<Shipment>,
    ship_idx: HashMap<String, usize>,
    ship_by_ref: HashMap<String, usize>,
    pub returns: Vec<Return>,
    ret_idx: HashMap<String, usize>,
    ret_by_ref: HashMap<String, usize>,
    files: HashMap<String, StoredFile>,
    /// PO code → key of its generated bill PDF.
    bills: HashMap<String, String>,
    file_order: VecDeque<String>,
    file_bytes: usize,
    next_oasin: u64,
    next_po: u64,
    next_ship: u64,
    next_ret: u64,
    rng: StdRng,
}

pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn money(v: i64) -> String {
    format!("{v}.00")
}

fn opt_time(t: Option<i64>) -> Value {
    t.map(Value::from).unwrap_or(Value::Null)
}

impl Store {
    pub fn seed(options: &Options) -> Store {
        let mut rng = StdRng::seed_from_u64(options.seed ^ 0x0F10_F10F);
        let cat = catalog(options);
        let mut brands: Vec<(i64, String)> = vec![(2240, "Tamron".to_string())];
        let mut s = Store {
            products: Vec::new(),
            by_oasin: HashMap::new(),
            by_sku: HashMap::new(),
            by_barcode: HashMap::new(),
            brands: Vec::new(),
            pos: Vec::new(),
            po_idx: HashMap::new(),
            shipments: Vec::new(),
            ship_idx: HashMap::new(),
            ship_by_ref: HashMap::new(),
            returns: Vec::new(),
            ret_idx: HashMap::new(),
            ret_by_ref: HashMap::new(),
            files: HashMap::new(),
            bills: HashMap::new(),
            file_order: VecDeque::new(),
            file_bytes: 0,
            next_oasin: 1_400_000 + rng.random_range(0..50_000),
            next_po: 227_000_000 + rng.random_range(0..1_000_000),
            next_ship: 51_000_000 + rng.random_range(0..1_000_000),
            next_ret: 220_000_000 + rng.random_range(0..1_000_000),
            rng,
        };
        let mut k = 0usize;
        for p in &cat {
            let brand_id = match brands.iter().find(|(_, n)| n == p.brand) {
                Some((id, _)) => *id,
                None => {
                    let id = 2241 + brands.len() as i64 - 1;
                    brands.push((id, p.brand.to_string()));
                    id
                }
            };
            for v in &p.variations {
                let oasin = s.new_oasin();
                let mut attrs = Map::new();
                attrs.insert("weight".into(), json!(p.weight_g));
                attrs.insert("length".into(), json!(30));
                attrs.insert("width".into(), json!(20));
                attrs.insert("height".into(), json!(5));
                for (axis, value) in &v.attributes {
                    let key = if *axis == "Màu" {
                        "product_color"
                    } else {
                        "product_size"
                    };
                    attrs.insert(key.into(), json!(value));
                }
                attrs.insert("product_image_url_main".into(), json!(p.image_url));
                attrs.insert("product_type".into(), json!("PHYSICAL"));
                attrs.insert("product_unit".into(), json!("PACKAGE"));
                attrs.insert("storage_method".into(), json!("NORMAL"));
                let cosmetics = p.category == "Mỹ phẩm";
                attrs.insert(
                    "inventory_tracking_type".into(),
                    json!(if cosmetics { "BOTH" } else { "NONE" }),
                );
                attrs.insert(
                    "outbound_strategy".into(),
                    json!(if cosmetics { "FEFO" } else { "FIFO" }),
                );
                attrs.insert(
                    "product_characteristics".into(),
                    json!(if cosmetics { vec!["FRAGILE"] } else { vec![] }),
                );
                attrs.insert(
                    "shelf_life".into(),
                    if cosmetics { json!(720) } else { Value::Null },
                );
                attrs.insert("min_stock_warning".into(), json!(10));
                let n_wh = if k.is_multiple_of(3) { 3 } else { 2 };
                let created = SEED_TIME - 86_400 * 30 + (k as i64) * 60;
                let stock = WAREHOUSES[..n_wh]
                    .iter()
                    .enumerate()
                    .map(|(wi, (code, _, _))| {
                        (
                            code.to_string(),
                            Cell {
                                on_hand: vendor_stock_in(v, "onflow", wi, n_wh, options.seed),
                                reserved: 0,
                                updated: created,
                            },
                        )
                    })
                    .collect();
                s.insert_product(Product {
                    oasin,
                    sku: v.sku.clone(),
                    name: v.name.clone(),
                    status: "ACTIVE",
                    price: v.retail_price,
                    brand_id: Some(brand_id),
                    barcodes: vec![v.barcode.clone()],
                    attrs,
                    created,
                    updated: created,
                    stock,
                });
                k += 1;
            }
        }
        s.brands = brands;
        s.seed_documents();
        s
    }

    fn insert_product(&mut self, p: Product) {
        let i = self.products.len();
        self.by_oasin.insert(p.oasin.clone(), i);
        self.by_sku.insert(p.sku.clone(), i);
        for b in &p.barcodes {
            self.by_barcode.insert(b.clone(), i);
        }
        self.products.push(p);
    }

    fn new_oasin(&mut self) -> String {
        self.next_oasin += self.rng.random_range(1..=37);
        format!("OASIN{:07}", self.next_oasin % 10_000_000)
    }
    fn new_po_code(&mut self) -> String {
        self.next_po += self.rng.random_range(1..=97);
        format!("OAPO{:09}", self.next_po % 1_000_000_000)
    }
    fn new_ship_code(&mut self) -> String {
        self.next_ship += self.rng.random_range(1..=97);
        format!("OASC{:08}", self.next_ship % 100_000_000)
    }
    fn new_ret_code(&mut self) -> String {
        self.next_ret += self.rng.random_range(1..=97);
        format!("OARSC{:09}", self.next_ret % 1_000_000_000)
    }
    pub fn hex32(&mut self) -> String {
        format!("{:032x}", self.rng.random::<u128>())
    }

    /// Some POs, shipments and returns in several statuses, so every screen has something to show.
    fn seed_documents(&mut self) {
        if self.products.is_empty() {
            return;
        }
        let n = self.products.len();
        let pick = |rng: &mut StdRng| rng.random_range(0..n);
        // POs
        let po_statuses = [
            "TRANSIT",
            "TRANSIT",
            "RECEIVING",
            "COMPLETED",
            "COMPLETED",
            "CANCELLED",
        ];
        for (i, status) in po_statuses.iter().enumerate() {
            let warehouse = WAREHOUSES[i % 2].0.to_string();
            let mut items = Vec::new();
            for _ in 0..3 {
                let idx = pick(&mut self.rng);
                items.push((
                    self.products[idx].oasin.clone(),
                    self.rng.random_range(20..200),
                ));
            }
            items.sort();
            items.dedup_by(|a, b| a.0 == b.0);
            let created = SEED_TIME - 86_400 * (10 - i as i64);
            let code = self.new_po_code();
            let done = *status == "COMPLETED";
            let po = Po {
                code: code.clone(),
                reference: format!("PO-{}", created),
                warehouse,
                status,
                vas: if i % 2 == 0 {
                    vec!["CO_INSPECTION".into()]
                } else {
                    vec![]
                },
                packages: vec![PoPackage {
                    code: "PKG_01".into(),
                    dims: json!({"weight": 1000, "length": 60, "width": 40, "height": 40})
                        .as_object()
                        .cloned()
                        .unwrap_or_default(),
                    items,
                    note: Some("Hàng dễ vỡ, xếp nhẹ tay".into()),
                }],
                documents: vec![],
                note: Some("Nhập hàng đợt mới".into()),
                eta: Some(created + 3 * 86_400),
                created,
                updated: created + 3600,
                completed: done.then_some(created + 2 * 86_400),
                cancelled: (*status == "CANCELLED").then_some(created + 7200),
                // the first completed PO came in short
                short: if i == 3 { 2 } else { 0 },
            };
            self.po_idx.insert(code, self.pos.len());
            self.pos.push(po);
        }
        // shipments
        let ship_statuses = [
            ship::NEW,
            ship::PICKED,
            ship::PACKED,
            ship::HANDED_OVER,
            ship::HANDED_OVER,
            ship::HANDED_OVER,
            ship::CANCELLED_BEFORE_PACK,
            ship::CANCELLED_AFTER_PACK,
            ship::NEW,
            ship::HANDED_OVER,
            ship::PACKED,
            ship::HANDED_OVER,
        ];
        for (i, status) in ship_statuses.iter().copied().enumerate() {
            let warehouse = WAREHOUSES[i % 2].0.to_string();
            let mut items: Vec<Item> = Vec::new();
            let want = 1 + i % 3;
            for _ in 0..20 {
                if items.len() >= want {
                    break;
                }
                let idx = pick(&mut self.rng);
                let qty = self.rng.random_range(1..=2);
                let p = &self.products[idx];
                let ok = p
                    .stock
                    .get(&warehouse)
                    .is_some_and(|c| c.on_hand - c.reserved >= qty + 2)
                    && !items.iter().any(|it| it.oasin == p.oasin);
                if ok {
                    items.push(Item {
                        oasin: p.oasin.clone(),
                        sku: p.sku.clone(),
                        quantity: qty,
                    });
                }
            }
            if items.is_empty() {
                continue;
            }
            let open = matches!(status, ship::NEW | ship::PICKED | ship::PACKED);
            if open {
                for it in &items {
                    if let Some(c) = self.cell_mut(&it.oasin, &warehouse) {
                        c.reserved += it.quantity;
                    }
                }
            }
            let created = SEED_TIME - 86_400 * 3 + (i as i64) * 3_700;
            let code = self.new_ship_code();
            let picked = (status >= ship::PICKED && status != ship::CANCELLED_BEFORE_PACK)
                .then_some(created + 159);
            let packed = (status >= ship::PACKED && status != ship::CANCELLED_BEFORE_PACK)
                .then_some(created + 169);
            let handover = (status == ship::HANDED_OVER).then_some(created + 472);
            let cancelled = (status >= ship::CANCELLED_BEFORE_PACK).then_some(created + 900);
            let status_time = handover
                .or(cancelled)
                .or(packed)
                .or(picked)
                .unwrap_or(created);
            let sh = Shipment {
                code: code.clone(),
                reference: format!("MERCHANT{}", created),
                courier: Some(format!("COURIER{}", created)),
                warehouse,
                platform: PLATFORMS[i % PLATFORMS.len()].to_string(),
                status,
                status_time,
                items,
                documents: vec![],
                note: None,
                created,
                updated: status_time,
                picked,
                packed,
                handover,
                cancelled,
            };
            self.ship_by_ref
                .insert(sh.reference.clone(), self.shipments.len());
            self.ship_idx.insert(code, self.shipments.len());
            self.shipments.push(sh);
        }
        // returns of handed-over shipments
        let handed: Vec<usize> = self
            .shipments
            .iter()
            .enumerate()
            .filter(|(_, s)| s.status == ship::HANDED_OVER)
            .map(|(i, _)| i)
            .collect();
        let ret_statuses = [ret::PROBLEM, ret::NEW, ret::IN_TRANSIT, ret::RESTOCKED];
        for (j, (si, status)) in handed.iter().zip(ret_statuses).enumerate() {
            let sh = self.shipments[*si].clone();
            let created = sh.created + 86_400 * 3 + j as i64 * 600;
            let code = self.new_ret_code();
            let r = Return {
                code: code.clone(),
                shipment: sh.code.clone(),
                reference: format!("MERCHANT-{}", created),
                partner: Some(format!("PARTNER{}", sh.created)),
                courier: Some(format!("RCTC-{}", created)),
                warehouse: sh.warehouse.clone(),
                status,
                status_time: created + 3600,
                items: sh.items.clone(),
                reason: Some("change_mind".into()),
                note: None,
                created,
                updated: created + 3600,
                cancelled: None,
            };
            self.ret_by_ref
                .insert(r.reference.clone(), self.returns.len());
            self.ret_idx.insert(code, self.returns.len());
            self.returns.push(r);
        }
    }

    /// Set the sellable stock (on hand less reserved) of the product with SKU `sku`, over all its
    /// warehouses, to `sellable`: the first warehouse keeps it, the others none (tests and the demo's
    /// low-stock seam). Answers the SKU's OASIN, `None` when no product has that SKU.
    pub fn set_sellable_by_sku(&mut self, sku: &str, sellable: i64) -> Option<String> {
        let i = self
            .products
            .iter()
            .position(|p| p.sku.trim().eq_ignore_ascii_case(sku.trim()))?;
        let p = &mut self.products[i];
        let mut left = sellable.max(0);
        for c in p.stock.values_mut() {
            c.on_hand = c.reserved + left;
            left = 0;
        }
        Some(p.oasin.clone())
    }

    pub(crate) fn cell_mut(&mut self, oasin: &str, warehouse: &str) -> Option<&mut Cell> {
        let i = *self.by_oasin.get(oasin)?;
        self.products[i].stock.get_mut(warehouse)
    }

    pub fn warehouse_exists(code: &str) -> bool {
        WAREHOUSES.iter().any(|(c, _, _)| *c == code)
    }

    // -----------------------------------------------------------------------------------------------------
    // JSON views
    // -----------------------------------------------------------------------------------------------------

    pub fn product_json(&self, p: &Product) -> Value {
        let brand = p
            .brand_id
            .and_then(|id| self.brands.iter().find(|(b, _)| *b == id))
            .map(|(id, name)| json!({"id": id, "name": name}))
            .unwrap_or(Value::Null);
        let mut m = Map::new();
        m.insert("currency".into(), json!("VND"));
        m.insert("created_time".into(), json!(p.created));
        m.insert("updated_time".into(), json!(p.updated));
        m.insert("oasin".into(), json!(p.oasin));
        m.insert("name".into(), json!(p.name));
        m.insert("sku".into(), json!(p.sku));
        m.insert("status".into(), json!(p.status));
        m.insert("price".into(), json!(money(p.price)));
        m.insert("brand".into(), brand);
        m.insert("barcodes".into(), json!(p.barcodes));
        for (k, v) in &p.attrs {
            // Detail shows a single characteristic as a plain string
            if k == "product_characteristics" {
                let v = match v.as_array() {
                    Some(a) if a.len() == 1 => a[0].clone(),
                    Some(a) if a.is_empty() => Value::Null,
                    _ => v.clone(),
                };
                m.insert(k.clone(), v);
            } else {
                m.insert(k.clone(), v.clone());
            }
        }
        m.insert(
            "warehouse_codes".into(),
            json!(p.stock.keys().collect::<Vec<_>>()),
        );
        Value::Object(m)
    }

    pub fn stock_json(p: &Product, wh: &str, c: &Cell) -> Value {
        json!({
            "oasin": p.oasin,
            "sku": p.sku,
            "warehouse_code": wh,
            "on_hand_quantity": c.on_hand,
            "available_quantity": (c.on_hand - c.reserved).max(0),
            "reserved_quantity": c.reserved,
            "stock_level": "A",
            "updated_time": c.updated,
        })
    }

    pub fn po_json(p: &Po) -> Value {
        let packages: Vec<Value> = p
            .packages
            .iter()
            .map(|pk| {
                let mut m = pk.dims.clone();
                m.insert("package_code".into(), json!(pk.code));
                m.insert(
                    "items".into(),
                    Value::Array(
                        pk.items
                            .iter()
                            .map(|(o, q)| json!({"oasin": o, "product_quantity": q}))
                            .collect(),
                    ),
                );
                m.insert(
                    "package_note".into(),
                    pk.note.clone().map(Value::from).unwrap_or(Value::Null),
                );
                Value::Object(m)
            })
            .collect();
        json!({
            "po_code": p.code,
            "merchant_po_reference": p.reference,
            "warehouse_code": p.warehouse,
            "status": p.status,
            "vas": p.vas,
            "packages": packages,
            "po_documents": p.documents,
            "note": p.note,
            "estimated_arrival_time": opt_time(p.eta),
            "created_time": p.created,
            "updated_time": p.updated,
            "completed_time": opt_time(p.completed),
            "cancelled_time": opt_time(p.cancelled),
        })
    }

    fn items_json(items: &[Item]) -> Value {
        Value::Array(
            items
                .iter()
                .map(|i| json!({"oasin": i.oasin, "sku": i.sku, "quantity": i.quantity}))
                .collect(),
        )
    }

    pub fn shipment_json(s: &Shipment, lang: Lang) -> Value {
        json!({
            "status_info": {
                "value": s.status,
                "label": shipment_label(s.status, lang),
                "updated_time": s.status_time,
            },
            "created_time": s.created,
            "updated_time": s.updated,
            "warehouse_code": s.warehouse,
            "tracking_code": s.code,
            "merchant_tracking_code_reference": s.reference,
            "courier_tracking_code": s.courier,
            "picked_time": opt_time(s.picked),
            "packed_time": opt_time(s.packed),
            "handover_time": opt_time(s.handover),
            "cancelled_time": opt_time(s.cancelled),
            "platform": s.platform,
            "items": Self::items_json(&s.items),
            "documents": s.documents,
            "note": s.note,
        })
    }

    pub fn return_json(r: &Return, lang: Lang) -> Value {
        json!({
            "status_info": {
                "value": r.status,
                "label": return_label(r.status, lang),
                "updated_time": r.status_time,
            },
            "warehouse_code": r.warehouse,
            "return_tracking_code": r.code,
            "shipment_tracking_code": r.shipment,
            "merchant_return_tracking_code_reference": r.reference,
            "partner_tracking_code": r.partner,
            "return_courier_tracking_code": r.courier,
            "items": Self::items_json(&r.items),
            "reason": r.reason,
            "note": r.note,
            "created_time": r.created,
            "updated_time": r.updated,
            "cancelled_time": opt_time(r.cancelled),
        })
    }

    // -----------------------------------------------------------------------------------------------------
    // Lookups
    // -----------------------------------------------------------------------------------------------------

    pub fn product(&self, oasin: &str) -> Option<&Product> {
        self.by_oasin.get(oasin).map(|i| &self.products[*i])
    }
    pub fn po(&self, code: &str) -> Option<&Po> {
        self.po_idx.get(code).map(|i| &self.pos[*i])
    }
    pub fn shipment(&self, code: &str) -> Option<&Shipment> {
        self.ship_idx.get(code).map(|i| &self.shipments[*i])
    }
    pub fn shipment_by_reference(&self, reference: &str) -> Option<&Shipment> {
        self.ship_by_ref.get(reference).map(|i| &self.shipments[*i])
    }
    pub fn return_(&self, code: &str) -> Option<&Return> {
        self.ret_idx.get(code).map(|i| &self.returns[*i])
    }
    pub fn file(&self, name: &str) -> Option<&StoredFile> {
        self.files.get(name)
    }

    // -----------------------------------------------------------------------------------------------------
    // Products
    // -----------------------------------------------------------------------------------------------------

    pub fn create_product(&mut self, body: &Map<String, Value>) -> Result<Value, ApiError> {
        rules::check_product(body)?;
        let sku = str_field(body, "sku").unwrap_or_default();
        let name = str_field(body, "name").unwrap_or_default();
        let brand_id = body.get("brand_id").and_then(int_value);
        if let Some(id) = brand_id {
            if !self.brands.iter().any(|(b, _)| *b == id) {
                return Err(ApiError::new(StatusCode::NOT_FOUND, "NOT_FOUND").variant(1));
            }
        }
        if self.by_sku.contains_key(&sku) {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "ALREADY_EXISTS",
            ));
        }
        let barcodes: Vec<String> = body
            .get("product_barcodes")
            .map(string_list)
            .unwrap_or_default();
        if barcodes.iter().any(|b| self.by_barcode.contains_key(b)) {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "DUPLICATE_BARCODE",
            ));
        }
        let price = body.get("product_price").and_then(int_value).unwrap_or(0);
        let mut attrs = Map::new();
        for key in [
            "weight",
            "length",
            "width",
            "height",
            "product_size",
            "product_color",
            "product_image_url_main",
            "product_image_url_secondary",
            "product_characteristics",
            "min_stock_warning",
            "storage_method",
            "inventory_tracking_type",
            "outbound_strategy",
            "shelf_life",
            "min_shelf_life_inbound",
            "min_shelf_life_outbound",
            "product_type",
            "product_unit",
        ] {
            if let Some(v) = body.get(key) {
                attrs.insert(key.to_string(), v.clone());
            }
        }
        let t = now();
        let oasin = self.new_oasin();
        self.insert_product(Product {
            oasin: oasin.clone(),
            sku: sku.clone(),
            name,
            status: "NEW",
            price,
            brand_id,
            barcodes,
            attrs,
            created: t,
            updated: t,
            stock: BTreeMap::new(),
        });
        Ok(json!({"oasin": oasin, "sku": sku, "status": "NEW", "created_time": t}))
    }

    fn product_idx(&self, oasin: &str) -> Result<usize, ApiError> {
        self.by_oasin
            .get(oasin)
            .copied()
            .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "PRODUCT_NOT_FOUND"))
    }

    pub fn assign_product(
        &mut self,
        oasin: &str,
        body: &Map<String, Value>,
    ) -> Result<Value, ApiError> {
        let i = self.product_idx(oasin)?;
        let mut codes: Vec<String> = body
            .get("warehouse_codes")
            .map(string_list)
            .unwrap_or_default();
        if let Some(c) = str_field(body, "warehouse_code") {
            codes.push(c);
        }
        codes.dedup();
        if codes.is_empty() {
            return Err(ApiError::bad_payload(
                "warehouse_codes",
                "This field is required.",
            ));
        }
        if let Some(bad) = codes.iter().find(|c| !Self::warehouse_exists(c)) {
            return Err(ApiError::new(StatusCode::NOT_FOUND, "WAREHOUSE_NOT_FOUND").param(bad));
        }
        let p = &mut self.products[i];
        if p.status == "INACTIVE" {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "PRODUCT_CANNOT_ASSIGN_TO_WAREHOUSE",
            ));
        }
        if codes.iter().all(|c| p.stock.contains_key(c)) {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "PRODUCT_WAREHOUSE_CONFLICT",
            ));
        }
        let t = now();
        for c in codes {
            p.stock.entry(c).or_insert(Cell {
                on_hand: 0,
                reserved: 0,
                updated: t,
            });
        }
        p.status = "ACTIVE";
        p.updated = t;
        Ok(json!({
            "oasin": p.oasin,
            "status": p.status,
            "warehouse_codes": p.stock.keys().collect::<Vec<_>>(),
        }))
    }

    pub fn deactivate_product(&mut self, oasin: &str) -> Result<Value, ApiError> {
        let i = self.product_idx(oasin)?;
        let p = &mut self.products[i];
        p.status = "INACTIVE";
        p.updated = now();
        Ok(json!({
            "oasin": p.oasin,
            "status": p.status,
            "warehouse_codes": p.stock.keys().collect::<Vec<_>>(),
        }))
    }

    /// Legacy "Delete Product": only a NEW product can be deleted.
    pub fn delete_product(&mut self, oasin: &str) -> Result<Value, ApiError> {
        let i = self.product_idx(oasin)?;
        if self.products[i].status != "NEW" {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "PRODUCT_STATUS_NOT_NEW",
            ));
        }
        self.products[i].status = "INACTIVE";
        Ok(json!({"oasin": oasin, "success": true}))
    }

    /// Validate `(oasin, qty)` lines against a warehouse: exist, ACTIVE, mapped.
    fn check_lines(&self, warehouse: &str, oasins: &[String]) -> Result<(), ApiError> {
        let missing: Vec<&str> = oasins
            .iter()
            .filter(|o| !self.by_oasin.contains_key(*o))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            return Err(
                ApiError::new(StatusCode::NOT_FOUND, "PRODUCTS_BY_OASIN_NOT_FOUND")
                    .param(missing.join(", ")),
            );
        }
        let inactive: Vec<&str> = oasins
            .iter()
            .filter(|o| self.product(o).is_some_and(|p| p.status != "ACTIVE"))
            .map(String::as_str)
            .collect();
        if !inactive.is_empty() {
            return Err(
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "PRODUCTS_INACTIVE")
                    .param(inactive.join(", ")),
            );
        }
        let unmapped: Vec<&str> = oasins
            .iter()
            .filter(|o| {
                self.product(o)
                    .is_some_and(|p| !p.stock.contains_key(warehouse))
            })
            .map(String::as_str)
            .collect();
        if !unmapped.is_empty() {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "PRODUCTS_NOT_MAPPED_IN_WAREHOUSE",
            )
            .param(unmapped.join(", ")));
        }
        Ok(())
    }

    fn warehouse_field(body: &Map<String, Value>) -> Result<String, ApiError> {
        let wh = str_field(body, "warehouse_code").unwrap_or_default();
        if wh.is_empty() {
            return Err(ApiError::bad_payload(
                "warehouse_code",
                "This field is required.",
            ));
        }
        if !Self::warehouse_exists(&wh) {
            return Err(ApiError::new(StatusCode::NOT_FOUND, "WAREHOUSE_NOT_FOUND").param(wh));
        }
        Ok(wh)
    }

    // -----------------------------------------------------------------------------------------------------
    // POs
    // -----------------------------------------------------------------------------------------------------

    pub fn create_po(&mut self, body: &Map<String, Value>) -> Result<Value, ApiError> {
        rules::check_po(body)?;
        let warehouse = Self::warehouse_field(body)?;
        let packages_v = body
            .get("packages")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut packages = Vec::new();
        for (pi, pk) in packages_v.iter().enumerate() {
            let Some(pk) = pk.as_object() else {
                return Err(ApiError::bad_payload("packages", "must be objects"));
            };
            let mut items = Vec::new();
            for it in pk
                .get("items")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
            {
                let oasin = it
                    .get("oasin")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
                let qty = it.get("product_quantity").and_then(int_value).unwrap_or(0);
                if oasin.is_empty() || qty <= 0 {
                    return Err(ApiError::bad_payload(
                        &format!("packages.{pi}.items"),
                        "oasin and a positive product_quantity are required",
                    ));
                }
                items.push((oasin, qty));
            }
            if items.is_empty() {
                return Err(ApiError::bad_payload(
                    &format!("packages.{pi}.items"),
                    "at least one item is required",
                ));
            }
            let mut dims = Map::new();
            for k in ["weight", "length", "width", "height"] {
                if let Some(v) = pk.get(k) {
                    dims.insert(k.into(), v.clone());
                }
            }
            packages.push(PoPackage {
                code: str_field(pk, "package_code").unwrap_or_else(|| format!("P{}", pi + 1)),
                dims,
                items,
                note: str_field(pk, "package_note"),
            });
        }
        if packages.is_empty() {
            return Err(ApiError::bad_payload(
                "packages",
                "at least one package is required",
            ));
        }
        let oasins: Vec<String> = packages
            .iter()
            .flat_map(|p| p.items.iter().map(|(o, _)| o.clone()))
            .collect();
        self.check_lines(&warehouse, &oasins)?;
        let t = now();
        let code = self.new_po_code();
        let po = Po {
            code: code.clone(),
            reference: str_field(body, "merchant_po_reference").unwrap_or_default(),
            warehouse,
            status: "TRANSIT",
            vas: body.get("vas").map(string_list).unwrap_or_default(),
            packages,
            documents: body
                .get("po_documents")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default(),
            note: str_field(body, "note"),
            eta: body.get("estimated_arrival_time").and_then(int_value),
            created: t,
            updated: t,
            completed: None,
            cancelled: None,
            short: 0,
        };
        let out = json!({
            "created_time": t,
            "po_code": code,
            "merchant_po_reference": po.reference,
            "status": po.status,
        });
        self.po_idx.insert(code, self.pos.len());
        self.pos.push(po);
        Ok(out)
    }

    fn po_i(&self, code: &str) -> Result<usize, ApiError> {
        self.po_idx
            .get(code)
            .copied()
            .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "PO_NOT_FOUND"))
    }

    pub fn cancel_po(&mut self, code: &str) -> Result<Value, ApiError> {
        let i = self.po_i(code)?;
        let po = &mut self.pos[i];
        if po.status != "TRANSIT" {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "PO_STATUS_NOT_TRANSIT",
            ));
        }
        let t = now();
        po.status = "CANCELLED";
        po.cancelled = Some(t);
        po.updated = t;
        Ok(json!({"po_code": code, "success": true}))
    }

    pub fn inspection(&self, code: &str) -> Result<Vec<Value>, ApiError> {
        let i = self.po_i(code)?;
        let po = &self.pos[i];
        if po.status != "COMPLETED" {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "PO_NOT_COMPLETED",
            ));
        }
        let mut lines = Vec::new();
        for (pi, pk) in po.packages.iter().enumerate() {
            for (n, (oasin, qty)) in pk.items.iter().enumerate() {
                let received = po.received(pi, n, *qty);
                let p = self.product(oasin);
                let weight = p
                    .and_then(|p| p.attrs.get("weight"))
                    .and_then(Value::as_f64)
                    .unwrap_or(200.0);
                lines.push(json!({
                    "package_code": pk.code,
                    "oasin": oasin,
                    "sku": p.map(|p| p.sku.clone()).unwrap_or_default(),
                    "product_quantity": qty,
                    "volume": "20.0x30.0x5.0",
                    "weight": weight,
                    "inbound_quantity": received,
                    "putaway_quantity": received,
                    "is_putaway_completed": true,
                    "stock_level": "A",
                    "batch_lot_code": format!("{}", 400 + n),
                    "manufacturing_date": 0.0,
                }));
            }
        }
        Ok(lines)
    }

    // -----------------------------------------------------------------------------------------------------
    // Shipments
    // -----------------------------------------------------------------------------------------------------

    fn parse_items(
        body: &Map<String, Value>,
        required: bool,
    ) -> Result<Vec<(String, i64)>, ApiError> {
        let mut out: Vec<(String, i64)> = Vec::new();
        for (n, it) in body
            .get("items")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            let oasin = it
                .get("oasin")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let qty = it
                .get("quantity")
                .or_else(|| it.get("product_quantity"))
                .and_then(int_value)
                .unwrap_or(0);
            if oasin.is_empty() || qty <= 0 {
                return Err(ApiError::bad_payload(
                    &format!("items.{n}"),
                    "oasin and a positive quantity are required",
                ));
            }
            match out.iter_mut().find(|(o, _)| *o == oasin) {
                Some(line) => line.1 += qty,
                None => out.push((oasin, qty)),
            }
        }
        if required && out.is_empty() {
            return Err(ApiError::bad_payload(
                "items",
                "at least one item is required",
            ));
        }
        Ok(out)
    }

    /// `dedupe`: refuse a reference already used (`ALREADY_EXISTS`, the placeholder behaviour); off
    /// under the `no_reference_dedupe` switch, where a second shipment is created.
    pub fn create_shipment(
        &mut self,
        body: &Map<String, Value>,
        lang: Lang,
        dedupe: bool,
    ) -> Result<Value, ApiError> {
        rules::check_shipment(body)?;
        let platform_raw = str_field(body, "platform").unwrap_or_default();
        let platform = platform_raw.trim().to_ascii_lowercase();
        if !PLATFORMS.contains(&platform.as_str()) {
            return Err(
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "INVALID_PLATFORM")
                    .detail(json!({"platform": [format!("unsupported platform: {platform_raw}")]})),
            );
        }
        let reference = str_field(body, "merchant_tracking_code_reference").unwrap_or_default();
        if reference.trim().is_empty() {
            return Err(ApiError::bad_payload(
                "merchant_tracking_code_reference",
                "This field is required.",
            ));
        }
        let warehouse = Self::warehouse_field(body)?;
        if dedupe && self.ship_by_ref.contains_key(&reference) {
            return Err(
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "ALREADY_EXISTS")
                    .variant(1)
                    .param(&reference),
            );
        }
        let lines = Self::parse_items(body, true)?;
        let oasins: Vec<String> = lines.iter().map(|(o, _)| o.clone()).collect();
        self.check_lines(&warehouse, &oasins)?;
        let short: Vec<&str> = lines
            .iter()
            .filter(|(o, q)| {
                !matches!(
                    self.product(o).and_then(|p| p.stock.get(&warehouse)),
                    Some(c) if c.on_hand - c.reserved >= *q
                )
            })
            .map(|(o, _)| o.as_str())
            .collect();
        if !short.is_empty() {
            return Err(
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "INSUFFICIENT_STOCK")
                    .param(short.join(", ")),
            );
        }
        let t = now();
        let mut items = Vec::new();
        for (oasin, qty) in lines {
            let sku = self
                .product(&oasin)
                .map(|p| p.sku.clone())
                .unwrap_or_default();
            if let Some(c) = self.cell_mut(&oasin, &warehouse) {
                c.reserved += qty;
                c.updated = t;
            }
            items.push(Item {
                oasin,
                sku,
                quantity: qty,
            });
        }
        let code = self.new_ship_code();
        let sh = Shipment {
            code: code.clone(),
            reference: reference.clone(),
            courier: str_field(body, "courier_tracking_code"),
            warehouse,
            platform,
            status: ship::NEW,
            status_time: t,
            items,
            documents: body
                .get("documents")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default(),
            note: str_field(body, "note"),
            created: t,
            updated: t,
            picked: None,
            packed: None,
            handover: None,
            cancelled: None,
        };
        self.ship_by_ref
            .insert(reference.clone(), self.shipments.len());
        self.ship_idx.insert(code.clone(), self.shipments.len());
        self.shipments.push(sh);
        Ok(json!({
            "tracking_code": code,
            "merchant_tracking_code_reference": reference,
            "status_info": {"value": ship::NEW, "label": shipment_label(ship::NEW, lang), "updated_time": t},
            "created_time": t,
        }))
    }

    fn ship_i(&self, code: &str) -> Result<usize, ApiError> {
        self.ship_idx
            .get(code)
            .copied()
            .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "SHIPMENT_NOT_FOUND"))
    }

    pub fn cancel_shipment(&mut self, code: &str, lang: Lang) -> Result<Value, ApiError> {
        let i = self.ship_i(code)?;
        let status = self.shipments[i].status;
        let new_status = match status {
            ship::NEW | ship::PICKED => ship::CANCELLED_BEFORE_PACK,
            ship::PACKED => ship::CANCELLED_AFTER_PACK,
            _ => {
                return Err(ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "SHIPMENT_CANNOT_CANCEL",
                ))
            }
        };
        let t = now();
        let (warehouse, items) = {
            let s = &mut self.shipments[i];
            s.status = new_status;
            s.status_time = t;
            s.cancelled = Some(t);
            s.updated = t;
            (s.warehouse.clone(), s.items.clone())
        };
        for it in items {
            if let Some(c) = self.cell_mut(&it.oasin, &warehouse) {
                c.reserved = (c.reserved - it.quantity).max(0);
                c.updated = t;
            }
        }
        Ok(json!({
            "success": true,
            "status_info": {"value": new_status, "label": shipment_label(new_status, lang)},
            "cancelled_time": t,
        }))
    }

    // -----------------------------------------------------------------------------------------------------
    // Returns
    // -----------------------------------------------------------------------------------------------------

    pub fn create_return(
        &mut self,
        body: &Map<String, Value>,
        lang: Lang,
    ) -> Result<Value, ApiError> {
        let shipment_code = str_field(body, "shipment_tracking_code").unwrap_or_default();
        if shipment_code.is_empty() {
            return Err(ApiError::bad_payload(
                "shipment_tracking_code",
                "This field is required.",
            ));
        }
        let reference =
            str_field(body, "merchant_return_tracking_code_reference").unwrap_or_default();
        if reference.trim().is_empty() {
            return Err(ApiError::bad_payload(
                "merchant_return_tracking_code_reference",
                "This field is required.",
            ));
        }
        let si = self.ship_i(&shipment_code)?;
        let sh = self.shipments[si].clone();
        if sh.status != ship::HANDED_OVER {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "SHIPMENT_NOT_HANDED_OVER",
            ));
        }
        let warehouse = match str_field(body, "warehouse_code") {
            Some(_) => Self::warehouse_field(body)?,
            None => sh.warehouse.clone(),
        };
        if self.ret_by_ref.contains_key(&reference) {
            return Err(
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "ALREADY_EXISTS")
                    .variant(1)
                    .param(&reference),
            );
        }
        let lines = Self::parse_items(body, false)?;
        let items: Vec<Item> = if lines.is_empty() {
            sh.items.clone()
        } else {
            let mut v = Vec::new();
            for (oasin, qty) in lines {
                match sh.items.iter().find(|i| i.oasin == oasin) {
                    Some(orig) if qty <= orig.quantity => v.push(Item {
                        oasin,
                        sku: orig.sku.clone(),
                        quantity: qty,
                    }),
                    _ => {
                        return Err(ApiError::bad_payload(
                            "items",
                            &format!("{oasin} was not shipped in {shipment_code} in that quantity"),
                        ))
                    }
                }
            }
            v
        };
        let t = now();
        let code = self.new_ret_code();
        let r = Return {
            code: code.clone(),
            shipment: shipment_code,
            reference: reference.clone(),
            partner: str_field(body, "partner_tracking_code"),
            courier: str_field(body, "return_courier_tracking_code"),
            warehouse,
            status: ret::NEW,
            status_time: t,
            items,
            reason: str_field(body, "reason"),
            note: str_field(body, "note"),
            created: t,
            updated: t,
            cancelled: None,
        };
        self.ret_by_ref.insert(reference, self.returns.len());
        self.ret_idx.insert(code.clone(), self.returns.len());
        self.returns.push(r);
        Ok(json!({
            "return_tracking_code": code,
            "status_info": {"value": ret::NEW, "label": return_label(ret::NEW, lang), "updated_time": t},
        }))
    }

    pub fn cancel_return(&mut self, code: &str, lang: Lang) -> Result<Value, ApiError> {
        let i = self
            .ret_idx
            .get(code)
            .copied()
            .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "RETURN_NOT_FOUND"))?;
        let r = &mut self.returns[i];
        if r.status != ret::NEW {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "RETURN_CANNOT_CANCEL",
            ));
        }
        let t = now();
        r.status = ret::CANCELLED;
        r.status_time = t;
        r.cancelled = Some(t);
        r.updated = t;
        Ok(json!({
            "success": true,
            "status_info": {"value": ret::CANCELLED, "label": return_label(ret::CANCELLED, lang)},
            "cancelled_time": t,
        }))
    }

    // -----------------------------------------------------------------------------------------------------
    // Time
    // -----------------------------------------------------------------------------------------------------

    /// Move one record (by code) or every open record one step along its flow, `steps` times. Returns
    /// `(code, new status)` for each change.
    /// Move every open PO one step; answers how many moved.
    pub fn advance_open_pos(&mut self) -> usize {
        let t = now();
        (0..self.pos.len())
            .filter(|&i| self.advance_po(i, t).is_some())
            .count()
    }

    /// Make the PO `code` come in `short` units short on its last line when it is received.
    pub fn set_po_short(&mut self, code: &str, short: i64) {
        if let Some(&i) = self.po_idx.get(code) {
            self.pos[i].short = short.max(0);
        }
    }

    pub fn advance(&mut self, code: Option<&str>, steps: u32) -> Vec<(String, Value)> {
        let mut changes = Vec::new();
        for _ in 0..steps.max(1) {
            let t = now();
            let po_targets: Vec<usize> = match code {
                Some(c) => self.po_idx.get(c).copied().into_iter().collect(),
                None => (0..self.pos.len()).collect(),
            };
            for i in po_targets {
                if let Some(s) = self.advance_po(i, t) {
                    changes.push((self.pos[i].code.clone(), json!(s)));
                }
            }
            let ship_targets: Vec<usize> = match code {
                Some(c) => self.ship_idx.get(c).copied().into_iter().collect(),
                None => (0..self.shipments.len()).collect(),
            };
            for i in ship_targets {
                if let Some(s) = self.advance_shipment(i, t) {
                    changes.push((self.shipments[i].code.clone(), json!(s)));
                }
            }
            let ret_targets: Vec<usize> = match code {
                Some(c) => self.ret_idx.get(c).copied().into_iter().collect(),
                None => (0..self.returns.len()).collect(),
            };
            for i in ret_targets {
                if let Some(s) = self.advance_return(i, t) {
                    changes.push((self.returns[i].code.clone(), json!(s)));
                }
            }
        }
        changes
    }

    fn advance_po(&mut self, i: usize, t: i64) -> Option<&'static str> {
        let next = match self.pos[i].status {
            "TRANSIT" => "RECEIVING",
            "RECEIVING" => "COMPLETED",
            _ => return None,
        };
        if next == "COMPLETED" {
            // putaway: the received quantities become stock
            let po = self.pos[i].clone();
            for (pi, pk) in po.packages.iter().enumerate() {
                for (n, (oasin, qty)) in pk.items.iter().enumerate() {
                    let received = po.received(pi, n, *qty);
                    if let Some(c) = self.cell_mut(oasin, &po.warehouse) {
                        c.on_hand += received;
                        c.updated = t;
                    }
                }
            }
            self.pos[i].completed = Some(t);
        }
        self.pos[i].status = next;
        self.pos[i].updated = t;
        Some(next)
    }

    fn advance_shipment(&mut self, i: usize, t: i64) -> Option<i64> {
        let s = &mut self.shipments[i];
        let next = match s.status {
            ship::NEW => {
                s.picked = Some(t);
                ship::PICKED
            }
            ship::PICKED => {
                s.packed = Some(t);
                ship::PACKED
            }
            ship::PACKED => {
                s.handover = Some(t);
                ship::HANDED_OVER
            }
            _ => return None,
        };
        s.status = next;
        s.status_time = t;
        s.updated = t;
        if next == ship::HANDED_OVER {
            // the parcel left: reserved stock leaves the warehouse
            let (warehouse, items) = (s.warehouse.clone(), s.items.clone());
            for it in items {
                if let Some(c) = self.cell_mut(&it.oasin, &warehouse) {
                    c.reserved = (c.reserved - it.quantity).max(0);
                    c.on_hand = (c.on_hand - it.quantity).max(0);
                    c.updated = t;
                }
            }
        }
        Some(next)
    }

    fn advance_return(&mut self, i: usize, t: i64) -> Option<i64> {
        let r = &mut self.returns[i];
        let next = match r.status {
            ret::NEW => ret::IN_TRANSIT,
            ret::IN_TRANSIT => ret::RECEIVED,
            ret::RECEIVED => ret::RESTOCKED,
            _ => return None,
        };
        r.status = next;
        r.status_time = t;
        r.updated = t;
        if next == ret::RESTOCKED {
            let (warehouse, items) = (r.warehouse.clone(), r.items.clone());
            for it in items {
                if let Some(c) = self.cell_mut(&it.oasin, &warehouse) {
                    c.on_hand += it.quantity;
                    c.updated = t;
                }
            }
        }
        Some(next)
    }

    // -----------------------------------------------------------------------------------------------------
    // Files
    // -----------------------------------------------------------------------------------------------------

    /// The key of the PO's printable bill, generated (a small one-page PDF) on first request.
    pub fn bill_key(&mut self, po: &Po) -> String {
        if let Some(k) = self
            .bills
            .get(&po.code)
            .filter(|k| self.files.contains_key(*k))
        {
            return k.clone();
        }
        let lines: Vec<String> = po
            .packages
            .iter()
            .flat_map(|p| {
                p.items
                    .iter()
                    .map(move |(o, q)| format!("{} {o} x{q}", p.code))
            })
            .collect();
        let text = format!(
            "PO {} / {} / {} / {}",
            po.code,
            po.reference,
            po.warehouse,
            lines.join(" / ")
        );
        let key = self.store_file("pdf", Bytes::from(tiny_pdf(&text)), "application/pdf");
        self.bills.insert(po.code.clone(), key.clone());
        key
    }

    /// Keep a file; returns its key (`ts/<32 hex>.<ext>`).
    pub fn store_file(&mut self, ext: &str, bytes: Bytes, content_type: &'static str) -> String {
        let key = format!("ts/{}.{ext}", self.hex32());
        self.file_bytes += bytes.len();
        self.files.insert(
            key.clone(),
            StoredFile {
                bytes,
                content_type,
            },
        );
        self.file_order.push_back(key.clone());
        while self.file_bytes > FILES_BUDGET && self.file_order.len() > 1 {
            if let Some(old) = self.file_order.pop_front() {
                if let Some(f) = self.files.remove(&old) {
                    self.file_bytes -= f.bytes.len();
                }
            }
        }
        key
    }
}

// ---------------------------------------------------------------------------------------------------------
// Body helpers
// ---------------------------------------------------------------------------------------------------------

pub fn str_field(body: &Map<String, Value>, key: &str) -> Option<String> {
    match body.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

pub fn int_value(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

pub fn string_list(v: &Value) -> Vec<String> {
    match v {
        Value::Array(a) => a
            .iter()
            .filter_map(|x| match x {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .collect(),
        Value::String(s) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// A minimal valid one-page PDF showing `text` (ASCII; other characters become `?`).
fn tiny_pdf(text: &str) -> Vec<u8> {
    let safe: String = text
        .chars()
        .map(|c| {
            if c.is_ascii() && c != '(' && c != ')' && c != '\\' {
                c
            } else {
                '?'
            }
        })
        .collect();
    let stream = format!("BT /F1 10 Tf 40 800 Td ({safe}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}
