//! Decodes input bytes to text: UTF-8 (with or without a byte order mark), UTF-16 with a byte
//! order mark (Excel's "Unicode text"), and otherwise Windows-1252 as Excel writes CSV. Every byte
//! decodes to something, so nothing is lost. The decoders are `encoding_rs`'s (the WHATWG
//! Encoding Standard's), already linked by calamine.

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};
use std::borrow::Cow;

/// The encoding input was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    /// UTF-8, any byte order mark removed.
    Utf8,
    /// UTF-16 (little or big endian) with a byte order mark.
    Utf16,
    /// Windows-1252, the legacy Excel default.
    Windows1252,
}

/// Decodes bytes as described above, for text whose encoding is not needed again (a
/// local mappings file, a line of titles).
///
/// ```
/// assert_eq!(role_standardiser::decode(b"Caf\xe9 assistant"), "Café assistant");
/// ```
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    decode_with(bytes).0
}

/// Decodes bytes, choosing the encoding as above: borrowed when they are UTF-8, else one pass
/// into a new string.
pub(crate) fn decode_with(bytes: &[u8]) -> (Cow<'_, str>, Encoding) {
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(body) {
        return (Cow::Borrowed(s), Encoding::Utf8);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xff\xfe") {
        let text = UTF_16LE.decode_without_bom_handling(rest).0;
        return (text, Encoding::Utf16);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xfe\xff") {
        let text = UTF_16BE.decode_without_bom_handling(rest).0;
        return (text, Encoding::Utf16);
    }
    let text = WINDOWS_1252.decode_without_bom_handling(body).0;
    (text, Encoding::Windows1252)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(
            decode_with(b"\xef\xbb\xbfOT"),
            ("OT".into(), Encoding::Utf8)
        );
        assert_eq!(decode_with("Ré".as_bytes()).1, Encoding::Utf8);
    }

    #[test]
    fn windows_1252_smart_quotes_and_dashes() {
        assert_eq!(
            decode_with(b"Caf\xe9 assistant"),
            ("Café assistant".into(), Encoding::Windows1252)
        );
        let (text, enc) = decode_with(b"Physio Asst \x96 \x93MSK\x94");
        assert_eq!(enc, Encoding::Windows1252);
        assert_eq!(text, "Physio Asst – “MSK”");
        // The five bytes Windows-1252 leaves unassigned are kept, as C1 controls.
        assert_eq!(
            decode(b"\x81\x8d\x8f\x90\x9d\xff"),
            "\u{81}\u{8d}\u{8f}\u{90}\u{9d}ÿ"
        );
    }

    #[test]
    fn utf16_little_and_big_endian() {
        let le: Vec<u8> = b"\xff\xfe"
            .iter()
            .copied()
            .chain("OT,3".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode_with(&le), ("OT,3".into(), Encoding::Utf16));
        let be: Vec<u8> = b"\xfe\xff"
            .iter()
            .copied()
            .chain("Ré".encode_utf16().flat_map(|u| u.to_be_bytes()))
            .collect();
        assert_eq!(decode_with(&be), ("Ré".into(), Encoding::Utf16));
    }
}
