//! A workbook's package (an Office Open XML zip): where a sheet's part and its tables are, found
//! through the package's relationships, and reading small parts and attributes.

use crate::error::{Error, ErrorKind};
use quick_xml::events::{BytesStart, Event};
use std::borrow::Cow;
use std::io::{Cursor, Read, Seek};
use zip::ZipArchive;

/// Where a sheet is in its package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Located {
    /// The sheet's part (`xl/worksheets/sheet1.xml`).
    pub(super) part: String,
    /// Its tables' parts.
    pub(super) tables: Vec<String>,
}

/// Finds sheet `name`'s part and its tables through the package's relationships. Fails when the
/// workbook does not list the sheet or its part is missing.
pub(super) fn locate(bytes: &[u8], name: &str, file: &str) -> Result<Located, Error> {
    let fail = |detail: String| Error::new(file, 0, ErrorKind::Damaged(detail));
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| fail(e.to_string()))?;
    let root = relationships(&mut zip, "_rels/.rels");
    let workbook = root
        .iter()
        .find(|r| r.kind.ends_with("/officeDocument"))
        .map_or_else(|| "xl/workbook.xml".to_string(), |r| resolve("", &r.target));
    let workbook_rels = relationships(&mut zip, &rels_of(&workbook));
    let xml = read_part(&mut zip, &workbook).ok_or_else(|| fail(format!("no {workbook}")))?;
    let id = sheet_id(&xml, name).ok_or_else(|| fail(format!("{workbook} lists no `{name}`")))?;
    let part = workbook_rels
        .iter()
        .find(|r| r.id == id)
        .map(|r| resolve(dir_of(&workbook), &r.target))
        .ok_or_else(|| fail(format!("no part for sheet `{name}`")))?;
    if zip.index_for_name(&part).is_none() {
        return Err(fail(format!(
            "the part {part} of sheet `{name}` is missing"
        )));
    }
    let tables = relationships(&mut zip, &rels_of(&part))
        .into_iter()
        .filter(|r| r.kind.ends_with("/table"))
        .map(|r| resolve(dir_of(&part), &r.target))
        .filter(|t| zip.index_for_name(t).is_some())
        .collect();
    Ok(Located { part, tables })
}

struct Relationship {
    id: String,
    kind: String,
    target: String,
}

pub(super) fn read_part<R: Read + Seek>(zip: &mut ZipArchive<R>, name: &str) -> Option<String> {
    let mut part = zip.by_name(name).ok()?;
    let mut text = String::new();
    part.read_to_string(&mut text).ok()?;
    Some(text)
}

/// The relationships of a `.rels` part (none when it is missing).
fn relationships<R: Read + Seek>(zip: &mut ZipArchive<R>, name: &str) -> Vec<Relationship> {
    let Some(xml) = read_part(zip, name) else {
        return Vec::new();
    };
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut out = Vec::new();
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Relationship" => {
                let get = |k: &str| attribute(&e, k.as_bytes()).unwrap_or_default();
                if get("TargetMode") != "External" {
                    out.push(Relationship {
                        id: get("Id"),
                        kind: get("Type"),
                        target: get("Target"),
                    });
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The relationship id of sheet `name` in a workbook part.
fn sheet_id(xml: &str, name: &str) -> Option<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e)
                if e.local_name().as_ref() == b"sheet"
                    && attribute(&e, b"name").as_deref() == Some(name) =>
            {
                // `r:id`, whatever the relationships namespace's prefix.
                return e.attributes().flatten().find_map(|a| {
                    let key = a.key;
                    (key.local_name().as_ref() == b"id" && key.prefix().is_some())
                        .then(|| unescaped(&a.value))
                        .flatten()
                });
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// An attribute's value, unescaped, by its full name.
pub(super) fn attribute(e: &BytesStart<'_>, key: &[u8]) -> Option<String> {
    let a = e.try_get_attribute(key).ok()??;
    unescaped(&a.value)
}

/// An attribute value as text, its entities unescaped.
fn unescaped(raw: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(raw).ok()?;
    quick_xml::escape::unescape(text).ok().map(Cow::into_owned)
}

fn dir_of(part: &str) -> &str {
    part.rfind('/').map_or("", |i| &part[..i])
}

fn rels_of(part: &str) -> String {
    match part.rfind('/') {
        Some(i) => format!("{}/_rels/{}.rels", &part[..i], &part[i + 1..]),
        None => format!("_rels/{part}.rels"),
    }
}

/// A relationship target as a part name: absolute (`/xl/...`) or relative to `dir`, with `..`
/// and `.` resolved.
fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let full = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None if dir.is_empty() => target.to_string(),
        None => format!("{dir}/{target}"),
    };
    for piece in full.split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_against_their_folder() {
        assert_eq!(
            resolve("xl", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve("xl/worksheets", "../tables/table1.xml"),
            "xl/tables/table1.xml"
        );
        assert_eq!(
            resolve("xl", "/xl/worksheets/sheet2.xml"),
            "xl/worksheets/sheet2.xml"
        );
        assert_eq!(rels_of("xl/workbook.xml"), "xl/_rels/workbook.xml.rels");
    }
}
