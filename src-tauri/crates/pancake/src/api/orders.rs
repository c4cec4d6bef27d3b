//! Orders (digest §3.3): list with every documented filter, get, create (flat body with `custom_id`),
//! update (status change, cancel), lookup by `custom_id`, order sources, tags, tracking URL, shipping
//! documents, and returned orders (§3.4).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use vendor_http::{Error, Result, Safety};

use crate::client::Query;
use crate::envelope::{Data, Page};
use crate::value::Id;
use crate::PancakeClient;
use serde_with::formats::Flexible;
use serde_with::{
    serde_as, BoolFromInt, DefaultOnError, DeserializeAs, NoneAsEmptyString, OneOrMany, PickFirst,
    VecSkipError,
};
use vendor_http::lenient;

/// Order `status` codes (digest §2.1). Unknown codes are kept, never an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrderStatus {
    New,
    WaitingConfirmation,
    WaitingStock,
    WaitingPrint,
    Printed,
    Ordered,
    Confirmed,
    Packing,
    WaitingPickup,
    Shipped,
    Delivered,
    MoneyCollected,
    Returning,
    PartiallyReturned,
    Returned,
    Canceled,
    Removed,
    Webcake,
    Storecake,
    Unknown(i64),
}

impl OrderStatus {
    pub fn code(self) -> i64 {
        use OrderStatus::*;
        match self {
            New => 0,
            Confirmed => 1,
            Shipped => 2,
            Delivered => 3,
            Returning => 4,
            Returned => 5,
            Canceled => 6,
            Removed => 7,
            Packing => 8,
            WaitingPickup => 9,
            Webcake => 10,
            WaitingStock => 11,
            WaitingPrint => 12,
            Printed => 13,
            PartiallyReturned => 15,
            MoneyCollected => 16,
            WaitingConfirmation => 17,
            Ordered => 20,
            Storecake => 21,
            Unknown(c) => c,
        }
    }

    pub fn from_code(code: i64) -> Self {
        use OrderStatus::*;
        match code {
            0 => New,
            1 => Confirmed,
            2 => Shipped,
            3 => Delivered,
            4 => Returning,
            5 => Returned,
            6 => Canceled,
            7 => Removed,
            8 => Packing,
            9 => WaitingPickup,
            10 => Webcake,
            11 => WaitingStock,
            12 => WaitingPrint,
            13 => Printed,
            15 => PartiallyReturned,
            16 => MoneyCollected,
            17 => WaitingConfirmation,
            20 => Ordered,
            21 => Storecake,
            c => Unknown(c),
        }
    }

    /// The `status_name` observed on live data (digest §2.1), where one is known.
    pub fn name(self) -> Option<&'static str> {
        use OrderStatus::*;
        Some(match self {
            New => "new",
            WaitingStock => "waitting",
            WaitingPrint => "wait_print",
            Ordered => "ordered",
            Confirmed => "submitted",
            Packing => "packing",
            WaitingPickup => "pending",
            Shipped => "shipped",
            Delivered => "delivered",
            MoneyCollected => "received_money",
            Returning => "returning",
            Returned => "returned",
            Canceled => "canceled",
            Removed => "removed",
            _ => return None,
        })
    }
}

impl Serialize for OrderStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_i64(self.code())
    }
}

impl<'de> Deserialize<'de> for OrderStatus {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let code: Option<i64> = DefaultOnError::<Option<lenient::Int>>::deserialize_as(d)?;
        Ok(OrderStatus::from_code(code.unwrap_or(-1)))
    }
}

/// A tag on an order: `{id, name}` in lists, a bare id in some examples (digest §3.3.5).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Tag {
    pub id: Id,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl<'de> Deserialize<'de> for Tag {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        #[serde_as]
        #[derive(Deserialize, Default)]
        #[serde(default)]
        struct Obj {
            id: Id,
            #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
            name: Option<String>,
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Obj(Obj),
            Bare(Id),
        }
        Ok(match Either::deserialize(d)? {
            Either::Obj(o) => Tag {
                id: o.id,
                name: o.name,
            },
            Either::Bare(id) => Tag { id, name: None },
        })
    }
}

/// Recipient address ([oas] `ShippingAddress`); used in requests and responses.
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ShippingAddress {
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// Street / house number (free text; the server can derive geo ids from it).
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub full_address: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub province_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub district_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commune_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub province_name: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub district_name: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(rename = "commnue_name", skip_serializing_if = "Option::is_none")]
    pub commune_name: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post_code: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_province_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_full_address: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub render_type: Option<String>,
}

