//! Rows → order drafts, with every problem pinned to the spreadsheet row and column it came from.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use shopdesk_core::order::{
    normalize_phone, validate, Address, Customer, Extras, Item, OrderDraft, Target, Vendor,
};
use shopdesk_core::text::fold;
use shopdesk_core::Money;

use crate::columns::{Column, ColumnKind};
use crate::number::{from_float, parse_amount};
use crate::parse::{CellValue, SheetRow};

/// Codes this crate adds to the ones [`shopdesk_core::order::validate`] emits.
pub mod codes {
    /// The SKU is not in the catalog of the target account.
    pub const SKU_UNKNOWN: &str = "sku.unknown";
    /// A money or quantity cell is not a whole number.
    pub const NUMBER_INVALID: &str = "number.invalid";
    /// The quantity cell is empty.
    pub const QUANTITY_REQUIRED: &str = "quantity.required";
    /// No unit price in the file and none in the catalog.
    pub const PRICE_REQUIRED: &str = "price.required";
    /// Two rows of one order (same "Mã đơn") disagree on an order-level value (customer, fees, …).
    pub const ORDER_CONFLICT: &str = "order.conflict";
}

/// What the catalog knows about a SKU of the target account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CatalogHit {
    /// The SKU as the catalog spells it (used in the draft).
    pub sku: String,
    pub product_id: Option<String>,
    pub variation_id: Option<String>,
    pub name: String,
    /// Selling price, used when the file leaves "Đơn giá" empty.
    pub price: Option<Money>,
}

/// SKU lookup in the target account's catalog (the app implements it over the store).
pub trait CatalogLookup {
    fn by_sku(&self, sku: &str) -> Option<CatalogHit>;
}

impl<F: Fn(&str) -> Option<CatalogHit>> CatalogLookup for F {
    fn by_sku(&self, sku: &str) -> Option<CatalogHit> {
        self(sku)
    }
}

/// An in-memory catalog; SKUs match ignoring case and surrounding spaces.
#[derive(Debug, Clone, Default)]
pub struct MemoryCatalog(HashMap<String, CatalogHit>);

impl MemoryCatalog {
    pub fn new(hits: impl IntoIterator<Item = CatalogHit>) -> Self {
        MemoryCatalog(
            hits.into_iter()
                .map(|h| (h.sku.trim().to_uppercase(), h))
                .collect(),
        )
    }
}

impl CatalogLookup for MemoryCatalog {
    fn by_sku(&self, sku: &str) -> Option<CatalogHit> {
        self.0.get(&sku.trim().to_uppercase()).cloned()
    }
}

/// A problem on one cell (or one row when `column` is `None`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RowError {
    /// Spreadsheet row number (header = 1).
    pub row: u32,
    /// The column header as the user's file spells it.
    pub column: Option<String>,
    /// Stable code (see README), e.g. `phone.invalid`, `sku.unknown`.
    pub code: String,
    /// The cell's content, when it helps ("SKU ABC-1 không có trong danh mục").
    pub value: Option<String>,
}

/// One order of the file: its rows, the draft when valid, else the errors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportOrder {
    /// The user's "Mã đơn" (empty for a one-row order without one).
    pub key: String,
    /// Spreadsheet rows of this order, in file order.
    pub rows: Vec<u32>,
    /// `Some` only when `errors` is empty: ready for the outbox.
    pub draft: Option<OrderDraft>,
    pub errors: Vec<RowError>,
}

impl ImportOrder {
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty() && self.draft.is_some()
    }
}

/// The preview shown before anything is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportPreview {
    pub orders: Vec<ImportOrder>,
    pub valid_count: u32,
    pub invalid_count: u32,
}

impl ImportPreview {
    /// The orders to send, with their drafts.
    pub fn valid(&self) -> impl Iterator<Item = (&ImportOrder, &OrderDraft)> {
        self.orders
            .iter()
            .filter(|o| o.errors.is_empty())
            .filter_map(|o| o.draft.as_ref().map(|d| (o, d)))
    }

