//! onflow: the `shopdesk_core::ports::geo` port.
