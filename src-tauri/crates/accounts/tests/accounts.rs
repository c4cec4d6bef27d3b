//! Accounts against the real simulators: connect, test, wrong keys, removal, Nhanh consent, demo workspace.

use std::sync::Arc;

use accounts::{
    AccountConfig, AccountService, MemoryMeta, MetaStore, NewAccount, OnflowEnvironment,
};
use secrets::{MemoryStore, Secrets};
use shopdesk_core::ErrorCode;

struct Env {
    sb: sandbox::Sandbox,
    meta: Arc<MemoryMeta>,
    keyring: Arc<MemoryStore>,
    svc: AccountService,
}

async fn env() -> Env {
    let sb = sandbox::start(
        "127.0.0.1:0".parse().expect("addr"),
        sandbox::Options::default(),
    )
    .await
    .expect("sandbox");
    let meta = Arc::new(MemoryMeta::default());
    let keyring = Arc::new(MemoryStore::default());
    let svc = AccountService::new(meta.clone(), Secrets::new(keyring.clone()));
    Env {
        sb,
        meta,
        keyring,
        svc,
    }
}

fn s(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[tokio::test]
async fn pancake_account_connects_tests_and_keeps_only_a_mask() {
    let e = env().await;
    let info = e.sb.info();
    let p = &info["pancake"];
    let key = s(&p["api_key"]);
    let base = s(&p["base_url"]);
    let shops = e
        .svc
        .pancake_shops(&key, Some(base.clone()))
        .await
        .expect("shops");
    assert!(!shops.is_empty());
    let view = e
        .svc
        .add(NewAccount::Pancake {
            label: "Shop Hà Nội".into(),
            api_key: key.clone(),
            shop_id: shops[0].id,
            base_url: Some(base),
        })
        .await
        .expect("connects");
    assert_eq!(view.label, "Shop Hà Nội");
    let mask = &view.masks[0].mask;
    assert!(mask.starts_with("••••") && key.ends_with(mask.trim_start_matches("••••")));
    // metadata never holds the secret
    let stored = serde_json::to_string(&e.meta.load().expect("load")).expect("json");
    assert!(!stored.contains(&key), "the api key leaked into metadata");
    assert_eq!(e.keyring.len(), 1);
    let report = e.svc.test(&view.id).await.expect("test");
    assert!(report.name.is_some());
    assert!(report.warehouses.len() >= 2, "{report:?}");

    e.svc.remove(&view.id).await.expect("remove");
    assert!(e.keyring.is_empty(), "the keyring entry is deleted");
    assert!(e.meta.load().expect("load").is_empty());
}

#[tokio::test]
async fn a_wrong_key_is_unauthorized_and_saves_nothing() {
    let e = env().await;
    let info = e.sb.info();
    let p = &info["pancake"];
    let err = e
        .svc
        .add(NewAccount::Pancake {
            label: "Sai khóa".into(),
            api_key: "definitely-not-the-key".into(),
            shop_id: p["shop_id"].as_i64().unwrap_or(1),
            base_url: Some(s(&p["base_url"])),
        })
        .await
        .expect_err("refused");
    assert_eq!(err.code, ErrorCode::Unauthorized);
    assert!(!err.message.contains("definitely-not-the-key"));
    assert!(e.meta.load().expect("load").is_empty());
    assert!(e.keyring.is_empty());

    let o = &info["onflow"];
    let err = e
        .svc
        .add(NewAccount::Onflow {
            label: "Kho".into(),
            token: "wrong-token-123".into(),
            environment: OnflowEnvironment::Staging,
            base_url: Some(s(&o["base_url"])),
        })
        .await
        .expect_err("refused");
    assert_eq!(err.code, ErrorCode::Unauthorized);
    assert!(e.keyring.is_empty());
}

#[tokio::test]
async fn empty_label_is_a_field_error() {
    let e = env().await;
    let err = e
        .svc
        .add(NewAccount::Onflow {
            label: "  ".into(),
            token: "x".into(),
            environment: OnflowEnvironment::Staging,
            base_url: None,
        })
        .await
        .expect_err("refused");
    assert_eq!(err.code, ErrorCode::Validation);
    assert!(err.details.expect("details").fields.contains_key("label"));
}

#[tokio::test]
async fn nhanh_consent_code_exchange_connects_with_expiry() {
    let e = env().await;
    let info = e.sb.info();
    let n = &info["nhanh"];
    let base = s(&n["base_url"]);
    let app_id: i64 = s(&n["app_id"]).parse().expect("app id");
    let consent = e
        .svc
        .nhanh_consent_url(
            app_id,
            "http://127.0.0.1/callback",
            Some(&format!("{base}/oauth")),
        )
        .expect("consent url");
    // the simulator's consent page redirects to returnLink with a one-time code
    let resp = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
        .get(&consent)
        .send()
        .await
        .expect("consent page");
    let location = resp
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("redirect")
        .to_string();
    let view = e
        .svc
        .add(NewAccount::NhanhCode {
            label: "Nhanh chính".into(),
            app_id,
            secret_key: s(&n["secret_key"]),
            code_or_url: format!("  {location}  "),
            base_url: Some(base),
        })
        .await
        .expect("exchange and connect");
    match &view.config {
        AccountConfig::Nhanh { expires_at, .. } => assert!(expires_at.is_some()),
        other => panic!("not nhanh: {other:?}"),
    }
    assert!(!view.expiry_warning);
    let names: Vec<&str> = view.masks.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["accessToken", "secretKey"]);
    let report = e.svc.test(&view.id).await.expect("test");
    assert!(!report.warehouses.is_empty(), "depots listed");
}

