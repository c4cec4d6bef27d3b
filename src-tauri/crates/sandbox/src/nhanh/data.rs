//! The Nhanh simulator's in-memory business: depots, products (parents + variants), stock per depot,
//! orders with numeric statuses, customers, suppliers, bills and Nhanh-style location ids.

use std::collections::{BTreeMap, HashMap};

use chrono::Utc;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};

use crate::common::catalog::{self, vendor_stock_in};
use crate::common::{geo_seed, people};
use crate::Options;

pub const DEPOT_HN: i64 = 31010;
pub const DEPOT_HCM: i64 = 31011;
pub const FIRST_PRODUCT_ID: i64 = 1_231_270_001;
pub const FIRST_ORDER_ID: i64 = 14_900_001;

/// Order statuses still open (not with a carrier): they hold stock.
pub const OPEN_STATUSES: &[i64] = &[54, 55, 56, 57, 42, 40, 43, 73];

#[derive(Debug, Clone, Default)]
pub struct StockRow {
    pub remain: i64,
    pub holding: i64,
    pub shipping: i64,
    pub damaged: i64,
}

impl StockRow {
    pub fn available(&self) -> i64 {
        (self.remain - self.holding - self.shipping - self.damaged).max(0)
    }
    pub fn json(&self, depot: Option<i64>) -> Value {
        let mut v = json!({
            "remain": self.remain, "shipping": self.shipping, "damaged": self.damaged,
            "holding": self.holding, "transfering": 0, "available": self.available(),
            "warranty": {"remain": 0, "holding": 0}
        });
        if let (Some(d), Some(o)) = (depot, v.as_object_mut()) {
            o.insert("id".into(), d.into());
        }
        v
    }
}

#[derive(Debug, Clone)]
pub struct Product {
    pub id: i64,
    /// -1 standalone, -2 parent, > 0 parent id.
    pub parent_id: i64,
    pub app_product_id: String,
    pub code: String,
    pub barcode: String,
    pub name: String,
    pub status: i64,
    pub category_id: i64,
    pub brand_id: i64,
    pub retail: i64,
    pub import: i64,
    pub wholesale: i64,
    pub old: i64,
    pub weight: i64,
    pub attributes: Vec<(String, String)>,
    pub avatar: Option<String>,
    pub images: Vec<String>,
    pub description: String,
    /// Per depot, in `DEPOTS` order.
    pub stock: [StockRow; 2],
    pub created_at: i64,
    pub updated_at: i64,
    /// Last stock change (product/inventory's updatedAt filters use it).
    pub stock_updated_at: i64,
}

impl Product {
    pub fn total(&self) -> StockRow {
        let mut t = StockRow::default();
        for s in &self.stock {
            t.remain += s.remain;
            t.holding += s.holding;
            t.shipping += s.shipping;
            t.damaged += s.damaged;
        }
        t
    }

    pub fn inventory_json(&self, depots: &[i64]) -> Value {
        let rows: Vec<Value> = DEPOTS
            .iter()
            .enumerate()
            .filter(|(_, d)| depots.is_empty() || depots.contains(&d.id))
            .map(|(i, d)| self.stock[i].json(Some(d.id)))
            .collect();
        let mut total = self.total().json(None);
        if let Some(o) = total.as_object_mut() {
            o.insert("depots".into(), Value::Array(rows));
        }
        total
    }

    fn prices(&self) -> Value {
        json!({"retail": self.retail, "retailVat": 0, "import": self.import, "importVat": 0,
               "old": self.old, "wholesale": self.wholesale, "avgCost": self.import})
    }

    fn attributes_json(&self) -> Value {
        Value::Array(
            self.attributes
                .iter()
                .enumerate()
                .map(|(i, (n, v))| json!({"id": 50 + i as i64, "name": n, "nameOther": "", "value": v, "code": "", "codeOther": ""}))
                .collect(),
        )
    }

