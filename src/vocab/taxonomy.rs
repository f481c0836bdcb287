//! The standard roles: professions, levels and the roles that combine them.
//!
//! Profession and level ids are the stable vocabulary of SPEC.md; the roles themselves, with their
//! bands and codes, are data in `mappings/roles.csv` and `mappings/professions.csv`.

use super::table::Table;
use crate::error::{Error, ErrorKind};
use serde::Serialize;
use std::collections::HashMap;

/// The profession a support role works in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
#[allow(missing_docs)]
pub enum Profession {
    Physiotherapy,
    OccupationalTherapy,
    SpeechAndLanguageTherapy,
    Dietetics,
    Podiatry,
    Orthoptics,
    DiagnosticRadiography,
    TherapeuticRadiography,
    ProstheticsOrthotics,
    OperatingDepartmentPractice,
    ArtsTherapies,
    Osteopathy,
    Ambulance,
    MultiTherapy,
    ExerciseRehabilitation,
    HealthcareSupport,
}

impl Profession {
    /// Every profession, in the order of SPEC.md.
    pub const ALL: [Profession; 16] = [
        Profession::Physiotherapy,
        Profession::OccupationalTherapy,
        Profession::SpeechAndLanguageTherapy,
        Profession::Dietetics,
        Profession::Podiatry,
        Profession::Orthoptics,
        Profession::DiagnosticRadiography,
        Profession::TherapeuticRadiography,
        Profession::ProstheticsOrthotics,
        Profession::OperatingDepartmentPractice,
        Profession::ArtsTherapies,
        Profession::Osteopathy,
        Profession::Ambulance,
        Profession::MultiTherapy,
        Profession::ExerciseRehabilitation,
        Profession::HealthcareSupport,
    ];

    /// The stable id, such as `speech-and-language-therapy`.
    pub fn id(self) -> &'static str {
        match self {
            Profession::Physiotherapy => "physiotherapy",
            Profession::OccupationalTherapy => "occupational-therapy",
            Profession::SpeechAndLanguageTherapy => "speech-and-language-therapy",
            Profession::Dietetics => "dietetics",
            Profession::Podiatry => "podiatry",
            Profession::Orthoptics => "orthoptics",
            Profession::DiagnosticRadiography => "diagnostic-radiography",
            Profession::TherapeuticRadiography => "therapeutic-radiography",
            Profession::ProstheticsOrthotics => "prosthetics-orthotics",
            Profession::OperatingDepartmentPractice => "operating-department-practice",
            Profession::ArtsTherapies => "arts-therapies",
            Profession::Osteopathy => "osteopathy",
            Profession::Ambulance => "ambulance",
            Profession::MultiTherapy => "multi-therapy",
            Profession::ExerciseRehabilitation => "exercise-rehabilitation",
            Profession::HealthcareSupport => "healthcare-support",
        }
    }

    /// Parses a stable id.
    pub fn from_id(id: &str) -> Option<Profession> {
        Profession::ALL.into_iter().find(|p| p.id() == id)
    }

    /// How specific a profession is: a named profession (0) beats generic therapy (1), which beats
    /// healthcare support with no profession named (2).
    pub fn generality(self) -> u8 {
        match self {
            Profession::MultiTherapy => 1,
            Profession::HealthcareSupport => 2,
            _ => 0,
        }
    }
}

/// The level of a support role, from entry-level support worker to unregistered band 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
#[allow(missing_docs)]
pub enum Level {
    SupportWorker,
    SeniorSupportWorker,
    TraineeAssistantPractitioner,
    AssistantPractitioner,
    HigherLevel,
}

impl Level {
    /// Every level, lowest first.
    pub const ALL: [Level; 5] = [
        Level::SupportWorker,
        Level::SeniorSupportWorker,
        Level::TraineeAssistantPractitioner,
        Level::AssistantPractitioner,
        Level::HigherLevel,
    ];

