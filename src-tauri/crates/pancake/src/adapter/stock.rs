//! pancake: the `shopdesk_core::ports::stock` port.
