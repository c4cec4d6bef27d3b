//! Hostile and oversized files, generated here: each is refused with its code, quickly and without
//! taking much memory (peak RSS from /proc/self/status), or — when within the limits — read as usual.
//!
//! This file is its own test process, so the peak RSS of one test is not another test file's.

use std::io::{Cursor, Write};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use order_import::*;
use rust_xlsxwriter::Workbook;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// One measured parse at a time: the peak RSS is the process's.
static MEASURED: Mutex<()> = Mutex::new(());

/// Largest growth of the peak RSS a refused file may cause.
const MAX_GROWTH_BYTES: u64 = 200 * 1024 * 1024;
/// Longest a refused file may take (a debug build; the release build is several times faster).
const MAX_ELAPSED: Duration = Duration::from_secs(1);

/// Peak resident set size of this process (`VmHWM`), in bytes.
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM in /proc/self/status");
    kb * 1024
}

/// Reads `bytes`, asserting it takes under [`MAX_ELAPSED`] and grows the peak RSS by less than
/// [`MAX_GROWTH_BYTES`].
fn read_measured(bytes: &[u8], kind: FileKind) -> Result<Sheet, ImportError> {
    let _one = MEASURED.lock().unwrap_or_else(|e| e.into_inner());
    // the peak starts again from the current RSS (Linux ≥ 4.0), so what the test built to get here
    // does not hide what the parse takes; without it the growth is over the earlier peak
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let before = peak_rss();
    let started = Instant::now();
    let result = read_sheet(bytes, kind);
    let elapsed = started.elapsed();
    let growth = peak_rss().saturating_sub(before);
    assert!(elapsed < MAX_ELAPSED, "took {elapsed:?}");
    assert!(
        growth < MAX_GROWTH_BYTES,
        "peak RSS grew by {} MB",
        growth / 1024 / 1024
    );
    result
}

fn refused(bytes: &[u8], kind: FileKind) -> ImportError {
    match read_measured(bytes, kind) {
        Ok(sheet) => panic!(
            "read {} rows of a file that should be refused",
            sheet.rows.len()
        ),
        Err(e) => e,
    }
}

fn deflated() -> SimpleFileOptions {
    SimpleFileOptions::default().compression_method(CompressionMethod::Deflated)
}

/// Builds zips by hand: big parts are deflate streams made of back-references (a debug build of a
/// compressor would take minutes for hundreds of MB), small ones are stored.
mod handmade {
    /// One zip entry: `data` as stored in the zip, with the unpacked `size` and `crc` it declares.
    pub struct Entry {
        pub name: String,
        pub deflated: bool,
        pub data: Vec<u8>,
        pub crc: u32,
        pub size: u32,
    }

    pub fn stored(name: &str, bytes: &[u8]) -> Entry {
        Entry {
            name: name.into(),
            deflated: false,
            data: bytes.to_vec(),
            crc: crc32fast::hash(bytes),
            size: bytes.len() as u32,
        }
    }

