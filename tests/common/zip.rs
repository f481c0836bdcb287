//! Zips made byte by byte: a workbook around any sheet XML (stored, with correct CRCs, so that a
//! fuzzer's changes to the XML reach the XLSX reader instead of failing the checksum), and zips
//! whose directory declares sizes it does not hold (the zip bomb guard's cases).

/// CRC-32 (IEEE), as zip stores it.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xedb8_8320 & (crc & 1).wrapping_neg());
        }
    }
    !crc
}

fn le16(z: &mut Vec<u8>, v: u16) {
    z.extend_from_slice(&v.to_le_bytes());
}

fn le32(z: &mut Vec<u8>, v: u32) {
    z.extend_from_slice(&v.to_le_bytes());
}

/// One part of a zip: its bytes as stored (`deflated`: deflate data, else the bytes
/// themselves), and the CRC and uncompressed size its headers declare.
pub struct Part<'a> {
    pub name: &'a str,
    pub data: &'a [u8],
    pub deflated: bool,
    pub crc: u32,
    pub size: u32,
}

impl<'a> Part<'a> {
    /// A part stored uncompressed, with its true CRC and size.
    pub fn stored(name: &'a str, data: &'a [u8]) -> Part<'a> {
        Part {
            name,
            data,
            deflated: false,
            crc: crc32(data),
            size: data.len() as u32,
        }
    }
}