    /// The stable id, such as `senior-support-worker`.
    pub fn id(self) -> &'static str {
        match self {
            Level::SupportWorker => "support-worker",
            Level::SeniorSupportWorker => "senior-support-worker",
            Level::TraineeAssistantPractitioner => "trainee-assistant-practitioner",
            Level::AssistantPractitioner => "assistant-practitioner",
            Level::HigherLevel => "higher-level",
        }
    }

    /// Parses a stable id.
    pub fn from_id(id: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.id() == id)
    }

    /// The typical Agenda for Change band of the level (2 to 5).
    pub fn typical_band(self) -> u8 {
        match self {
            Level::SupportWorker => 2,
            Level::SeniorSupportWorker | Level::TraineeAssistantPractitioner => 3,
            Level::AssistantPractitioner => 4,
            Level::HigherLevel => 5,
        }
    }

    /// The level a band implies for a post with no more specific cue.
    pub fn for_band(band: u8) -> Option<Level> {
        match band {
            2 => Some(Level::SupportWorker),
            3 => Some(Level::SeniorSupportWorker),
            4 => Some(Level::AssistantPractitioner),
            5 => Some(Level::HigherLevel),
            _ => None,
        }
    }
}

/// One standard role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Role {
    /// `<profession>.<level>`, such as `physiotherapy.senior-support-worker`.
    pub id: String,
    /// Human title, such as `Physiotherapy Senior Support Worker`.
    pub title: String,
    /// The profession.
    pub profession: Profession,
    /// The level.
    pub level: Level,
    /// Typical Agenda for Change band.
    pub band: u8,
    /// The bands posts of this role are advertised at in practice, lowest and highest, where
    /// they span more than `band` (`band` is then typical, not certain).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub band_span: Option<(u8, u8)>,
    /// NHS Career Framework level.
    pub career_level: u8,
    /// NHS Occupation Code Manual v22.1 code, where one exists.
    pub nhs_occupation_code: Option<String>,
    /// ONS SOC 2020 unit group or sub-unit code.
    pub soc2020: Option<String>,
    /// Where the role, band and codes come from.
    pub source: String,
}

/// What the data says about one profession.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfessionInfo {
    /// The profession.
    pub profession: Profession,
    /// Display name.
    pub name: String,
    /// Support workforce FTE in NHS England, February 2020 (0 where not counted): ranks the
    /// alternatives offered for a title that names no profession.
    pub support_fte: u32,
}

/// The set of standard roles, indexed by id and by profession and level.
#[derive(Debug, Clone, PartialEq)]
pub struct Taxonomy {
    roles: Vec<Role>,
    by_id: HashMap<String, usize>,
    by_pair: HashMap<(Profession, Level), usize>,
    professions: Vec<ProfessionInfo>,
    /// Display names of the levels, in [`Level::ALL`] order.
    level_names: Vec<String>,
}

/// Display names, for showing results without ids (`Taxonomy::names`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Names<'a> {
    /// Profession names, from `professions.csv`, in its order.
    pub professions: Vec<Named<'a>>,
    /// Level names, from `levels.csv`, lowest level first.
    pub levels: Vec<Named<'a>>,
}

/// An id and its display name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Named<'a> {
    /// The id, such as `multi-therapy`.
    pub id: &'static str,
    /// The name, such as `Therapy and rehabilitation (multi-professional)`.
    pub name: &'a str,
}

/// Index of a role inside its taxonomy.
pub type RoleIndex = usize;

impl Taxonomy {
    /// Parses and validates `roles.csv`, `professions.csv` and `levels.csv` text, each given
    /// with the file name its errors carry.
    pub(crate) fn parse(
        (roles_csv, roles_file): (&str, &str),
        (professions_csv, professions_file): (&str, &str),
        (levels_csv, levels_file): (&str, &str),
    ) -> Result<Taxonomy, Error> {
        let professions = parse_professions(professions_csv, professions_file)?;
        let level_names = parse_levels(levels_csv, levels_file)?;
        let table = Table::new(roles_csv, roles_file)?;
        let mut roles = Vec::new();
        let mut lines: HashMap<String, usize> = HashMap::new();
        for row in &table.rows {
            let id = table.required(row, "id")?;
            let profession_id = table.required(row, "profession")?;
            let profession = Profession::from_id(profession_id).ok_or_else(|| {
                table.error(row, ErrorKind::UnknownProfession(profession_id.into()))
            })?;
            let level_id = table.required(row, "level")?;
            let level = Level::from_id(level_id)
                .ok_or_else(|| table.error(row, ErrorKind::UnknownLevel(level_id.into())))?;
            if id != format!("{}.{}", profession.id(), level.id()) {
                return Err(table.error(
                    row,
                    ErrorKind::BadRoleId {
                        id: id.into(),
                        expected: format!("{}.{}", profession.id(), level.id()),
                    },
                ));
            }
            table.first_sighting(&mut lines, id.to_string(), id, row)?;
            let band = table.band(row, "band")?.unwrap_or(level.typical_band());
            let career_level = table.band(row, "career_level")?.unwrap_or(band);
            let band_span = table.band_span(row, "band_span", band)?;
            let optional = |c: &str| {
                table
                    .get(row, c)
                    .filter(|v| !v.is_empty())
                    .map(String::from)
            };
            roles.push(Role {
                id: id.to_string(),
                title: table.required(row, "title")?.to_string(),
                profession,
                level,
                band,
                band_span,
                career_level,
                nhs_occupation_code: optional("nhs_occupation_code"),
                soc2020: optional("soc2020"),
                source: table.get(row, "source").unwrap_or_default().to_string(),
            });
        }
        for info in &professions {
            if !roles.iter().any(|r| r.profession == info.profession) {
                return Err(Error::new(
                    roles_file,
                    0,
                    ErrorKind::MissingProfession {
                        profession: info.profession.id().into(),
                        unlisted: false,
                    },
                ));
            }
        }
        Ok(Taxonomy::from_parts(roles, professions, level_names))
    }

