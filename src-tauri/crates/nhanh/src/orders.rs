//! Orders: list (31-day windows split automatically, cursor), add (with our reference in
//! `channel.appOrderId`, which Nhanh dedupes per appId), edit (status incl. cancel), cancel at the carrier,
//! and lookup by our reference for the outbox.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use vendor_http::{Error, Result, Safety};

use crate::client::{Client, PageRequest};
use crate::dates;
use serde_with::{serde_as, DefaultOnError, NoneAsEmptyString, PickFirst, VecSkipError};
use vendor_http::lenient;

/// Numeric order statuses (§9.8).
pub mod status {
    pub const NEW: i64 = 54;
    pub const CONFIRMING: i64 = 55;
    pub const CONFIRMED: i64 = 56;
    pub const CUSTOMER_CONFIRMING: i64 = 57;
    pub const PACKING: i64 = 42;
    pub const PACKED: i64 = 40;
    pub const PICKUP: i64 = 43;
    pub const SHIPPING: i64 = 59;
    pub const SUCCESS: i64 = 60;
    pub const FAILED: i64 = 61;
    pub const CANCELED: i64 = 63;
    pub const ABORTED: i64 = 64;
    pub const CARRIER_CANCELED: i64 = 58;
    pub const SOLD_OUT: i64 = 68;
    pub const RETURNING: i64 = 71;
    pub const RETURNED: i64 = 72;
    pub const CHANGE_DEPOT: i64 = 73;
    pub const RETURN_CONFIRMED: i64 = 74;

    /// Statuses order/add accepts.
    pub const ON_ADD: &[i64] = &[NEW, CUSTOMER_CONFIRMING, CONFIRMING, CONFIRMED];
    /// Statuses order/edit accepts.
    pub const ON_EDIT: &[i64] = &[CONFIRMED, CANCELED, ABORTED, SUCCESS, RETURNED];
    /// Cancelled-like statuses.
    pub const CANCELLED: &[i64] = &[
        CARRIER_CANCELED,
        FAILED,
        CANCELED,
        ABORTED,
        SOLD_OUT,
        RETURNING,
        RETURNED,
        RETURN_CONFIRMED,
    ];
    /// Open statuses (not yet with a carrier).
    pub const OPEN: &[i64] = &[
        NEW,
        CONFIRMING,
        CONFIRMED,
        CUSTOMER_CONFIRMING,
        PACKING,
        PACKED,
        PICKUP,
        CHANGE_DEPOT,
    ];
}

/// Sale channel "API" (§9.5).
pub const SALE_CHANNEL_API: i64 = 10;

/// `order/list` filters. Timestamps are Unix seconds; wider than 31 days is split by [`Client::orders`].
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct OrderFilter {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at_from: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at_to: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at_from: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at_to: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery_at_from: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery_at_to: Option<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ids: Vec<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub statuses: Vec<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sale_channels: Vec<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub depot_ids: Vec<i64>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping_address: Option<CustomerFilterRef>,
}

/// `filters.shippingAddress`: customer id / mobile (bypasses the 31-day rule) and location.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CustomerFilterRef {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mobile: Option<String>,
}

#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct OrderInfo {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub depot_id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    #[serde(rename = "type")]
    pub type_id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub status: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub reason: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub description: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub private_description: String,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    pub tracking_url: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Epoch>>")]
    pub created_at: Option<DateTime<Utc>>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Epoch>>")]
    pub updated_at: Option<DateTime<Utc>>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Epoch>>")]
    pub confirmed_at: Option<DateTime<Utc>>,
}

#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct OrderChannel {
    /// Our reference (or the marketplace order id).
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub app_order_id: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub sale_channel: i64,
    /// A name in order/list, an object `{id, name}` in webhooks.
    pub traffic_source: Value,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub shop_name: String,
}

#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct OrderAddress {
    /// Customer id (a string in webhooks).
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub name: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub mobile: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub email: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub address: String,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub city_id: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub district_id: Option<i64>,
    #[serde_as(deserialize_as = "DefaultOnError<Option<lenient::Int>>")]
    pub ward_id: Option<i64>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    pub location_version: Option<String>,
}

#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct OrderLine {
    /// `productId` in order/list, `id` in webhooks.
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    #[serde(alias = "id")]
    pub product_id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub order_product_id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub code: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub name: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub quantity: i64,
    /// Unit price (VND).
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub price: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub discount: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub weight: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub total_amount: i64,
}

#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct OrderCarrier {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub id: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub name: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub carrier_code: String,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub ship_fee: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub cod_fee: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub customer_ship_fee: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub weight: i64,
}

#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct OrderPayment {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub cod_amount: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Text>")]
    pub coupon_code: String,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub deposit: AmountRef,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub transfer: AmountRef,
}

