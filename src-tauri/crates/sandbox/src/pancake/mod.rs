//! pancake simulator (placeholder until its vendor issue lands: answers 501 everywhere).

use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;

use crate::{Faults, Options};

#[derive(Clone)]
pub struct Sim {
    faults: Faults,
}

fn rate_limited(_secs: u64) -> Response {
    StatusCode::TOO_MANY_REQUESTS.into_response()
}

fn is_create(m: &Method, _path: &str) -> bool {
    m == Method::POST
}

impl Sim {
    pub fn new(options: &Options) -> Self {
        Sim {
            faults: Faults::new(options.seed, rate_limited, is_create),
        }
    }
    pub fn router(&self) -> Router {
        Router::new()
    }
    pub fn info(&self, base_url: &str) -> serde_json::Value {
        serde_json::json!({ "base_url": base_url })
    }
    pub fn faults(&self) -> &Faults {
        &self.faults
    }
}