    /// Every error of every order, by row.
    pub fn errors(&self) -> Vec<&RowError> {
        let mut all: Vec<&RowError> = self.orders.iter().flat_map(|o| &o.errors).collect();
        all.sort_by_key(|e| e.row);
        all
    }
}

/// Groups rows into orders (same "Mã đơn" = one order; empty = an order of its own), resolves SKUs,
/// parses numbers, builds one [`OrderDraft`] per order for `target` starting from `extras`, runs
/// [`shopdesk_core::order::validate`] and maps each field error back to its row and column.
pub fn build(
    rows: &[SheetRow],
    target: &Target,
    extras: &Extras,
    catalog: &dyn CatalogLookup,
) -> ImportPreview {
    let headers = user_headers(rows);
    let mut groups: Vec<(String, Vec<&SheetRow>)> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for row in rows {
        let key = row.text(Column::OrderKey).unwrap_or_default();
        if key.is_empty() {
            groups.push((key, vec![row]));
        } else if let Some(&i) = by_key.get(&key) {
            groups[i].1.push(row);
        } else {
            by_key.insert(key.clone(), groups.len());
            groups.push((key, vec![row]));
        }
    }
    let orders: Vec<ImportOrder> = groups
        .into_iter()
        .map(|(key, rows)| {
            OrderBuilder {
                headers: &headers,
                errors: CellErrors::new(),
            }
            .build(key, &rows, target, extras, catalog)
        })
        .collect();
    let valid = orders.iter().filter(|o| o.is_valid()).count();
    ImportPreview {
        valid_count: u32::try_from(valid).unwrap_or(u32::MAX),
        invalid_count: u32::try_from(orders.len() - valid).unwrap_or(u32::MAX),
        orders,
    }
}

/// Column → the header as the user's file spells it.
fn user_headers(rows: &[SheetRow]) -> BTreeMap<Column, String> {
    let mut out = BTreeMap::new();
    for r in rows {
        for c in &r.cells {
            out.entry(c.column).or_insert_with(|| c.header.clone());
        }
    }
    out
}

/// An order-level value and the row it was taken from.
struct Taken {
    value: String,
    row: u32,
}

struct OrderBuilder<'a> {
    headers: &'a BTreeMap<Column, String>,
    errors: CellErrors<Column>,
}

/// Row errors being collected for one group of rows (an order, a PO): one per cell (the first explains
/// it), each kept with its column to sort by row, then column.
pub(crate) struct CellErrors<C>(Vec<(Option<C>, RowError)>);

impl<C: Copy + PartialEq> CellErrors<C> {
    pub(crate) fn new() -> Self {
        CellErrors(Vec::new())
    }

    /// An error on `row`, in `cell` (the column and the user's header) or on the whole row.
    pub(crate) fn add(
        &mut self,
        row: u32,
        cell: Option<(C, String)>,
        code: &str,
        value: Option<String>,
    ) {
        let column = cell.as_ref().map(|(c, _)| *c);
        if column.is_some() && self.0.iter().any(|(c, e)| e.row == row && *c == column) {
            return; // one error per cell: the first one explains it
        }
        self.0.push((
            column,
            RowError {
                row,
                column: cell.map(|(_, h)| h),
                code: code.to_string(),
                value,
            },
        ));
    }

    /// The errors by row, then by the column's `position` (row-level errors last).
    pub(crate) fn sorted(mut self, position: impl Fn(C) -> usize) -> Vec<RowError> {
        self.0
            .sort_by_key(|(c, e)| (e.row, c.map_or(usize::MAX, &position)));
        self.0.into_iter().map(|(_, e)| e).collect()
    }
}

