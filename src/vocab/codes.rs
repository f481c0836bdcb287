//! NHS occupation codes (`mappings/occupation_codes.csv`): what the code recorded for a post in
//! ESR says of it, its profession and whether it is a support or a registered post.

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
    pub(crate) profession: Profession,
    pub(crate) side: Side,
}

/// The known occupation codes, by code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct OccupationCodes {
    /// Sorted by code.
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
            let profession = Profession::from_id(profession_id).ok_or_else(|| {
                table.error(row, ErrorKind::UnknownProfession(profession_id.into()))
            })?;
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
        codes.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(OccupationCodes { codes })
    }

    /// The code a cell records (`S9E`, `s9e`, ` S9E `), if known. Cost: a binary search.
    pub(crate) fn get(&self, cell: &str) -> Option<&OccupationCode> {
        let cell = cell.trim();
        if cell.len() != 3 {
            return None;
        }
        let code = cell.to_ascii_uppercase();
        self.codes
            .binary_search_by(|c| c.code.as_ref().cmp(code.as_str()))
            .ok()
            .map(|i| &self.codes[i])
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
    }
}