/// `variation_info` snapshot on an order line. **Send `retail_price`** on create.
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct VariationInfo {
    /// Variation display code (not the UUID).
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Id>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Product display code (not the UUID).
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retail_price: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::Text>, OneOrMany<lenient::Text>)>>"
    )]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<crate::api::products::AttributeValue>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub barcode: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_display_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_imported_price: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measure_info: Option<Value>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::Text>, OneOrMany<lenient::Text>)>>"
    )]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub category_ids: Vec<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An order line as returned.
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrderItem {
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    pub id: Option<Id>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub product_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub variation_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub quantity: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub discount_each_product: i64,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(_, BoolFromInt<Flexible>, lenient::BoolText)>>"
    )]
    pub is_bonus_product: bool,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(_, BoolFromInt<Flexible>, lenient::BoolText)>>"
    )]
    pub is_discount_percent: bool,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(_, BoolFromInt<Flexible>, lenient::BoolText)>>"
    )]
    pub is_wholesale: bool,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(_, BoolFromInt<Flexible>, lenient::BoolText)>>"
    )]
    pub one_time_product: bool,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(_, BoolFromInt<Flexible>, lenient::BoolText)>>"
    )]
    pub is_composite: bool,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub measure_group_id: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub note: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub returned_count: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub variation_info: VariationInfo,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    pub components: Vec<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Carrier block of an order (digest §3.3.5 `partner`).
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrderPartner {
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub partner_id: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub partner_name: Option<String>,
    /// Tracking number.
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub extend_code: Option<String>,
    /// §2.2, e.g. `request_received`, `delivered`.
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub partner_status: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub sort_code: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub cod: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub total_fee: Option<i64>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>"
    )]
    pub picked_up_at: Option<DateTime<Utc>>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>"
    )]
    pub paid_at: Option<DateTime<Utc>>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>"
    )]
    pub first_delivery_at: Option<DateTime<Utc>>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>"
    )]
    pub updated_at: Option<DateTime<Utc>>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    pub extend_update: Vec<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A person reference (`creator`, `assigning_seller`, `customer`, …).
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PersonRef {
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub name: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub fb_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub email: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub phone_number: Option<String>,
}

/// A status change in `status_history`.
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StatusChange {
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub status: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub old_status: Option<i64>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>"
    )]
    pub updated_at: Option<DateTime<Utc>>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub editor_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub name: Option<String>,
}

