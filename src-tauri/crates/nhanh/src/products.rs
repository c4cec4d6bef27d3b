//! Products: list (filters, cursor), detail, add (≤100), edit, external image URLs, categories, and the
//! per-depot stock list (`product/inventory`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use vendor_http::{Error, Result, Safety};

use crate::client::{Client, PageRequest};
use serde_with::{serde_as, DefaultOnError, NoneAsEmptyString, OneOrMany, PickFirst, VecSkipError};
use vendor_http::lenient;

/// Product status (§9.2).
pub mod status {
    pub const NEW: i64 = 1;
    pub const ACTIVE: i64 = 2;
    pub const INACTIVE: i64 = 3;
    pub const OUT_OF_STOCK: i64 = 4;
}

/// `{"from": n, "to": n}` money range.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Range {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<i64>,
}

/// `product/list` filters. Empty = every product.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ProductFilter {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ids: Vec<i64>,
    /// Matches name, code or barcode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gpid: Option<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub category_ids: Vec<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub status: Vec<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price: Option<Range>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub brand_ids: Vec<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub imei: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at_from: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at_to: Option<i64>,
}

/// Prices in VND.
#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct Prices {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub retail: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub retail_vat: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    #[serde(rename = "import")]
    pub import: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub import_vat: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub old: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub wholesale: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub avg_cost: i64,
}

#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct Images {
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    pub avatar: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::Text>, OneOrMany<lenient::Text>)>>"
    )]
    pub others: Vec<String>,
}

#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct Shipping {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub width: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub height: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub length: i64,
    /// Grams.
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub weight: i64,
}

/// Warranty stock: an object `{remain, holding}` in list/inventory, a bare number in detail.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WarrantyStock {
    pub remain: i64,
    pub holding: i64,
}

impl<'de> Deserialize<'de> for WarrantyStock {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        Ok(match &v {
            Value::Object(m) => WarrantyStock {
                remain: m.get("remain").and_then(lenient::Int::of).unwrap_or(0),
                holding: m.get("holding").and_then(lenient::Int::of).unwrap_or(0),
            },
            other => WarrantyStock {
                remain: lenient::Int::of(other).unwrap_or(0),
                holding: 0,
            },
        })
    }
}

/// Stock counters; `available` is what can be sold (use the vendor's value, never recompute it).
#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct Stock {
    /// Depot id (in `depots[]` only).
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub remain: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub shipping: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub damaged: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub holding: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub transfering: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub available: i64,
    pub warranty: WarrantyStock,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub warranty_holding: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub holding_new: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub shipping_export: i64,
}

/// Stock totals plus one [`Stock`] per depot.
#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct Inventory {
    #[serde(flatten)]
    pub total: Stock,
    #[serde_as(deserialize_as = "DefaultOnError<VecSkipError<_>>")]
    pub depots: Vec<Stock>,
}

impl Inventory {
    /// The counters of one depot, if the product has any there.
    pub fn depot(&self, depot_id: i64) -> Option<&Stock> {
        self.depots.iter().find(|d| d.id == depot_id)
    }
}

#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct Attribute {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub name: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub value: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub code: String,
}

#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct ComboItem {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub code: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub name: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub quantity: i64,
}

/// `{id, code, name}` reference (category, brand, type in the detail shape).
#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct NamedRef {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub code: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub name: String,
}

/// A product as `product/list` returns it. `parent_id` -1 = standalone, -2 = parent, > 0 = a variant.
#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct Product {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub parent_id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub code: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub barcode: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub name: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub other_name: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub status: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub category_id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub brand_id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    #[serde(rename = "type")]
    pub type_id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub price_vat_mode: i64,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub prices: Prices,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub images: Option<Images>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub shipping: Option<Shipping>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub inventory: Option<Inventory>,
    #[serde_as(deserialize_as = "DefaultOnError<VecSkipError<_>>")]
    pub attributes: Vec<Attribute>,
    #[serde_as(deserialize_as = "DefaultOnError<VecSkipError<_>>")]
    pub combos: Vec<ComboItem>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::Int>, OneOrMany<lenient::Int>)>>"
    )]
    pub tag_ids: Vec<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub description: String,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Epoch>>")]
    pub created_at: Option<DateTime<Utc>>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Epoch>>")]
    pub updated_at: Option<DateTime<Utc>>,
}