impl OrderBuilder<'_> {
    fn header(&self, c: Column) -> String {
        self.headers
            .get(&c)
            .cloned()
            .unwrap_or_else(|| c.header().to_string())
    }

    fn error(&mut self, row: u32, column: Option<Column>, code: &str, value: Option<String>) {
        let cell = column.map(|c| (c, self.header(c)));
        self.errors.add(row, cell, code, value);
    }

    /// The first non-empty value of an order-level column; a different value on a later row is an
    /// `order.conflict` on that row.
    fn order_value(&mut self, rows: &[&SheetRow], column: Column) -> Option<Taken> {
        let mut taken: Option<(Taken, String)> = None;
        for r in rows {
            let Some(value) = r.text(column) else {
                continue;
            };
            let canon = canonical(column, &value);
            match &taken {
                None => taken = Some((Taken { value, row: r.row }, canon)),
                Some((_, first)) if *first != canon => {
                    self.error(r.row, Some(column), codes::ORDER_CONFLICT, Some(value))
                }
                Some(_) => {}
            }
        }
        taken.map(|(t, _)| t)
    }

    /// A whole number from a cell; `number.invalid` when the cell holds something else.
    fn number(&mut self, row: &SheetRow, column: Column) -> Option<i64> {
        let cell = row.get(column)?;
        let money = column.spec().kind == ColumnKind::Money;
        let parsed = match &cell.value {
            CellValue::Number(v) => from_float(*v, money),
            CellValue::Text(t) if t.trim().is_empty() => return None,
            CellValue::Text(t) => parse_amount(t),
        };
        if parsed.is_none() {
            self.error(
                row.row,
                Some(column),
                codes::NUMBER_INVALID,
                Some(cell.value.as_text()),
            );
        }
        parsed
    }

    /// An order-level money value: taken like [`Self::order_value`], then parsed on its row.
    fn order_number(&mut self, rows: &[&SheetRow], column: Column) -> Option<(i64, u32)> {
        let taken = self.order_value(rows, column)?;
        let row = rows.iter().find(|r| r.row == taken.row)?;
        self.number(row, column).map(|v| (v, taken.row))
    }

    fn build(
        mut self,
        key: String,
        rows: &[&SheetRow],
        target: &Target,
        defaults: &Extras,
        catalog: &dyn CatalogLookup,
    ) -> ImportOrder {
        let first_row = rows.first().map_or(0, |r| r.row);
        let mut source: HashMap<Column, u32> = HashMap::new();
        let mut text = |this: &mut Self, c: Column| {
            this.order_value(rows, c).map(|t| {
                source.insert(c, t.row);
                t.value
            })
        };
        let name = text(&mut self, Column::CustomerName);
        let phone = text(&mut self, Column::Phone);
        let line1 = text(&mut self, Column::Address);
        let ward = text(&mut self, Column::Ward);
        let district = text(&mut self, Column::District);
        let province = text(&mut self, Column::Province);
        let note = text(&mut self, Column::Note);
        let platform = text(&mut self, Column::Platform);
        let marketplace_ref = text(&mut self, Column::MarketplaceRef);
        let waybill = text(&mut self, Column::Waybill);
        let mut money = |this: &mut Self, c: Column| {
            this.order_number(rows, c).map(|(v, row)| {
                source.insert(c, row);
                Money::vnd(v)
            })
        };
        let order_discount = money(&mut self, Column::OrderDiscount);
        let shipping_fee = money(&mut self, Column::ShippingFee);
        let cod = money(&mut self, Column::Cod);

        let mut items = Vec::with_capacity(rows.len());
        for row in rows {
            items.push(self.item(row, catalog));
        }

        let mut extras = defaults.clone();
        if target.vendor == Vendor::Onflow {
            let mut onflow = extras.onflow.take().unwrap_or_default();
            if let Some(p) = platform {
                onflow.platform = normalize_platform(&p);
            }
            if marketplace_ref.is_some() {
                onflow.marketplace_order_ref = marketplace_ref;
            }
            if waybill.is_some() {
                onflow.waybill = waybill;
            }
            extras.onflow = Some(onflow);
        }

        let draft = OrderDraft {
            customer: Customer {
                name: name.unwrap_or_default(),
                phone: phone.as_deref().map(fix_phone).unwrap_or_default(),
                email: None,
            },
            address: Address {
                line1: line1.unwrap_or_default(),
                line2: None,
                ward,
                district,
                province,
                geo: Default::default(),
            },
            items,
            order_discount: order_discount.unwrap_or_default(),
            shipping_fee: shipping_fee.unwrap_or_default(),
            cod,
            note,
            target: target.clone(),
            extras,
        };

        if let Err(fields) = validate(&draft) {
            for (path, codes) in &fields.0 {
                let (item, column) = locate(path);
                // an empty order discount or COD is only "invalid" because of an item error already
                // reported (a total below zero): do not blame a cell the user left empty
                if let (None, Some(c @ (Column::OrderDiscount | Column::Cod))) = (item, column) {
                    if !source.contains_key(&c) {
                        continue;
                    }
                }
                let row = match (item, column) {
                    (Some(i), _) => rows.get(i).map_or(first_row, |r| r.row),
                    (None, Some(c)) => source.get(&c).copied().unwrap_or(first_row),
                    (None, None) => first_row,
                };
                for code in codes {
                    self.error(row, column, code, None);
                }
            }
        }
        let errors = self.errors.sorted(Column::position);
        ImportOrder {
            key,
            rows: rows.iter().map(|r| r.row).collect(),
            draft: errors.is_empty().then_some(draft),
            errors,
        }
    }

    fn item(&mut self, row: &SheetRow, catalog: &dyn CatalogLookup) -> Item {
        let mut item = Item::default();
        let mut hit = None;
        if let Some(sku) = row.text(Column::Sku) {
            match catalog.by_sku(&sku) {
                Some(h) => {
                    item.sku = h.sku.clone();
                    item.product_id = h.product_id.clone();
                    item.variation_id = h.variation_id.clone();
                    hit = Some(h);
                }
                None => {
                    self.error(
                        row.row,
                        Some(Column::Sku),
                        codes::SKU_UNKNOWN,
                        Some(sku.clone()),
                    );
                    item.sku = sku;
                }
            }
        }
        if row.get(Column::Quantity).is_none() {
            self.error(
                row.row,
                Some(Column::Quantity),
                codes::QUANTITY_REQUIRED,
                None,
            );
        }
        item.quantity = self.number(row, Column::Quantity).unwrap_or(0);
        let price_cell = row.get(Column::UnitPrice).is_some();
        match self.number(row, Column::UnitPrice) {
            Some(p) => item.unit_price = Money::vnd(p),
            None if price_cell => {} // number.invalid already reported
            None => match hit.as_ref().map(|h| h.price) {
                Some(Some(p)) => item.unit_price = p,
                Some(None) => self.error(
                    row.row,
                    Some(Column::UnitPrice),
                    codes::PRICE_REQUIRED,
                    None,
                ),
                None => {} // unknown or missing SKU already reported
            },
        }
        item.discount = Money::vnd(self.number(row, Column::ItemDiscount).unwrap_or(0));
        item
    }
}

