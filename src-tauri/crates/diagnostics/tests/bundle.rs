//! The diagnostics zip a shop owner sends: it holds this session's log, a panic's report, the sections
//! the app passes, and none of the secrets stored in the real OS keyring (inside `npm test`'s private
//! D-Bus session; skipped by a bare `cargo test` without a session bus, like the keyring tests).

use std::io::Read;
use std::sync::Arc;

use secrecy::{ExposeSecret, SecretString};
use secrets::{KeyringStore, SecretBundle, Secrets};
use tracing_subscriber::layer::SubscriberExt;

fn session_available() -> bool {
    if std::env::var_os("SHOPDESK_IN_SESSION").is_some() {
        return true;
    }
    let has_bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some();
    if !has_bus {
        eprintln!("skipped: no D-Bus session (npm test provides one with gnome-keyring)");
    }
    has_bus
}

fn unzip(path: &std::path::Path) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).expect("open zip")).expect("zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).expect("entry");
            let mut s = String::new();
            f.read_to_string(&mut s).expect("utf-8 entry");
            (f.name().expect("entry name").to_string(), s)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_bundle_holds_the_session_log_and_a_panic_report_but_no_stored_secret() {
    if !session_available() {
        return;
    }
    // secrets as the app stores them: in the OS keyring, read back when a client is built
    let id = format!("diag-{}", std::process::id());
    let keyring = Secrets::new(Arc::new(KeyringStore::new("shopdesk-it")));
    let api_key = format!("pk-diag-{}-A1B2C3D4", std::process::id());
    let nhanh_secret = format!("sk-diag-{}-Z9Y8X7", std::process::id());
    keyring
        .set(
            &id,
            SecretBundle::new()
                .with("apiKey", SecretString::from(api_key.clone()))
                .with("secretKey", SecretString::from(nhanh_secret.clone())),
        )
        .await
        .expect("keyring set");
    let stored = keyring
        .get(&id)
        .await
        .expect("keyring get")
        .expect("stored");
    // every vendor client builds its redactor from the secrets it was given
    let secrets: Vec<String> = stored
        .names()
        .filter_map(|n| stored.get(n))
        .map(|s| s.expose_secret().to_string())
        .collect();
    let _client = vendor_http::Redactor::new(secrets.clone());

    let dir = tempfile::tempdir().expect("tempdir");
    let logs = dir.path().join("logs");
    let layer = tracing_subscriber::fmt::layer()
        .with_ansi(false)
        .with_writer(diagnostics::Redacting(
            diagnostics::file_writer(&logs).expect("log file"),
        ));
    let subscriber = tracing_subscriber::Registry::default().with(layer);
    let _guard = tracing::subscriber::set_default(subscriber);
    tracing::info!("session marker 7f3e: ShopDesk starting");
    tracing::warn!(url = %format!("https://pos.example/api/v1/shops?api_key={api_key}"), "a request failed");
    tracing::error!("a vendor echoed the key {nhanh_secret} back");

    // a panic leaves its report in the log directory
    diagnostics::install_panic_hook(logs.clone(), "9.9.9-test");
    let secret_in_panic = api_key.clone();
    let joined = std::thread::Builder::new()
        .name("panicky".into())
        .spawn(move || panic!("boom while holding {secret_in_panic}"))
        .expect("thread")
        .join();
    assert!(joined.is_err(), "the thread panicked");
    let _ = std::panic::take_hook();

    let out = dir.path().join("shopdesk-diagnostics.zip");
    let sections = [
        (
            "versions",
            serde_json::json!({ "app": "9.9.9-test", "os": std::env::consts::OS }),
        ),
        (
            "outbox",
            serde_json::json!([{ "state": "needs_attention", "lastError": format!("401 for key {api_key}") }]),
        ),
    ];
    let summary = diagnostics::write_bundle(&out, &logs, &sections).expect("bundle");
    assert_eq!(summary.path, out);
    assert!(!dir.path().join("shopdesk-diagnostics.zip.part").exists());

    let entries = unzip(&out);
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("logs/shopdesk.") && n.ends_with(".log")),
        "{names:?}"
    );
    assert!(
        names.iter().any(|n| n.starts_with("logs/panic-")),
        "{names:?}"
    );
    assert!(
        names.contains(&"versions.json") && names.contains(&"outbox.json"),
        "{names:?}"
    );
    let all: String = entries
        .iter()
        .map(|(n, s)| format!("== {n}\n{s}\n"))
        .collect();
    assert!(
        all.contains("session marker 7f3e"),
        "the session's log is in the bundle:\n{all}"
    );
    assert!(
        all.contains("boom while holding ***"),
        "the panic report is in the bundle:\n{all}"
    );
    assert!(all.contains("\"needs_attention\""), "{all}");
    for s in &secrets {
        assert!(
            !all.contains(s.as_str()),
            "a stored secret leaked into the bundle"
        );
    }
    // the zip's raw bytes too (names, comments)
    let raw = std::fs::read(&out).expect("read zip");
    for s in &secrets {
        assert!(!raw.windows(s.len()).any(|w| w == s.as_bytes()));
    }
    keyring.delete(&id).await.expect("keyring delete");
}

#[test]
fn a_missing_log_directory_still_gives_a_bundle_with_the_sections() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("d.zip");
    let summary = diagnostics::write_bundle(
        &out,
        &dir.path().join("no-such-dir"),
        &[("versions", serde_json::json!({"app": "1"}))],
    )
    .expect("bundle");
    assert_eq!(summary.entries, vec!["versions.json".to_string()]);
    assert_eq!(unzip(&out)[0].1, "{\n  \"app\": \"1\"\n}");
}

#[test]
fn a_log_larger_than_the_cap_keeps_its_newest_end() {
    let dir = tempfile::tempdir().expect("tempdir");
    let logs = dir.path().join("logs");
    std::fs::create_dir_all(&logs).expect("mkdir");
    let big = diagnostics::MAX_FILE_BYTES as usize + 1000;
    let mut text = "old line\n".repeat(big / 9 + 1);
    text.push_str("NEWEST LINE\n");
    std::fs::write(logs.join("shopdesk.2026-12-01.log"), &text).expect("write");
    let out = dir.path().join("d.zip");
    let summary = diagnostics::write_bundle(&out, &logs, &[]).expect("bundle");
    assert!(summary.truncated_bytes > 0);
    let entries = unzip(&out);
    assert_eq!(entries.len(), 1);
    assert!(entries[0].1.ends_with("NEWEST LINE\n"));
    assert!(entries[0].1.len() as u64 <= diagnostics::MAX_FILE_BYTES);
}
