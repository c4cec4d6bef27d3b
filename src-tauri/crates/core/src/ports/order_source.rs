//! Port: order_source (see `ports`).
