//! Endpoint areas: models and calls, one module each.

pub mod customers;
pub mod finance;
pub mod geo;
pub mod inventory;
pub mod misc;
pub mod orders;
pub mod products;
pub mod promotions;
pub mod shops;
pub mod warehouses;
pub mod webhooks;