    /// `prefix`, then `unit` repeated until about `approx` bytes, then `suffix`: one deflate block
    /// whose copies of 258 bytes cost a few bits each (about 1,000:1 for a short unit).
    pub fn repeated(name: &str, prefix: &[u8], unit: &[u8], approx: u64, suffix: &[u8]) -> Entry {
        assert!(!unit.is_empty() && unit.len() <= 32_768);
        let period = unit.len() as u64;
        let copies = approx.saturating_sub(period) / 258;
        let copied = period + 258 * copies;
        let tail = (period - copied % period) % period;
        let repeats = (copied + tail) / period;

        // code lengths: literals 0 and 1 → 10 bits, 2..=256 → 9, length 258 (symbol 285) → 1:
        // a complete code; one distance code of one bit (the unit's distance)
        let mut lit = vec![0u8; 286];
        lit[0] = 10;
        lit[1] = 10;
        for l in &mut lit[2..=256] {
            *l = 9;
        }
        lit[285] = 1;
        let (dcode, dextra, dbase) = distance_code(period as u32);
        let mut dist = vec![0u8; dcode as usize + 1];
        dist[dcode as usize] = 1;
        let lit_codes = canonical(&lit);
        let dist_codes = canonical(&dist);
        // the code-length alphabet: 0, 1, 9 and 10, two bits each
        let mut cl = vec![0u8; 19];
        for s in [0, 1, 9, 10] {
            cl[s] = 2;
        }
        let cl_codes = canonical(&cl);
        const ORDER: [usize; 19] = [
            16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
        ];

        let mut w = Bits::default();
        w.put(1, 1); // final block
        w.put(2, 2); // dynamic Huffman
        w.put(286 - 257, 5);
        w.put(dist.len() as u32 - 1, 5);
        w.put(18 - 4, 4); // code-length codes up to symbol 1 in ORDER
        for &s in &ORDER[..18] {
            w.put(u32::from(cl[s]), 3);
        }
        for &l in lit.iter().chain(dist.iter()) {
            w.code(cl_codes[l as usize], cl[l as usize]);
        }
        let literal = |w: &mut Bits, b: u8| w.code(lit_codes[b as usize], lit[b as usize]);
        for &b in prefix.iter().chain(unit) {
            literal(&mut w, b);
        }
        for _ in 0..copies {
            w.code(lit_codes[285], 1);
            w.code(dist_codes[dcode as usize], 1);
            w.put(period as u32 - dbase, dextra);
        }
        let phase = (copied % period) as usize;
        if phase != 0 {
            for &b in &unit[phase..] {
                literal(&mut w, b);
            }
        }
        for &b in suffix {
            literal(&mut w, b);
        }
        w.code(lit_codes[256], lit[256]);

        // the CRC of `repeats` units by doubling (crc32fast combines two CRCs without the data)
        let mut crc = crc32fast::Hasher::new();
        crc.update(prefix);
        let mut power = crc32fast::Hasher::new();
        power.update(unit);
        let mut left = repeats;
        while left > 0 {
            if left & 1 == 1 {
                crc.combine(&power);
            }
            let twice = power.clone();
            power.combine(&twice);
            left >>= 1;
        }
        crc.update(suffix);
        let size = prefix.len() as u64 + repeats * period + suffix.len() as u64;
        Entry {
            name: name.into(),
            deflated: true,
            data: w.finish(),
            crc: crc.finalize(),
            size: u32::try_from(size).expect("under 4 GB"),
        }
    }

    fn distance_code(d: u32) -> (u32, u32, u32) {
        const BASE: [u32; 30] = [
            1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025,
            1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
        ];
        let code = BASE.iter().rposition(|&b| b <= d).expect("distance ≥ 1") as u32;
        let extra = if code < 4 { 0 } else { code / 2 - 1 };
        (code, extra, BASE[code as usize])
    }

    /// Canonical Huffman codes of `lengths` (RFC 1951 3.2.2).
    fn canonical(lengths: &[u8]) -> Vec<u32> {
        let mut count = [0u32; 16];
        for &l in lengths {
            if l > 0 {
                count[l as usize] += 1;
            }
        }
        let mut next = [0u32; 16];
        let mut code = 0;
        for bits in 1..16 {
            code = (code + count[bits - 1]) << 1;
            next[bits] = code;
        }
        lengths
            .iter()
            .map(|&l| {
                if l == 0 {
                    return 0;
                }
                let c = next[l as usize];
                next[l as usize] += 1;
                c
            })
            .collect()
    }

    #[derive(Default)]
    struct Bits {
        out: Vec<u8>,
        acc: u64,
        n: u32,
    }

    impl Bits {
        /// `n` bits of `value`, least significant first.
        fn put(&mut self, value: u32, n: u32) {
            self.acc |= u64::from(value) << self.n;
            self.n += n;
            while self.n >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.n -= 8;
            }
        }

        /// A Huffman code: most significant bit first.
        fn code(&mut self, code: u32, len: u8) {
            let len = u32::from(len);
            self.put(code.reverse_bits() >> (32 - len), len);
        }