/// How two values of an order-level column are compared across the rows of one order.
fn canonical(column: Column, value: &str) -> String {
    match column {
        Column::Phone => normalize_phone(&fix_phone(value)).unwrap_or_else(|| value.to_string()),
        _ => match column.spec().kind {
            ColumnKind::Money | ColumnKind::Count => parse_amount(value)
                .map(|v| v.to_string())
                .unwrap_or_else(|| value.to_string()),
            ColumnKind::Code => value.to_string(),
            ColumnKind::Text => fold(value),
        },
    }
}

/// Spreadsheets drop the leading zero of a phone typed as a number (`912345678`): put it back, then
/// normalize to `0xxxxxxxxx` when it is a valid mobile number (else keep it as typed for validation).
fn fix_phone(raw: &str) -> String {
    let t = raw.trim();
    let restored = if t.len() == 9
        && t.bytes().all(|b| b.is_ascii_digit())
        && matches!(t.as_bytes()[0], b'3' | b'5' | b'7' | b'8' | b'9')
    {
        format!("0{t}")
    } else {
        t.to_string()
    };
    normalize_phone(&restored).unwrap_or(restored)
}

/// `Shopee`, `TikTok Shop`, `tik tok` → `shopee`, `tiktok`; anything else kept (validation refuses it).
fn normalize_platform(raw: &str) -> String {
    let key: String = fold(raw).chars().filter(|c| !c.is_whitespace()).collect();
    match key.as_str() {
        "shopee" => "shopee".into(),
        "lazada" => "lazada".into(),
        "tiktok" | "tiktokshop" => "tiktok".into(),
        "tiki" => "tiki".into(),
        _ => raw.trim().to_string(),
    }
}