#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct AmountRef {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub amount: i64,
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub account_id: i64,
}

/// One order of `order/list` (and, mostly, of the order webhooks).
#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct Order {
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub info: OrderInfo,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub channel: OrderChannel,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub shipping_address: OrderAddress,
    #[serde_as(deserialize_as = "DefaultOnError<VecSkipError<_>>")]
    pub products: Vec<OrderLine>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub carrier: Option<OrderCarrier>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    pub payment: Option<OrderPayment>,
}

impl Order {
    pub fn id(&self) -> i64 {
        self.info.id
    }
    pub fn reference(&self) -> &str {
        &self.channel.app_order_id
    }
}

/// `order/add`.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct NewOrder {
    pub info: NewOrderInfo,
    pub channel: NewOrderChannel,
    pub shipping_address: NewOrderAddress,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub carrier: Option<Value>,
    pub products: Vec<NewOrderLine>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment: Option<NewOrderPayment>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct NewOrderInfo {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub depot_id: Option<i64>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_id: Option<i64>,
    /// One of [`status::ON_ADD`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_description: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tag_ids: Vec<i64>,
}

/// `channel.appOrderId` is our own order reference: Nhanh dedupes on appId + appOrderId.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct NewOrderChannel {
    pub app_order_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_name: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct NewOrderAddress {
    pub name: String,
    pub mobile: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub district_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ward_id: Option<i64>,
    /// `v1` (3-level) or `v2` (2-level).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location_version: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct NewOrderLine {
    /// Nhanh product id.
    pub id: i64,
    pub price: i64,
    pub quantity: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discount: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct NewOrderPayment {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deposit_amount: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deposit_account_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transfer_amount: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transfer_account_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discount_amount: Option<i64>,
}

/// What order/add and order/edit return.
#[serde_as]
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct OrderRef {
    #[serde_as(deserialize_as = "DefaultOnError<lenient::Int>")]
    pub id: i64,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    pub tracking_url: Option<String>,
    #[serde_as(
        deserialize_as = "DefaultOnError<PickFirst<(NoneAsEmptyString, Option<lenient::Text>)>>"
    )]
    pub carrier_code: Option<String>,
}

/// `order/edit`: send only what changes.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct OrderEdit {
    pub info: OrderEditInfo,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping_address: Option<NewOrderAddress>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub carrier: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment: Option<Value>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct OrderEditInfo {
    pub id: i64,
    /// One of [`status::ON_EDIT`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag_ids: Option<Vec<i64>>,
}

fn bypasses_window(f: &OrderFilter) -> bool {
    !f.ids.is_empty()
        || f.shipping_address
            .as_ref()
            .is_some_and(|s| s.id.is_some() || s.mobile.is_some())
}

/// The filters to send for `f`: one per ≤31-day window of its created or updated range.
pub fn order_windows(f: &OrderFilter) -> Vec<OrderFilter> {
    if bypasses_window(f) {
        return vec![f.clone()];
    }
    let span = dates::MAX_WINDOW_DAYS * 86_400;
    let now = Utc::now().timestamp();
    if let Some(from) = f.updated_at_from {
        let to = f.updated_at_to.unwrap_or(now);
        return dates::split_secs(from, to, span)
            .into_iter()
            .map(|(a, b)| OrderFilter {
                updated_at_from: Some(a),
                updated_at_to: Some(b),
                ..f.clone()
            })
            .collect();
    }
    if let Some(from) = f.created_at_from {
        let to = f.created_at_to.unwrap_or(now);
        return dates::split_secs(from, to, span)
            .into_iter()
            .map(|(a, b)| OrderFilter {
                created_at_from: Some(a),
                created_at_to: Some(b),
                ..f.clone()
            })
            .collect();
    }
    vec![f.clone()]
}

fn is_duplicate_reference(e: &Error) -> bool {
    match e {
        Error::Validation {
            fields, message, ..
        } => {
            fields.keys().any(|k| k.contains("appOrderId"))
                || message.as_deref().is_some_and(|m| m.contains("appOrderId"))
        }
        Error::VendorRejected {
            message,
            vendor_code,
            ..
        } => message.contains("appOrderId") || vendor_code.contains("EXIST"),
        _ => false,
    }
}

impl Client {
    /// One page of `order/list` for one filter (the caller keeps it within 31 days).
    pub async fn orders_page(
        &self,
        filter: &OrderFilter,
        page: PageRequest,
    ) -> Result<crate::Page<Order>> {
        self.page("order/list", filter, page, None).await
    }

    /// Every order matching `filter`; a created/updated range wider than 31 days is split into windows.
    pub async fn orders(&self, filter: &OrderFilter) -> Result<Vec<Order>> {
        let mut out = Vec::new();
        for f in order_windows(filter) {
            let mut part: Vec<Order> = self
                .all("order/list", &f, PageRequest::new(100), None)
                .await?;
            out.append(&mut part);
        }
        Ok(out)
    }

