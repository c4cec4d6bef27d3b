pub mod codes;
pub mod mapping;
pub mod plan;
pub mod rules;
