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
