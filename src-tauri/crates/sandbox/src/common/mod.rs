//! Seed data shared by the three simulators.

pub mod catalog;
pub mod geo_seed;
pub mod people;