        fn finish(mut self) -> Vec<u8> {
            if self.n > 0 {
                self.out.push(self.acc as u8);
            }
            self.out
        }
    }

    /// The zip of `entries` (local headers, data, central directory).
    pub fn zip(entries: &[Entry]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut central = Vec::new();
        for e in entries {
            let offset = out.len() as u32;
            let method: u16 = if e.deflated { 8 } else { 0 };
            let common = |h: &mut Vec<u8>| {
                h.extend_from_slice(&20u16.to_le_bytes()); // version needed
                h.extend_from_slice(&0u16.to_le_bytes()); // flags
                h.extend_from_slice(&method.to_le_bytes());
                h.extend_from_slice(&0u32.to_le_bytes()); // time, date
                h.extend_from_slice(&e.crc.to_le_bytes());
                h.extend_from_slice(&(e.data.len() as u32).to_le_bytes());
                h.extend_from_slice(&e.size.to_le_bytes());
                h.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
                h.extend_from_slice(&0u16.to_le_bytes()); // extra length
            };
            out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
            common(&mut out);
            out.extend_from_slice(e.name.as_bytes());
            out.extend_from_slice(&e.data);

            central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
            central.extend_from_slice(&20u16.to_le_bytes()); // version made by
            common(&mut central);
            central.extend_from_slice(&[0; 6]); // comment length, disk, internal attributes
            central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
            central.extend_from_slice(&offset.to_le_bytes());
            central.extend_from_slice(e.name.as_bytes());
        }
        let dir_at = out.len() as u32;
        out.extend_from_slice(&central);
        out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        out.extend_from_slice(&[0; 4]); // disk numbers
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        out.extend_from_slice(&(central.len() as u32).to_le_bytes());
        out.extend_from_slice(&dir_at.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes()); // comment length
        out
    }
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Đơn hàng" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
const SHEET_OPEN: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#;