/// An order (digest §3.3.5). Money is integer VND. Key locally by `(shop_id, id)`: ids are per shop.
/// Every field not modelled here is kept in `extra`.
#[serde_as]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Order {
    pub id: Id,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub system_id: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub shop_id: Option<i64>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    pub display_id: Option<Id>,
    /// Our own reference (the outbox's idempotency key).
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub custom_id: Option<String>,
    pub status: OrderStatus,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub status_name: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub sub_status: Option<i64>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>"
    )]
    pub inserted_at: Option<DateTime<Utc>>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>"
    )]
    pub updated_at: Option<DateTime<Utc>>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>"
    )]
    pub last_update_status_at: Option<DateTime<Utc>>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub bill_full_name: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub bill_phone_number: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub bill_email: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub customer: PersonRef,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub shop_customer_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub shipping_address: ShippingAddress,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub warehouse_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub warehouse_info: Map<String, Value>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    pub items: Vec<OrderItem>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub total_quantity: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub total_price: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub total_price_after_sub_discount: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub total_discount: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub shipping_fee: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub partner_fee: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub surcharge: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub cod: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub money_to_collect: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub cash: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub transfer_money: Option<i64>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(_, BoolFromInt<Flexible>, lenient::BoolText)>>>"
    )]
    pub is_free_shipping: Option<bool>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(_, BoolFromInt<Flexible>, lenient::BoolText)>>>"
    )]
    pub customer_pay_fee: Option<bool>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(_, BoolFromInt<Flexible>, lenient::BoolText)>>>"
    )]
    pub received_at_shop: Option<bool>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub partner: Option<OrderPartner>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    pub tags: Vec<Tag>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub note: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub note_print: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub page_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub post_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub ad_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub conversation_id: Option<String>,
    /// Order-source id: int or string (`4`, `"-1"`, a page id).
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    pub account: Option<Id>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub account_name: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    pub order_sources: Option<Id>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub order_sources_name: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub creator_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub assigning_seller_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub assigning_care_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub order_currency: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub link_confirm_order: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub tracking_link: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    pub status_history: Vec<StatusChange>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Default for Order {
    fn default() -> Self {
        Order {
            id: Id::default(),
            system_id: None,
            shop_id: None,
            display_id: None,
            custom_id: None,
            status: OrderStatus::Unknown(-1),
            status_name: None,
            sub_status: None,
            inserted_at: None,
            updated_at: None,
            last_update_status_at: None,
            bill_full_name: None,
            bill_phone_number: None,
            bill_email: None,
            customer: PersonRef::default(),
            shop_customer_id: None,
            shipping_address: ShippingAddress::default(),
            warehouse_id: None,
            warehouse_info: Map::new(),
            items: Vec::new(),
            total_quantity: None,
            total_price: None,
            total_price_after_sub_discount: None,
            total_discount: None,
            shipping_fee: None,
            partner_fee: None,
            surcharge: None,
            cod: None,
            money_to_collect: None,
            cash: None,
            transfer_money: None,
            is_free_shipping: None,
            customer_pay_fee: None,
            received_at_shop: None,
            partner: None,
            tags: Vec::new(),
            note: None,
            note_print: None,
            page_id: None,
            post_id: None,
            ad_id: None,
            conversation_id: None,
            account: None,
            account_name: None,
            order_sources: None,
            order_sources_name: None,
            creator_id: None,
            assigning_seller_id: None,
            assigning_care_id: None,
            order_currency: None,
            link_confirm_order: None,
            tracking_link: None,
            status_history: Vec::new(),
            extra: Map::new(),
        }
    }
}

/// A line of a new order. `variation_id` may be the UUID or the SKU ([oas]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewOrderItem {
    pub variation_id: String,
    pub quantity: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discount_each_product: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_discount_percent: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_bonus_product: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_wholesale: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub one_time_product: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_composite: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measure_group_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note_product: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assigning_seller_id: Option<String>,
    /// Snapshot; set at least `retail_price` ([oas]: otherwise the line price may be wrong).
    pub variation_info: VariationInfo,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<Value>,
}

/// `POST /shops/{SHOP_ID}/orders` body — **flat**, not wrapped (digest §3.3.3). `shop_id` is filled in
/// by the client. Fields not modelled go in `extra` and are sent as they are.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewOrder {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shop_id: Option<i64>,
    pub warehouse_id: String,
    /// Client reference; the outbox looks orders up by it after a lost answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_id: Option<String>,
    pub items: Vec<NewOrderItem>,
    pub shipping_address: ShippingAddress,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bill_full_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bill_phone_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bill_email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note_print: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping_fee: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_free_shipping: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_pay_fee: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partner_fee: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_discount: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discount: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub surcharge: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cod: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cash: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transfer_money: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub received_at_shop: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversation_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ad_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<Id>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assigning_seller_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assigning_care_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub returned_reason: Option<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub activated_promotion_advances: Vec<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merge_order: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_currency: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_info: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partner: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warehouse_info: Option<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `PUT /shops/{SHOP_ID}/orders/{ORDER_ID}` body — flat; only the fields set are sent.
