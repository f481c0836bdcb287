//! The columns of a clean: the title column found from a sheet's header, and the columns
//! appended after the original ones. The clean itself is `bulk::Bulk`.

/// The columns appended after all original columns, in this order (SPEC.md).
pub const APPENDED_COLUMNS: [&str; 8] = [
    "standard_role_id",
    "standard_role_title",
    "profession",
    "level",
    "band",
    "band_source",
    "match_status",
    "confidence",
];

/// Header names recognised as the title column, most likely first (compared in lower case with
/// punctuation as spaces).
const TITLE_HEADERS: [&str; 16] = [
    "job title",
    "job role name",
    "job role",
    "role title",
    "position title",
    "post title",
    "job title name",
    "title",
    "role",
    "position",
    "post",
    "occupation",
    "job",
    "designation",
    "job name",
    "role name",
];

/// Finds the title column from a header: a named column, else the likeliest title header.
pub fn find_title_column(header: &[String], named: Option<&str>) -> Result<usize, String> {
    let fold = |s: &str| {
        s.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let folded: Vec<String> = header.iter().map(|h| fold(h)).collect();
    if let Some(name) = named {
        let want = fold(name);
        return folded.iter().position(|h| *h == want).ok_or_else(|| {
            format!(
                "no column named `{name}`; the columns are: {}",
                header.join(", ")
            )
        });
    }
    TITLE_HEADERS
        .iter()
        .find_map(|t| folded.iter().position(|h| h == t))
        .or_else(|| folded.iter().position(|h| h.contains("title")))
        .ok_or_else(|| {
            format!(
                "no job title column found; name it with --column (the columns are: {})",
                header.join(", ")
            )
        })
}
