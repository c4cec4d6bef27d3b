//! The three simulators and fast clients pointed at them.
#![allow(dead_code)]

use std::time::Duration;

use order_list::{OrderStatus, Vendor};
use sandbox::{Options, Sandbox};
use secrecy::SecretString;
use vendor_http::{RateLimit, RetryPolicy};

pub struct Env {
    pub sb: Sandbox,
    pub pancake: pancake::PancakeClient,
    pub nhanh: nhanh::Client,
    pub onflow: onflow::OnflowClient,
}

fn retry() -> RetryPolicy {
    RetryPolicy {
        max_retries: 2,
        min_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(20),
    }
}

impl Env {
    pub async fn start() -> anyhow::Result<Env> {
        let sb = sandbox::start(
            "127.0.0.1:0".parse()?,
            Options {
                products: 40,
                seed: 7,
            },
        )
        .await?;
        sb.pancake.set_rate_limit(1_000_000, Duration::from_secs(1));
        sb.onflow.set_rate_limit(1_000_000, Duration::from_secs(1));
        sb.nhanh.set_rate_limit(1_000_000, Duration::from_secs(1));
        let base = sb.base_url();
        let pancake = pancake::PancakeClient::builder()
            .base_url(format!("{base}/api/v1"))
            .api_key(SecretString::from(sandbox::pancake::DEMO_API_KEY))
            .shop_id(sandbox::pancake::SHOP_ID)
            .rate_limit(RateLimit::new(100_000, Duration::from_secs(1)))
            .max_rate_limit_wait(Duration::from_millis(50))
            .retry(retry())
            .timeout(Duration::from_secs(10))
            .build()?;
        let info = sb.info()["nhanh"].clone();
        let mut cfg = nhanh::Config::new(info["app_id"].as_i64().unwrap_or_default())
            .with_base_url(info["base_url"].as_str().unwrap_or_default())?;
        cfg.rate_limit = RateLimit::new(100_000, Duration::from_secs(1));
        cfg.retry = retry();
        cfg.max_rate_limit_wait = Duration::from_millis(50);
        cfg.total_timeout = Duration::from_secs(10);
        let nhanh = nhanh::Client::new(
            cfg,
            nhanh::Credentials {
                business_id: info["business_id"].as_i64().unwrap_or_default(),
                access_token: SecretString::from(
                    info["access_token"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string(),
                ),
            },
        )?;
        let onflow = onflow::OnflowClient::builder()
            .base_url(format!("{base}/onflow"))
            .token(SecretString::from(sb.onflow.token().to_string()))
            .rate_limit(RateLimit::new(100_000, Duration::from_secs(1)))
            .max_rate_limit_wait(Duration::from_millis(50))
            .retry(retry())
            .timeout(Duration::from_secs(10))
            .build()?;
        Ok(Env {
            sb,
            pancake,
            nhanh,
            onflow,
        })
    }
}

/// The normalized status of a vendor's status code: the vendor adapter's table (the engine knows no vendor).
pub fn normalize(vendor: Vendor, code: i64) -> OrderStatus {
    match vendor {
        Vendor::Pancake => pancake::adapter::order_status::normalize(code),
        Vendor::Nhanh => nhanh::adapter::order_status::normalize(code),
        Vendor::Onflow => onflow::adapter::order_status::normalize(code),
    }
}

/// Whether the vendor lets the shop cancel in this status: the vendor adapter's rule.
pub fn cancellable(vendor: Vendor, code: i64) -> bool {
    match vendor {
        Vendor::Pancake => pancake::adapter::order_status::cancellable(code),
        Vendor::Nhanh => nhanh::adapter::order_status::cancellable(code),
        Vendor::Onflow => onflow::adapter::order_status::cancellable(code),
    }
}