/// A minimal .xlsx (one sheet "Đơn hàng") with the given sheet and shared strings parts.
fn xlsx(sheet: handmade::Entry, shared_strings: handmade::Entry) -> Vec<u8> {
    use handmade::stored;
    handmade::zip(&[
        stored("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        stored("_rels/.rels", ROOT_RELS.as_bytes()),
        stored("xl/workbook.xml", WORKBOOK.as_bytes()),
        stored("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        sheet,
        shared_strings,
    ])
}

fn sheet_part(xml: &str) -> handmade::Entry {
    handmade::stored("xl/worksheets/sheet1.xml", xml.as_bytes())
}

fn strings_part(xml: &str) -> handmade::Entry {
    handmade::stored("xl/sharedStrings.xml", xml.as_bytes())
}

/// Shared strings "SKU", "Số lượng", "AO-THUN-TRANG-M" (indexes 0, 1, 2).
const STRINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3"><si><t>SKU</t></si><si><t>Số lượng</t></si><si><t>AO-THUN-TRANG-M</t></si></sst>"#;

/// A sheet of the given `<row>`s, with `<dimension ref>` when `dimension` is given.
fn sheet_xml(dimension: Option<&str>, rows: &str) -> String {
    let dimension = dimension.map_or(String::new(), |d| format!(r#"<dimension ref="{d}"/>"#));
    format!("{SHEET_OPEN}{dimension}<sheetData>{rows}</sheetData></worksheet>")
}

/// Header SKU / Số lượng in row 1 and one order line in row 2.
const HEADER_AND_ONE_ROW: &str = r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>1</v></c></row>"#;

#[test]
fn the_hand_made_workbook_reads() {
    // the helper's files are real workbooks: the refusals below are the limits, not a broken file
    let bytes = xlsx(
        sheet_part(&sheet_xml(Some("A1:B2"), HEADER_AND_ONE_ROW)),
        strings_part(STRINGS),
    );
    let rows = parse(&bytes, FileKind::Xlsx).expect("reads");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].row, 2);
    assert_eq!(
        rows[0].text(Column::Sku).as_deref(),
        Some("AO-THUN-TRANG-M")
    );
    assert_eq!(rows[0].text(Column::Quantity).as_deref(), Some("1"));
}

#[test]
fn a_sparse_workbook_with_only_a1_and_xfd1048576_is_refused() {
    // as Excel writes it: rust_xlsxwriter declares the extent A1:XFD1048576
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "SKU").expect("A1");
    sheet
        .write_string(1_048_575, 16_383, "x")
        .expect("XFD1048576");
    let bytes = book.save_to_buffer().expect("xlsx");
    assert!(bytes.len() < 10_000, "{} bytes", bytes.len());
    let e = refused(&bytes, FileKind::Xlsx);
    assert_eq!(e.code(), "file.too_many_cells", "{e}");
    assert!(
        e.to_string().contains("1048576 rows × 16384 columns"),
        "{e}"
    );
}

#[test]
fn a_sparse_sheet_without_its_dimension_is_refused_while_streaming() {
    // the same two cells, the sheet declaring nothing: the far column stops the reader
    let rows = r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="1048576"><c r="XFD1048576" t="s"><v>2</v></c></row>"#;
    let bytes = xlsx(sheet_part(&sheet_xml(None, rows)), strings_part(STRINGS));
    let e = refused(&bytes, FileKind::Xlsx);
    assert_eq!(e.code(), "file.too_many_cells", "{e}");
    // and a sheet that lies about its extent is read for what it holds
    let bytes = xlsx(
        sheet_part(&sheet_xml(Some("A1:B2"), rows)),
        strings_part(STRINGS),
    );
    assert_eq!(
        refused(&bytes, FileKind::Xlsx).code(),
        "file.too_many_cells"
    );
}

#[test]
fn a_far_row_alone_costs_nothing() {
    // rows are kept sparse: an order on the last row of the sheet is read, fast and small
    let rows = r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="1048576"><c r="A1048576" t="s"><v>2</v></c><c r="B1048576"><v>3</v></c></row>"#;
    let bytes = xlsx(sheet_part(&sheet_xml(None, rows)), strings_part(STRINGS));
    let sheet = read_measured(&bytes, FileKind::Xlsx).expect("reads");
    assert_eq!(sheet.rows.len(), 1);
    assert_eq!(sheet.rows[0].row, 1_048_576);
    assert_eq!(sheet.rows[0].text(Column::Quantity).as_deref(), Some("3"));
}

/// About 300 MB of `<si>` of a Vietnamese product name (no uniqueCount: only the unpacked sizes
/// can tell) in a few hundred KB.
fn shared_strings_bomb() -> handmade::Entry {
    handmade::repeated(
        "xl/sharedStrings.xml",
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>SKU</t></si><si><t>Số lượng</t></si><si><t>AO-THUN-TRANG-M</t></si>"#.as_bytes(),
        "<si><t>Áo thun trắng size M</t></si>".as_bytes(),
        300_000_000,
        b"</sst>",
    )
}

#[test]
fn the_hand_made_bomb_is_a_valid_zip_of_what_it_claims() {
    // the first megabyte unpacks to the repeated strings, and the declared size is the bomb's
    let bytes = xlsx(
        sheet_part(&sheet_xml(Some("A1:B2"), HEADER_AND_ONE_ROW)),
        shared_strings_bomb(),
    );
    assert!(bytes.len() < 1024 * 1024, "{} bytes", bytes.len());
    let mut zip = zip::ZipArchive::new(Cursor::new(&bytes)).expect("zip");
    let part = zip.by_name("xl/sharedStrings.xml").expect("part");
    assert!(part.size() > 290_000_000, "{}", part.size());
    let mut head = Vec::new();
    std::io::Read::read_to_end(&mut std::io::Read::take(part, 1 << 20), &mut head)
        .expect("inflate");
    let head = String::from_utf8_lossy(&head);
    assert!(head.contains("<si><t>AO-THUN-TRANG-M</t></si><si><t>Áo thun trắng size M</t></si>"));
    assert!(head.matches("<si><t>Áo thun trắng size M</t></si>").count() > 26_000);

    // a small one unpacks whole, to the byte and with its CRC checked
    let unit = "<si><t>Áo thun trắng size M</t></si>";
    let small = handmade::repeated("s.xml", b"<sst>", unit.as_bytes(), 5_000_000, b"</sst>");
    let (declared, crc) = (small.size, small.crc);
    let bytes = handmade::zip(&[small]);
    let mut zip = zip::ZipArchive::new(Cursor::new(&bytes)).expect("zip");
    let mut part = zip.by_name("s.xml").expect("part");
    let mut all = String::new();
    std::io::Read::read_to_string(&mut part, &mut all).expect("inflate, CRC ok");
    assert_eq!(all.len() as u32, declared);
    assert_eq!(crc32fast::hash(all.as_bytes()), crc);
    let units = (all.len() - "<sst></sst>".len()) / unit.len();
    assert!(units * unit.len() >= 5_000_000 - 258);
    assert_eq!(all, format!("<sst>{}</sst>", unit.repeat(units)));
}

#[test]
fn a_shared_strings_zip_bomb_is_refused() {
    let bytes = xlsx(
        sheet_part(&sheet_xml(Some("A1:B2"), HEADER_AND_ONE_ROW)),
        shared_strings_bomb(),
    );
    let e = refused(&bytes, FileKind::Xlsx);
    assert_eq!(e.code(), "file.too_large", "{e}");
    assert!(e.to_string().contains("xl/sharedStrings.xml"), "{e}");
}

#[test]
fn a_sheet_zip_bomb_is_refused() {
    // ~300 MB of empty styled cells in the sheet itself
    let prefix = format!("{SHEET_OPEN}<sheetData>{HEADER_AND_ONE_ROW}<row r=\"3\">");
    let bomb = handmade::repeated(
        "xl/worksheets/sheet1.xml",
        prefix.as_bytes(),
        br#"<c s="1"/>"#,
        300_000_000,
        b"</row></sheetData></worksheet>",
    );
    let bytes = xlsx(bomb, strings_part(STRINGS));
    let e = refused(&bytes, FileKind::Xlsx);
    assert_eq!(e.code(), "file.too_large", "{e}");
}

#[test]
fn parts_that_are_small_but_many_add_up() {
    // 3 × 20 MB parts: each within the part limit, together over the workbook limit
    let filler = |name: &str| handmade::repeated(name, b"", b" ", 20 * 1024 * 1024, b"");
    let bytes = handmade::zip(&[
        filler("xl/workbook.xml"),
        filler("xl/media/a.xml"),
        filler("xl/media/b.xml"),
    ]);
    let e = refused(&bytes, FileKind::Xlsx);
    assert_eq!(e.code(), "file.too_large", "{e}");
    assert!(e.to_string().contains("unpacks to more than 50 MB"), "{e}");
}

#[test]
fn a_declared_huge_shared_strings_count_is_refused() {
    // calamine reserves room for uniqueCount strings: 10^15 of them would abort the process
    let strings = STRINGS.replace(r#"uniqueCount="3""#, r#"uniqueCount="1000000000000000""#);
    let bytes = xlsx(
        sheet_part(&sheet_xml(Some("A1:B2"), HEADER_AND_ONE_ROW)),
        strings_part(&strings),
    );
    let e = refused(&bytes, FileKind::Xlsx);
    assert_eq!(e.code(), "file.too_many_cells", "{e}");
    // beyond u64 too
    let strings = STRINGS.replace(
        r#"uniqueCount="3""#,
        r#"uniqueCount="99999999999999999999999999""#,
    );
    let bytes = xlsx(
        sheet_part(&sheet_xml(Some("A1:B2"), HEADER_AND_ONE_ROW)),
        strings_part(&strings),
    );
    assert_eq!(
        refused(&bytes, FileKind::Xlsx).code(),
        "file.too_many_cells"
    );
}

#[test]
fn a_part_that_lies_about_its_size_is_cut_at_the_declared_size() {
    // declares 4 KB, holds ~300 MB: reading stops at the declared size, the file is unreadable
    let mut bomb = shared_strings_bomb();
    bomb.size = 4096;
    let bytes = xlsx(
        sheet_part(&sheet_xml(Some("A1:B2"), HEADER_AND_ONE_ROW)),
        bomb,
    );
    let e = refused(&bytes, FileKind::Xlsx);
    assert_eq!(e.code(), "file.unreadable", "{e}");
}

#[test]
fn one_huge_text_repeated_in_every_cell_is_refused() {
    // a 1 MB shared string referenced by 64 × 100 cells would be 6.4 GB of cell text
    let huge = format!(
        r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>SKU</t></si><si><t>Số lượng</t></si><si><t>{}</t></si></sst>"#,
        "x".repeat(1024 * 1024)
    );
    let mut rows = String::from(HEADER_AND_ONE_ROW);
    for r in 3..=102 {
        rows.push_str(&format!(r#"<row r="{r}">"#));
        for c in 0..64 {
            rows.push_str(&format!(
                r#"<c r="{}{r}" t="s"><v>2</v></c>"#,
                column_name(c)
            ));
        }
        rows.push_str("</row>");
    }
    let bytes = xlsx(sheet_part(&sheet_xml(None, &rows)), strings_part(&huge));
    let e = refused(&bytes, FileKind::Xlsx);
    assert_eq!(e.code(), "file.too_large", "{e}");
    assert!(e.to_string().contains("of text"), "{e}");
}

fn column_name(mut c: u32) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).expect("ascii")
}

/// A workbook of `rows` order rows (header SKU / Số lượng) written by rust_xlsxwriter.
fn workbook_of(rows: u32) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "SKU").expect("header");
    sheet.write_string(0, 1, "Số lượng").expect("header");
    for r in 1..=rows {
        sheet.write_string(r, 0, "AO-THUN-TRANG-M").expect("sku");
        sheet.write_number(r, 1, 1).expect("qty");
    }
    book.save_to_buffer().expect("xlsx")
}

