//! Ports: one trait per vendor capability, written in neutral types, with no I/O of their own.
//!
//! Engines (`sync`, `orders`, `order-list`, `addresses`, `files`) are written against these traits and depend
//! on `shopdesk-core` only. Each vendor crate implements the ports it can serve in its own `adapter` module,
//! beside its client; the `accounts` registry hands an account's adapter out. A fourth vendor is one more
//! crate with a client and an `adapter` module, and one line in the registry.

pub mod files;
pub mod geo;
pub mod order_sink;
pub mod order_source;
pub mod stock;