/// `product/detail` (and the product webhook): nested category/brand/type objects, numeric warranty stock.
#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct ProductDetail {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub parent_id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub code: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub barcode: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub name: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub other_name: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub status: i64,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub category: Option<NamedRef>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub brand: Option<NamedRef>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    #[serde(rename = "type")]
    pub type_ref: Option<NamedRef>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub prices: Prices,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub vat: i64,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub images: Option<Images>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub shipping: Option<Shipping>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub inventory: Option<Inventory>,
    #[serde_as(deserialize_as = "DefaultOnError<VecSkipError<_>>")]
    pub attributes: Vec<Attribute>,
    #[serde_as(deserialize_as = "DefaultOnError<VecSkipError<_>>")]
    pub combos: Vec<ComboItem>,
    #[serde_as(deserialize_as = "DefaultOnError<VecSkipError<_>>")]
    pub childs: Vec<ProductDetail>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::Int>, OneOrMany<lenient::Int>)>>"
    )]
    pub tag_ids: Vec<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub description: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub content: String,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Epoch>>")]
    pub created_at: Option<DateTime<Utc>>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Epoch>>")]
    pub updated_at: Option<DateTime<Utc>>,
}

/// `product/inventory` filters.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct InventoryFilter {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ids: Vec<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub depot_ids: Vec<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category_id: Option<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub status: Vec<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub brand_ids: Vec<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at_from: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at_to: Option<i64>,
}

/// One row of `product/inventory`.
#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct InventoryItem {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub product_id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub barcode: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub code: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub name: String,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub prices: Prices,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub inventory: Inventory,
}

/// One product for `product/add`.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct NewProduct {
    /// Our own product id (required by Nhanh).
    pub app_product_id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub barcode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_price: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub import_price: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wholesale_price: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping_weight: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vat: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price_vat_mode: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tag_ids: Vec<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub external_images: Vec<String>,
}

/// `product/edit`: only the fields that are `Some` are sent (Nhanh clears fields sent empty).
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ProductEdit {
    pub id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub barcode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_price: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub import_price: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wholesale_price: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping_weight: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag_ids: Option<Vec<i64>>,
}

/// What `product/add` / `product/edit` return per product.
#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct ProductRef {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub app_product_id: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub barcode: String,
}

/// `product/externalimage` mode.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ImageMode {
    /// The array replaces the product's set of external images.
    Update,
    /// Remove every old image of the product.
    Deleteall,
}

/// One product's external image URLs (Nhanh stores the URLs, it does not download them).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ProductImages {
    pub id: i64,
    pub mode: ImageMode,
    pub images: Vec<String>,
}

/// Documented limits of `product/externalimage`.
pub const MAX_IMAGE_PRODUCTS: usize = 30;
pub const MAX_IMAGES_PER_PRODUCT: usize = 20;
/// Documented limit of `product/add` and `customer/add`.
pub const MAX_BATCH: usize = 100;

/// `product/category` filters.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CategoryFilter {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ids: Vec<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<i64>,
}

/// A category (flat list; build the tree from `parent_id`).
#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct Category {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub parent_id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub code: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub name: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub order: i64,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    pub image: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub status: i64,
}

pub(crate) fn too_many(field: &str, max: usize) -> Error {
    let msg = format!("at most {max} items per request");
    let mut fields = vendor_http::FieldErrors::new();
    fields.insert(field.into(), vec![msg.clone()]);
    Error::Validation {
        fields,
        vendor_code: None,
        message: Some(msg),
    }
}

impl Client {
    /// One page of `product/list` (size ≤ 100, sorted by id).
    pub async fn products_page(
        &self,
        filter: &ProductFilter,
        page: PageRequest,
    ) -> Result<crate::Page<Product>> {
        self.page("product/list", filter, page, None).await
    }