#[test]
fn ten_thousand_workbook_rows_are_read_and_one_more_is_refused() {
    let rows = parse(&workbook_of(MAX_ROWS as u32), FileKind::Xlsx).expect("reads");
    assert_eq!(rows.len(), MAX_ROWS);
    assert_eq!(rows.last().map(|r| r.row), Some(MAX_ROWS as u32 + 1));
    let e = parse(&workbook_of(MAX_ROWS as u32 + 1), FileKind::Xlsx).unwrap_err();
    assert_eq!(e.code(), "file.too_many_rows", "{e}");
}

#[test]
fn a_workbook_far_longer_than_the_limit_stops_early() {
    // 200,000 rows declared and written: the reader stops after the limit, without reading on
    let mut rows = String::from(HEADER_AND_ONE_ROW);
    for r in 3..=200_000 {
        rows.push_str(&format!(
            r#"<row r="{r}"><c r="A{r}" t="s"><v>2</v></c></row>"#
        ));
    }
    let bytes = xlsx(
        sheet_part(&sheet_xml(Some("A1:B200000"), &rows)),
        strings_part(STRINGS),
    );
    let e = refused(&bytes, FileKind::Xlsx);
    assert_eq!(e.code(), "file.too_many_rows", "{e}");
}

#[test]
fn data_right_of_the_last_column_is_refused() {
    let cells = |last: u16| {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "SKU").expect("header");
        sheet.write_string(0, 1, "Số lượng").expect("header");
        sheet.write_string(1, 0, "AO-THUN-TRANG-M").expect("sku");
        sheet.write_number(1, 1, 1).expect("qty");
        sheet
            .write_string(1, last, "ghi chú riêng")
            .expect("far cell");
        book.save_to_buffer().expect("xlsx")
    };
    let last = MAX_COLUMNS as u16;
    assert!(parse(&cells(last - 1), FileKind::Xlsx).is_ok());
    let e = parse(&cells(last), FileKind::Xlsx).unwrap_err();
    assert_eq!(e.code(), "file.too_many_cells", "{e}");
}