#[tokio::test]
async fn demo_workspace_has_three_working_accounts_and_ends_when_a_real_one_connects() {
    let e = env().await;
    assert!(e
        .svc
        .start_demo(sandbox::Options::default())
        .await
        .expect("demo"));
    let ws = e.svc.workspace().await.expect("workspace");
    assert!(ws.demo);
    assert_eq!(ws.accounts.len(), 3);
    for a in &ws.accounts {
        assert!(a.demo);
        let report = e.svc.test(&a.id).await.expect("demo account works");
        assert!(!report.warehouses.is_empty(), "{}", a.id);
    }
    // nothing demo is persisted
    assert!(e.meta.load().expect("load").is_empty());
    assert!(e.keyring.is_empty());

    let info = e.sb.info();
    let o = &info["onflow"];
    e.svc
        .add(NewAccount::Onflow {
            label: "Kho thật".into(),
            token: s(&o["token"]),
            environment: OnflowEnvironment::Staging,
            base_url: Some(s(&o["base_url"])),
        })
        .await
        .expect("real account");
    let ws = e.svc.workspace().await.expect("workspace");
    assert!(!ws.demo);
    assert_eq!(ws.accounts.len(), 1);
    assert!(!ws.accounts[0].demo);
    assert!(e.svc.demo_base_url().await.is_none(), "simulators stopped");
    assert!(!e
        .svc
        .start_demo(sandbox::Options::default())
        .await
        .expect("no demo with real accounts"));
}

#[tokio::test]
async fn replacing_a_secret_tests_it_first() {
    let e = env().await;
    let info = e.sb.info();
    let o = &info["onflow"];
    let view = e
        .svc
        .add(NewAccount::Onflow {
            label: "Kho".into(),
            token: s(&o["token"]),
            environment: OnflowEnvironment::Staging,
            base_url: Some(s(&o["base_url"])),
        })
        .await
        .expect("connect");
    let err = e
        .svc
        .replace_secret(&view.id, "token", "bad-token-xyz")
        .await
        .expect_err("bad token refused");
    assert_eq!(err.code, ErrorCode::Unauthorized);
    e.svc.test(&view.id).await.expect("old token still works");
    let renamed = e
        .svc
        .rename(&view.id, "Kho Long Biên")
        .await
        .expect("rename");
    assert_eq!(renamed.label, "Kho Long Biên");
}
