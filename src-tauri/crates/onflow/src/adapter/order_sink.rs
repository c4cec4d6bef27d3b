//! onflow: the `shopdesk_core::ports::order_sink` port.
