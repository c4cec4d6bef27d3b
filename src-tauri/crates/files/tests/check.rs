//! Type sniffing, the size limit and hashing, on real sample files (tests/fixtures, see make_samples.py).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use files::{sha256_file, CheckedFile, FileKind, Rejection};
use onflow::adapter::files::UPLOAD_LIMITS;
use sha2::{Digest, Sha256};

/// The one size limit: Onflow's, the store the app uploads to.
const UPLOAD_MAX_BYTES: u64 = UPLOAD_LIMITS.max_bytes;

/// The checks against Onflow's limits.
fn check(path: &Path) -> Result<CheckedFile, Rejection> {
    files::check(path, &UPLOAD_LIMITS)
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Copy a fixture under another name (renamed files are the interesting cases).
fn copy_as(dir: &Path, fixture_name: &str, as_name: &str) -> PathBuf {
    let to = dir.join(as_name);
    std::fs::copy(fixture(fixture_name), &to).expect("copy fixture");
    to
}

#[test]
fn every_accepted_type_is_recognised_by_content_and_extension() {
    let dir = tempfile::tempdir().expect("tmp");
    let table = [
        (
            "sample.pdf",
            "Hóa đơn tháng 3.pdf",
            FileKind::Pdf,
            "application/pdf",
        ),
        ("sample.png", "anh-san-pham.png", FileKind::Png, "image/png"),
        ("sample.jpg", "ao-thun.jpg", FileKind::Jpeg, "image/jpeg"),
        ("sample.jpg", "ao-thun.JPEG", FileKind::Jpeg, "image/jpeg"),
        ("sample.webp", "banner.webp", FileKind::Webp, "image/webp"),
        (
            "sample.docx",
            "phieu-nhap.docx",
            FileKind::Docx,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "sample.xlsx",
            "ton-kho.XLSX",
            FileKind::Xlsx,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ];
    for (src, name, kind, mime) in table {
        let path = copy_as(dir.path(), src, name);
        let checked = check(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(checked.kind, kind, "{name}");
        assert_eq!(checked.mime, mime, "{name}");
        assert_eq!(checked.name, name);
        assert_eq!(
            checked.size,
            std::fs::metadata(&path).expect("meta").len(),
            "{name}"
        );
    }
}

#[test]
fn an_xlsx_written_by_a_real_spreadsheet_writer_is_an_xlsx() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("bang-gia.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "SKU").expect("write");
    ws.write_number(0, 1, 125_000.0).expect("write");
    wb.save(&path).expect("save");
    let checked = check(&path).expect("accepted");
    assert_eq!(checked.kind, FileKind::Xlsx);
    // and the same bytes named .docx are refused for what they are
    let renamed = dir.path().join("bang-gia.docx");
    std::fs::copy(&path, &renamed).expect("copy");
    assert_eq!(
        check(&renamed),
        Err(Rejection::Mismatch {
            ext: "docx".into(),
            detected: "xlsx".into()
        })
    );
}

#[test]
fn refusals_carry_a_stable_code_and_what_was_found() {
    let dir = tempfile::tempdir().expect("tmp");
    let cases: Vec<(PathBuf, Rejection)> = vec![
        (
            copy_as(dir.path(), "sample.exe", "setup.exe"),
            Rejection::Unsupported { ext: "exe".into() },
        ),
        (
            copy_as(dir.path(), "plain.zip", "anh.zip"),
            Rejection::Unsupported { ext: "zip".into() },
        ),
        (
            copy_as(dir.path(), "notes.txt", "ghi-chu.txt"),
            Rejection::Unsupported { ext: "txt".into() },
        ),
        (
            copy_as(dir.path(), "notes.txt", "README"),
            Rejection::Unsupported { ext: "".into() },
        ),
        // an .exe renamed .pdf
        (
            copy_as(dir.path(), "sample.exe", "hoa-don.pdf"),
            Rejection::Mismatch {
                ext: "pdf".into(),
                detected: "exe".into(),
            },
        ),
        // a text file renamed .pdf
        (
            copy_as(dir.path(), "notes.txt", "ghi-chu.pdf"),
            Rejection::Mismatch {
                ext: "pdf".into(),
                detected: "unknown".into(),
            },
        ),
        // a plain zip renamed .docx: a zip, but not a Word document
        (
            copy_as(dir.path(), "plain.zip", "hop-dong.docx"),
            Rejection::Mismatch {
                ext: "docx".into(),
                detected: "zip".into(),
            },
        ),
        // a PNG named .jpg
        (
            copy_as(dir.path(), "sample.png", "anh.jpg"),
            Rejection::Mismatch {
                ext: "jpg".into(),
                detected: "png".into(),
            },
        ),
        (
            copy_as(dir.path(), "sample.docx", "ton-kho.xlsx"),
            Rejection::Mismatch {
                ext: "xlsx".into(),
                detected: "docx".into(),
            },
        ),
        (dir.path().join("khong-co.pdf"), Rejection::NotFound),
    ];
    for (path, want) in cases {
        assert_eq!(check(&path), Err(want), "{}", path.display());
    }

    let empty = dir.path().join("rong.pdf");
    std::fs::File::create(&empty).expect("create");
    let e = check(&empty).expect_err("empty refused");
    assert_eq!(e, Rejection::Empty);

    let folder = dir.path().join("thu-muc.pdf");
    std::fs::create_dir(&folder).expect("mkdir");
    let e = check(&folder).expect_err("folder refused");
    assert!(matches!(e, Rejection::Unreadable { .. }), "{e:?}");
}

#[test]
fn codes_are_stable() {
    let codes = [
        (Rejection::Empty, "file.empty"),
        (Rejection::TooLarge { size: 2, max: 1 }, "file.too_large"),
        (
            Rejection::Unsupported { ext: "exe".into() },
            "file.unsupported",
        ),
        (
            Rejection::Mismatch {
                ext: "pdf".into(),
                detected: "exe".into(),
            },
            "file.mismatch",
        ),
        (
            Rejection::Unreadable {
                reason: "permission denied".into(),
            },
            "file.unreadable",
        ),
        (Rejection::NotFound, "file.not_found"),
    ];
    for (r, code) in codes {
        assert_eq!(r.code(), code);
    }
    let app = shopdesk_core::AppError::from(Rejection::NotFound);
    assert_eq!(app.code, shopdesk_core::ErrorCode::Validation);
    assert_eq!(
        app.details.map(|d| d.fields["file"].clone()),
        Some(vec!["file.not_found".to_string()])
    );
    assert!(Rejection::Mismatch {
        ext: "pdf".into(),
        detected: "exe".into()
    }
    .to_string()
    .contains(".pdf"));
}

#[test]
fn a_20_mb_file_is_refused_from_its_size_without_reading_it() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("video-quang-cao.pdf");
    let f = std::fs::File::create(&path).expect("create");
    f.set_len(20 * 1024 * 1024).expect("sparse");
    drop(f);
    let t = Instant::now();
    let e = check(&path).expect_err("too large");
    assert!(
        t.elapsed() < Duration::from_millis(200),
        "{:?}",
        t.elapsed()
    );
    assert_eq!(
        e,
        Rejection::TooLarge {
            size: 20 * 1024 * 1024,
            max: UPLOAD_MAX_BYTES
        }
    );
    assert_eq!(e.code(), "file.too_large");
}

#[test]
fn the_limit_itself_is_allowed_one_byte_more_is_not() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut bytes = std::fs::read(fixture("sample.pdf")).expect("read");
    bytes.resize(UPLOAD_MAX_BYTES as usize, b' ');
    let at_limit = dir.path().join("vua-du.pdf");
    std::fs::write(&at_limit, &bytes).expect("write");
    assert_eq!(
        check(&at_limit).expect("at the limit").size,
        UPLOAD_MAX_BYTES
    );
    bytes.push(b'\n');
    let over = dir.path().join("qua.pdf");
    std::fs::write(&over, &bytes).expect("write");
    assert!(matches!(check(&over), Err(Rejection::TooLarge { .. })));
}

#[test]
fn sha256_streams_and_matches_the_reference() {
    let dir = tempfile::tempdir().expect("tmp");
    let abc = dir.path().join("abc.txt");
    std::fs::write(&abc, b"abc").expect("write");
    assert_eq!(
        sha256_file(&abc).expect("hash"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    // larger than one read buffer
    let big: Vec<u8> = (0..300_000u32).map(|i| (i * 31 % 251) as u8).collect();
    let p = dir.path().join("big.bin");
    std::fs::write(&p, &big).expect("write");
    let want: String = Sha256::digest(&big)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(sha256_file(&p).expect("hash"), want);
    assert!(sha256_file(&dir.path().join("missing")).is_err());
}

/// Verifies the brief's "infer can do it": infer 0.19 looks only at the first three ZIP entries, so a DOCX
/// whose Word part comes after `docProps/` (as many writers do) is just a "zip" to it. The central
/// directory read in `check` sees every entry name.
#[test]
fn a_docx_that_infer_alone_misses_is_still_a_docx() {
    let bytes = std::fs::read(fixture("sample.docx")).expect("read");
    assert!(!infer::doc::is_docx(&bytes));
    assert_eq!(infer::get(&bytes).map(|t| t.extension()), Some("zip"));
    assert_eq!(
        check(&fixture("sample.docx")).expect("accepted").kind,
        FileKind::Docx
    );
}