    /// Indexes checked roles, professions and level names (in [`Level::ALL`] order).
    pub(crate) fn from_parts(
        roles: Vec<Role>,
        professions: Vec<ProfessionInfo>,
        level_names: Vec<String>,
    ) -> Taxonomy {
        let mut by_id = HashMap::with_capacity(roles.len());
        let mut by_pair = HashMap::with_capacity(roles.len());
        for (i, role) in roles.iter().enumerate() {
            by_id.insert(role.id.clone(), i);
            by_pair.insert((role.profession, role.level), i);
        }
        Taxonomy {
            roles,
            by_id,
            by_pair,
            professions,
            level_names,
        }
    }

    /// All roles, in file order.
    pub fn roles(&self) -> &[Role] {
        &self.roles
    }

    /// The role with this id, such as `physiotherapy.senior-support-worker`.
    pub fn get(&self, id: &str) -> Option<&Role> {
        self.find(id).map(|i| &self.roles[i])
    }

    /// The role at an index.
    pub(crate) fn role(&self, index: RoleIndex) -> &Role {
        &self.roles[index]
    }

    /// Looks a role up by id.
    pub(crate) fn find(&self, id: &str) -> Option<RoleIndex> {
        self.by_id.get(id).copied()
    }

    /// The role for a profession and level, if that combination exists.
    pub(crate) fn role_for(&self, profession: Profession, level: Level) -> Option<RoleIndex> {
        self.by_pair.get(&(profession, level)).copied()
    }

    /// The role of a profession nearest to a level: the level itself where it exists, else the
    /// nearest by band, preferring a post over a traineeship and then the higher level on a tie.
    pub(crate) fn nearest(&self, profession: Profession, level: Level) -> Option<RoleIndex> {
        if let Some(i) = self.role_for(profession, level) {
            return Some(i);
        }
        Level::ALL
            .into_iter()
            .filter_map(|l| self.role_for(profession, l).map(|i| (l, i)))
            .min_by_key(|(l, _)| {
                let d = (l.typical_band() as i8 - level.typical_band() as i8).unsigned_abs();
                let trainee = *l == Level::TraineeAssistantPractitioner;
                (d, trainee, std::cmp::Reverse(*l))
            })
            .map(|(_, i)| i)
    }

    /// What the data says about each profession.
    pub(crate) fn professions(&self) -> &[ProfessionInfo] {
        &self.professions
    }

    /// The display names of the levels, in [`Level::ALL`] order.
    pub(crate) fn level_names(&self) -> &[String] {
        &self.level_names
    }

    /// Display names of the professions and levels by id (a few dozen short strings).
    pub fn names(&self) -> Names<'_> {
        Names {
            professions: (self.professions.iter())
                .map(|p| Named {
                    id: p.profession.id(),
                    name: p.name.as_str(),
                })
                .collect(),
            levels: (Level::ALL.iter().zip(self.level_names()))
                .map(|(l, name)| Named {
                    id: l.id(),
                    name: name.as_str(),
                })
                .collect(),
        }
    }

    /// Support workforce size of a profession (0 where not counted).
    pub(crate) fn support_fte(&self, profession: Profession) -> u32 {
        self.professions
            .iter()
            .find(|p| p.profession == profession)
            .map_or(0, |p| p.support_fte)
    }
}

