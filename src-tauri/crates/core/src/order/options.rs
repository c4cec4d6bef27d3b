//! The vendor lists the order form offers for one account (Pancake order sources, Nhanh carriers),
//! answered by [`crate::ports::order_sink::OrderSink::order_options`].

use serde::Serialize;

/// A choice of a vendor list (an id and its name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Choice {
    #[specta(type = specta_typescript::Number)]
    pub id: i64,
    pub name: String,
}

/// A Nhanh carrier and its services.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CarrierChoice {
    #[specta(type = specta_typescript::Number)]
    pub id: i64,
    pub name: String,
    pub services: Vec<Choice>,
}

/// The vendor lists the order form offers for one account: Pancake order sources, Nhanh carriers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OrderOptions {
    pub sources: Vec<Choice>,
    pub carriers: Vec<CarrierChoice>,
}