/// A validation field path (camelCase, as [`validate`] names it) → (item index, column).
fn locate(path: &str) -> (Option<usize>, Option<Column>) {
    if let Some(rest) = path.strip_prefix("items[") {
        let Some((idx, field)) = rest.split_once(']') else {
            return (None, Some(Column::Sku));
        };
        let column = match field.trim_start_matches('.') {
            "quantity" => Column::Quantity,
            "unitPrice" => Column::UnitPrice,
            "discount" => Column::ItemDiscount,
            _ => Column::Sku, // sku, productId, variationId
        };
        return (idx.parse().ok(), Some(column));
    }
    let column = match path {
        "customer.name" => Some(Column::CustomerName),
        "customer.phone" => Some(Column::Phone),
        "address.line1" | "address.line2" => Some(Column::Address),
        "address.ward" | "address.geo.wardId" => Some(Column::Ward),
        "address.district" | "address.geo.districtId" => Some(Column::District),
        "address.province" | "address.geo.provinceId" => Some(Column::Province),
        "items" => Some(Column::Sku),
        "orderDiscount" => Some(Column::OrderDiscount),
        "shippingFee" => Some(Column::ShippingFee),
        "cod" => Some(Column::Cod),
        "note" => Some(Column::Note),
        "extras.onflow" | "extras.onflow.platform" => Some(Column::Platform),
        "extras.onflow.marketplaceOrderRef" => Some(Column::MarketplaceRef),
        "extras.onflow.waybill" => Some(Column::Waybill),
        _ => None, // target.*, document urls: not from the file
    };
    (None, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_lose_and_regain_their_zero() {
        assert_eq!(fix_phone("912345678"), "0912345678");
        assert_eq!(fix_phone("+84 912 345 678"), "0912345678");
        assert_eq!(fix_phone("212345678"), "212345678");
        assert_eq!(fix_phone("0912 345"), "0912 345");
    }

    #[test]
    fn platforms_are_normalized() {
        assert_eq!(normalize_platform("Shopee"), "shopee");
        assert_eq!(normalize_platform("TikTok Shop"), "tiktok");
        assert_eq!(normalize_platform(" Tiki "), "tiki");
        assert_eq!(normalize_platform("Sendo"), "Sendo");
    }

    #[test]
    fn field_paths_map_to_columns() {
        assert_eq!(
            locate("items[3].quantity"),
            (Some(3), Some(Column::Quantity))
        );
        assert_eq!(locate("items[0].productId"), (Some(0), Some(Column::Sku)));
        assert_eq!(
            locate("items[2].unitPrice"),
            (Some(2), Some(Column::UnitPrice))
        );
        assert_eq!(locate("shippingFee"), (None, Some(Column::ShippingFee)));
        assert_eq!(locate("orderDiscount"), (None, Some(Column::OrderDiscount)));
        assert_eq!(
            locate("address.geo.provinceId"),
            (None, Some(Column::Province))
        );
        assert_eq!(locate("customer.phone"), (None, Some(Column::Phone)));
        assert_eq!(
            locate("extras.onflow.platform"),
            (None, Some(Column::Platform))
        );
        assert_eq!(locate("target.warehouseId"), (None, None));
    }
}
