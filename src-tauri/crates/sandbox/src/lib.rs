//! `sandbox`: faithful local simulators of the three vendor APIs, served by one axum server on 127.0.0.1.
//!
//! Used by the demo workspace (in-process) and by every test; `shopdesk-sandbox` runs it standalone.
//! Layout on the one listener:
//! - Pancake POS at `/api/v1/…` (base URL `http://HOST/api/v1`)
//! - Onflow at `/onflow/api/v1/…` (base URL `http://HOST/onflow`)
//! - Nhanh.vn at `/nhanh/v3.0/…` and its consent page at `/nhanh/oauth` (base URL `http://HOST/nhanh`)
//! - fault knobs at `/__admin/faults/{pancake|onflow|nhanh}` (GET the config, PUT a new one)

pub mod common;
pub mod faults;
pub mod limits;
pub mod nhanh;
pub mod onflow;
pub mod pancake;

use std::net::SocketAddr;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};

pub use faults::{FaultConfig, Faults};

/// Seed parameters shared by the three simulators, so their catalogs share SKUs and barcodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Number of products in each catalog (each has several variations).
    pub products: usize,
    /// Seed of every random choice; the same seed gives the same data.
    pub seed: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            products: 90,
            seed: 2025,
        }
    }
}

/// A running sandbox. Dropping it stops the server.
pub struct Sandbox {
    pub addr: SocketAddr,
    pub pancake: pancake::Sim,
    pub onflow: onflow::Sim,
    pub nhanh: nhanh::Sim,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Sandbox {
    /// Base URL of the listener, e.g. `http://127.0.0.1:41234`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The connection details of each simulator, as the standalone binary prints them.
    pub fn info(&self) -> serde_json::Value {
        let base = self.base_url();
        serde_json::json!({
            "pancake": self.pancake.info(&base),
            "onflow": self.onflow.info(&format!("{base}/onflow")),
            "nhanh": self.nhanh.info(&format!("{base}/nhanh")),
        })
    }

    pub fn faults(&self, vendor: &str) -> Option<&Faults> {
        match vendor {
            "pancake" => Some(self.pancake.faults()),
            "onflow" => Some(self.onflow.faults()),
            "nhanh" => Some(self.nhanh.faults()),
            _ => None,
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

#[derive(Clone)]
struct AdminState {
    pancake: Faults,
    onflow: Faults,
    nhanh: Faults,
}

impl AdminState {
    fn get(&self, vendor: &str) -> Option<&Faults> {
        match vendor {
            "pancake" => Some(&self.pancake),
            "onflow" => Some(&self.onflow),
            "nhanh" => Some(&self.nhanh),
            _ => None,
        }
    }
}

async fn get_faults(
    State(s): State<AdminState>,
    Path(vendor): Path<String>,
) -> Result<Json<FaultConfig>, StatusCode> {
    s.get(&vendor)
        .map(|f| Json(f.config()))
        .ok_or(StatusCode::NOT_FOUND)
}

async fn put_faults(
    State(s): State<AdminState>,
    Path(vendor): Path<String>,
    Json(cfg): Json<FaultConfig>,
) -> Result<Json<FaultConfig>, StatusCode> {
    let f = s.get(&vendor).ok_or(StatusCode::NOT_FOUND)?;
    f.set(cfg);
    Ok(Json(f.config()))
}

/// Start the three simulators on `listen` (use port 0 for a free port) and serve until dropped, with
/// the test-only `/__admin/*` routes (fault knobs, Onflow status moves). For tests, benchmarks and the
/// standalone binary.
pub async fn start(listen: SocketAddr, options: Options) -> anyhow::Result<Sandbox> {
    serve(listen, options, true).await
}

/// The simulators as the app's demo workspace runs them: the vendors' own routes only; every
/// `/__admin/*` path answers 404, so nothing on this machine can turn faults on in a shipped app.
pub async fn start_demo(listen: SocketAddr, options: Options) -> anyhow::Result<Sandbox> {
    serve(listen, options, false).await
}

async fn refuse_admin(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    if req.uri().path().contains("/__admin/") {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    }
    next.run(req).await
}

async fn serve(
    listen: SocketAddr,
    options: Options,
    admin_routes: bool,
) -> anyhow::Result<Sandbox> {
    let listener = tokio::net::TcpListener::bind(listen).await?;
    let addr = listener.local_addr()?;
    let pancake = pancake::Sim::new(&options);
    let onflow = onflow::Sim::new(&options, &format!("http://{addr}/onflow"));
    let nhanh = nhanh::Sim::new(&options);
    let admin = AdminState {
        pancake: pancake.faults().clone(),
        onflow: onflow.faults().clone(),
        nhanh: nhanh.faults().clone(),
    };
    let app = Router::new()
        .route("/__admin/faults/{vendor}", get(get_faults).put(put_faults))
        .with_state(admin)
        .merge(pancake.router())
        .nest("/onflow", onflow.router())
        .nest("/nhanh", nhanh.router());
    let app = if admin_routes {
        app
    } else {
        app.layer(axum::middleware::from_fn(refuse_admin))
    };
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await;
        if let Err(e) = served {
            tracing::error!(error = %e, "sandbox server stopped");
        }
    });
    Ok(Sandbox {
        addr,
        pancake,
        onflow,
        nhanh,
        shutdown: Some(tx),
    })
}
