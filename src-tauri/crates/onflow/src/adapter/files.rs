//! onflow: the `shopdesk_core::ports::files` port.
