//! The encoding of a text file, told from its bytes, and the codecs the clean reads its cells and
//! writes its appended cells with: UTF-8 (with or without byte order marks, and read lossily,
//! with a warning, when a few of its bytes are not UTF-8), UTF-16 with a byte order mark (Excel's
//! "Unicode text"), and otherwise Windows-1252 as Excel writes CSV. Every byte decodes to
//! something, so nothing is lost; the file's own bytes are what a clean writes back. The
//! decoders are `encoding_rs`'s (the WHATWG Encoding Standard's), already linked by calamine.

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};
use std::borrow::Cow;

/// The encoding a text file is read and written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    /// UTF-8; `lossy` when some bytes are not UTF-8 (they read as U+FFFD and are kept).
    Utf8 {
        /// Some bytes are not UTF-8.
        lossy: bool,
    },
    /// UTF-16, little endian, after its byte order mark.
    Utf16Le,
    /// UTF-16, big endian, after its byte order mark.
    Utf16Be,
    /// Windows-1252, the legacy Excel default.
    Windows1252,
}

/// What a text file's first bytes and its content say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Detected {
    /// The encoding.
    pub(crate) encoding: Encoding,
    /// Bytes of byte order marks at the start (every leading UTF-8 one: files saved again by
    /// tools that each add one have several).
    pub(crate) bom: usize,
    /// Byte sequences that are not UTF-8, in a file read as UTF-8.
    pub(crate) invalid: usize,
}

/// Tells the encoding of a text file: a byte order mark says it; else valid UTF-8 is UTF-8; else
/// a file whose non-ASCII text is mostly valid UTF-8 is UTF-8 with a few stray bytes (one bad
/// byte does not turn every "Zoë" into "ZoÃ«"); else Windows-1252. One pass.
pub(crate) fn detect(bytes: &[u8]) -> Detected {
    let (encoding, bom) = if bytes.starts_with(b"\xff\xfe") {
        (Encoding::Utf16Le, 2)
    } else if bytes.starts_with(b"\xfe\xff") {
        (Encoding::Utf16Be, 2)
    } else {
        let mut bom = 0;
        while bytes[bom..].starts_with(b"\xef\xbb\xbf") {
            bom += 3;
        }
        (Encoding::Utf8 { lossy: false }, bom)
    };
    if encoding != (Encoding::Utf8 { lossy: false }) {
        return Detected {
            encoding,
            bom,
            invalid: 0,
        };
    }
    let body = &bytes[bom..];
    if std::str::from_utf8(body).is_ok() {
        return Detected {
            encoding,
            bom,
            invalid: 0,
        };
    }
    let (mut multibyte, mut invalid) = (0usize, 0usize);
    for chunk in body.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    let encoding = if bom > 0 || multibyte >= invalid {
        Encoding::Utf8 { lossy: true }
    } else {
        Encoding::Windows1252
    };
    Detected {
        encoding,
        bom,
        invalid: if bom > 0 || multibyte >= invalid {
            invalid
        } else {
            0
        },
    }
}

impl Encoding {
    /// UTF-16 (of either order): its text is transcoded before it is parsed.
    pub(crate) fn is_utf16(self) -> bool {
        matches!(self, Encoding::Utf16Le | Encoding::Utf16Be)
    }

