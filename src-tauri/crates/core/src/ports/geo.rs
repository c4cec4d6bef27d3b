//! Port: geo (see `ports`).