/// Whether omitted fields are kept is undocumented (digest §3.3.4); status-only updates are the
/// common case.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrderUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<NewOrderItem>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping_address: Option<ShippingAddress>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warehouse_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bill_full_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bill_phone_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note_print: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping_fee: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_discount: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cod: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partner: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arrange_shipment_marketplace: Option<bool>,
    /// `pick_up` / `drop_off` (Shopee, TikTok).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pick_up_method: Option<String>,
    /// `closest` / `farthest` (Shopee).
    #[serde(
        rename = "picking_shif_marketplace",
        skip_serializing_if = "Option::is_none"
    )]
    pub picking_shift_marketplace: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activated_promotion_advances: Option<Vec<Value>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Filters of `GET /shops/{SHOP_ID}/orders` (digest §3.3.1); all optional.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OrderQuery {
    pub page_number: Option<u32>,
    pub page_size: Option<u32>,
    /// Phone, customer name, note … (the sandbox also matches `custom_id`).
    pub search: Option<String>,
    /// One status (legacy `status=` param).
    pub status: Option<i64>,
    /// Several statuses (`filter_status[]`).
    pub filter_status: Vec<i64>,
    pub include_removed: Option<bool>,
    /// `updateStatus`: `inserted_at`, `updated_at`, `partner_inserted_at`, `paid_at`, … or a status code.
    pub update_status: Option<String>,
    /// `startDateTime` (sent as unix seconds).
    pub start_date_time: Option<DateTime<Utc>>,
    /// `endDateTime` (sent as unix seconds).
    pub end_date_time: Option<DateTime<Utc>>,
    /// `option_sort`, e.g. `inserted_at_desc`, `last_updated_order_asc`.
    pub option_sort: Option<String>,
    /// `fields[]`: only these top-level fields.
    pub fields: Vec<String>,
    pub partner_id: Vec<i64>,
    pub shop_partner_account: Option<i64>,
    pub customer_id: Option<String>,
    /// `order_sources[]`: `[source_id, account_id?]` pairs. The nested-array encoding is undocumented;
    /// each pair is sent as its JSON text.
    pub order_sources: Vec<Vec<String>>,
    pub is_filter_exclude_source: Option<bool>,
    pub ad_ids: Vec<String>,
    pub project_ids: Option<i64>,
    /// `extra_fields[]`: `return_rate`, `conversation_note`.
    pub extra_fields: Vec<String>,
}

impl OrderQuery {
    pub(crate) fn to_query(&self) -> Query {
        let mut q = Query::new()
            .opt("page_number", self.page_number)
            .opt("page_size", self.page_size)
            .opt_str("search", &self.search)
            .opt("status", self.status)
            .arr("filter_status", &self.filter_status)
            .opt(
                "include_removed",
                self.include_removed.map(|b| if b { 1 } else { 0 }),
            )
            .opt_str("updateStatus", &self.update_status)
            .opt("startDateTime", self.start_date_time.map(|t| t.timestamp()))
            .opt("endDateTime", self.end_date_time.map(|t| t.timestamp()))
            .opt_str("option_sort", &self.option_sort)
            .arr("fields", &self.fields)
            .arr("partner_id", &self.partner_id)
            .opt("shop_partner_account", self.shop_partner_account)
            .opt_str("customer_id", &self.customer_id);
        for pair in &self.order_sources {
            q = q.push(
                "order_sources[]",
                serde_json::to_string(pair).unwrap_or_default(),
            );
        }
        q.opt("is_filter_exclude_source", self.is_filter_exclude_source)
            .arr("ad_ids", &self.ad_ids)
            .opt("project_ids", self.project_ids)
            .arr("extra_fields", &self.extra_fields)
    }
}

/// An order source (digest §3.3.6). Platforms have negative ids; pages use page-id strings.
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrderSource {
    pub id: Id,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub name: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    pub parent_id: Option<Id>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub shop_id: Option<i64>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>"
    )]
    pub inserted_at: Option<DateTime<Utc>>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<PickFirst<(lenient::UtcText, lenient::Epoch)>>>"
    )]
    pub updated_at: Option<DateTime<Utc>>,
}

/// An order tag definition (digest §3.3.10).
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrderTag {
    pub id: Id,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub name: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub color: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(_, BoolFromInt<Flexible>, lenient::BoolText)>>"
    )]
    pub is_system_tag: bool,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    pub groups: Vec<Tag>,
}

/// `document_type` of the print-links call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentType {
    /// Label + packing slip.
    SlPl,
    ShippingLabel,
    PickList,
}

impl DocumentType {
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentType::SlPl => "SL_PL",
            DocumentType::ShippingLabel => "SHIPPING_LABEL",
            DocumentType::PickList => "PICK_LIST",
        }
    }
}

#[serde_as]
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct UrlAnswer {
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    url: Option<String>,
}

/// A returned / exchanged order (digest §3.4). `order` is the exchange order, `order_to_returned` the
/// original; their ids arrive as strings and `cod` can be negative (a refund).
#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReturnedOrder {
    pub id: Id,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    pub display_id: Option<Id>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub status: Option<i64>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    pub order_id: Option<Id>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    pub order_id_to_returned: Option<Id>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub shop_id: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub warehouse_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub shop_customer_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub bill_full_name: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub bill_phone_number: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub custom_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub discount: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub returned_fee: Option<i64>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    pub returned_items: Vec<ReturnedItem>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub order: Option<Box<Order>>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub order_to_returned: Option<Box<Order>>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(VecSkipError<lenient::NotNull>, OneOrMany<lenient::NotNull>)>>"
    )]
    pub status_histories: Vec<Value>,
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

