//! Port: files (see `ports`).