/// A zip of the parts, in order.
pub fn zip(parts: &[Part<'_>]) -> Vec<u8> {
    let mut z = Vec::new();
    let mut directory = Vec::new();
    for part in parts {
        let offset = z.len() as u32;
        let method = if part.deflated { 8 } else { 0 };
        let packed = part.data.len() as u32;
        z.extend_from_slice(b"PK\x03\x04");
        for v in [20u16, 0, method, 0, 0] {
            le16(&mut z, v); // version, flags, method, time, date
        }
        for v in [part.crc, packed, part.size] {
            le32(&mut z, v);
        }
        le16(&mut z, part.name.len() as u16);
        le16(&mut z, 0);
        z.extend_from_slice(part.name.as_bytes());
        z.extend_from_slice(part.data);
        directory.extend_from_slice(b"PK\x01\x02");
        for v in [20u16, 20, 0, method, 0, 0] {
            le16(&mut directory, v);
        }
        for v in [part.crc, packed, part.size] {
            le32(&mut directory, v);
        }
        for v in [part.name.len() as u16, 0, 0, 0, 0] {
            le16(&mut directory, v);
        }
        le32(&mut directory, 0);
        le32(&mut directory, offset);
        directory.extend_from_slice(part.name.as_bytes());
    }
    let at = z.len() as u32;
    z.extend_from_slice(&directory);
    z.extend_from_slice(b"PK\x05\x06");
    for v in [0u16, 0, parts.len() as u16, parts.len() as u16] {
        le16(&mut z, v);
    }
    le32(&mut z, directory.len() as u32);
    le32(&mut z, at);
    le16(&mut z, 0);
    z
}

/// The smallest workbook calamine reads: one sheet named "Staff" holding `sheet_xml` (the
/// `xl/worksheets/sheet1.xml` part) and, if given, `xl/sharedStrings.xml`.
pub fn xlsx_with_sheet(sheet_xml: &[u8], shared_strings: Option<&[u8]>) -> Vec<u8> {
    let strings = shared_strings.map(|s| Part::stored("xl/sharedStrings.xml", s));
    xlsx_with_sheet_part(Part::stored("xl/worksheets/sheet1.xml", sheet_xml), strings)
}

/// The workbook of [`xlsx_with_sheet`] with its sheet part (and shared strings) as given.
pub fn xlsx_with_sheet_part(sheet: Part<'_>, shared_strings: Option<Part<'_>>) -> Vec<u8> {
    xlsx_with_parts(sheet, shared_strings, Vec::new())
}

/// The workbook of [`xlsx_with_sheet_part`] with `more` parts after its own.
pub fn xlsx_with_parts<'a>(
    sheet: Part<'a>,
    shared_strings: Option<Part<'a>>,
    more: Vec<Part<'a>>,
) -> Vec<u8> {
    const TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
    const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Staff" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
    let mut parts = vec![
        Part::stored("[Content_Types].xml", TYPES.as_bytes()),
        Part::stored("_rels/.rels", RELS.as_bytes()),
        Part::stored("xl/workbook.xml", WORKBOOK.as_bytes()),
        Part::stored("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        sheet,
    ];
    parts.extend(shared_strings);
    parts.extend(more);
    zip(&parts)
}

/// A workbook of text rows (`rows[0]` is the header, cells from column A), its text in shared
/// strings as Excel writes it. Cell text is put in the XML as given after escaping `&`, `<` and
/// `>`, so `_xHHHH_` escapes pass through.
pub fn workbook(rows: &[&[&str]]) -> Vec<u8> {
    let escape = |t: &str| {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut strings = Vec::new();
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for (r, row) in rows.iter().enumerate() {
        xml.push_str(&format!(r#"<row r="{}">"#, r + 1));
        for (c, cell) in row.iter().enumerate() {
            xml.push_str(&format!(
                r#"<c r="{}{}" t="s"><v>{}</v></c>"#,
                column_name(c),
                r + 1,
                strings.len()
            ));
            strings.push(format!(
                r#"<si><t xml:space="preserve">{}</t></si>"#,
                escape(cell)
            ));
        }
        xml.push_str("</row>");
    }
    xml.push_str("</sheetData></worksheet>");
    let sst = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{0}" uniqueCount="{0}">{1}</sst>"#,
        strings.len(),
        strings.concat()
    );
    xlsx_with_sheet(xml.as_bytes(), Some(sst.as_bytes()))
}

/// `A`, `B`, ..., `Z`, `AA`, ... for a 0-based column.
pub fn column_name(mut c: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// A zip of one part whose central directory declares `size` bytes from `packed` bytes (the
/// part itself is `packed` zero bytes): a zip bomb's directory, or a lie about sizes.
pub fn crafted_zip(packed: u32, size: u32) -> Vec<u8> {
    let name = b"xl/worksheets/sheet1.xml";
    let mut z = Vec::new();
    z.extend_from_slice(b"PK\x03\x04");
    for v in [20u16, 0, 8, 0, 0] {
        le16(&mut z, v);
    }
    for v in [0u32, packed, size] {
        le32(&mut z, v);
    }
    le16(&mut z, name.len() as u16);
    le16(&mut z, 0);
    z.extend_from_slice(name);
    z.extend(std::iter::repeat_n(0u8, packed as usize));
    let cd = z.len() as u32;
    z.extend_from_slice(b"PK\x01\x02");
    for v in [20u16, 20, 0, 8, 0, 0] {
        le16(&mut z, v);
    }
    for v in [0u32, packed, size] {
        le32(&mut z, v);
    }
    for v in [name.len() as u16, 0, 0, 0, 0] {
        le16(&mut z, v);
    }
    le32(&mut z, 0);
    le32(&mut z, 0);
    z.extend_from_slice(name);
    let cd_size = z.len() as u32 - cd;
    z.extend_from_slice(b"PK\x05\x06");
    for v in [0u16, 0, 1, 1] {
        le16(&mut z, v);
    }
    le32(&mut z, cd_size);
    le32(&mut z, cd);
    le16(&mut z, 0);
    z
}

/// Deflate data (one block of fixed Huffman codes) that inflates to `1 + 258 * matches` bytes of
/// `a`: a literal, then copies of 258 bytes at distance 1, 13 bits each (about 158:1).
pub fn deflate_bomb(matches: usize) -> Vec<u8> {
    struct Bits {
        out: Vec<u8>,
        bit: u32,
    }
    impl Bits {
        /// `n` bits of `code`, most significant first (Huffman codes are sent that way).
        fn code(&mut self, code: u32, n: u32) {
            for i in (0..n).rev() {
                if self.bit == 0 {
                    self.out.push(0);
                }
                if code >> i & 1 == 1 {
                    *self.out.last_mut().expect("a byte") |= 1 << self.bit;
                }
                self.bit = (self.bit + 1) % 8;
            }
        }
    }
    let mut b = Bits {
        out: Vec::with_capacity(matches * 13 / 8 + 8),
        bit: 0,
    };
    b.code(1, 1); // the final block
    b.code(0b10, 2); // fixed Huffman codes (BTYPE 01, sent low bit first)
    b.code(0x30 + u32::from(b'a'), 8); // literal `a`
    for _ in 0..matches {
        b.code(0b1100_0101, 8); // length 258 (symbol 285)
        b.code(0, 5); // distance 1
    }
    b.code(0, 7); // end of block (symbol 256)
    b.out
}

/// The parts of a zip in order: name and stored (compressed) bytes, unread.
fn raw_parts(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = ::zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..archive.len())
        .map(|i| {
            let mut part = archive.by_index_raw(i).expect("a part");
            let mut data = Vec::new();
            std::io::Read::read_to_end(&mut part, &mut data).expect("its bytes");
            (part.name().to_string(), data)
        })
        .collect()
}

/// A part's inflated text.
fn part_text(bytes: &[u8], name: &str) -> String {
    let mut archive = ::zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut part = archive.by_name(name).expect("the part");
    let mut raw = Vec::new();
    std::io::Read::read_to_end(&mut part, &mut raw).expect("inflates");
    String::from_utf8_lossy(&raw).into_owned()
}

/// One cell of sheet XML as written: its style and type attributes and its formula, value and
/// inline string, each as its XML.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CellXml {
    pub style: Option<String>,
    pub kind: Option<String>,
    pub children: String,
}

/// The cells of a worksheet's XML by (row, column), 0-based, as written.
pub fn sheet_cells(xml: &str) -> std::collections::BTreeMap<(u32, u32), CellXml> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = false;
    let mut cells = std::collections::BTreeMap::new();
    let (mut row, mut col) = (0u32, 0u32);
    let mut current: Option<((u32, u32), CellXml)> = None;
    let attr = |e: &quick_xml::events::BytesStart<'_>, k: &[u8]| {
        e.try_get_attribute(k)
            .ok()
            .flatten()
            .map(|a| String::from_utf8_lossy(&a.value).into_owned())
    };
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(e) => e,
        };
        match &event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"row" => {
                row = attr(e, b"r")
                    .and_then(|r| r.parse::<u32>().ok())
                    .map_or(row, |r| r.saturating_sub(1));
                col = 0;
                if matches!(event, Event::Empty(_)) {
                    row += 1;
                }
            }
            Event::End(e) if e.local_name().as_ref() == b"row" => row += 1,
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"c" => {
                if let Some(r) = attr(e, b"r") {
                    let letters: String = r.chars().take_while(char::is_ascii_alphabetic).collect();
                    col = letters
                        .bytes()
                        .fold(0u32, |c, b| {
                            c * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1
                        })
                        .saturating_sub(1);
                }
                let cell = CellXml {
                    style: attr(e, b"s"),
                    kind: attr(e, b"t"),
                    children: String::new(),
                };
                if matches!(event, Event::Empty(_)) {
                    cells.insert((row, col), cell);
                } else {
                    current = Some(((row, col), cell));
                }
                col += 1;
            }
            Event::End(e) if e.local_name().as_ref() == b"c" => {
                if let Some((at, cell)) = current.take() {
                    cells.insert(at, cell);
                }
            }
            other => {
                if let Some((_, cell)) = current.as_mut() {
                    let mut w = quick_xml::Writer::new(Vec::new());
                    let _ = w.write_event(other.borrow());
                    cell.children
                        .push_str(&String::from_utf8_lossy(&w.into_inner()));
                }
            }
        }
    }
    cells
}

