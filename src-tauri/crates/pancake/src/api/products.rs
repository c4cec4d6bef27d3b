//! Products, variations and stock (digest §3.7), categories (§3.8) and units of measure (§3.9).

use chrono::{DateTime, Utc};
use futures::stream::{self, Stream};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use vendor_http::{Result, Safety};

use crate::client::Query;
use crate::envelope::{Ack, Page};
use crate::value::Id;
use crate::PancakeClient;
use serde_with::formats::Flexible;
use serde_with::{
    serde_as, BoolFromInt, DefaultOnError, NoneAsEmptyString, OneOrMany, PickFirst, VecSkipError,
};
use vendor_http::lenient;

/// An attribute value of a variation (`{"name": "Màu", "value": "Trắng"}`).
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AttributeValue {
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub name: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub value: String,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(rename = "keyValue", skip_serializing_if = "Option::is_none")]
    pub key_value: Option<String>,
}

/// Stock of one variation in one warehouse ([oas] `VariationWarehouse`).
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct VariationWarehouse {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub warehouse_id: String,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub variation_id: Option<String>,
    /// Sellable ("có thể bán").
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub remain_quantity: i64,
    /// Physically on hand ("tồn kho").
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub actual_remain_quantity: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub available_quantity: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub total_quantity: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub pending_quantity: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    #[serde(rename = "waitting_quantity")]
    pub waiting_quantity: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub shipping_quantity: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub returning_quantity: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub transfer_quantity: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub defect_quantity: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Float>>")]
    pub avg_price: Option<f64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub batch_position: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub shelf_position: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(_, BoolFromInt<Flexible>, lenient::BoolText)>>>"
    )]
    pub nearly_out: Option<bool>,
    /// True: the key's user may not see quantities (they are hidden or zero).
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(_, BoolFromInt<Flexible>, lenient::BoolText)>>>"
    )]
    pub not_permission_view_quantity: Option<bool>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The product embedded in a variation row.
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProductSummary {
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub name: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub display_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub custom_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub note_product: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub image: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>"
    )]
    pub inserted_at: Option<DateTime<Utc>>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    pub categories: Vec<Value>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    pub tags: Vec<Value>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(_, BoolFromInt<Flexible>, lenient::BoolText)>>>"
    )]
    pub is_published: Option<bool>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One row of `GET /products/variations`: a variation with its product and per-warehouse stock.
/// `display_id` is the variation code — the shop's SKU.
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Variation {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub id: String,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub product_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub display_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub custom_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub barcode: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    pub fields: Vec<AttributeValue>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::Text>, OneOrMany<lenient::Text>)>>"
    )]
    pub images: Vec<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub retail_price: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub price_at_counter: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub last_imported_price: Option<i64>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    pub wholesale_price: Vec<Value>,
    /// Sellable quantity summed over warehouses (inferred).
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub remain_quantity: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub total_purchase_price: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub weight: Option<i64>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(_, BoolFromInt<Flexible>, lenient::BoolText)>>>"
    )]
    pub is_hidden: Option<bool>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(_, BoolFromInt<Flexible>, lenient::BoolText)>>>"
    )]
    pub is_locked: Option<bool>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(_, BoolFromInt<Flexible>, lenient::BoolText)>>>"
    )]
    pub is_removed: Option<bool>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(_, BoolFromInt<Flexible>, lenient::BoolText)>>>"
    )]
    pub is_sell_negative_variation: Option<bool>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>"
    )]
    pub inserted_at: Option<DateTime<Utc>>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>"
    )]
    pub updated_at: Option<DateTime<Utc>>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub product: Option<ProductSummary>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    pub variations_warehouses: Vec<VariationWarehouse>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Variation {
    /// The shop SKU: `display_id`, else `custom_id`.
    pub fn sku(&self) -> Option<&str> {
        self.display_id
            .as_deref()
            .or(self.custom_id.as_deref())
            .filter(|s| !s.is_empty())
    }
}

/// A product as returned by `GET /products/{PRODUCT_SKU}` (bare object with variations).
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Product {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub id: String,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub name: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub display_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub custom_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub weight: Option<i64>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::Text>, OneOrMany<lenient::Text>)>>"
    )]
    pub category_ids: Vec<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    pub variations: Vec<Variation>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>"
    )]
    pub inserted_at: Option<DateTime<Utc>>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>"
    )]
    pub updated_at: Option<DateTime<Utc>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Opening / target stock in a product write.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WarehouseQuantity {
    pub warehouse_id: String,
    pub remain_quantity: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub batch_position: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shelf_position: Option<String>,
}

