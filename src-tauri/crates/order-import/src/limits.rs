//! How much of a file the import reads: every limit in one place, and the checks a workbook passes
//! before calamine opens it.
//!
//! A real shop owner's file stays far below these (the template is a few KB; 10,000 order rows of
//! it are about 1 MB as .xlsx). They exist so a hostile or broken file — a sheet that claims cells up
//! to `XFD1048576`, a zip bomb of shared strings — is refused with a clear message instead of taking
//! the process's memory. The messages the app shows quote these numbers (`ui/src/i18n/*.json`,
//! `importFile.file.*`); a test keeps them in step.

use std::io::{BufReader, Cursor, Read};

use quick_xml::events::Event;

use crate::error::ImportError;

/// Largest file read, as given (for a workbook: compressed). The app refuses bigger files before
/// reading them.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;
/// Largest total of a workbook's parts once unpacked (a zip bomb is refused by this), and largest
/// total of the text of the cells read.
pub const MAX_UNPACKED_BYTES: u64 = 50 * 1024 * 1024;
/// Largest single part of a workbook once unpacked (a sheet, the shared strings).
pub const MAX_PART_BYTES: u64 = 32 * 1024 * 1024;
/// Most parts (files inside the zip) a workbook may have; Excel writes about a dozen.
pub const MAX_PARTS: usize = 1_000;
/// Most order rows (non-empty rows below the header) one file may have.
pub const MAX_ROWS: usize = 10_000;
/// Non-empty rows above the header that are searched for it (title rows).
pub const HEADER_SEARCH_ROWS: usize = 20;
/// Most columns that may hold data: a non-empty cell right of column 128 (`DX`) refuses the file.
pub const MAX_COLUMNS: u32 = 128;
/// Most cells a sheet may span: its declared extent (rows × columns of `<dimension ref>`), the
/// shared strings it declares, and the non-empty cells read.
pub const MAX_CELLS: u64 = 2_000_000;
/// Most fields one CSV line may have, trailing empty ones included.
pub const MAX_CSV_FIELDS: usize = 1_024;
/// Longest cell text that can be a header (longer text is data, never a column name).
pub const MAX_HEADER_CHARS: usize = 100;

/// Non-empty rows read at most: the order rows, the header and the rows above it.
pub(crate) const MAX_SHEET_ROWS: usize = MAX_ROWS + HEADER_SEARCH_ROWS + 1;

// a file within the row and column limits never trips the cell limit
const _: () = assert!(MAX_SHEET_ROWS as u64 * MAX_COLUMNS as u64 <= MAX_CELLS);
const _: () = assert!(MAX_PART_BYTES <= MAX_UNPACKED_BYTES);
const _: () = assert!(MAX_CSV_FIELDS >= MAX_COLUMNS as usize);

fn mib(bytes: u64) -> u64 {
    bytes / 1024 / 1024
}

pub(crate) fn file_too_large(len: usize) -> ImportError {
    ImportError::TooLarge {
        reason: format!(
            "the file is {} MB, at most {} MB are read",
            mib(len as u64),
            mib(MAX_FILE_BYTES as u64)
        ),
    }
}

/// Whether a zip's part name is a workbook of the .xlsx family (`xl/workbook.xml`, any folder).
fn is_workbook_part(name: &str) -> bool {
    let name = name.replace('\\', "/").to_ascii_lowercase();
    name == "workbook.xml" || name.ends_with("/workbook.xml")
}

fn is_shared_strings_part(name: &str) -> bool {
    name.replace('\\', "/")
        .to_ascii_lowercase()
        .ends_with("sharedstrings.xml")
}

/// The checks an .xlsx passes before calamine opens it, reading only the zip's directory and the
/// start of the shared strings: the number of parts, each part's and all parts' unpacked size, that
/// it is an .xlsx at all, and the shared strings count (calamine reserves room for that many).
///
/// The zip reader stops any part at its declared size, so a part that lies about its size fails to
/// read instead of growing past these limits.
pub(crate) fn check_workbook(bytes: &[u8]) -> Result<(), ImportError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(file_too_large(bytes.len()));
    }
    let unreadable = |e: &dyn std::fmt::Display| ImportError::Unreadable {
        reason: e.to_string(),
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    if zip.len() > MAX_PARTS {
        return Err(ImportError::TooLarge {
            reason: format!(
                "the workbook has {} parts, at most {MAX_PARTS} are read",
                zip.len()
            ),
        });
    }
    let mut total: u64 = 0;
    let mut workbook = false;
    let mut shared_strings = Vec::new();
    for i in 0..zip.len() {
        let entry = zip.by_index_data(i).map_err(|e| unreadable(&e))?;
        let name = entry.name().map_err(|e| unreadable(&e))?;
        let size = entry.size();
        if size > MAX_PART_BYTES {
            return Err(ImportError::TooLarge {
                reason: format!(
                    "the part {name} unpacks to {} MB, at most {} MB are read",
                    mib(size),
                    mib(MAX_PART_BYTES)
                ),
            });
        }
        total = total.saturating_add(size);
        if total > MAX_UNPACKED_BYTES {
            return Err(ImportError::TooLarge {
                reason: format!(
                    "the workbook unpacks to more than {} MB",
                    mib(MAX_UNPACKED_BYTES)
                ),
            });
        }
        workbook |= is_workbook_part(&name);
        if is_shared_strings_part(&name) {
            shared_strings.push(i);
        }
    }
    if !workbook {
        return Err(ImportError::NotAWorkbook {
            reason: "a zip file without an Excel workbook (.ods, .xlsb or another document?)"
                .into(),
        });
    }
    for i in shared_strings {
        let part = zip.by_index(i).map_err(|e| unreadable(&e))?;
        let count = declared_unique_count(part.take(MAX_PART_BYTES + 1))?;
        if count.is_some_and(|n| n > MAX_CELLS) {
            return Err(ImportError::TooManyCells {
                reason: format!(
                    "the workbook declares more than {MAX_CELLS} different texts (uniqueCount)"
                ),
            });
        }
    }
    Ok(())
}