    /// Every product matching `filter`, all pages.
    pub async fn products(&self, filter: &ProductFilter) -> Result<Vec<Product>> {
        self.all("product/list", filter, PageRequest::new(100), None)
            .await
    }

    /// `product/detail`; `NotFound` when the id does not exist.
    pub async fn product_detail(&self, id: i64) -> Result<ProductDetail> {
        let body = serde_json::json!({ "filters": { "id": id } });
        let d: Value = self.read("product/detail", &body).await?;
        let d = match d {
            Value::Object(_) => serde_json::from_value::<ProductDetail>(d).ok(),
            _ => None,
        };
        d.filter(|p| p.id != 0).ok_or(Error::NotFound {
            vendor_code: None,
            message: Some(format!("product {id}")),
        })
    }

    /// `product/add` for at most 100 products. Not retried (the vendor does not document dedupe by
    /// `appProductId`); on an unknown outcome look products up by code before sending again.
    pub async fn add_products(&self, products: &[NewProduct]) -> Result<Vec<ProductRef>> {
        if products.len() > MAX_BATCH {
            return Err(too_many("products", MAX_BATCH));
        }
        let env = self
            .call::<_, Option<Vec<ProductRef>>>("product/add", products, Safety::Write)
            .await?;
        Ok(env.data.unwrap_or_default())
    }

    /// `product/edit` (one product; stock cannot be edited here).
    pub async fn edit_product(&self, edit: &ProductEdit) -> Result<Vec<ProductRef>> {
        let env = self
            .call::<_, Value>("product/edit", edit, Safety::Write)
            .await?;
        Ok(match env.data {
            Value::Array(_) => serde_json::from_value(env.data).unwrap_or_default(),
            Value::Object(_) => serde_json::from_value(env.data)
                .map(|r| vec![r])
                .unwrap_or_default(),
            _ => Vec::new(),
        })
    }

    /// Add one external image URL to a product, keeping the ones it has (`product/externalimage`
    /// replaces the whole set, so the detail is read first). Answers the product's image URLs after.
    pub async fn add_external_image(&self, product_id: i64, url: &str) -> Result<Vec<String>> {
        let detail = self.product_detail(product_id).await?;
        // the set is the avatar (the first URL of the set) followed by the others
        let mut images: Vec<String> = detail
            .images
            .map(|i| i.avatar.into_iter().chain(i.others).collect())
            .unwrap_or_default();
        if !images.iter().any(|i| i == url) {
            images.push(url.to_string());
        }
        self.set_external_images(&[ProductImages {
            id: product_id,
            mode: ImageMode::Update,
            images: images.clone(),
        }])
        .await?;
        Ok(images)
    }

    /// `product/externalimage`: at most 30 products, 20 URLs each. Returns the product ids Nhanh echoed.
    pub async fn set_external_images(&self, items: &[ProductImages]) -> Result<Vec<i64>> {
        if items.len() > MAX_IMAGE_PRODUCTS {
            return Err(too_many("products", MAX_IMAGE_PRODUCTS));
        }
        if let Some(p) = items
            .iter()
            .find(|p| p.images.len() > MAX_IMAGES_PER_PRODUCT)
        {
            return Err(too_many(
                &format!("{}.images", p.id),
                MAX_IMAGES_PER_PRODUCT,
            ));
        }
        // replacing a set is idempotent: safe to repeat after a transient failure
        let env = self
            .call::<_, Value>("product/externalimage", items, Safety::IdempotentWrite)
            .await?;
        Ok(match &env.data {
            Value::Array(a) => a
                .iter()
                .filter_map(|v| {
                    lenient::Int::of(v).or_else(|| v.get("id").and_then(lenient::Int::of))
                })
                .collect(),
            _ => Vec::new(),
        })
    }

    /// Every category (flat).
    pub async fn categories(&self, filter: &CategoryFilter) -> Result<Vec<Category>> {
        self.all("product/category", filter, PageRequest::new(100), None)
            .await
    }

    /// Stock of every product matching `filter`, all pages.
    pub async fn inventory(&self, filter: &InventoryFilter) -> Result<Vec<InventoryItem>> {
        self.all("product/inventory", filter, PageRequest::new(100), None)
            .await
    }
}
