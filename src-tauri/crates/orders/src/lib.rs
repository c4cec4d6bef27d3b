//! `orders`: one order draft, created exactly once at Pancake, Nhanh or Onflow.
//!
//! - [`draft`]: the vendor-neutral [`OrderDraft`], [`validate`] with stable field codes, Vietnamese
//!   phone normalization, COD computation.
//! - [`mapping`]: pure draft → vendor create request functions.
//! - [`outbox`]: the SQLite outbox and its state machine ([`Outbox::submit`], [`Outbox::resume`]).
//! - [`ports`]: the [`VendorPort`] trait, implemented for the three vendor clients.
//!
//! See README.md for the state machine and what "needs attention" means for the user.

pub mod draft;
pub mod mapping;
pub mod outbox;
pub mod ports;

pub use draft::{
    normalize_phone, validate, Address, Customer, Extras, FieldErrors, GeoIds, Item, NhanhExtras,
    OnflowExtras, OrderDraft, PancakeExtras, Target, Vendor,
};
pub use outbox::{
    backup, new_client_ref, OrderId, Outbox, OutboxConfig, OutboxEntry, OutboxError, OutboxListing,
    ResumeReport, State, UnreadableRow, SCHEMA_VERSION,
};
pub use ports::{Lookup, LookupScope, Ports, VendorPort};
