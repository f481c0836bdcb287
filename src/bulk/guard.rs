//! The checks a file passes before it is read: its size, what kind of file it is, and for a
//! workbook, what its zip directory declares (a zip bomb is refused before anything is
//! inflated). The directory is read by the `zip` crate, the same parser that calamine then reads
//! the workbook with, so the guard and the reader cannot disagree about a crafted file.

use super::table::Format;
use crate::error::{Error, ErrorKind};
use std::io::{Cursor, Read};

/// The largest input read, in bytes (500 MB; sizes are in decimal megabytes everywhere).
pub const MAX_INPUT_BYTES: usize = 500_000_000;
/// The largest total uncompressed size the parts of a workbook may declare: natively 4,000 MB,
/// room for the largest sheet Excel opens (1,048,576 rows of an ESR extract's 30 columns are
/// 1,100 MB of sheet XML); in the browser 1,000 MB, as the rows of a larger sheet would not fit
/// the worker's 4 GB of WebAssembly memory (its CSV streams there instead).
#[cfg(not(target_arch = "wasm32"))]
pub const MAX_UNCOMPRESSED_BYTES: u64 = 4_000_000_000;
/// The largest total uncompressed size a workbook read whole may declare, in the browser.
#[cfg(target_arch = "wasm32")]
pub const MAX_UNCOMPRESSED_BYTES: u64 = 1_000_000_000;
/// The largest total an XLSX or XLSM workbook cleaned as a stream (`clean_workbook`) may
/// declare, in the browser too: its rows are read a run at a time, so what it holds is the
/// workbook's bytes and its shared strings, not its sheet's XML.
pub(super) const MAX_STREAMED_UNCOMPRESSED_BYTES: u64 = 4_000_000_000;
/// The highest compression ratio allowed for a workbook part over 1 MB uncompressed. Real sheets
/// compress 5 to 30 times; a zip bomb approaches deflate's limit of about 1,000.
pub(super) const MAX_COMPRESSION_RATIO: u64 = 100;
/// Rows in an XLSX worksheet, header included (Excel's limit).
pub(super) const MAX_XLSX_ROWS: usize = 1_048_576;
/// Columns in an XLSX worksheet, appended ones included (Excel's limit).
pub(super) const MAX_XLSX_COLUMNS: usize = 16_384;
/// The most cells (rows × columns of its used range) an XLSX sheet may lay out: 2^27, 4 GiB at
/// 32 bytes a cell, more than the bulk page's WebAssembly memory can hold.
pub(super) const MAX_SHEET_CELLS: u64 = 1 << 27;
/// Over a million cells, how many times the cells holding a value a sheet's grid may be. The grid
/// is laid out in full, so a few cells far apart (two cells, at A1 and XFD1048576, are 17 billion)
/// would otherwise exhaust memory; real sheets are far denser.
pub(super) const MAX_SPARSENESS: u64 = 64;

/// What a file is, told from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A zip: an Office Open XML or OpenDocument workbook, if anything.
    Zip,
    /// An OLE compound file: an old Excel `.xls` workbook, if anything.
    Ole,
    /// Text: CSV, if anything.
    Text,
}

/// Tells a file's kind, refusing an empty, oversized, binary or password-protected one. Cost: a
/// look at the first 8 KB; for an OLE compound file, a scan of it for the stream that encryption
/// adds.
pub(super) fn kind_of(bytes: &[u8], file: &str) -> Result<Kind, Error> {
    let fail = |kind| Err(Error::new(file, 0, kind));
    if bytes.is_empty() {
        return fail(ErrorKind::EmptyFile);
    }
    if bytes.len() > MAX_INPUT_BYTES {
        return fail(ErrorKind::TooLarge {
            bytes: bytes.len() as u64,
            limit: MAX_INPUT_BYTES as u64,
        });
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Ok(Kind::Zip);
    }
    if bytes.starts_with(b"\xd0\xcf\x11\xe0") {
        // An OLE compound file: an old .xls, or an .xlsx encrypted with a password, which Office
        // wraps in one with an `EncryptedPackage` stream.
        if is_encrypted_package(bytes) {
            return fail(ErrorKind::PasswordProtected);
        }
        return Ok(Kind::Ole);
    }
    if looks_binary(bytes) {
        return fail(ErrorKind::NotASpreadsheet);
    }
    Ok(Kind::Text)
}

/// Whether an OLE compound file holds the `EncryptedPackage` stream of an encrypted workbook
/// (its directory names streams in UTF-16LE).
fn is_encrypted_package(bytes: &[u8]) -> bool {
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes.windows(name.len()).any(|w| w == name.as_slice())
}