#[serde_as]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReturnedItem {
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    pub id: Option<Id>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub product_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Text>>")]
    pub variation_id: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub returned_quantity: i64,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub discount_each_product: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub variation_info: VariationInfo,
}

/// Filters of `GET /shops/{SHOP_ID}/orders_returned` (note: `page`, not `page_number`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReturnedOrderQuery {
    pub page: Option<u32>,
    pub page_size: Option<u32>,
    /// -1 all, 0 new, 2 sent, 1 completed, 4 cancelled.
    pub status: Option<i64>,
    /// `update_status`: which time the window filters on.
    pub update_status: Option<String>,
    pub start_time: Option<DateTime<Utc>>,
    pub end_time: Option<DateTime<Utc>>,
}

impl PancakeClient {
    /// `GET /shops/{SHOP_ID}/orders` — one page.
    pub async fn list_orders(&self, query: &OrderQuery) -> Result<Page<Order>> {
        let shop = self.shop()?;
        self.get(&["shops", &shop, "orders"], query.to_query())
            .await
    }

    /// `GET /shops/{SHOP_ID}/orders/{ORDER_ID}` — the bare order object.
    pub async fn get_order(&self, order_id: &str) -> Result<Order> {
        let shop = self.shop()?;
        self.get(&["shops", &shop, "orders", order_id], Query::new())
            .await
    }

    /// `POST /shops/{SHOP_ID}/orders` — flat body; answers the created order. Sent **once**
    /// (`Safety::Write`): after a timeout or a dropped connection, call
    /// [`PancakeClient::find_order_by_custom_id`] before sending again.
    pub async fn create_order(&self, order: &NewOrder) -> Result<Order> {
        let shop = self.shop()?;
        let mut body = order.clone();
        body.shop_id = self.shop_id();
        self.post(&["shops", &shop, "orders"], &body, Safety::Write)
            .await
    }

    /// `PUT /shops/{SHOP_ID}/orders/{ORDER_ID}` — flat body; answers the updated order. It sets values
    /// (retried on transient failures), except when it asks the marketplace to arrange the shipment
    /// (`arrange_shipment_marketplace: true`, a pickup booking): then it is sent once.
    pub async fn update_order(&self, order_id: &str, update: &OrderUpdate) -> Result<Order> {
        let shop = self.shop()?;
        let safety = if update.arrange_shipment_marketplace == Some(true) {
            Safety::Write
        } else {
            Safety::IdempotentWrite
        };
        self.put(&["shops", &shop, "orders", order_id], update, safety)
            .await
    }

    /// Move an order to `status` (a status-only update).
    pub async fn set_order_status(&self, order_id: &str, status: OrderStatus) -> Result<Order> {
        self.update_order(
            order_id,
            &OrderUpdate {
                status: Some(status.code()),
                ..Default::default()
            },
        )
        .await
    }

    /// Cancel an order (status 6).
    pub async fn cancel_order(&self, order_id: &str) -> Result<Order> {
        self.set_order_status(order_id, OrderStatus::Canceled).await
    }

