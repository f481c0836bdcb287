//! The alias list that `examples/export_aliases.rs` writes for the peer benchmark (`bench/peers.sh`).

use role_standardiser::Matcher;
use std::collections::HashSet;

#[test]
fn aliases_are_the_known_titles_with_existing_roles() {
    let matcher = Matcher::builtin();
    let aliases = matcher.aliases();
    assert!(aliases.len() > 1000, "only {} aliases", aliases.len());
    for (alias, role) in &aliases {
        assert!(!alias.is_empty());
        assert_eq!(alias, &alias.to_lowercase(), "{alias} is not lower case");
        assert!(
            matcher.taxonomy().get(&role.id).is_some(),
            "{alias}: no role {}",
            role.id
        );
    }
    let role_of = |alias: &str| {
        aliases
            .iter()
            .find(|(a, _)| a == alias)
            .map(|(_, r)| r.id.as_str())
    };
    assert_eq!(
        role_of("physiotherapy assistant"),
        Some("physiotherapy.senior-support-worker")
    );
    // Every role's own title is an alias of it.
    for role in matcher.taxonomy().roles() {
        let title = role.title.to_lowercase();
        assert!(
            aliases.iter().any(|(a, r)| *a == title && r.id == role.id),
            "{title}"
        );
    }
    let pairs: HashSet<_> = aliases.iter().map(|(a, r)| (a, &r.id)).collect();
    assert_eq!(pairs.len(), aliases.len(), "a pair is listed twice");
}

#[test]
fn a_phrase_naming_a_role_keeps_that_role() {
    // Read as profession and noun, these words would name another role of the same profession.
    let matcher = Matcher::builtin();
    let roles_of = |alias: &str| -> Vec<String> {
        let aliases = matcher.aliases();
        aliases
            .iter()
            .filter(|(a, _)| a == alias)
            .map(|(_, r)| r.id.clone())
            .collect()
    };
    assert_eq!(
        roles_of("emergency care support worker"),
        ["ambulance.senior-support-worker"]
    );
    assert_eq!(
        roles_of("exercise rehabilitation instructor"),
        ["exercise-rehabilitation.higher-level"]
    );
}