/// Refuses a zip whose parts declare more than `limit` bytes in all ([`MAX_UNCOMPRESSED_BYTES`]
/// for a workbook held whole), or a part over 1 MB that would inflate more than
/// [`MAX_COMPRESSION_RATIO`] times, before anything is inflated. Reads the central directory and
/// each part's local header only.
pub(super) fn check_zip(bytes: &[u8], file: &str, limit: u64) -> Result<(), Error> {
    let fail = |kind| Error::new(file, 0, kind);
    let damaged = |e: zip::result::ZipError| fail(ErrorKind::Damaged(e.to_string()));
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    let mut total = 0u64;
    for i in 0..archive.len() {
        let part = archive.by_index_raw(i).map_err(damaged)?;
        let (size, packed) = (part.size(), part.compressed_size());
        if size > 1_000_000 && size > packed.saturating_mul(MAX_COMPRESSION_RATIO) {
            return Err(fail(ErrorKind::ZipBomb {
                ratio: size / packed.max(1),
                limit: MAX_COMPRESSION_RATIO,
            }));
        }
        total = total.saturating_add(size);
    }
    if total > limit {
        return Err(fail(ErrorKind::InflatesTooLarge { limit }));
    }
    Ok(())
}

/// Which workbook a zip is, from its parts: OpenDocument (a `mimetype` part naming a
/// spreadsheet), Excel binary (`xl/workbook.bin`), XLSM (a macro-enabled workbook's content
/// type) or XLSX. Fails on a zip that is none of them, or an encrypted OpenDocument file. Reads
/// the directory and at most the content types, manifest and mimetype parts.
pub(super) fn zip_kind(bytes: &[u8], file: &str) -> Result<Format, Error> {
    let fail = |kind| Error::new(file, 0, kind);
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| fail(ErrorKind::Damaged(e.to_string())))?;
    let binary = archive.index_for_name("xl/workbook.bin").is_some();
    let xml = archive.index_for_name("xl/workbook.xml").is_some();
    let mut read = |name: &str| -> Option<String> {
        let part = archive.by_name(name).ok()?;
        let mut text = String::new();
        // The parts read here are small; a larger one is not what it claims to be.
        part.take(1 << 20).read_to_string(&mut text).ok()?;
        Some(text)
    };
    if let Some(mime) = read("mimetype") {
        if mime.trim() == "application/vnd.oasis.opendocument.spreadsheet" {
            let manifest = read("META-INF/manifest.xml").unwrap_or_default();
            if manifest.contains("encryption-data") {
                return Err(fail(ErrorKind::PasswordProtected));
            }
            return Ok(Format::Ods);
        }
        return Err(fail(ErrorKind::NotASpreadsheet));
    }
    let types = read("[Content_Types].xml").unwrap_or_default();
    if types.contains("macroEnabled.main+xml") {
        return Ok(Format::Xlsm);
    }
    if binary {
        return Ok(Format::Xlsb);
    }
    if types.contains("spreadsheetml") || xml {
        return Ok(Format::Xlsx);
    }
    Err(fail(ErrorKind::NotASpreadsheet))
}

/// Binary rather than text: a NUL byte, or more than 1% control characters, in the first 8 KB
/// (UTF-16 text, which starts with its byte order mark, is text).
fn looks_binary(bytes: &[u8]) -> bool {
    if bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff") {
        return false;
    }
    let sample = &bytes[..bytes.len().min(8192)];
    let nul = sample.iter().filter(|&&b| b == 0).count();
    let control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
        .count();
    nul > 0 || control * 100 > sample.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_is_recognised() {
        assert!(looks_binary(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"));
        assert!(!looks_binary(b"Job Title\tBand\r\nOTA\t3\r\n"));
    }

    #[test]
    fn a_zip_is_refused_over_the_limit_it_is_given() {
        use zip::write::{SimpleFileOptions, ZipWriter};
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file("xl/worksheets/sheet1.xml", SimpleFileOptions::default())
            .unwrap();
        // 2 MB that deflate cannot shrink 100 times: not a bomb, only large.
        let mut seed = 16u32;
        let part: Vec<u8> = (0..2_000_000)
            .map(|_| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                b'a' + (seed >> 24) as u8 % 16
            })
            .collect();
        std::io::Write::write_all(&mut zip, &part).unwrap();
        let bytes = zip.finish().unwrap().into_inner();

        assert_eq!(
            check_zip(&bytes, "in.xlsx", 2_000_000).map_err(|e| e.kind().clone()),
            Ok(())
        );
        let over = check_zip(&bytes, "in.xlsx", 1_999_999).map_err(|e| e.kind().clone());
        assert_eq!(over, Err(ErrorKind::InflatesTooLarge { limit: 1_999_999 }));
    }

    #[test]
    fn an_encrypted_workbook_is_told_from_an_old_one() {
        let mut cfb = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1".to_vec();
        cfb.extend(vec![0u8; 500]);
        let kind = |bytes: &[u8]| kind_of(bytes, "in.xlsx").map_err(|e| e.kind().clone());

        assert_eq!(kind(&cfb), Ok(Kind::Ole));
        cfb.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(kind(&cfb), Err(ErrorKind::PasswordProtected));
    }
}