    /// Decodes bytes of an ASCII-compatible encoding (UTF-8, Windows-1252): borrowed when they
    /// are valid UTF-8.
    pub(crate) fn decode(self, bytes: &[u8]) -> Cow<'_, str> {
        match self {
            Encoding::Windows1252 => WINDOWS_1252.decode_without_bom_handling(bytes).0,
            Encoding::Utf16Le => UTF_16LE.decode_without_bom_handling(bytes).0,
            Encoding::Utf16Be => UTF_16BE.decode_without_bom_handling(bytes).0,
            Encoding::Utf8 { .. } => String::from_utf8_lossy(bytes),
        }
    }

    /// Decodes bytes, counting the sequences that were not valid in this encoding (each read as
    /// U+FFFD).
    pub(crate) fn decode_counting(self, bytes: &[u8]) -> (String, usize) {
        let codec = match self {
            Encoding::Windows1252 => WINDOWS_1252,
            Encoding::Utf16Le => UTF_16LE,
            Encoding::Utf16Be => UTF_16BE,
            Encoding::Utf8 { .. } => encoding_rs::UTF_8,
        };
        let (text, errors) = codec.decode_without_bom_handling(bytes);
        // With errors, every U+FFFD is counted (one written as such in the file too: rare).
        let bad = if errors {
            text.matches('\u{fffd}').count()
        } else {
            0
        };
        (text.into_owned(), bad)
    }

    /// Appends `text` to `out` in this encoding (for Windows-1252, a character it has no byte
    /// for is written as an HTML character reference, as `encoding_rs` does).
    pub(crate) fn encode(self, text: &str, out: &mut Vec<u8>) {
        match self {
            Encoding::Utf8 { .. } => out.extend_from_slice(text.as_bytes()),
            Encoding::Utf16Le => out.extend(text.encode_utf16().flat_map(u16::to_le_bytes)),
            Encoding::Utf16Be => out.extend(text.encode_utf16().flat_map(u16::to_be_bytes)),
            Encoding::Windows1252 if text.is_ascii() => out.extend_from_slice(text.as_bytes()),
            Encoding::Windows1252 => out.extend_from_slice(&WINDOWS_1252.encode(text).0),
        }
    }

    /// The encoding's name, as a person knows it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 { .. } => "UTF-8",
            Encoding::Utf16Le => "UTF-16 (little endian)",
            Encoding::Utf16Be => "UTF-16 (big endian)",
            Encoding::Windows1252 => "Windows-1252",
        }
    }
}

/// Decodes a whole text as [`detect`] tells (byte order marks left out), for text whose encoding
/// is not needed again: a local mappings file, a line of titles.
///
/// ```
/// assert_eq!(role_standardiser::decode(b"Caf\xe9 assistant"), "Café assistant");
/// assert_eq!(role_standardiser::decode("Zoë \u{1}".as_bytes()), "Zoë \u{1}");
/// ```
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    let d = detect(bytes);
    d.encoding.decode(&bytes[d.bom..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_boms() {
        let d = detect(b"\xef\xbb\xbf\xef\xbb\xbfOT");
        assert_eq!((d.encoding, d.bom), (Encoding::Utf8 { lossy: false }, 6));
        assert_eq!(decode(b"\xef\xbb\xbfOT"), "OT");
        assert_eq!(
            detect("Ré".as_bytes()).encoding,
            Encoding::Utf8 { lossy: false }
        );
    }

    #[test]
    fn windows_1252_smart_quotes_dashes_and_unassigned_bytes() {
        assert_eq!(detect(b"Caf\xe9 assistant").encoding, Encoding::Windows1252);
        assert_eq!(
            decode(b"Physio Asst \x96 \x93MSK\x94"),
            "Physio Asst – “MSK”"
        );
        // The five bytes Windows-1252 leaves unassigned are kept, as C1 controls.
        assert_eq!(
            decode(b"\x81\x8d\x8f\x90\x9d\xff"),
            "\u{81}\u{8d}\u{8f}\u{90}\u{9d}ÿ"
        );
    }

    #[test]
    fn a_stray_byte_in_utf8_keeps_the_file_utf8() {
        let mut bytes = "Zoë,Siân\nBad ".as_bytes().to_vec();
        bytes.push(0xe9); // one Windows-1252 é among UTF-8 text
        let d = detect(&bytes);
        assert_eq!((d.encoding, d.invalid), (Encoding::Utf8 { lossy: true }, 1));
        assert_eq!(d.encoding.decode(&bytes), "Zoë,Siân\nBad \u{fffd}");
    }

    #[test]
    fn utf16_both_orders_and_encoding_back() {
        let le: Vec<u8> = b"\xff\xfe"
            .iter()
            .copied()
            .chain("OT,3".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode(&le), "OT,3");
        let be: Vec<u8> = b"\xfe\xff"
            .iter()
            .copied()
            .chain("Ré".encode_utf16().flat_map(|u| u.to_be_bytes()))
            .collect();
        assert_eq!(decode(&be), "Ré");
        let mut out = Vec::new();
        Encoding::Utf16Le.encode("OT,3", &mut out);
        assert_eq!(out, &le[2..]);
        out.clear();
        Encoding::Windows1252.encode("Café £", &mut out);
        assert_eq!(out, b"Caf\xe9 \xa3");
    }
}
