//! The types the app hands to the UI export to TypeScript (no BigInt, numbers as `number`).

use files::{CheckedFile, FileKind, JobUpdate, LibraryFile, LibraryFilter};

#[test]
fn ipc_types_export_to_typescript() {
    let types = specta::Types::default()
        .register::<JobUpdate>()
        .register::<LibraryFile>()
        .register::<LibraryFilter>()
        .register::<CheckedFile>()
        .register::<FileKind>();
    let ts = specta_typescript::Typescript::default()
        .export(&types, specta_serde::Format)
        .expect("exports");
    for needle in [
        "jobId: number",
        "uploadedAt: string",
        "\"queued\"",
        "\"reused\"",
        "\"xlsx\"",
        "accountId",
    ] {
        assert!(ts.contains(needle), "{needle} missing in:\n{ts}");
    }
    assert!(!ts.contains("bigint"), "{ts}");
}
