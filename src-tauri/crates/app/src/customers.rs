//! The order form's customer lookup: a typed phone number offers the customers the workspace's vendors
//! already know by it (Pancake customers, Nhanh `customer/list`; Onflow has no customer list), each
//! with its address in the picker's form.
//!
//! A lookup never blocks the form: a vendor that fails or is slow is named in `unavailable` and the
//! others' offers still come back.

use std::time::Duration;

use addresses::picker::AddressOption;
use serde::Serialize;
use shopdesk_core::order::{normalize_phone, KnownCustomer};
use shopdesk_core::{AppError, Vendor};

use crate::Desk;

/// How long one vendor may take to answer before its offers are left out.
pub const LOOKUP_TIMEOUT: Duration = Duration::from_secs(8);

/// One known customer, offered in the order form.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CustomerOffer {
    /// The account whose vendor knows the customer.
    pub account_id: String,
    pub vendor: Vendor,
    pub customer: KnownCustomer,
    /// The customer's address as the picker's option (its street set), when the vendor's address names
    /// a ward the official data knows; `None` leaves the picker as it is.
    pub address: Option<AddressOption>,
}

/// What a phone lookup found.
#[derive(Debug, Clone, Default, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CustomerLookup {
    /// The phone in its national form; `None` when the typed text is not a Vietnamese mobile number
    /// (then no vendor was asked).
    pub phone: Option<String>,
    pub offers: Vec<CustomerOffer>,
    /// Accounts whose vendor could not be asked (failed, timed out): the form says so quietly.
    pub unavailable: Vec<String>,
}

/// Ask every account of the shown workspace whose vendor keeps customers for the ones known by
/// `phone`, concurrently; the same customer (name and address) offered twice is kept once.
pub async fn customer_lookup(desk: &Desk, phone: String) -> Result<CustomerLookup, AppError> {
    let Some(phone) = normalize_phone(&phone) else {
        return Ok(CustomerLookup::default());
    };
    let ws = desk.accounts.workspace().await?;
    let asks = ws.accounts.iter().map(|a| {
        let phone = phone.clone();
        async move {
            let answer = async {
                let (_, client) = desk.accounts.client(&a.id).await?;
                let Some(sink) = client.order_sink() else {
                    return Ok(Vec::new());
                };
                sink.known_customers(&phone).await.map_err(AppError::from)
            };
            let got = tokio::time::timeout(LOOKUP_TIMEOUT, answer).await;
            (a.id.clone(), a.vendor, got)
        }
    });
    let answers = futures::future::join_all(asks).await;
    let mut out = CustomerLookup {
        phone: Some(phone),
        ..Default::default()
    };
    for (account_id, vendor, got) in answers {
        match got {
            Ok(Ok(found)) => {
                for customer in found {
                    let dup = out.offers.iter().any(|o| {
                        o.customer.name == customer.name
                            && o.customer.address_line == customer.address_line
                    });
                    if !dup {
                        out.offers.push(CustomerOffer {
                            account_id: account_id.clone(),
                            vendor,
                            address: address_of(&customer),
                            customer,
                        });
                    }
                }
            }
            Ok(Err(e)) => {
                tracing::info!(account = %account_id, code = ?e.code, "customer lookup failed");
                out.unavailable.push(account_id);
            }
            Err(_) => {
                tracing::info!(account = %account_id, "customer lookup timed out");
                out.unavailable.push(account_id);
            }
        }
    }
    Ok(out)
}

/// The vendor's address line read by the picker: its first suggestion, with the vendor's street.
fn address_of(c: &KnownCustomer) -> Option<AddressOption> {
    let line = c.address_line.as_deref()?;
    let mut o = addresses::picker::suggest(line, 1).into_iter().next()?;
    if let Some(street) = &c.street {
        o.street = Some(street.clone());
    }
    Some(o)
}
