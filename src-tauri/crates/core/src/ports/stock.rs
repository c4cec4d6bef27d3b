//! Port: stock (see `ports`).