/// A variation in a product create/update. With `id` it updates that variation, without it creates one;
/// `is_removed: true` deletes it (digest §3.7.2).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct VariationInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub retail_price: i64,
    pub weight: i64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<AttributeValue>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_imported_price: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price_at_counter: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub barcode: Option<String>,
    /// Variant SKU.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_hidden: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_removed: Option<bool>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub variations_warehouses: Vec<WarehouseQuantity>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `{"name": "Màu", "values": ["Đen", "Trắng"]}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProductAttribute {
    pub name: String,
    pub values: Vec<String>,
}

/// `POST /products` and `PUT /products/{id}` body, wrapped in `product` by the client.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProductInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<i64>,
    /// Product code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_id: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub category_ids: Vec<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note_product: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub product_attributes: Vec<ProductAttribute>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_published: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measure_group_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brand_id: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub variations: Vec<VariationInput>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Serialize)]
struct ProductWrap<'a, P> {
    product: &'a P,
}

/// A variation in a product update that changes only what it names (digest §3.7.2: every field of the
/// update is optional; `id` says which variation).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct VariationPatch {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retail_price: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_hidden: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub images: Option<Vec<String>>,
    /// `""` removes the barcode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub barcode: Option<String>,
}

/// A product update that changes only what it names.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ProductPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub variations: Vec<VariationPatch>,
}

/// One row of a stock write (digest §3.7.4/§3.7.5). The quantity is **absolute**, not a delta.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StockSet {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variation_id: Option<String>,
    pub warehouse_id: String,
    pub remain_quantity: i64,
}

/// Which quantity a stock write sets. Always sent explicitly (the default is undocumented).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StockKind {
    /// `is_actual_remain_quantity: false` — the sellable quantity.
    Sellable,
    /// `is_actual_remain_quantity: true` — the on-hand quantity.
    OnHand,
}

#[derive(Serialize)]
struct StockBody<'a> {
    is_actual_remain_quantity: bool,
    variations_warehouses: &'a [StockSet],
}

/// Filters of `GET /products/variations` (digest §3.7.3).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VariationQuery {
    pub page_number: Option<u32>,
    pub page_size: Option<u32>,
    pub search: Option<String>,
    /// `none`, `bad`, `normal`, `star`.
    pub selling_status: Option<String>,
    /// `locked` / `not_locked`.
    pub product_status: Option<String>,
    pub category_id: Vec<i64>,
    pub is_filter_categories_by_or: Option<bool>,
    pub filter_exclude_categories: Option<bool>,
    /// Stock as of a past moment.
    pub warehouse_until: Option<DateTime<Utc>>,
    pub variation_ids: Vec<String>,
    /// Product created window (`startDate`/`endDate`, unix seconds).
    pub start_date: Option<DateTime<Utc>>,
    pub end_date: Option<DateTime<Utc>>,
    /// Product updated window (`start_time_update`/`end_time_update`): incremental catalogue sync.
    pub start_time_update: Option<DateTime<Utc>>,
    pub end_time_update: Option<DateTime<Utc>>,
    /// JSON filter, e.g. `{"type":"smallerOrEqual","value":5,"warehouseId":"all"}`.
    pub remain_quantity: Option<Value>,
    /// `parent`, `children`, `false`.
    pub included_composite: Option<String>,
    pub product_attributes: Vec<String>,
    pub promotion_advance: Vec<String>,
    pub manipulation_warehouse: Vec<String>,
    /// [oas] quantity filters, same JSON shape as `remain_quantity`: `actualQuantity`,
    /// `waittingQuantity`, `returningQuantity`, `pendingQuantity`, `totalQuantity`.
    pub actual_quantity: Option<Value>,
    pub waiting_quantity: Option<Value>,
    pub returning_quantity: Option<Value>,
    pub pending_quantity: Option<Value>,
    pub total_quantity: Option<Value>,
    /// [oas] flags: only variations at their low-stock warning level / with defective stock / nearly out.
    pub limit_quantity_to_warn: Option<bool>,
    pub defect_quantity: Option<bool>,
    pub nearly_out: Option<bool>,
}

