//! Decodes input bytes to text: UTF-8 (with or without a byte order mark), UTF-16 with a byte
//! order mark (Excel's "Unicode text"), and otherwise Windows-1252 as Excel writes CSV. Every byte
//! decodes to something, so nothing is lost.

use std::borrow::Cow;

/// The encoding input was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, any byte order mark removed.
    Utf8,
    /// UTF-16 (little or big endian) with a byte order mark.
    Utf16,
    /// Windows-1252, the legacy Excel default.
    Windows1252,
}

/// Decodes bytes, choosing the encoding as above.
///
/// ```
/// use role_standardiser::text::{decode, Encoding};
/// assert_eq!(decode(b"Caf\xe9 assistant"), ("Café assistant".into(), Encoding::Windows1252));
/// ```
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, Encoding) {
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(body) {
        return (Cow::Borrowed(s), Encoding::Utf8);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xff\xfe") {
        return (utf16(rest, u16::from_le_bytes).into(), Encoding::Utf16);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xfe\xff") {
        return (utf16(rest, u16::from_be_bytes).into(), Encoding::Utf16);
    }
    (
        Cow::Owned(body.iter().map(|&b| windows_1252(b)).collect()),
        Encoding::Windows1252,
    )
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes
        .chunks(2)
        .map(|c| unit([c[0], *c.get(1).unwrap_or(&0)]));
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// One Windows-1252 byte as a character (the five unassigned bytes map to C1 controls).
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[(b - 0x80) as usize],
        _ => char::from(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode(b"\xef\xbb\xbfOT"), ("OT".into(), Encoding::Utf8));
        assert_eq!(decode("Ré".as_bytes()).1, Encoding::Utf8);
    }

    #[test]
    fn windows_1252_smart_quotes_and_dashes() {
        let (text, enc) = decode(b"Physio Asst \x96 \x93MSK\x94");
        assert_eq!(enc, Encoding::Windows1252);
        assert_eq!(text, "Physio Asst – “MSK”");
    }

    #[test]
    fn utf16_little_endian() {
        let bytes: Vec<u8> = b"\xff\xfe"
            .iter()
            .copied()
            .chain("OT,3".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode(&bytes), ("OT,3".into(), Encoding::Utf16));
    }
}
