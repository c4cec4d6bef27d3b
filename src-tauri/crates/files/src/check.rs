//! File checks before anything reaches the network: existence, extension, size (from metadata, before
//! reading) and type by content (only the head is read; for DOCX/XLSX the ZIP central directory).

use std::fmt;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use shopdesk_core::ports::files::UploadLimits;

/// How many bytes of the head are read to sniff the type.
const HEAD_BYTES: usize = 8 * 1024;
/// Largest ZIP central directory we read to tell DOCX from XLSX.
const MAX_CENTRAL_DIRECTORY: u64 = 4 * 1024 * 1024;

/// The file types Onflow accepts (see `onflow::assumptions::UPLOAD_TYPES`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum FileKind {
    Pdf,
    Png,
    Jpeg,
    Webp,
    Docx,
    Xlsx,
}

impl FileKind {
    pub const ALL: [FileKind; 6] = [
        FileKind::Pdf,
        FileKind::Png,
        FileKind::Jpeg,
        FileKind::Webp,
        FileKind::Docx,
        FileKind::Xlsx,
    ];

    /// The kind an extension promises (case-insensitive, without the dot).
    pub fn from_extension(ext: &str) -> Option<FileKind> {
        match ext.to_ascii_lowercase().as_str() {
            "pdf" => Some(FileKind::Pdf),
            "png" => Some(FileKind::Png),
            "jpg" | "jpeg" => Some(FileKind::Jpeg),
            "webp" => Some(FileKind::Webp),
            "docx" => Some(FileKind::Docx),
            "xlsx" => Some(FileKind::Xlsx),
            _ => None,
        }
    }

    /// Stable lower-case name (also the value stored in the library).
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Png => "png",
            FileKind::Jpeg => "jpeg",
            FileKind::Webp => "webp",
            FileKind::Docx => "docx",
            FileKind::Xlsx => "xlsx",
        }
    }

    pub fn parse(s: &str) -> Option<FileKind> {
        FileKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The MIME type the store expects for this kind (from its `limits`).
    pub fn mime(self, limits: &UploadLimits) -> &'static str {
        let ext = match self {
            FileKind::Jpeg => "jpg",
            k => k.as_str(),
        };
        limits
            .mime(&format!("x.{ext}"))
            .unwrap_or("application/octet-stream")
    }

    /// Whether the UI can preview it (images and PDFs).
    pub fn previewable(self) -> bool {
        !matches!(self, FileKind::Docx | FileKind::Xlsx)
    }
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A file that passed every check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CheckedFile {
    /// File name without the folder.
    pub name: String,
    #[specta(type = specta_typescript::Number)]
    pub size: u64,
    pub kind: FileKind,
    pub mime: String,
}

/// Why a file is refused before upload. [`Rejection::code`] is stable; the UI shows its own text per code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rejection {
    #[error("the file is empty")]
    Empty,
    #[error("the file is {size} bytes; the limit is {max} bytes")]
    TooLarge { size: u64, max: u64 },
    #[error("files of type .{ext} cannot be uploaded (accepted: PDF, PNG, JPG, WEBP, DOCX, XLSX)")]
    Unsupported { ext: String },
    #[error("the file is named .{ext} but its content is {detected}")]
    Mismatch { ext: String, detected: String },
    #[error("the file cannot be read: {reason}")]
    Unreadable { reason: String },
    #[error("the file does not exist")]
    NotFound,
}

impl Rejection {
    pub fn code(&self) -> &'static str {
        match self {
            Rejection::Empty => "file.empty",
            Rejection::TooLarge { .. } => "file.too_large",
            Rejection::Unsupported { .. } => "file.unsupported",
            Rejection::Mismatch { .. } => "file.mismatch",
            Rejection::Unreadable { .. } => "file.unreadable",
            Rejection::NotFound => "file.not_found",
        }
    }

    fn io(e: &io::Error) -> Rejection {
        match e.kind() {
            io::ErrorKind::NotFound => Rejection::NotFound,
            _ => Rejection::Unreadable {
                reason: e.kind().to_string(),
            },
        }
    }
}

/// For a command that checks files on its own: `Validation`, with the stable code under the `file` field.
impl From<Rejection> for shopdesk_core::AppError {
    fn from(r: Rejection) -> Self {
        shopdesk_core::AppError::new(shopdesk_core::ErrorCode::Validation, r.to_string())
            .with_details(shopdesk_core::ErrorDetails {
                fields: [("file".to_string(), vec![r.code().to_string()])].into(),
                ..Default::default()
            })
    }
}