impl VariationQuery {
    fn to_query(&self) -> Query {
        Query::new()
            .opt("page_number", self.page_number)
            .opt("page_size", self.page_size)
            .opt_str("search", &self.search)
            .opt_str("selling_status", &self.selling_status)
            .opt_str("product_status", &self.product_status)
            .arr("category_id", &self.category_id)
            .opt(
                "is_filter_categories_by_or",
                self.is_filter_categories_by_or,
            )
            .opt("filter_exclude_categories", self.filter_exclude_categories)
            .opt(
                "warehouse_until",
                self.warehouse_until
                    .map(|t| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()),
            )
            .arr("variation_ids", &self.variation_ids)
            .opt("startDate", self.start_date.map(|t| t.timestamp()))
            .opt("endDate", self.end_date.map(|t| t.timestamp()))
            .opt(
                "start_time_update",
                self.start_time_update.map(|t| t.timestamp()),
            )
            .opt(
                "end_time_update",
                self.end_time_update.map(|t| t.timestamp()),
            )
            .opt("remainQuantity", self.remain_quantity.as_ref())
            .opt_str("included_composite", &self.included_composite)
            .arr("product_attributes", &self.product_attributes)
            .arr("promotion_advance", &self.promotion_advance)
            .arr("manipulationWarehouse", &self.manipulation_warehouse)
            .opt("actualQuantity", self.actual_quantity.as_ref())
            .opt("waittingQuantity", self.waiting_quantity.as_ref())
            .opt("returningQuantity", self.returning_quantity.as_ref())
            .opt("pendingQuantity", self.pending_quantity.as_ref())
            .opt("totalQuantity", self.total_quantity.as_ref())
            .opt("limit_quantity_to_warn", self.limit_quantity_to_warn)
            .opt("defectQuantity", self.defect_quantity)
            .opt("nearly_out", self.nearly_out)
    }
}

/// A category tree node; the name is in `text`.
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Category {
    pub id: Id,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub text: String,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    pub nodes: Vec<Category>,
}

/// A unit group with its units (`nodes`).
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MeasureGroup {
    pub id: Id,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub name: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub shop_id: Option<i64>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    pub nodes: Vec<MeasureUnit>,
}

#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MeasureUnit {
    pub id: Id,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub name: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Float>>")]
    pub exchange_value: Option<f64>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(_, BoolFromInt<Flexible>, lenient::BoolText)>>"
    )]
    pub is_default: bool,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    pub parent_id: Option<Id>,
}

/// Where a page walk stands: the next page (with the first id of the previous one), an error still to
/// report, or the end.
enum WalkState {
    Page(u32, Option<String>),
    Fail(vendor_http::Error),
    Done,
}

impl PancakeClient {
    /// `GET /shops/{SHOP_ID}/products/variations` — one page.
    pub async fn list_variations(&self, query: &VariationQuery) -> Result<Page<Variation>> {
        let shop = self.shop()?;
        self.get(
            &["shops", &shop, "products", "variations"],
            query.to_query(),
        )
        .await
    }

    /// Every variation matching `query`, walking all pages (paced by the limiter).
    pub async fn list_all_variations(&self, query: &VariationQuery) -> Result<Vec<Variation>> {
        let mut out = Vec::new();
        let mut pages = std::pin::pin!(self.variation_pages(query.clone()));
        while let Some(page) = futures::StreamExt::next(&mut pages).await {
            out.extend(page?);
        }
        Ok(out)
    }