    /// The product/list shape.
    pub fn list_json(&self) -> Value {
        json!({
            "id": self.id, "parentId": self.parent_id, "code": self.code, "barcode": self.barcode,
            "name": self.name, "otherName": "", "status": self.status,
            "priceVatMode": 2, "importPriceVatMode": 2,
            "categoryId": self.category_id, "internalCategoryId": 0,
            "prices": self.prices(),
            "images": {"avatar": self.avatar, "others": self.images},
            "brandId": self.brand_id, "type": 1,
            "shipping": {"width": 20, "height": 5, "length": 30, "weight": self.weight},
            "countryName": "Việt Nam",
            "inventory": self.inventory_json(&[]),
            "attributes": self.attributes_json(),
            "description": self.description,
            "updatedAt": self.updated_at, "createdAt": self.created_at,
            "tagIds": []
        })
    }

    /// The product/detail shape (nested refs, numeric warranty stock).
    pub fn detail_json(&self, categories: &[Category], children: Vec<Value>) -> Value {
        let cat = categories.iter().find(|c| c.id == self.category_id);
        let mut inv = self.inventory_json(&[]);
        if let Some(o) = inv.as_object_mut() {
            o.insert("warranty".into(), 0.into());
            o.insert("warrantyHolding".into(), 0.into());
            o.insert("holdingNew".into(), 0.into());
            o.insert("shippingExport".into(), 0.into());
        }
        json!({
            "id": self.id, "parentId": self.parent_id, "code": self.code, "barcode": self.barcode,
            "name": self.name, "otherName": "", "status": self.status,
            "category": cat.map(|c| json!({"id": c.id, "code": c.code, "name": c.name})),
            "internalCategory": null,
            "prices": self.prices(), "vat": 8,
            "images": {"avatar": self.avatar, "others": self.images},
            "brand": {"id": self.brand_id, "name": ""},
            "type": {"id": 1, "name": "Sản phẩm"},
            "shipping": {"length": 30, "width": 20, "height": 5, "weight": self.weight},
            "countryName": "Việt Nam",
            "inventory": inv,
            "attributes": self.attributes_json(),
            "updatedAt": self.updated_at, "createdAt": self.created_at,
            "description": self.description, "content": "",
            "childs": children, "tagIds": []
        })
    }
}

#[derive(Debug, Clone)]
pub struct Category {
    pub id: i64,
    pub code: String,
    pub name: String,
}

pub struct DepotInfo {
    pub id: i64,
    pub code: &'static str,
    pub name: &'static str,
    pub mobile: &'static str,
    /// Index into geo_seed::PROVINCES.
    pub province: usize,
    pub address: &'static str,
}

pub const DEPOTS: [DepotInfo; 2] = [
    DepotInfo {
        id: DEPOT_HN,
        code: "KHO-HN",
        name: "Kho Hà Nội",
        mobile: "0987654321",
        province: 0,
        address: "170 La Thành",
    },
    DepotInfo {
        id: DEPOT_HCM,
        code: "KHO-HCM",
        name: "Kho Hồ Chí Minh",
        mobile: "0909123456",
        province: 1,
        address: "12 Nguyễn Huệ",
    },
];

/// Nhanh-style location ids over the shared geo seed.
pub struct Geo {
    /// (id, name, otherName)
    pub cities: Vec<(i64, String, String)>,
    /// v1: (id, city id, name)
    pub districts: Vec<(i64, i64, String)>,
    /// v1: (id, district id, name, v2 ward id)
    pub wards_v1: Vec<(i64, i64, String, i64)>,
    /// v2: (id, city id, name)
    pub wards_v2: Vec<(i64, i64, String)>,
}