/// Check `path` against the store's `limits`: exists and is a file, accepted extension, not empty, at most
/// [`UploadLimits::max_bytes`] (from metadata, nothing read), and content matching the extension (head
/// only).
pub fn check(path: &Path, limits: &UploadLimits) -> Result<CheckedFile, Rejection> {
    let meta = std::fs::metadata(path).map_err(|e| Rejection::io(&e))?;
    if !meta.is_file() {
        return Err(Rejection::Unreadable {
            reason: "not a regular file".into(),
        });
    }
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .filter(|n| !n.is_empty())
        .ok_or_else(|| Rejection::Unreadable {
            reason: "the file name is not valid Unicode".into(),
        })?
        .to_string();
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let kind = FileKind::from_extension(&ext)
        .filter(|_| limits.accepts(&ext))
        .ok_or_else(|| Rejection::Unsupported { ext: ext.clone() })?;
    let size = meta.len();
    if size == 0 {
        return Err(Rejection::Empty);
    }
    if size > limits.max_bytes {
        return Err(Rejection::TooLarge {
            size,
            max: limits.max_bytes,
        });
    }
    let mut file = File::open(path).map_err(|e| Rejection::io(&e))?;
    let detected = sniff(&mut file, size).map_err(|e| Rejection::io(&e))?;
    match detected {
        Sniffed::Kind(k) if k == kind => Ok(CheckedFile {
            name,
            size,
            kind,
            mime: kind.mime(limits).to_string(),
        }),
        Sniffed::Kind(k) => Err(Rejection::Mismatch {
            ext,
            detected: k.as_str().to_string(),
        }),
        Sniffed::Other(other) => Err(Rejection::Mismatch {
            ext,
            detected: other,
        }),
    }
}

/// What the content is: one of our kinds, or a short name of something else (`exe`, `zip`, `unknown` …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sniffed {
    Kind(FileKind),
    Other(String),
}

/// Tell the type from the content of `file` (of `size` bytes): reads the head, and for a ZIP container
/// its central directory (to tell `word/` from `xl/`).
pub fn sniff<R: Read + Seek>(file: &mut R, size: u64) -> io::Result<Sniffed> {
    let mut head = Vec::with_capacity(HEAD_BYTES);
    file.by_ref()
        .take(HEAD_BYTES as u64)
        .read_to_end(&mut head)?;
    if head.starts_with(b"%PDF-") {
        return Ok(Sniffed::Kind(FileKind::Pdf));
    }
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(Sniffed::Kind(FileKind::Png));
    }
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(Sniffed::Kind(FileKind::Jpeg));
    }
    if head.len() >= 12 && &head[0..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        return Ok(Sniffed::Kind(FileKind::Webp));
    }
    if head.starts_with(b"PK\x03\x04") {
        if let Some(k) = office_kind(file, size)? {
            return Ok(Sniffed::Kind(k));
        }
        // no readable central directory (truncated, zip64 …): fall back to infer's head heuristic
        if infer::doc::is_docx(&head) {
            return Ok(Sniffed::Kind(FileKind::Docx));
        }
        if infer::doc::is_xlsx(&head) {
            return Ok(Sniffed::Kind(FileKind::Xlsx));
        }
    }
    let other = infer::get(&head)
        .map(|t| t.extension().to_string())
        .unwrap_or_else(|| "unknown".to_string());
    Ok(Sniffed::Other(other))
}

/// Read the ZIP central directory and look at the entry names: `word/document.xml` → DOCX,
/// `xl/workbook.xml` → XLSX. `None` when the directory cannot be found or names neither.
fn office_kind<R: Read + Seek>(file: &mut R, size: u64) -> io::Result<Option<FileKind>> {
    // end of central directory record: 22 bytes + comment (≤ 65535)
    let tail_len = size.min(22 + 65_535);
    file.seek(SeekFrom::Start(size - tail_len))?;
    let mut tail = Vec::with_capacity(tail_len as usize);
    file.by_ref().take(tail_len).read_to_end(&mut tail)?;
    let Some(eocd) = tail
        .windows(4)
        .rposition(|w| w == b"PK\x05\x06")
        .filter(|&i| i + 22 <= tail.len())
    else {
        return Ok(None);
    };
    let r = &tail[eocd..];
    let cd_size = u64::from(u32::from_le_bytes([r[12], r[13], r[14], r[15]]));
    let cd_offset = u64::from(u32::from_le_bytes([r[16], r[17], r[18], r[19]]));
    if cd_size > MAX_CENTRAL_DIRECTORY || cd_offset.saturating_add(cd_size) > size {
        return Ok(None);
    }
    file.seek(SeekFrom::Start(cd_offset))?;
    let mut cd = Vec::with_capacity(cd_size as usize);
    file.by_ref().take(cd_size).read_to_end(&mut cd)?;
    let (mut word, mut xl) = (false, false);
    let mut i = 0usize;
    while i + 46 <= cd.len() && &cd[i..i + 4] == b"PK\x01\x02" {
        let le16 = |at: usize| usize::from(u16::from_le_bytes([cd[i + at], cd[i + at + 1]]));
        let (name_len, extra_len, comment_len) = (le16(28), le16(30), le16(32));
        let Some(name) = cd.get(i + 46..i + 46 + name_len) else {
            break;
        };
        word |= name == b"word/document.xml";
        xl |= name == b"xl/workbook.xml";
        i += 46 + name_len + extra_len + comment_len;
    }
    Ok(match (word, xl) {
        (true, false) => Some(FileKind::Docx),
        (false, true) => Some(FileKind::Xlsx),
        _ => None,
    })
}

/// SHA-256 of the file as lower-case hex, read in 64 KiB chunks (never the whole file in memory).
pub fn sha256_file(path: &Path) -> io::Result<String> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}
