//! Port: order_sink (see `ports`).
