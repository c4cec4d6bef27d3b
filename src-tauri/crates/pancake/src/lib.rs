//! `pancake`: a typed client of the Pancake POS Open API (digest: `shared/vendors/pancake.md`).
//!
//! ```no_run
//! # async fn demo() -> vendor_http::Result<()> {
//! use secrecy::SecretString;
//! let client = pancake::PancakeClient::builder()
//!     .api_key(SecretString::from("key"))
//!     .shop_id(20)
//!     .build()?;
//! let page = client.list_orders(&Default::default()).await?;
//! # Ok(()) }
//! ```
//!
//! Every call goes through the shared [`vendor_http`] pipeline (limiter, pauses after 429 / `error_code`
//! 106, retries for safe requests, timeouts, redaction). Every failure is a [`vendor_http::Error`] with
//! Pancake's own code kept. The `api_key` travels as a query parameter and is redacted everywhere.

pub mod adapter;
pub mod api;
mod client;
pub mod envelope;
pub mod value;

pub use api::customers::{
    CreateType, Customer, CustomerAddress, CustomerQuery, CustomerUpdate, NewCustomer,
};
pub use api::geo::{Commune, District, GeoModel, Province};
pub use api::orders::{
    DocumentType, NewOrder, NewOrderItem, Order, OrderItem, OrderPartner, OrderQuery, OrderSource,
    OrderStatus, OrderTag, OrderUpdate, ReturnedOrder, ReturnedOrderQuery, ShippingAddress, Tag,
    VariationInfo,
};
pub use api::products::{
    AttributeValue, Category, MeasureGroup, Product, ProductAttribute, ProductInput, StockKind,
    StockSet, Variation, VariationInput, VariationQuery, VariationWarehouse, WarehouseQuantity,
};
pub use api::shops::{Shop, WebhookConfig};
pub use api::warehouses::{Partner, ShopUser, Warehouse, WarehouseInput};
pub use api::webhooks::{parse_webhook, StockEvent, WebhookEvent};
pub use client::{
    PancakeClient, PancakeClientBuilder, Query, DEFAULT_BASE_URL, DEFAULT_RATE_LIMIT,
    DEFAULT_RATE_LIMIT_PAUSE, DEFAULT_TIMEOUT, DEFAULT_WALK_PAGE_SIZE,
};
pub use envelope::{ErrorBody, Page};
pub use value::Id;
pub use vendor_http::{Error, Result};