    /// A stream of variation pages for `query`; stops after the last page or the first error. After
    /// `max_pages` pages with the vendor still announcing more, the last item is `TOO_MANY_PAGES`.
    pub fn variation_pages(
        &self,
        query: VariationQuery,
    ) -> impl Stream<Item = Result<Vec<Variation>>> + '_ {
        let size = query.page_size.unwrap_or(self.walk_page_size());
        let max_pages = self.max_pages();
        // a server that ignores the page number (same first row again) ends the walk; one that keeps
        // announcing more pages ends it with TOO_MANY_PAGES after `max_pages`
        stream::unfold(WalkState::Page(1, None), move |state| {
            let mut q = query.clone();
            async move {
                let (page, prev_first) = match state {
                    WalkState::Page(page, prev_first) => (page, prev_first),
                    WalkState::Fail(e) => return Some((Err(e), WalkState::Done)),
                    WalkState::Done => return None,
                };
                q.page_number = Some(page);
                q.page_size = Some(size);
                match self.list_variations(&q).await {
                    Ok(p) => {
                        let first = p.data.first().map(|v| v.id.clone());
                        if page > 1 && first.is_some() && first == prev_first {
                            return None;
                        }
                        let next = if !p.has_more(size) {
                            WalkState::Done
                        } else if page >= max_pages {
                            WalkState::Fail(vendor_http::Error::too_many_pages(
                                "Pancake variations",
                                max_pages,
                            ))
                        } else {
                            WalkState::Page(page + 1, first)
                        };
                        Some((Ok(p.data), next))
                    }
                    Err(e) => Some((Err(e), WalkState::Done)),
                }
            }
        })
    }

    /// `GET /shops/{SHOP_ID}/products/{PRODUCT_SKU}` — a product by SKU or id.
    pub async fn get_product(&self, sku_or_id: &str) -> Result<Product> {
        let shop = self.shop()?;
        self.get(&["shops", &shop, "products", sku_or_id], Query::new())
            .await
    }

    /// `POST /shops/{SHOP_ID}/products` (`{"product": …}`). The answer is only `{"success": true}`:
    /// re-read the product by its `custom_id` to learn the new ids.
    pub async fn create_product(&self, product: &ProductInput) -> Result<()> {
        let shop = self.shop()?;
        let _: Ack = self
            .post(
                &["shops", &shop, "products"],
                &ProductWrap { product },
                Safety::Write,
            )
            .await?;
        Ok(())
    }

    /// `PUT /shops/{SHOP_ID}/products/{PRODUCT_ID}` (`{"product": …}`).
    pub async fn update_product<P: Serialize>(&self, product_id: &str, product: &P) -> Result<()> {
        let shop = self.shop()?;
        let _: Ack = self
            .put(
                &["shops", &shop, "products", product_id],
                &ProductWrap { product },
                Safety::IdempotentWrite,
            )
            .await?;
        Ok(())
    }

    /// Add an image URL (e.g. from Onflow's file upload) to one variation, keeping its other images,
    /// price and weight: a variation update rewrites the fields it names, so the product is read first.
    /// Answers the variation's images afterwards. Refuses (without writing) when Pancake did not report
    /// the variation's price, rather than sending a 0.
    pub async fn add_variation_image(
        &self,
        product_id: &str,
        variation_id: &str,
        url: &str,
    ) -> Result<Vec<String>> {
        let product = self.get_product(product_id).await?;
        let v = product
            .variations
            .iter()
            .find(|v| v.id == variation_id)
            .ok_or_else(|| vendor_http::Error::NotFound {
                vendor_code: None,
                message: Some(format!(
                    "variation {variation_id} is not in product {product_id}"
                )),
            })?;
        let retail_price = v.retail_price.ok_or_else(|| vendor_http::Error::Internal {
            message: format!("variation {variation_id} has no retail price to keep"),
        })?;
        let mut images = v.images.clone();
        if !images.iter().any(|i| i == url) {
            images.push(url.to_string());
        }
        let input = ProductInput {
            variations: vec![VariationInput {
                id: Some(v.id.clone()),
                retail_price,
                weight: v.weight.or(product.weight).unwrap_or_default(),
                images: images.clone(),
                ..Default::default()
            }],
            ..Default::default()
        };
        self.update_product(&product.id, &input).await?;
        Ok(images)
    }

    /// `POST /shops/{SHOP_ID}/variations/{VARIATION_ID}/update_quantity` — absolute quantities of one
    /// variation per warehouse.
    pub async fn update_variation_stock(
        &self,
        variation_id: &str,
        kind: StockKind,
        rows: &[StockSet],
    ) -> Result<()> {
        let shop = self.shop()?;
        let body = StockBody {
            is_actual_remain_quantity: kind == StockKind::OnHand,
            variations_warehouses: rows,
        };
        let _: Ack = self
            .post(
                &[
                    "shops",
                    &shop,
                    "variations",
                    variation_id,
                    "update_quantity",
                ],
                &body,
                Safety::IdempotentWrite,
            )
            .await?;
        Ok(())
    }

    /// `POST /shops/{SHOP_ID}/variations/update_quantity` — absolute quantities of many variations
    /// (each row names its `variation_id`).
    pub async fn update_stock(&self, kind: StockKind, rows: &[StockSet]) -> Result<()> {
        let shop = self.shop()?;
        let body = StockBody {
            is_actual_remain_quantity: kind == StockKind::OnHand,
            variations_warehouses: rows,
        };
        let _: Ack = self
            .post(
                &["shops", &shop, "variations", "update_quantity"],
                &body,
                Safety::IdempotentWrite,
            )
            .await?;
        Ok(())
    }

    /// `GET /shops/{SHOP_ID}/categories` — the category tree.
    pub async fn categories(&self) -> Result<Vec<Category>> {
        let shop = self.shop()?;
        let p: Page<Category> = self
            .get(&["shops", &shop, "categories"], Query::new())
            .await?;
        Ok(p.data)
    }

    /// `GET /shops/{SHOP_ID}/product_measurements/get_measure`.
    pub async fn measurements(&self) -> Result<Vec<MeasureGroup>> {
        let shop = self.shop()?;
        let p: Page<MeasureGroup> = self
            .get(
                &["shops", &shop, "product_measurements", "get_measure"],
                Query::new(),
            )
            .await?;
        Ok(p.data)
    }
}