/// The level names of `levels.csv` (`id,name[,source]`), one for each level, in [`Level::ALL`]
/// order.
fn parse_levels(text: &str, file: &str) -> Result<Vec<String>, Error> {
    let table = Table::new(text, file)?;
    let mut names: Vec<Option<String>> = vec![None; Level::ALL.len()];
    let mut lines: HashMap<Level, usize> = HashMap::new();
    for row in &table.rows {
        let id = table.required(row, "id")?;
        let level = Level::from_id(id)
            .ok_or_else(|| table.error(row, ErrorKind::UnknownLevel(id.into())))?;
        table.first_sighting(&mut lines, level, id, row)?;
        let i = Level::ALL.iter().position(|l| *l == level).unwrap_or(0);
        names[i] = Some(table.required(row, "name")?.to_string());
    }
    (Level::ALL.iter().zip(names))
        .map(|(l, name)| {
            name.ok_or_else(|| Error::new(file, 0, ErrorKind::MissingRow(l.id().into())))
        })
        .collect()
}

fn parse_professions(text: &str, file: &str) -> Result<Vec<ProfessionInfo>, Error> {
    let table = Table::new(text, file)?;
    let mut out: Vec<ProfessionInfo> = Vec::new();
    let mut lines: HashMap<Profession, usize> = HashMap::new();
    for row in &table.rows {
        let id = table.required(row, "id")?;
        let profession = Profession::from_id(id)
            .ok_or_else(|| table.error(row, ErrorKind::UnknownProfession(id.into())))?;
        table.first_sighting(&mut lines, profession, id, row)?;
        let fte = table.get(row, "support_fte_2020").unwrap_or("0");
        out.push(ProfessionInfo {
            profession,
            name: table.required(row, "name")?.to_string(),
            support_fte: fte.parse().map_err(|_| {
                table.error(
                    row,
                    ErrorKind::NotANumber {
                        column: "support_fte_2020".into(),
                        value: fte.into(),
                    },
                )
            })?,
        });
    }
    if let Some(missing) = Profession::ALL.into_iter().find(|p| !lines.contains_key(p)) {
        return Err(Error::new(
            file,
            0,
            ErrorKind::MissingProfession {
                profession: missing.id().into(),
                unlisted: true,
            },
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROFESSIONS: &str = include_str!("../../mappings/professions.csv");
    const LEVELS: &str = include_str!("../../mappings/levels.csv");

    fn parse(roles: &str) -> Result<Taxonomy, Error> {
        Taxonomy::parse(
            (roles, "roles.csv"),
            (PROFESSIONS, "professions.csv"),
            (LEVELS, "levels.csv"),
        )
    }

    #[test]
    fn builtin_roles_cover_every_profession() {
        let t = parse(include_str!("../../mappings/roles.csv")).expect("built-in roles parse");
        for p in Profession::ALL {
            assert!(t.roles().iter().any(|r| r.profession == p), "{p:?}");
        }
        assert!(t.find("physiotherapy.senior-support-worker").is_some());
    }

    #[test]
    fn nearest_level_prefers_the_closest_band() {
        let t = parse(include_str!("../../mappings/roles.csv")).expect("built-in roles parse");
        let i = t
            .nearest(Profession::Dietetics, Level::SupportWorker)
            .map(|i| t.role(i).id.as_str());
        assert_eq!(i, Some("dietetics.senior-support-worker"));
    }

    #[test]
    fn errors_name_file_and_line() {
        let header = "id,title,profession,level,band\n";
        let bad_profession = format!("{header}physio.support-worker,X,physio,support-worker,2\n");
        assert_eq!(
            parse(&bad_profession)
                .map(|_| ())
                .map_err(|e| e.to_string()),
            Err("roles.csv line 2: unknown profession `physio`".into())
        );
        let row = "podiatry.support-worker,X,podiatry,support-worker,2\n";
        let dup = format!("{header}{row}{row}");
        assert_eq!(
            parse(&dup).map(|_| ()).map_err(|e| e.to_string()),
            Err("roles.csv line 3: `podiatry.support-worker` is already defined at line 2; remove one of the two rows".into())
        );
        let bad_band = format!("{header}podiatry.support-worker,X,podiatry,support-worker,12\n");
        assert!(parse(&bad_band).is_err());
        // A band span holds the band, lowest first.
        for span in ["3-4", "3-2", "2", "2-x"] {
            let text = format!(
                "id,title,profession,level,band,band_span\npodiatry.support-worker,X,podiatry,support-worker,2,{span}\n"
            );
            let e = parse(&text).map(|_| ()).expect_err(span).to_string();
            assert!(
                e.contains("band_span (bands such as 2-3, holding the band 2)"),
                "{e}"
            );
        }
    }
}
