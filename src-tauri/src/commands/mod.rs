//! One module per command area. Commands stay thin: validate the call, call into a crate, map errors.

pub mod accounts;
pub mod addresses;
pub mod app;
pub mod customers;
pub mod files;
pub mod home;
pub mod import;
pub mod inbound;
pub mod low_stock;
pub mod orders;
pub mod po_import;
pub mod product_create;
pub mod product_import;
pub mod products;
pub mod push;
pub mod recovery;
pub mod returns;
pub mod settings;
pub mod stock;
pub mod update;