#[test]
fn too_many_parts_are_refused() {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..=MAX_PARTS {
        zip.start_file(format!("xl/media/{i}.xml"), deflated())
            .expect("entry");
    }
    let bytes = zip.finish().expect("zip").into_inner();
    let e = refused(&bytes, FileKind::Xlsx);
    assert_eq!(e.code(), "file.too_large", "{e}");
}

#[test]
fn other_formats_are_not_workbooks() {
    // Excel 97-2003 / password-protected (an OLE compound file)
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(4096, 0);
    assert_eq!(refused(&ole, FileKind::Xlsx).code(), "file.not_a_workbook");
    // also when named .csv
    assert_eq!(refused(&ole, FileKind::Csv).code(), "file.not_a_workbook");
    // OpenDocument (.ods): a zip without an Excel workbook
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("mimetype", SimpleFileOptions::default())
        .expect("entry");
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .expect("write");
    zip.start_file("content.xml", deflated()).expect("entry");
    zip.write_all(b"<office:document-content/>").expect("write");
    let ods = zip.finish().expect("zip").into_inner();
    assert_eq!(refused(&ods, FileKind::Xlsx).code(), "file.not_a_workbook");
    // text named .xlsx
    assert_eq!(
        refused(b"SKU,So luong\nA,1\n", FileKind::Xlsx).code(),
        "file.not_a_workbook"
    );
}