/// Checks a cleaned workbook against its input: the same parts in the same order, every one
/// byte for byte as stored except worksheets and tables; of the worksheets, only one changed, and
/// in it every original cell is as it was (style, type, formula, value), but for cells without
/// content where the appended columns go (from column `width`).
pub fn assert_same_parts_but(input: &[u8], output: &[u8], width: usize) {
    let (a, b) = (raw_parts(input), raw_parts(output));
    let names = |p: &[(String, Vec<u8>)]| p.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "the same parts, in order");
    let mut changed = Vec::new();
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        if x != y {
            changed.push(name.clone());
        }
    }
    let sheets: Vec<&String> = changed
        .iter()
        .filter(|n| n.contains("worksheets/"))
        .collect();
    assert!(sheets.len() <= 1, "one sheet changed: {changed:?}");
    for name in &changed {
        assert!(
            name.contains("worksheets/") || name.contains("tables/"),
            "{name} changed"
        );
    }
    for name in sheets {
        let before = sheet_cells(&part_text(input, name));
        let after = sheet_cells(&part_text(output, name));
        for (at, cell) in &before {
            let empty = cell.children.is_empty();
            if empty && at.1 as usize >= width {
                continue;
            }
            assert_eq!(after.get(at), Some(cell), "{name}: cell {at:?} kept");
        }
    }
}
