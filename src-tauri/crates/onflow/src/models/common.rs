//! Types shared by several areas: status objects, platform, language.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::assumptions::{platform_names, return_status, shipment_status};
use serde_with::formats::Flexible;
use serde_with::{serde_as, BoolFromInt, DefaultOnError, PickFirst, TimestampSeconds};
use vendor_http::lenient;

/// `Accept-Language` of every request; also the language of `messages` and status labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// From a language tag such as `vi`, `vi-VN`, `en-US` (anything not English is Vietnamese).
    pub fn from_tag(tag: &str) -> Lang {
        if tag.trim().to_ascii_lowercase().starts_with("en") {
            Lang::En
        } else {
            Lang::Vi
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }
}

/// `status_info` of shipments and returns: `{value, label, updated_time}`.
#[serde_as]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StatusInfo {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    #[serde(default)]
    pub value: i64,
    /// Localized label (Vietnamese with `Accept-Language: vi`).
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub label: String,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<lenient::Epoch>>",
        serialize_as = "Option<TimestampSeconds<i64>>"
    )]
    #[serde(default)]
    pub updated_time: Option<DateTime<Utc>>,
}

impl StatusInfo {
    pub fn shipment_status(&self) -> ShipmentStatus {
        ShipmentStatus::from_code(self.value)
    }
    pub fn return_status(&self) -> ReturnStatus {
        ReturnStatus::from_code(self.value)
    }
}

/// B2C shipment status, from `status_info.value` (300 and 500 documented, the rest placeholders).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ShipmentStatus {
    New,
    Picked,
    Packed,
    HandedOver,
    CancelledBeforePack,
    CancelledAfterPack,
    Other(i64),
}

impl ShipmentStatus {
    pub fn from_code(code: i64) -> Self {
        match code {
            shipment_status::NEW => Self::New,
            shipment_status::PICKED => Self::Picked,
            shipment_status::PACKED => Self::Packed,
            shipment_status::HANDED_OVER => Self::HandedOver,
            shipment_status::CANCELLED_BEFORE_PACK => Self::CancelledBeforePack,
            shipment_status::CANCELLED_AFTER_PACK => Self::CancelledAfterPack,
            other => Self::Other(other),
        }
    }
    pub fn code(self) -> i64 {
        match self {
            Self::New => shipment_status::NEW,
            Self::Picked => shipment_status::PICKED,
            Self::Packed => shipment_status::PACKED,
            Self::HandedOver => shipment_status::HANDED_OVER,
            Self::CancelledBeforePack => shipment_status::CANCELLED_BEFORE_PACK,
            Self::CancelledAfterPack => shipment_status::CANCELLED_AFTER_PACK,
            Self::Other(c) => c,
        }
    }
    pub fn is_cancelled(self) -> bool {
        matches!(self, Self::CancelledBeforePack | Self::CancelledAfterPack)
    }
    /// Cancel is documented as allowed only before HANDOVER.
    pub fn can_cancel(self) -> bool {
        matches!(self, Self::New | Self::Picked | Self::Packed)
    }
}

/// Return shipment status (350 documented, the rest placeholders).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReturnStatus {
    New,
    InTransit,
    Received,
    Problem,
    Restocked,
    Cancelled,
    Other(i64),
}

impl ReturnStatus {
    pub fn from_code(code: i64) -> Self {
        match code {
            return_status::NEW => Self::New,
            return_status::IN_TRANSIT => Self::InTransit,
            return_status::RECEIVED => Self::Received,
            return_status::PROBLEM => Self::Problem,
            return_status::RESTOCKED => Self::Restocked,
            return_status::CANCELLED => Self::Cancelled,
            other => Self::Other(other),
        }
    }
}

/// Marketplace of a B2C shipment. Only marketplace orders are accepted today; unknown spellings are kept.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Platform {
    Shopee,
    Lazada,
    TikTok,
    Tiki,
    Unknown(String),
}

impl Platform {
    pub fn as_str(&self) -> &str {
        match self {
            Platform::Shopee => platform_names::SHOPEE,
            Platform::Lazada => platform_names::LAZADA,
            Platform::TikTok => platform_names::TIKTOK,
            Platform::Tiki => platform_names::TIKI,
            Platform::Unknown(s) => s,
        }
    }

    /// Case-insensitive; `tiktok_shop`/`tiktokshop`/`tik tok` are TikTok.
    pub fn parse(s: &str) -> Self {
        let norm: String = s
            .trim()
            .to_ascii_lowercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        match norm.as_str() {
            "shopee" => Platform::Shopee,
            "lazada" => Platform::Lazada,
            "tiktok" | "tiktokshop" => Platform::TikTok,
            "tiki" => Platform::Tiki,
            _ => Platform::Unknown(s.to_string()),
        }
    }

    pub fn is_marketplace(&self) -> bool {
        !matches!(self, Platform::Unknown(_))
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Platform {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Platform {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        Ok(Platform::parse(&lenient::Text::of(&v).unwrap_or_default()))
    }
}

/// An upper-case string status (`NEW`, `TRANSIT` …) that may grow new values.
macro_rules! string_status {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $wire:expr),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant,)*
            Other(String),
        }

        impl $name {
            pub fn parse(s: &str) -> Self {
                let up = s.trim().to_ascii_uppercase();
                $(if up == $wire { return Self::$variant; })*
                Self::Other(s.to_string())
            }
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Other(s) => s,
                }
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::Other(String::new())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let v = serde_json::Value::deserialize(d)?;
                Ok(Self::parse(&lenient::Text::of(&v).unwrap_or_default()))
            }
        }
    };
}

string_status!(
    /// Product status: `NEW` → (assign) `ACTIVE` → (deactivate) `INACTIVE`.
    ProductStatus {
        New => crate::assumptions::product_status::NEW,
        Active => crate::assumptions::product_status::ACTIVE,
        Inactive => crate::assumptions::product_status::INACTIVE,
    }
);

string_status!(
    /// PO status: `TRANSIT` → … → `COMPLETED`, or `CANCELLED` (only from `TRANSIT`).
    PoStatus {
        Transit => crate::assumptions::po_status::TRANSIT,
        Receiving => crate::assumptions::po_status::RECEIVING,
        Completed => crate::assumptions::po_status::COMPLETED,
        Cancelled => crate::assumptions::po_status::CANCELLED,
    }
);

/// `{ "success": true, "status_info": …, "cancelled_time": … }` — answer of the shipment and return cancels.
#[serde_as]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CancelResult {
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(_, BoolFromInt<Flexible>, lenient::BoolText)>>"
    )]
    #[serde(default)]
    pub success: bool,
    #[serde_as(deserialize_as = "DefaultOnError")]
    #[serde(default)]
    pub status_info: Option<StatusInfo>,
    #[serde_as(
        deserialize_as = "DefaultOnError<Option<lenient::Epoch>>",
        serialize_as = "Option<TimestampSeconds<i64>>"
    )]
    #[serde(default)]
    pub cancelled_time: Option<DateTime<Utc>>,
}

/// A document attached to a PO or a shipment (a URL from "Upload file").
#[serde_as]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Document {
    /// `INVOICE` is the only documented value.
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub document_type: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    #[serde(default)]
    pub document_url: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    #[serde(default = "one")]
    pub print_quantity: i64,
}

fn one() -> i64 {
    1
}
