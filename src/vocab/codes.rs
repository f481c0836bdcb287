//! NHS occupation codes (`mappings/occupation_codes.csv`): what the code recorded for a post in
//! ESR says of it, its profession (or another field's, such as nursing) and whether it is a
//! support or a registered post. A row whose code has `*` (any letter or digit) or `#` (any
//! digit) is a family: it stands for every code it fits that is not listed (`N**` nursing,
//! `###` medical and dental).

use super::table::Table;
use super::taxonomy::Profession;
use crate::error::{Error, ErrorKind};
use std::borrow::Cow;

/// Which side of a profession a post is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// A support post (support worker, assistant, trainee, assistant practitioner).
    Support,
    /// A professionally qualified post (a registered therapist, a paramedic, a technician).
    Registered,
}

impl Side {
    fn from_id(id: &str) -> Option<Side> {
        match id {
            "support" => Some(Side::Support),
            "registered" => Some(Side::Registered),
            _ => None,
        }
    }
}

/// One occupation code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OccupationCode {
    /// The code, upper case: `S9E`.
    pub(crate) code: Cow<'static, str>,
    /// Its name in the manual: `Assistant in Physiotherapy`.
    pub(crate) name: Cow<'static, str>,
    /// The AHP support profession; `None` for another field's post (`other` in the file).
    pub(crate) profession: Option<Profession>,
    pub(crate) side: Side,
}

impl OccupationCode {
    /// Whether this is a family (`N**`) and `code` (upper case, 3 characters) one of it.
    fn fits(&self, code: &str) -> bool {
        self.code.bytes().zip(code.bytes()).all(|(p, c)| match p {
            b'*' => c.is_ascii_alphanumeric(),
            b'#' => c.is_ascii_digit(),
            _ => p == c,
        })
    }

    fn is_family(&self) -> bool {
        self.code.contains(['*', '#'])
    }
}

/// The known occupation codes, by code, and the families of codes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct OccupationCodes {
    /// Sorted by code; the families after, in file order.
    pub(crate) codes: Vec<OccupationCode>,
}

impl OccupationCodes {
    /// Parses `code,name,profession,side[,source]` rows, each code once.
    pub(crate) fn parse(text: &str, file: &str) -> Result<OccupationCodes, Error> {
        let table = Table::new(text, file)?;
        table.require_columns(&["code", "name", "profession", "side"])?;
        let mut lines = std::collections::HashMap::new();
        let mut codes = Vec::new();
        for row in &table.rows {
            let code = table.required(row, "code")?.to_ascii_uppercase();
            table.first_sighting(&mut lines, code.clone(), &code, row)?;
            let profession_id = table.required(row, "profession")?;
            let profession = match profession_id {
                "other" => None,
                id => Some(Profession::from_id(id).ok_or_else(|| {
                    table.error(row, ErrorKind::UnknownProfession(profession_id.into()))
                })?),
            };
            let well_formed = code.len() == 3
                && code
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'*' || b == b'#');
            if !well_formed {
                let kind = ErrorKind::UnknownValue {
                    column: "code (3 letters or digits; * any, # any digit)".into(),
                    value: code.clone(),
                };
                return Err(table.error(row, kind));
            }
            let side_id = table.required(row, "side")?;
            let side = Side::from_id(side_id).ok_or_else(|| {
                let kind = ErrorKind::UnknownValue {
                    column: "side".into(),
                    value: side_id.into(),
                };
                table.error(row, kind)
            })?;
            codes.push(OccupationCode {
                code: code.into(),
                name: table.required(row, "name")?.to_string().into(),
                profession,
                side,
            });
        }
        // Codes sorted for a binary search, families after them in file order (a stable sort).
        fn key(c: &OccupationCode) -> (bool, &str) {
            (c.is_family(), if c.is_family() { "" } else { &c.code })
        }
        codes.sort_by(|a, b| key(a).cmp(&key(b)));
        Ok(OccupationCodes { codes })
    }

    /// The code a cell records (`S9E`, `s9e`, ` S9E `), if known, else the first family it is
    /// one of. Cost: a binary search, then a step a family.
    pub(crate) fn get(&self, cell: &str) -> Option<&OccupationCode> {
        let cell = cell.trim();
        if cell.len() != 3 || !cell.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return None;
        }
        let code = cell.to_ascii_uppercase();
        let listed = self.codes.partition_point(|c| !c.is_family());
        let known = &self.codes[..listed];
        match known.binary_search_by(|c| c.code.as_ref().cmp(code.as_str())) {
            Ok(i) => Some(&known[i]),
            Err(_) => self.codes[listed..].iter().find(|f| f.fits(&code)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_and_found_in_any_case() {
        let codes = OccupationCodes::parse(
            "code,name,profession,side\nS9E,Assistant in Physiotherapy,physiotherapy,support\nS1E,Therapist in Physiotherapy,physiotherapy,registered\n",
            "c.csv",
        )
        .expect("valid");
        assert_eq!(codes.get(" s9e ").map(|c| c.side), Some(Side::Support));
        assert_eq!(codes.get("S1E").map(|c| c.side), Some(Side::Registered));
        assert!(codes.get("S9").is_none() && codes.get("X9Z").is_none());
        let twice =
            "code,name,profession,side\nS9E,a,physiotherapy,support\ns9e,b,physiotherapy,support\n";
        assert!(OccupationCodes::parse(twice, "c.csv").is_err());
        let side = "code,name,profession,side\nS9E,a,physiotherapy,helper\n";
        assert!(OccupationCodes::parse(side, "c.csv").is_err());
        assert!(
            OccupationCodes::parse("code,name,profession,side\nS9EE,a,other,support\n", "c")
                .is_err()
        );
    }

    #[test]
    fn a_family_stands_for_the_codes_it_fits_that_are_not_listed() {
        let codes = OccupationCodes::parse(
            "code,name,profession,side\nH**,Support to clinical staff,healthcare-support,support\nH2J,Support Worker in Physiotherapy,physiotherapy,support\n###,Medical and dental,other,registered\nN**,Nursing,other,registered\n",
            "c.csv",
        )
        .expect("valid");
        let name = |cell: &str| codes.get(cell).map(|c| c.name.to_string());
        assert_eq!(
            name("h2j").as_deref(),
            Some("Support Worker in Physiotherapy")
        );
        assert_eq!(name("H1A").as_deref(), Some("Support to clinical staff"));
        assert_eq!(name("101").as_deref(), Some("Medical and dental"));
        assert_eq!(codes.get("N6A").map(|c| c.profession), Some(None));
        for not in ["1A1", "X9Z", "N*A", ""] {
            assert_eq!(name(not), None, "{not}");
        }
    }
}