    /// `order/add`, sent once: a transient failure (network, timeout, 5xx) is returned to the caller
    /// (`Error::outcome_unknown()`), whose journal looks `channel.appOrderId` up
    /// ([`Self::find_order_by_reference`]) before any resend. When Nhanh answers that the reference
    /// already exists (a resend after a lost answer), the existing order is looked up and returned.
    pub async fn add_order(&self, order: &NewOrder) -> Result<OrderRef> {
        let reference = order.channel.app_order_id.trim();
        if reference.is_empty() {
            let mut fields = vendor_http::FieldErrors::new();
            fields.insert("channel.appOrderId".into(), vec!["required".into()]);
            return Err(Error::Validation {
                fields,
                vendor_code: None,
                message: Some("an order needs our reference (channel.appOrderId)".into()),
            });
        }
        match self
            .call::<_, OrderRef>("order/add", order, Safety::Write)
            .await
        {
            Ok(env) => Ok(env.data),
            Err(e) if is_duplicate_reference(&e) => {
                match self.find_order_by_reference(reference).await? {
                    Some(o) => Ok(OrderRef {
                        id: o.info.id,
                        tracking_url: o.info.tracking_url,
                        carrier_code: o.carrier.map(|c| c.carrier_code).filter(|c| !c.is_empty()),
                    }),
                    None => Err(e),
                }
            }
            Err(e) => Err(e),
        }
    }

    /// `order/edit` (status 56/63/64/60/72, notes, address, carrier, payment). An edit of status, notes,
    /// tags or address sets values (repeating it is harmless: retried on transient failures, e.g. a
    /// cancel); one with `carrier` (which may send the order to the carrier) or `payment` is sent once.
    pub async fn edit_order(&self, edit: &OrderEdit) -> Result<OrderRef> {
        let safety = if edit.carrier.is_none() && edit.payment.is_none() {
            Safety::IdempotentWrite
        } else {
            Safety::Write
        };
        let env = self.call::<_, OrderRef>("order/edit", edit, safety).await?;
        Ok(env.data)
    }

    /// Cancel an order that is not yet with a carrier (`status` 63 by customer, 64 by shop).
    pub async fn cancel_order(&self, id: i64, by_customer: bool) -> Result<OrderRef> {
        let edit = OrderEdit {
            info: OrderEditInfo {
                id,
                status: Some(if by_customer {
                    status::CANCELED
                } else {
                    status::ABORTED
                }),
                ..Default::default()
            },
            ..Default::default()
        };
        self.edit_order(&edit).await
    }

    /// `order/cancelcarrier`: cancel the shipment at the carrier.
    pub async fn cancel_carrier(&self, order_id: i64) -> Result<()> {
        let body = serde_json::json!({ "orderId": order_id });
        self.call::<_, Value>("order/cancelcarrier", &body, Safety::Write)
            .await?;
        Ok(())
    }

    /// The order carrying our reference, created within the last 31 days (the outbox's window).
    pub async fn find_order_by_reference(&self, reference: &str) -> Result<Option<Order>> {
        // one 31-day window ending a few minutes ahead (clock skew): a single scan
        let since = Utc::now() + Duration::minutes(5) - Duration::days(dates::MAX_WINDOW_DAYS)
            + Duration::seconds(2);
        self.find_order_by_reference_since(reference, since).await
    }

    /// The order carrying our reference, created since `since` (newest first; stops at the first hit).
    /// order/list has no appOrderId filter, so this scans the created-at windows page by page.
    pub async fn find_order_by_reference_since(
        &self,
        reference: &str,
        since: DateTime<Utc>,
    ) -> Result<Option<Order>> {
        let reference = reference.trim();
        if reference.is_empty() {
            return Ok(None);
        }
        let now = Utc::now() + Duration::minutes(5);
        let filter = OrderFilter {
            created_at_from: Some(since.timestamp()),
            created_at_to: Some(now.timestamp()),
            ..Default::default()
        };
        let mut windows = order_windows(&filter);
        windows.reverse();
        let max_pages = self.max_pages();
        for f in windows {
            let mut req = PageRequest::new(100).sort("id", "desc");
            let mut fetched = 0u32;
            loop {
                let page: crate::Page<Order> = self.orders_page(&f, req.clone()).await?;
                fetched = fetched.saturating_add(1);
                if let Some(o) = page.items.into_iter().find(|o| o.reference() == reference) {
                    return Ok(Some(o));
                }
                match page.next {
                    Some(_) if fetched >= max_pages => {
                        // "not found" would be a lie that lets the journal re-send: an error instead
                        return Err(Error::too_many_pages("Nhanh order/list", max_pages));
                    }
                    Some(n) if req.next.as_ref() != Some(&n) => req.next = Some(n),
                    _ => break,
                }
            }
        }
        Ok(None)
    }
}
