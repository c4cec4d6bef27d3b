//! Product area: create, assign, list/detail, stock, deactivate.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::config::Brand;
use super::ProductStatus;
use crate::de;

/// Body of Create Product (documented fields). Optional fields are left out of the JSON when `None`
/// ("for optional fields, it is not required to include the field name").
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
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "de::ser_num_opt"
    )]
    pub weight: Option<f64>,
    /// Centimetres *(inferred)*.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "de::ser_num_opt"
    )]
    pub length: Option<f64>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "de::ser_num_opt"
    )]
    pub width: Option<f64>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "de::ser_num_opt"
    )]
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
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CreatedProduct {
    #[serde(default, deserialize_with = "de::id_string")]
    pub oasin: String,
    #[serde(default, deserialize_with = "de::id_string")]
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
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ProductState {
    #[serde(default, deserialize_with = "de::id_string")]
    pub oasin: String,
    #[serde(default)]
    pub status: ProductStatus,
    #[serde(default, alias = "warehouses", deserialize_with = "de::string_list")]
    pub warehouse_codes: Vec<String>,
}

/// Product Detail (documented up to `shelf_life`; the rest *(inferred)*). Unknown fields are kept in
/// `extra` for the UI's vendor-detail view.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Product {
    #[serde(default, deserialize_with = "de::id_string")]
    pub oasin: String,
    #[serde(default, deserialize_with = "de::id_string")]
    pub sku: String,
    #[serde(default, deserialize_with = "de::lenient_string")]
    pub name: String,
    #[serde(default)]
    pub status: ProductStatus,
    /// VND (from `"500000.00"`).
    #[serde(default, deserialize_with = "de::money_opt")]
    pub price: Option<i64>,
    #[serde(default, deserialize_with = "de::id_string_opt")]
    pub currency: Option<String>,
    #[serde(default, deserialize_with = "de::lenient_opt")]
    pub brand: Option<Brand>,
    #[serde(default, deserialize_with = "de::string_list")]
    pub barcodes: Vec<String>,
    #[serde(default, deserialize_with = "de::float_opt")]
    pub weight: Option<f64>,
    #[serde(default, deserialize_with = "de::float_opt")]
    pub length: Option<f64>,
    #[serde(default, deserialize_with = "de::float_opt")]
    pub width: Option<f64>,
    #[serde(default, deserialize_with = "de::float_opt")]
    pub height: Option<f64>,
    #[serde(default, deserialize_with = "de::id_string_opt")]
    pub product_size: Option<String>,
    #[serde(default, deserialize_with = "de::id_string_opt")]
    pub product_color: Option<String>,
    #[serde(default, deserialize_with = "de::id_string_opt")]
    pub product_type: Option<String>,
    #[serde(default, deserialize_with = "de::id_string_opt")]
    pub product_unit: Option<String>,
    #[serde(default, deserialize_with = "de::id_string_opt")]
    pub product_image_url_main: Option<String>,
    #[serde(default, deserialize_with = "de::id_string_opt")]
    pub product_image_url_secondary: Option<String>,
    /// One string in Detail, an array in Create: always a list here.
    #[serde(default, deserialize_with = "de::string_list")]
    pub product_characteristics: Vec<String>,
    #[serde(default, deserialize_with = "de::id_string_opt")]
    pub storage_method: Option<String>,
    #[serde(default, deserialize_with = "de::id_string_opt")]
    pub inventory_tracking_type: Option<String>,
    #[serde(default, deserialize_with = "de::id_string_opt")]
    pub outbound_strategy: Option<String>,
    #[serde(default, deserialize_with = "de::int_opt")]
    pub shelf_life: Option<i64>,
    #[serde(default, deserialize_with = "de::int_opt")]
    pub min_shelf_life_inbound: Option<i64>,
    #[serde(default, deserialize_with = "de::int_opt")]
    pub min_shelf_life_outbound: Option<i64>,
    #[serde(default, deserialize_with = "de::int_opt")]
    pub min_stock_warning: Option<i64>,
    /// Warehouses the product is mapped to *(inferred)*.
    #[serde(default, alias = "warehouses", deserialize_with = "de::string_list")]
    pub warehouse_codes: Vec<String>,
    #[serde(
        default,
        deserialize_with = "de::epoch_opt",
        serialize_with = "de::ser_epoch_opt"
    )]
    pub created_time: Option<DateTime<Utc>>,
    #[serde(
        default,
        deserialize_with = "de::epoch_opt",
        serialize_with = "de::ser_epoch_opt"
    )]
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
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StockRow {
    #[serde(default, deserialize_with = "de::id_string")]
    pub oasin: String,
    #[serde(default, deserialize_with = "de::id_string")]
    pub sku: String,
    #[serde(default, deserialize_with = "de::id_string")]
    pub warehouse_code: String,
    /// Physically in the warehouse.
    #[serde(
        default,
        alias = "on_hand",
        alias = "total_quantity",
        alias = "remaining_stock",
        deserialize_with = "de::int_or_zero"
    )]
    pub on_hand_quantity: i64,
    /// Sellable now (on hand minus reserved for open shipments).
    #[serde(
        default,
        alias = "available",
        alias = "quantity",
        deserialize_with = "de::int_or_zero"
    )]
    pub available_quantity: i64,
    #[serde(default, alias = "reserved", deserialize_with = "de::int_or_zero")]
    pub reserved_quantity: i64,
    /// Grade (`A`, `D3` seen).
    #[serde(default, deserialize_with = "de::id_string_opt")]
    pub stock_level: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::epoch_opt",
        serialize_with = "de::ser_epoch_opt"
    )]
    pub updated_time: Option<DateTime<Utc>>,
}

/// Filters of Get Stock *(placeholder names)*.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StockQuery {
    pub oasin: Option<String>,
    pub sku: Option<String>,
    pub warehouse_code: Option<String>,
}
