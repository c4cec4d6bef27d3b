//! The committed TypeScript bindings must match the Rust commands. This test regenerates them; when the
//! committed file differs it writes the new one and fails, so the change shows up in `git diff`.

use std::path::PathBuf;

#[test]
fn committed_bindings_are_current() {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let committed_path = manifest.join(shopdesk_lib::BINDINGS_PATH);
    let tmp = std::env::temp_dir().join(format!("shopdesk-bindings-{}.ts", std::process::id()));
    shopdesk_lib::specta_builder()
        .export(shopdesk_lib::typescript(), &tmp)
        .expect("bindings export");
    let fresh = std::fs::read_to_string(&tmp).expect("read fresh bindings");
    let _ = std::fs::remove_file(&tmp);
    let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
    if committed != fresh {
        std::fs::write(&committed_path, &fresh).expect("write bindings");
        panic!(
            "ui/src/ipc/bindings.ts was stale and has been regenerated; review and commit it ({})",
            committed_path.display()
        );
    }
}
