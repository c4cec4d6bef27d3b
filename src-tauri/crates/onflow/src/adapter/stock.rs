//! onflow: the `shopdesk_core::ports::stock` port.
