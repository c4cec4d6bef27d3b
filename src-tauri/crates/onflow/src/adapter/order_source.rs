//! onflow: the `shopdesk_core::ports::order_source` port.
