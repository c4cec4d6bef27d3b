//! `orders`: one order draft, created exactly once at Pancake, Nhanh or Onflow.
//!
//! - The draft, its validation and phone normalization are neutral types of `shopdesk-core`
//!   ([`shopdesk_core::order`]), re-exported here: [`OrderDraft`], [`validate`], [`normalize_phone`],
//!   and its amounts are [`Money`].
//! - [`outbox`]: the SQLite outbox and its state machine ([`Outbox::submit`], [`Outbox::resume`]).
//! - [`failure`]: [`SendError`], why an entry is not created (yet), as a [`SendCode`] (never a sentence).
//! - [`ports`]: [`Ports`], the connected accounts' [`OrderSink`]s (the port trait lives in
//!   [`shopdesk_core::ports::order_sink`]; each vendor crate implements it on its client).
//!
//! See README.md for the state machine and what "needs attention" means for the user.

mod app_error;
pub mod failure;
pub mod outbox;
pub mod ports;

pub use failure::{SendCode, SendError};
pub use outbox::{
    backup, new_client_ref, OrderId, Outbox, OutboxConfig, OutboxEntry, OutboxError, OutboxListing,
    ResumeReport, State, UnreadableRow, SCHEMA_VERSION,
};
pub use ports::{Lookup, LookupScope, OrderSink, Ports};
pub use shopdesk_core::order::{
    normalize_phone, validate, Address, Customer, Extras, FieldErrors, GeoIds, Item, NhanhExtras,
    OnflowExtras, OrderDraft, PancakeExtras, Target, Vendor,
};
pub use shopdesk_core::Money;