    /// Find the order whose `custom_id` is exactly `custom_id`, including cancelled and removed ones.
    /// Pancake has no documented lookup by `custom_id`: this uses the list's `search` parameter and
    /// filters the answers for an exact match (digest §5.7), then tries `GET /orders/{custom_id}`.
    pub async fn find_order_by_custom_id(&self, custom_id: &str) -> Result<Option<Order>> {
        if custom_id.trim().is_empty() {
            return Ok(None);
        }
        let mut q = OrderQuery {
            search: Some(custom_id.to_string()),
            include_removed: Some(true),
            page_size: Some(self.walk_page_size()),
            page_number: Some(1),
            ..Default::default()
        };
        // search matches loosely (phone, name, note …): look at a few pages for the exact code
        for page in 1..=5u32 {
            q.page_number = Some(page);
            let p = self.list_orders(&q).await?;
            if let Some(o) = p
                .data
                .iter()
                .find(|o| o.custom_id.as_deref() == Some(custom_id))
            {
                return Ok(Some(o.clone()));
            }
            if !p.has_more(self.walk_page_size()) {
                break;
            }
        }
        // inferred fallback: the ORDER_ID path parameter is a string and the docs use a shop code in
        // it; only an exact `custom_id` match counts, so a numeric code cannot hit another order
        match self.get_order(custom_id).await {
            Ok(o) if o.custom_id.as_deref() == Some(custom_id) => Ok(Some(o)),
            Ok(_) | Err(Error::NotFound { .. }) | Err(Error::Validation { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Every page of `GET /orders` for `query` (its `page_number`/`page_size` are managed here). At most
    /// `max_pages` pages: a vendor still announcing more after that is `TOO_MANY_PAGES`.
    pub async fn list_all_orders(&self, query: &OrderQuery) -> Result<Vec<Order>> {
        let mut q = query.clone();
        let size = q.page_size.unwrap_or(self.walk_page_size());
        q.page_size = Some(size);
        let mut out = Vec::new();
        let mut page = 1u32;
        let mut prev_first: Option<Id> = None;
        loop {
            q.page_number = Some(page);
            let p = self.list_orders(&q).await?;
            let first = p.data.first().map(|o| o.id.clone());
            if page > 1 && first.is_some() && first == prev_first {
                // the server ignored the page number: stop instead of looping forever
                return Ok(out);
            }
            let more = p.has_more(size);
            out.extend(p.data);
            if !more {
                return Ok(out);
            }
            if page >= self.max_pages() {
                return Err(Error::too_many_pages("Pancake orders", self.max_pages()));
            }
            prev_first = first;
            page += 1;
        }
    }

    /// `GET /shops/{SHOP_ID}/order_source`.
    pub async fn order_sources(&self) -> Result<Vec<OrderSource>> {
        let shop = self.shop()?;
        let p: Page<OrderSource> = self
            .get(&["shops", &shop, "order_source"], Query::new())
            .await?;
        Ok(p.data)
    }

    /// `GET /shops/{SHOP_ID}/orders/tags`.
    pub async fn order_tags(&self) -> Result<Vec<OrderTag>> {
        let shop = self.shop()?;
        let p: Page<OrderTag> = self
            .get(&["shops", &shop, "orders", "tags"], Query::new())
            .await?;
        Ok(p.data)
    }

    /// `POST /shops/{SHOP_ID}/orders/get_tracking_url` with `{"system_id"}` → the customer link.
    pub async fn tracking_url(&self, system_id: i64) -> Result<Option<String>> {
        let shop = self.shop()?;
        let a: UrlAnswer = self
            .post(
                &["shops", &shop, "orders", "get_tracking_url"],
                &serde_json::json!({ "system_id": system_id }),
                Safety::IdempotentWrite,
            )
            .await?;
        Ok(a.url)
    }

    /// `POST /shops/{SHOP_ID}/products/get_logistics_shipping_document` → label / packing-slip URLs.
    pub async fn shipping_documents(
        &self,
        order_ids: &[&str],
        document_type: Option<DocumentType>,
    ) -> Result<Vec<String>> {
        let shop = self.shop()?;
        let params: Vec<Value> = order_ids
            .iter()
            .map(|id| serde_json::json!({ "order_id": id }))
            .collect();
        let q = Query::new().opt("document_type", document_type.map(DocumentType::as_str));
        let d: Data<Vec<String>> = self
            .send_json(
                vendor_http::Method::POST,
                &[
                    "shops",
                    &shop,
                    "products",
                    "get_logistics_shipping_document",
                ],
                q,
                &serde_json::json!({ "params": params }),
                Safety::IdempotentWrite,
            )
            .await?;
        Ok(d.data)
    }

    /// `GET /shops/{SHOP_ID}/orders_returned` — one page (param `page`).
    pub async fn list_returned_orders(
        &self,
        query: &ReturnedOrderQuery,
    ) -> Result<Page<ReturnedOrder>> {
        let shop = self.shop()?;
        let q = Query::new()
            .opt("page", query.page)
            .opt("page_size", query.page_size)
            .opt("status", query.status)
            .opt_str("update_status", &query.update_status)
            .opt("start_time", query.start_time.map(|t| t.timestamp()))
            .opt("end_time", query.end_time.map(|t| t.timestamp()));
        self.get(&["shops", &shop, "orders_returned"], q).await
    }
}