impl Geo {
    pub fn build() -> Geo {
        let mut cities = Vec::new();
        let mut districts = Vec::new();
        let mut wards_v1 = Vec::new();
        let mut wards_v2: Vec<(i64, i64, String)> = Vec::new();
        let mut next_district = 320;
        let mut next_ward = 1100;
        let mut next_v2 = 20_001;
        for (pi, p) in geo_seed::PROVINCES.iter().enumerate() {
            let city_id = 254 + pi as i64;
            let short = p.name.trim_start_matches("Thành phố ").to_string();
            cities.push((city_id, p.name.to_string(), short));
            for d in p.districts {
                let did = next_district;
                next_district += 1;
                districts.push((did, city_id, d.name.to_string()));
                for (_, wname, new_ward) in d.wards {
                    let v2 = match wards_v2
                        .iter()
                        .find(|(_, c, n)| *c == city_id && n == new_ward)
                    {
                        Some((id, _, _)) => *id,
                        None => {
                            let id = next_v2;
                            next_v2 += 1;
                            wards_v2.push((id, city_id, new_ward.to_string()));
                            id
                        }
                    };
                    wards_v1.push((next_ward, did, wname.to_string(), v2));
                    next_ward += 1;
                }
            }
        }
        Geo {
            cities,
            districts,
            wards_v1,
            wards_v2,
        }
    }

    /// (city, district, ward v1, ward v2) ids of a legacy ward by name.
    pub fn ids_of(&self, w: &geo_seed::LegacyWardRef) -> (i64, i64, i64, i64) {
        let city = self
            .cities
            .iter()
            .find(|c| c.1 == w.province)
            .map(|c| c.0)
            .unwrap_or(254);
        let district = self
            .districts
            .iter()
            .find(|d| d.1 == city && d.2 == w.district)
            .map(|d| d.0)
            .unwrap_or(0);
        let (ward, v2) = self
            .wards_v1
            .iter()
            .find(|x| x.1 == district && x.2 == w.ward)
            .map(|x| (x.0, x.3))
            .unwrap_or((0, 0));
        (city, district, ward, v2)
    }

    pub fn depot_json(&self, d: &DepotInfo) -> Value {
        let p = &geo_seed::PROVINCES[d.province];
        let dist = &p.districts[0];
        let w = &dist.wards[0];
        let wref = geo_seed::LegacyWardRef {
            province_code: p.code,
            province: p.name,
            district_code: dist.code,
            district: dist.name,
            ward_code: w.0,
            ward: w.1,
            new_ward: w.2,
            new_province: p.name,
        };
        let (c, di, wa, v2) = self.ids_of(&wref);
        json!({
            "id": d.id, "code": d.code, "name": d.name, "mobile": d.mobile,
            "location": {"cityId": c, "cityName": p.name, "districtId": di, "districtName": dist.name,
                         "wardId": wa, "wardName": w.1, "address": d.address},
            "locationV2": {"cityId": c, "cityName": p.name, "wardId": v2, "wardName": w.2, "address": d.address}
        })
    }
}

#[derive(Debug, Clone)]
pub struct OrderLine {
    pub product_id: i64,
    pub quantity: i64,
    pub price: i64,
    pub discount: i64,
}

#[derive(Debug, Clone)]
pub struct Order {
    pub id: i64,
    pub app_order_id: String,
    pub sale_channel: i64,
    pub source_name: String,
    pub depot_id: i64,
    pub type_id: i64,
    pub status: i64,
    pub reason: i64,
    pub description: String,
    pub private_description: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub customer_id: i64,
    pub name: String,
    pub mobile: String,
    pub email: String,
    pub address: String,
    pub city_id: Option<i64>,
    pub district_id: Option<i64>,
    pub ward_id: Option<i64>,
    pub location_version: String,
    pub lines: Vec<OrderLine>,
    pub carrier_id: i64,
    pub carrier_code: String,
    pub ship_fee: i64,
    pub customer_ship_fee: i64,
    pub deposit: i64,
    pub transfer: i64,
}

impl Order {
    /// When the order was delivered: a delivered (60) order is final, so its last update is its delivery.
    pub fn delivered_at(&self) -> Option<i64> {
        (self.status == 60).then_some(self.updated_at)
    }
}

#[derive(Debug, Clone)]
pub struct Customer {
    pub id: i64,
    pub name: String,
    pub mobile: String,
    pub email: String,
    pub address: String,
    pub type_id: i64,
    pub gender: i64,
    pub city_id: Option<i64>,
    pub district_id: Option<i64>,
    pub ward_id: Option<i64>,
    pub ward_v2: Option<i64>,
    pub total_amount: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone)]
