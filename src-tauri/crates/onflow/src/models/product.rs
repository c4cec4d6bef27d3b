//! Product area: create, assign, list/detail, stock, deactivate.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::config::Brand;
use super::ProductStatus;
use serde_with::{
    serde_as, DefaultOnError, NoneAsEmptyString, OneOrMany, PickFirst, TimestampSeconds,
    VecSkipError,
};
use vendor_http::lenient;

/// Body of Create Product (documented fields). Optional fields are left out of the JSON when `None`
/// ("for optional fields, it is not required to include the field name").
#[serde_as]
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct NewProduct {
    pub sku: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brand_id: Option<i64>,
    /// `PHYSICAL` is the only documented value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_type: Option<String>,
    /// `PACKAGE` is the only documented value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_unit: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub product_barcodes: Vec<String>,
    /// Grams *(inferred)*.
    #[serde_as(serialize_as = "Option<lenient::Float>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
    /// Centimetres *(inferred)*.
    #[serde_as(serialize_as = "Option<lenient::Float>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub length: Option<f64>,
    #[serde_as(serialize_as = "Option<lenient::Float>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<f64>,
    #[serde_as(serialize_as = "Option<lenient::Float>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_size: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_color: Option<String>,
    /// VND, sent as a number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_price: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_image_url_main: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_image_url_secondary: Option<String>,
    /// `HIGH_VALUE`, `FRAGILE` seen.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub product_characteristics: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_stock_warning: Option<i64>,
    /// `NORMAL` seen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage_method: Option<String>,
    /// `NONE`, `BOTH` seen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inventory_tracking_type: Option<String>,
    /// `FIFO`, `LIFO` seen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outbound_strategy: Option<String>,
    /// Days *(inferred)*.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shelf_life: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_shelf_life_inbound: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_shelf_life_outbound: Option<i64>,
}

/// Answer of Create Product *(inferred)*: `{oasin, sku, status}`.
#[serde_as]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CreatedProduct {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub oasin: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub sku: String,
    #[serde(default)]
    pub status: ProductStatus,
}

/// Body of Assign Product *(inferred)*.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct AssignProduct {
    pub warehouse_codes: Vec<String>,
}

/// Answer of Assign Product / Deactivate Product *(inferred)*.
#[serde_as]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ProductState {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub oasin: String,
    #[serde(default)]
    pub status: ProductStatus,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::Text>, OneOrMany<lenient::Text>)>>"
    )]
    #[serde(default, alias = "warehouses")]
    pub warehouse_codes: Vec<String>,
}

/// Product Detail (documented up to `shelf_life`; the rest *(inferred)*). Unknown fields are kept in
/// `extra` for the UI's vendor-detail view.
#[serde_as]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Product {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub oasin: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub sku: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub status: ProductStatus,
    /// VND (from `"500000.00"`).
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Money>>")]
    #[serde(default)]
    pub price: Option<i64>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    #[serde(default)]
    pub currency: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    #[serde(default)]
    pub brand: Option<Brand>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::Text>, OneOrMany<lenient::Text>)>>"
    )]
    #[serde(default)]
    pub barcodes: Vec<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Float>>")]
    #[serde(default)]
    pub weight: Option<f64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Float>>")]
    #[serde(default)]
    pub length: Option<f64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Float>>")]
    #[serde(default)]
    pub width: Option<f64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Float>>")]
    #[serde(default)]
    pub height: Option<f64>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    #[serde(default)]
    pub product_size: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    #[serde(default)]
    pub product_color: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    #[serde(default)]
    pub product_type: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    #[serde(default)]
    pub product_unit: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    #[serde(default)]
    pub product_image_url_main: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    #[serde(default)]
    pub product_image_url_secondary: Option<String>,
    /// One string in Detail, an array in Create: always a list here.
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::Text>, OneOrMany<lenient::Text>)>>"
    )]
    #[serde(default)]
    pub product_characteristics: Vec<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    #[serde(default)]
    pub storage_method: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    #[serde(default)]
    pub inventory_tracking_type: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    #[serde(default)]
    pub outbound_strategy: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    #[serde(default)]
    pub shelf_life: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    #[serde(default)]
    pub min_shelf_life_inbound: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    #[serde(default)]
    pub min_shelf_life_outbound: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    #[serde(default)]
    pub min_stock_warning: Option<i64>,
    /// Warehouses the product is mapped to *(inferred)*.
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::Text>, OneOrMany<lenient::Text>)>>"
    )]
    #[serde(default, alias = "warehouses")]
    pub warehouse_codes: Vec<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<lenient::Epoch>>",
        serialize_as = "Option<TimestampSeconds<i64>>"
    )]
    #[serde(default)]
    pub created_time: Option<DateTime<Utc>>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<lenient::Epoch>>",
        serialize_as = "Option<TimestampSeconds<i64>>"
    )]
    #[serde(default)]
    pub updated_time: Option<DateTime<Utc>>,
    /// Every field this model does not name, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Filters of Get Product List *(placeholder names, see `assumptions::Filters`)*.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProductQuery {
    pub sku: Option<String>,
    pub status: Option<String>,
    pub warehouse_code: Option<String>,
}

/// One stock row: an OASIN in a warehouse *(inferred: Get Stock is undocumented; quantity names follow
/// the stock webhook and common WMS wording, with aliases)*.
#[serde_as]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StockRow {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub oasin: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub sku: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub warehouse_code: String,
    /// Physically in the warehouse.
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    #[serde(
        default,
        alias = "on_hand",
        alias = "total_quantity",
        alias = "remaining_stock"
    )]
    pub on_hand_quantity: i64,
    /// Sellable now (on hand minus reserved for open shipments).
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    #[serde(default, alias = "available", alias = "quantity")]
    pub available_quantity: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    #[serde(default, alias = "reserved")]
    pub reserved_quantity: i64,
    /// Grade (`A`, `D3` seen).
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    #[serde(default)]
    pub stock_level: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<lenient::Epoch>>",
        serialize_as = "Option<TimestampSeconds<i64>>"
    )]
    #[serde(default)]
    pub updated_time: Option<DateTime<Utc>>,
}

/// Filters of Get Stock *(placeholder names)*.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StockQuery {
    pub oasin: Option<String>,
    pub sku: Option<String>,
    pub warehouse_code: Option<String>,
}