#[test]
fn files_over_the_size_limit_are_refused_before_reading() {
    let mut csv = b"SKU,S\xe1\xbb\x91 l\xc6\xb0\xe1\xbb\xa3ng\n".to_vec();
    while csv.len() <= MAX_FILE_BYTES {
        csv.extend_from_slice(b"AO-THUN-TRANG-M,1\n");
    }
    let e = refused(&csv, FileKind::Csv);
    assert_eq!(e.code(), "file.too_large", "{e}");
    assert_eq!(
        refused(&csv, FileKind::Xlsx).code(),
        "file.too_large",
        "whatever the kind"
    );
}

#[test]
fn a_csv_line_of_millions_of_fields_is_refused_before_it_is_split() {
    // 10 MB of commas would be 10 million fields (hundreds of MB in the CSV reader)
    let mut csv = String::from("SKU,Số lượng\nA,1\n");
    csv.push_str(&",".repeat(10 * 1024 * 1024));
    let e = refused(csv.as_bytes(), FileKind::Csv);
    assert_eq!(e.code(), "file.too_many_cells", "{e}");
    assert!(e.to_string().contains("line 3"), "{e}");
}

#[test]
fn csv_rows_and_columns_are_bounded() {
    let header = "SKU,Số lượng\n";
    let of = |rows: usize| {
        let mut csv = String::from(header);
        for _ in 0..rows {
            csv.push_str("AO-THUN-TRANG-M,1\n");
        }
        csv
    };
    assert_eq!(
        parse(of(MAX_ROWS).as_bytes(), FileKind::Csv)
            .expect("reads")
            .len(),
        MAX_ROWS
    );
    let e = refused(of(MAX_ROWS + 1).as_bytes(), FileKind::Csv);
    assert_eq!(e.code(), "file.too_many_rows", "{e}");
    // a million rows stop at the limit
    let e = refused(of(1_000_000).as_bytes(), FileKind::Csv);
    assert_eq!(e.code(), "file.too_many_rows", "{e}");

    // trailing empty fields are fine; a value in column 129 is not
    let wide = |value_at: usize| {
        let mut fields = vec![""; MAX_CSV_FIELDS];
        fields[0] = "A";
        fields[1] = "1";
        fields[value_at] = "x";
        format!("{header}{}\n", fields.join(","))
    };
    assert!(parse(wide(MAX_COLUMNS as usize - 1).as_bytes(), FileKind::Csv).is_ok());
    let e = refused(wide(MAX_COLUMNS as usize).as_bytes(), FileKind::Csv);
    assert_eq!(e.code(), "file.too_many_cells", "{e}");
}

/// `importFile.<code>` of an i18n file (the file messages both imports share).
fn message(lang: &str, code: &str) -> String {
    let path = format!(
        "{}/../../../ui/src/i18n/{lang}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("i18n file");
    let json: serde_json::Value = serde_json::from_str(&text).expect("i18n JSON");
    let mut v = &json["importFile"];
    for key in code.split('.') {
        v = &v[key];
    }
    v.as_str().unwrap_or_default().to_string()
}

#[test]
fn every_file_code_has_a_message_quoting_the_limits() {
    for code in ImportError::CODES {
        for lang in ["vi", "en"] {
            assert!(!message(lang, code).trim().is_empty(), "{lang} {code}");
        }
    }
    // Vietnamese writes 10.000, English 10,000
    let rows_vi = format!("{}.{:03}", MAX_ROWS / 1000, MAX_ROWS % 1000);
    let rows_en = format!("{},{:03}", MAX_ROWS / 1000, MAX_ROWS % 1000);
    let file_mb = format!("{} MB", MAX_FILE_BYTES / 1024 / 1024);
    let unpacked_mb = format!("{} MB", MAX_UNPACKED_BYTES / 1024 / 1024);
    let columns = format!("{MAX_COLUMNS} ");
    for (code, vi, en) in [
        (
            "file.too_large",
            vec![&file_mb, &unpacked_mb, &rows_vi],
            vec![&file_mb, &unpacked_mb, &rows_en],
        ),
        (
            "file.too_many_cells",
            vec![&columns, &rows_vi],
            vec![&columns, &rows_en],
        ),
        ("file.too_many_rows", vec![&rows_vi], vec![&rows_en]),
    ] {
        for (lang, needles) in [("vi", vi), ("en", en)] {
            let text = message(lang, code);
            for needle in needles {
                assert!(
                    text.contains(needle.as_str()),
                    "{lang} {code}: {needle:?} in {text:?}"
                );
            }
        }
    }
}