pub struct Bill {
    pub id: i64,
    pub type_id: i64,
    pub mode: i64,
    pub depot_id: i64,
    pub order_id: i64,
    pub date: String,
    pub supplier_id: i64,
    pub customer_id: i64,
    pub description: String,
    /// (product id, quantity, price)
    pub lines: Vec<(i64, i64, i64)>,
    pub created_at: i64,
}

/// A stock limit set in Nhanh's screens (`inventory/archive`): the min/max a depot should hold of a product.
#[derive(Debug, Clone)]
pub struct StockLimit {
    pub min_remain: i64,
    pub max_remain: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A combo product (`product/combo`): components by product id with their quantity.
#[derive(Debug, Clone)]
pub struct Combo {
    pub id: i64,
    pub name: String,
    pub code: String,
    pub status: i64,
    pub updated_at: i64,
    /// (product id, quantity)
    pub items: Vec<(i64, i64)>,
}

/// The id of line `i` of bill `bill` (`bill/list`'s `imexId`, `bill/imexs`' `id`).
pub fn imex_id(bill: i64, i: usize) -> i64 {
    bill * 1000 + i as i64
}

pub struct Data {
    pub products: Vec<Product>,
    pub product_index: HashMap<i64, usize>,
    pub categories: Vec<Category>,
    /// (id, name)
    pub brands: Vec<(i64, String)>,
    pub orders: BTreeMap<i64, Order>,
    pub order_refs: HashMap<String, i64>,
    pub customers: BTreeMap<i64, Customer>,
    pub suppliers: Vec<(i64, String, String)>,
    pub bills: BTreeMap<i64, Bill>,
    /// (product id, depot id) → its limits; seeded for the first few variants in Hà Nội.
    pub stock_limits: BTreeMap<(i64, i64), StockLimit>,
    pub combos: BTreeMap<i64, Combo>,
    pub geo: Geo,
    pub next_product: i64,
    pub next_order: i64,
    pub next_customer: i64,
    pub next_bill: i64,
    pub next_supplier: i64,
}

pub fn depot_index(id: i64) -> Option<usize> {
    DEPOTS.iter().position(|d| d.id == id)
}

impl Data {
    pub fn seed(options: &Options) -> Data {
        let cat = catalog::catalog(options);
        let now = Utc::now().timestamp();
        let mut categories: Vec<Category> = Vec::new();
        let mut products = Vec::with_capacity(cat.len() * 8);
        let mut id = FIRST_PRODUCT_ID;
        let mut brands: Vec<&str> = Vec::new();
        for p in &cat {
            let category_id = match categories.iter().find(|c| c.name == p.category) {
                Some(c) => c.id,
                None => {
                    let cid = 100 + categories.len() as i64 + 1;
                    categories.push(Category {
                        id: cid,
                        code: format!("DM{cid}"),
                        name: p.category.to_string(),
                    });
                    cid
                }
            };
            let brand_id = match brands.iter().position(|b| *b == p.brand) {
                Some(i) => i as i64 + 1,
                None => {
                    brands.push(p.brand);
                    brands.len() as i64
                }
            };
            let created = now - 86_400 * (400 - (p.index % 300) as i64);
            let parent_id = id;
            id += 1;
            let base =
                |pid: i64, parent: i64, code: String, barcode: String, name: String| Product {
                    id: pid,
                    parent_id: parent,
                    app_product_id: String::new(),
                    code,
                    barcode,
                    name,
                    status: 2,
                    category_id,
                    brand_id,
                    retail: 0,
                    import: 0,
                    wholesale: 0,
                    old: 0,
                    weight: i64::from(p.weight_g),
                    attributes: Vec::new(),
                    avatar: Some(p.image_url.clone()),
                    images: Vec::new(),
                    description: String::new(),
                    stock: [StockRow::default(), StockRow::default()],
                    created_at: created,
                    updated_at: created + 3_600,
                    stock_updated_at: created + 3_600,
                };
            let mut parent = base(parent_id, -2, p.code.clone(), String::new(), p.name.clone());
            for v in &p.variations {
                let mut child = base(
                    id,
                    parent_id,
                    v.sku.clone(),
                    v.barcode.clone(),
                    v.name.clone(),
                );
                id += 1;
                child.retail = v.retail_price;
                child.import = v.cost_price;
                child.wholesale = v.retail_price * 9 / 10 / 1000 * 1000;
                child.attributes = v
                    .attributes
                    .iter()
                    .map(|(a, b)| (a.to_string(), b.to_string()))
                    .collect();
                let depots = child.stock.len();
                for (i, row) in child.stock.iter_mut().enumerate() {
                    row.remain = vendor_stock_in(v, "nhanh", i, depots, options.seed);
                }
                parent.retail = parent.retail.max(v.retail_price);
                parent.import = parent.import.max(v.cost_price);
                products.push(child);
            }
            products.push(parent);
        }
        products.sort_by_key(|p| p.id);
        let product_index = products
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id, i))
            .collect();
        let geo = Geo::build();
        let mut data = Data {
            products,
            product_index,
            categories,
            brands: brands
                .iter()
                .enumerate()
                .map(|(i, b)| (i as i64 + 1, b.to_string()))
                .collect(),
            orders: BTreeMap::new(),
            order_refs: HashMap::new(),
            customers: BTreeMap::new(),
            suppliers: vec![
                (40827, "Công ty May Việt Tiến".into(), "02838640800".into()),
                (40828, "Xưởng giày Bình Tân".into(), "0908111222".into()),
                (40829, "Mỹ phẩm Thorakao".into(), "02838555666".into()),
            ],
            bills: BTreeMap::new(),
            stock_limits: BTreeMap::new(),
            combos: BTreeMap::new(),
            geo,
            next_product: id,
            next_order: FIRST_ORDER_ID,
            next_customer: 20_184_001,
            next_bill: 5_512_001,
            next_supplier: 40830,
        };
        data.seed_orders(options, now);
        // a shop sets limits for a few best sellers
        let limited: Vec<i64> = data
            .products
            .iter()
            .filter(|p| p.parent_id > 0)
            .take(3)
            .map(|p| p.id)
            .collect();
        for id in limited {
            data.stock_limits.insert(
                (id, DEPOT_HN),
                StockLimit {
                    min_remain: 5,
                    max_remain: 200,
                    created_at: now - 30 * 86_400,
                    updated_at: now - 7 * 86_400,
                },
            );
        }
        data
    }

    fn seed_orders(&mut self, options: &Options, now: i64) {
        let mut rng = StdRng::seed_from_u64(options.seed ^ 0x4E48_414E_4800);
        let variants: Vec<i64> = self
            .products
            .iter()
            .filter(|p| p.parent_id > 0)
            .map(|p| p.id)
            .collect();
        if variants.is_empty() {
            return;
        }
        const STATUSES: &[i64] = &[54, 54, 55, 56, 56, 42, 43, 59, 59, 60, 60, 60, 63, 64, 72];
        for n in 0..60 {
            let c = people::customer(&mut rng);
            let (city, district, ward, v2) = self.geo.ids_of(&c.ward);
            let customer_id = self.upsert_customer(
                &c.name,
                &c.phone,
                &c.street,
                Some((city, district, ward, v2)),
                now,
            );
            let status = STATUSES[n % STATUSES.len()];
            let created = now - rng.random_range(0..(62 * 86_400));
            let depot_id = DEPOTS[n % 2].id;
            let lines: Vec<OrderLine> = (0..rng.random_range(1..=3))
                .filter_map(|_| {
                    let pid = variants[rng.random_range(0..variants.len())];
                    let p = self.product(pid)?;
                    Some(OrderLine {
                        product_id: pid,
                        quantity: rng.random_range(1..=3),
                        price: p.retail,
                        discount: 0,
                    })
                })
                .collect();
            let shopee = n % 5 == 4;
            let id = self.next_order;
            self.next_order += 1;
            let with_carrier = matches!(status, 59 | 60 | 72);
            let order = Order {
                id,
                app_order_id: if shopee {
                    format!("2508{:08}SHP", rng.random_range(0..100_000_000u32))
                } else {
                    String::new()
                },
                sale_channel: if shopee { 42 } else { 1 },
                source_name: if shopee {
                    "Shopee".into()
                } else {
                    "Admin".into()
                },
                depot_id,
                type_id: 1,
                status,
                reason: if matches!(status, 63 | 64) { 16 } else { 0 },
                description: String::new(),
                private_description: String::new(),
                created_at: created,
                updated_at: (created + 3_600).min(now),
                customer_id,
                name: c.name.clone(),
                mobile: c.phone.clone(),
                email: String::new(),
                address: c.street.clone(),
                city_id: Some(city),
                district_id: Some(district),
                ward_id: Some(ward),
                location_version: "v1".into(),
                lines,
                carrier_id: if with_carrier { 5 } else { 0 },
                carrier_code: if with_carrier {
                    format!("GHN{:09}", rng.random_range(0..1_000_000_000u32))
                } else {
                    String::new()
                },
                ship_fee: 30_000,
                customer_ship_fee: 30_000,
                deposit: 0,
                transfer: 0,
            };
            self.apply_hold(&order, 1);
            if !order.app_order_id.is_empty() {
                self.order_refs.insert(order.app_order_id.clone(), id);
            }
            if let Some(cu) = self.customers.get_mut(&customer_id) {
                cu.total_amount += order
                    .lines
                    .iter()
                    .map(|l| l.price * l.quantity)
                    .sum::<i64>();
            }
            self.orders.insert(id, order);
        }
    }

    pub fn product(&self, id: i64) -> Option<&Product> {
        self.product_index
            .get(&id)
            .and_then(|i| self.products.get(*i))
    }

    pub fn product_mut(&mut self, id: i64) -> Option<&mut Product> {
        let i = *self.product_index.get(&id)?;
        self.products.get_mut(i)
    }

    /// Reserve (`sign` 1) or release (`sign` -1) an open order's lines in its depot.
    pub fn apply_hold(&mut self, order: &Order, sign: i64) {
        let Some(di) = depot_index(order.depot_id) else {
            return;
        };
        let open = OPEN_STATUSES.contains(&order.status);
        let shipping = order.status == 59;
        if !open && !shipping {
            return;
        }
        for l in &order.lines {
            if let Some(p) = self.product_mut(l.product_id) {
                // seeded orders reserved stock when they were placed; a release happens now
                let at = if sign > 0 {
                    order.updated_at
                } else {
                    Utc::now().timestamp()
                };
                p.stock_updated_at = p.stock_updated_at.max(at);
                if open {
                    p.stock[di].holding = (p.stock[di].holding + sign * l.quantity).max(0);
                } else {
                    p.stock[di].shipping = (p.stock[di].shipping + sign * l.quantity).max(0);
                }
            }
        }
    }

    pub fn upsert_customer(
        &mut self,
        name: &str,
        mobile: &str,
        address: &str,
        loc: Option<(i64, i64, i64, i64)>,
        now: i64,
    ) -> i64 {
        if let Some(c) = self.customers.values().find(|c| c.mobile == mobile) {
            return c.id;
        }
        let id = self.next_customer;
        self.next_customer += 1;
        self.customers.insert(
            id,
            Customer {
                id,
                name: name.to_string(),
                mobile: mobile.to_string(),
                email: String::new(),
                address: address.to_string(),
                type_id: 1,
                gender: 0,
                city_id: loc.map(|l| l.0),
                district_id: loc.map(|l| l.1),
                ward_id: loc.map(|l| l.2),
                ward_v2: loc.map(|l| l.3),
                total_amount: 0,
                updated_at: now,
            },
        );
        id
    }

    pub fn order_json(&self, o: &Order) -> Value {
        let products: Vec<Value> = o
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let p = self.product(l.product_id);
                json!({
                    "productId": l.product_id, "orderProductId": o.id * 10 + i as i64, "typeId": 1,
                    "code": p.map(|p| p.code.as_str()).unwrap_or(""),
                    "name": p.map(|p| p.name.as_str()).unwrap_or(""),
                    "appProductId": "", "weight": p.map(|p| p.weight).unwrap_or(0),
                    "quantity": l.quantity, "price": l.price, "originalPrice": l.price,
                    "priceVatMode": 2, "priceAfterVAT": l.price, "discount": l.discount,
                    "discountAmount": l.discount * l.quantity, "avgCost": p.map(|p| p.import).unwrap_or(0),
                    "vatPercent": 0, "description": "",
                    "totalAmount": (l.price - l.discount) * l.quantity
                })
            })
            .collect();
        let goods: i64 = o
            .lines
            .iter()
            .map(|l| (l.price - l.discount) * l.quantity)
            .sum();
        let carrier_name = match o.carrier_id {
            2 => "Viettel Post",
            5 => "Giao hàng nhanh",
            8 => "Giao hàng tiết kiệm",
            12 => "Tự vận chuyển",
            _ => "",
        };
        json!({
            "info": {
                "id": o.id, "depotId": o.depot_id, "pickupDepotId": o.depot_id, "type": o.type_id,
                "mode": 1, "createdById": 2054197, "createdByName": "Chủ shop",
                "createdAt": o.created_at, "updatedAt": o.updated_at,
                "confirmedAt": if o.status == 54 { 0 } else { o.created_at + 600 },
                "description": o.description, "privateDescription": o.private_description,
                "status": o.status, "reason": o.reason,
                "trackingUrl": format!("https://nhanh.vn/tracking/{}", o.id), "tags": []
            },
            "channel": {"appOrderId": o.app_order_id, "saleChannel": o.sale_channel, "trafficSource": o.source_name},
            "shippingAddress": {
                "id": o.customer_id, "name": o.name, "mobile": o.mobile, "email": o.email,
                "address": o.address, "cityId": o.city_id, "districtId": o.district_id, "wardId": o.ward_id,
                "locationVersion": o.location_version
            },
            "products": products,
            "carrier": {
                "id": o.carrier_id, "name": carrier_name, "carrierCode": o.carrier_code,
                "deliveryAt": o.delivered_at().unwrap_or(0),
                "shipFee": o.ship_fee, "codFee": 0, "customerShipFee": o.customer_ship_fee, "weight": 0
            },
            "payment": {
                "codAmount": (goods + o.customer_ship_fee - o.deposit - o.transfer).max(0),
                "deposit": {"amount": o.deposit, "accountId": 0},
                "transfer": {"amount": o.transfer, "accountId": 0}
            },
            "gifts": []
        })
    }

    pub fn customer_json(&self, c: &Customer) -> Value {
        json!({
            "id": c.id, "type": c.type_id, "name": c.name, "mobile": c.mobile,
            "code": format!("KH{:05}", c.id % 100_000), "gender": c.gender, "address": c.address,
            "email": c.email, "birthday": null, "points": 0, "saleName": "", "taxCode": "",
            "locations": {"cityId": c.city_id, "districtId": c.district_id, "wardId": c.ward_id},
            "location": {"cityId": c.city_id, "wardId": c.ward_v2},
            "totalAmount": c.total_amount, "updatedAt": c.updated_at
        })
    }

    pub fn bill_json(&self, b: &Bill) -> Value {
        let products: Vec<Value> = b
            .lines
            .iter()
            .enumerate()
            .map(|(i, (pid, q, price))| {
                let p = self.product(*pid);
                json!({"imexId": imex_id(b.id, i), "id": pid,
                       "code": p.map(|p| p.code.as_str()).unwrap_or(""),
                       "barcode": p.map(|p| p.barcode.as_str()).unwrap_or(""),
                       "name": p.map(|p| p.name.as_str()).unwrap_or(""),
                       "quantity": q, "price": price, "discount": 0, "amount": q * price})
            })
            .collect();
        json!({
            "id": b.id, "orderId": b.order_id, "depotId": b.depot_id, "date": b.date,
            "type": b.type_id, "mode": b.mode,
            "supplier": {"id": b.supplier_id, "name": self.suppliers.iter().find(|s| s.0 == b.supplier_id).map(|s| s.1.as_str()).unwrap_or("")},
            "customer": {"id": b.customer_id},
            "created": {"id": 2054197, "name": "API", "createdAt": b.created_at},
            "products": products, "description": b.description, "tags": []
        })
    }
}
