//! Orders in neutral types: the draft the user enters (and its validation), an order as a vendor holds
//! it (row, detail, normalized status), and the vendor lists of the order form. No vendor shapes here: the
//! vendor crates map to and from these in their `adapter` modules.
//!
//! - [`draft`]: [`OrderDraft`] and its parts, [`validate`] with stable field codes, [`normalize_phone`],
//!   [`is_marketplace`].
//! - [`listed`]: [`OrderStatus`], [`OrderRow`], [`OrderDetail`] (= [`FetchedOrder`]), [`OrderLine`],
//!   [`StatusEvent`].
//! - [`options`]: [`OrderOptions`], [`Choice`], [`CarrierChoice`].
//! - `fixtures` (feature `fixtures`): shared test builders.

pub mod draft;
pub mod listed;
pub mod options;

#[cfg(any(test, feature = "fixtures"))]
pub mod fixtures;

pub use crate::Vendor;
pub use draft::{
    is_marketplace, normalize_phone, validate, Address, Customer, Extras, FieldErrors, GeoIds,
    Item, NhanhExtras, OnflowExtras, OrderDraft, PancakeExtras, Target,
};
pub use listed::{FetchedOrder, OrderDetail, OrderLine, OrderRow, OrderStatus, StatusEvent};
pub use options::{CarrierChoice, Choice, KnownCustomer, OrderOptions};
