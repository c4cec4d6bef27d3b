//! The order sinks of the connected accounts, by account id (for [`crate::Outbox::resume`]).
//!
//! The port itself ([`OrderSink`], [`Lookup`], [`LookupScope`]) is `shopdesk_core::ports::order_sink`;
//! each vendor crate implements it on its client (`<vendor>::adapter::order_sink`).

use std::collections::HashMap;
use std::sync::Arc;

pub use shopdesk_core::ports::order_sink::{Lookup, LookupScope, OrderSink, LOOKUP_PAGE_SIZE};
use shopdesk_core::Vendor;

/// The ports of the connected accounts, by account id (for [`crate::Outbox::resume`]).
#[derive(Clone, Default)]
pub struct Ports {
    by_account: HashMap<String, Arc<dyn OrderSink>>,
}

impl Ports {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn insert(&mut self, account_id: impl Into<String>, port: Arc<dyn OrderSink>) {
        self.by_account.insert(account_id.into(), port);
    }

    pub fn with(mut self, account_id: impl Into<String>, port: Arc<dyn OrderSink>) -> Self {
        self.insert(account_id, port);
        self
    }

    /// The port of `account_id` when it is connected and of `vendor`.
    pub fn get(&self, account_id: &str, vendor: Vendor) -> Option<&Arc<dyn OrderSink>> {
        self.by_account
            .get(account_id)
            .filter(|p| p.vendor() == vendor)
    }
}