/// The `uniqueCount` of `<sst>`, read up to that element only (`u64::MAX` when it does not fit).
fn declared_unique_count(part: impl Read) -> Result<Option<u64>, ImportError> {
    let unreadable = |e: &dyn std::fmt::Display| ImportError::Unreadable {
        reason: e.to_string(),
    };
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(part));
    let mut buf = Vec::with_capacity(1024);
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf).map_err(|e| unreadable(&e))? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sst" => {
                for attr in e.attributes().with_checks(false).flatten() {
                    if attr.key.local_name().as_ref() == "uniqueCount" {
                        let digits = attr.value.trim();
                        return Ok(digits.parse::<u64>().ok().or_else(|| {
                            (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
                                .then_some(u64::MAX)
                        }));
                    }
                }
                return Ok(None);
            }
            Event::Eof => return Ok(None),
            _ => {}
        }
    }
}

/// Rows × columns of a declared extent (`start`, `end` as (row, column), 0-based); an inverted
/// extent counts as one cell per row or column.
pub(crate) fn extent_cells(start: (u32, u32), end: (u32, u32)) -> (u64, u64) {
    let rows = u64::from(end.0.saturating_sub(start.0)) + 1;
    let columns = u64::from(end.1.saturating_sub(start.1)) + 1;
    (rows, columns)
}

/// Refuses a sheet whose declared extent spans more than [`MAX_CELLS`] cells.
pub(crate) fn check_extent(start: (u32, u32), end: (u32, u32)) -> Result<(), ImportError> {
    let (rows, columns) = extent_cells(start, end);
    if rows.saturating_mul(columns) > MAX_CELLS {
        return Err(ImportError::TooManyCells {
            reason: format!(
                "the sheet spans {rows} rows × {columns} columns, at most {MAX_CELLS} cells are read"
            ),
        });
    }
    Ok(())
}

/// A non-empty cell right of [`MAX_COLUMNS`] (`column` 0-based, `row` as the spreadsheet shows it).
pub(crate) fn column_too_far(row: u32, column: u32) -> ImportError {
    ImportError::TooManyCells {
        reason: format!(
            "row {row} has data in column {}, at most {MAX_COLUMNS} columns are read",
            u64::from(column) + 1
        ),
    }
}

pub(crate) fn too_many_rows() -> ImportError {
    ImportError::TooManyRows {
        reason: format!("the file has more than {MAX_ROWS} order rows"),
    }
}

pub(crate) fn too_much_text() -> ImportError {
    ImportError::TooLarge {
        reason: format!(
            "the cells hold more than {} MB of text",
            mib(MAX_UNPACKED_BYTES)
        ),
    }
}

/// The most fields any CSV record of `text` has, counted the way the CSV reader splits them (a quote
/// opens a quoted field only at the field's start; line breaks inside quotes do not end the record).
/// Stops at the first record wider than [`MAX_CSV_FIELDS`]: `Err((line, fields))`, 1-based line.
pub(crate) fn check_csv_width(text: &str, delimiter: u8) -> Result<(), (u64, usize)> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut state = State::FieldStart;
    let (mut line, mut record_line) = (1u64, 1u64);
    let mut fields = 1usize;
    for &b in text.as_bytes() {
        if b == b'\n' {
            line += 1;
        }
        match (state, b) {
            (State::Quoted, b'"') => state = State::QuoteInQuoted,
            (State::Quoted, _) => {}
            (State::QuoteInQuoted, b'"') => state = State::Quoted,
            (_, b'\n' | b'\r') => {
                state = State::FieldStart;
                fields = 1;
                record_line = line;
            }
            (_, d) if d == delimiter => {
                state = State::FieldStart;
                fields += 1;
                if fields > MAX_CSV_FIELDS {
                    return Err((record_line, fields));
                }
            }
            (State::FieldStart, b'"') => state = State::Quoted,
            _ => state = State::Unquoted,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extents_count_rows_times_columns() {
        assert_eq!(extent_cells((0, 0), (0, 0)), (1, 1));
        assert_eq!(
            extent_cells((0, 0), (1_048_575, 16_383)),
            (1_048_576, 16_384)
        );
        assert_eq!(extent_cells((5, 5), (0, 0)), (1, 1));
        assert!(check_extent((0, 0), (10_020, 127)).is_ok());
        assert_eq!(
            check_extent((0, 0), (1_048_575, 16_383))
                .unwrap_err()
                .code(),
            "file.too_many_cells"
        );
    }

    #[test]
    fn csv_width_counts_fields_like_the_reader() {
        let wide = ",".repeat(MAX_CSV_FIELDS);
        assert_eq!(
            check_csv_width(&format!("a,b\nc,d\n{wide}\n"), b','),
            Err((3, MAX_CSV_FIELDS + 1))
        );
        // delimiters inside quotes (also across lines) are not fields
        let quoted = format!("a,\"{wide}\n{wide}\"\n");
        assert_eq!(check_csv_width(&quoted, b','), Ok(()));
        // a quote inside an unquoted field is a plain character: the next line is a new record
        let inch = format!("Màn 5\" inch,x\n{}\n", ",".repeat(MAX_CSV_FIELDS - 1));
        assert_eq!(check_csv_width(&inch, b','), Ok(()));
        // another delimiter is text
        assert_eq!(check_csv_width(&wide, b';'), Ok(()));
    }
}
