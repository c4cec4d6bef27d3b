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

/// A customer the vendor already knows by a phone number, as the order form offers it (Pancake
/// customers, Nhanh `customer/list`), answered by
/// [`crate::ports::order_sink::OrderSink::known_customers`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct KnownCustomer {
    /// The vendor's id of the customer.
    pub vendor_id: String,
    pub name: String,
    /// The phone in its national form (`0xxxxxxxxx`).
    pub phone: String,
    /// House number and street, as the vendor holds them.
    pub street: Option<String>,
    /// The whole address on one line (street, ward, district, province), as the vendor writes it or as
    /// the adapter named its units; `None` when the vendor has none.
    pub address_line: Option<String>,
}
