//! The entities deals are about — companies, governments, projects, people — with their names in
//! French and English, and the linking of a question's words to them.
//!
//! Linking is case- and accent-insensitive, prefers the longest alias, and forgives one typo
//! (an edit, or two swapped letters) in each word of five letters or more: "Intell",
//! "goverment".

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::text::{Lang, words};

/// The id of an entity: a slug such as `us-government`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EntityId(String);

impl EntityId {
    pub fn parse(s: &str) -> Result<Self, String> {
        crate::ids::ArticleId::parse(s)
            .map(|_| Self(s.to_string()))
            .map_err(|_| {
                format!(
                    "invalid entity id {s:?}: use a slug of lowercase letters, digits and hyphens"
                )
            })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for EntityId {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Self::parse(&s)
    }
}

impl From<EntityId> for String {
    fn from(id: EntityId) -> String {
        id.0
    }
}

impl fmt::Display for EntityId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Company,
    Government,
    Project,
    Person,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entity {
    pub id: EntityId,
    /// The name shown in answers (in English, and in French unless `name_fr` is given).
    pub name: String,
    /// The name shown in French answers when it differs ("gouvernement américain").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_fr: Option<String>,
    pub kind: EntityKind,
    #[serde(default)]
    pub aliases: Vec<String>,
}

impl Entity {
    pub fn display(&self, lang: Lang) -> &str {
        match (lang, &self.name_fr) {
            (Lang::Fr, Some(fr)) => fr,
            _ => &self.name,
        }
    }
}

/// Where a question names an entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub entity: EntityId,
    /// Byte range in the question.
    pub from: usize,
    pub to: usize,
    /// False when a typo was forgiven.
    pub exact: bool,
}

/// All entities and an index of their folded aliases.
#[derive(Debug, Clone, Default)]
pub struct EntityTable {
    entities: Vec<Entity>,
    by_id: HashMap<EntityId, usize>,
    /// Folded alias words → entity index, longest aliases first.
    aliases: Vec<(Vec<String>, usize)>,
}

/// Words of an alias or question, folded, without elided articles.
fn folded_words(text: &str) -> Vec<(String, usize, usize)> {
    words(text)
}

/// At most one edit (insert, delete, substitute) or one swap of neighbours.
fn within_one_typo(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a == b {
        return true;
    }
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 1 {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if la == lb {
        // Substitution, or a swap of two neighbours.
        let rest_equal = |skip: usize| a[prefix + skip..] == b[prefix + skip..];
        rest_equal(1)
            || (prefix + 1 < la
                && a[prefix] == b[prefix + 1]
                && a[prefix + 1] == b[prefix]
                && rest_equal(2))
    } else if la > lb {
        a[prefix + 1..] == b[prefix..]
    } else {
        a[prefix..] == b[prefix + 1..]
    }
}

fn word_matches(question_word: &str, alias_word: &str) -> Option<bool> {
    if question_word == alias_word {
        Some(true)
    } else if alias_word.chars().count() >= 5
        && question_word.chars().count() >= 5
        && within_one_typo(question_word, alias_word)
    {
        Some(false)
    } else {
        None
    }
}

/// Why a list of entities cannot form a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conflict {
    DuplicateId(EntityId),
    EmptyName(EntityId),
    /// An alias (or name) with no letters or digits.
    NoLetters {
        entity: EntityId,
        alias: String,
    },
    /// An alias already taken by another entity.
    SharedAlias {
        entity: EntityId,
        alias: String,
        owner: EntityId,
    },
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Conflict::DuplicateId(id) => {
                write!(f, "field `id`: duplicate entity id {:?}", id.as_str())
            }
            Conflict::EmptyName(id) => {
                write!(
                    f,
                    "field `name`: entity {:?} has an empty name",
                    id.as_str()
                )
            }
            Conflict::NoLetters { entity, alias } => write!(
                f,
                "field `aliases`: alias {alias:?} of {:?} has no letters",
                entity.as_str()
            ),
            Conflict::SharedAlias {
                entity,
                alias,
                owner,
            } => write!(
                f,
                "field `aliases`: alias {alias:?} of {:?} is already an alias of {:?}",
                entity.as_str(),
                owner.as_str()
            ),
        }
    }
}

impl EntityTable {
    /// A table of `entities`, refusing duplicate ids, empty names and aliases shared by two
    /// entities; every conflict is reported.
    pub fn build(entities: Vec<Entity>) -> Result<Self, Vec<Conflict>> {
        let mut conflicts = Vec::new();
        let mut table = EntityTable::default();
        let mut alias_owner: HashMap<Vec<String>, EntityId> = HashMap::new();
        for entity in entities {
            if table.by_id.contains_key(&entity.id) {
                conflicts.push(Conflict::DuplicateId(entity.id.clone()));
                continue;
            }
            if entity.name.trim().is_empty() {
                conflicts.push(Conflict::EmptyName(entity.id.clone()));
                continue;
            }
            let index = table.entities.len();
            for alias in std::iter::once(&entity.name)
                .chain(&entity.name_fr)
                .chain(&entity.aliases)
            {
                let key: Vec<String> = folded_words(alias).into_iter().map(|(w, _, _)| w).collect();
                if key.is_empty() {
                    conflicts.push(Conflict::NoLetters {
                        entity: entity.id.clone(),
                        alias: alias.clone(),
                    });
                    continue;
                }
                match alias_owner.get(&key) {
                    Some(owner) if owner != &entity.id => conflicts.push(Conflict::SharedAlias {
                        entity: entity.id.clone(),
                        alias: alias.clone(),
                        owner: owner.clone(),
                    }),
                    Some(_) => {}
                    None => {
                        alias_owner.insert(key.clone(), entity.id.clone());
                        table.aliases.push((key, index));
                    }
                }
            }
            table.by_id.insert(entity.id.clone(), index);
            table.entities.push(entity);
        }
        if !conflicts.is_empty() {
            return Err(conflicts);
        }
        table
            .aliases
            .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        Ok(table)
    }

    pub fn from_entities(entities: Vec<Entity>) -> Self {
        let mut table = EntityTable::default();
        for entity in entities {
            let index = table.entities.len();
            for alias in std::iter::once(&entity.name)
                .chain(&entity.name_fr)
                .chain(&entity.aliases)
            {
                let key: Vec<String> = folded_words(alias).into_iter().map(|(w, _, _)| w).collect();
                if !key.is_empty() {
                    table.aliases.push((key, index));
                }
            }
            table.by_id.insert(entity.id.clone(), index);
            table.entities.push(entity);
        }
        table
            .aliases
            .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        table
    }

    pub fn get(&self, id: &EntityId) -> Option<&Entity> {
        self.by_id.get(id).map(|&i| &self.entities[i])
    }

    pub fn all(&self) -> &[Entity] {
        &self.entities
    }

    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    /// The display name of an entity in `lang`, or its id when unknown.
    pub fn name<'a>(&'a self, id: &'a EntityId, lang: Lang) -> &'a str {
        self.get(id).map_or(id.as_str(), |e| e.display(lang))
    }

    /// The entities `text` names, in order, each span linked once, exact matches preferred.
    pub fn link(&self, text: &str) -> Vec<Link> {
        let words = folded_words(text);
        let mut links: Vec<Link> = Vec::new();
        let mut taken = vec![false; words.len()];
        // Exact matches first, so a forgiven typo never shadows a real name.
        for want_exact in [true, false] {
            for (alias, index) in &self.aliases {
                let n = alias.len();
                if n > words.len() {
                    continue;
                }
                for start in 0..=words.len() - n {
                    if taken[start..start + n].iter().any(|&t| t) {
                        continue;
                    }
                    let mut exact = true;
                    let all = (0..n).all(|k| match word_matches(&words[start + k].0, &alias[k]) {
                        Some(e) => {
                            exact &= e;
                            true
                        }
                        None => false,
                    });
                    if all && exact == want_exact {
                        taken[start..start + n].iter_mut().for_each(|t| *t = true);
                        links.push(Link {
                            entity: self.entities[*index].id.clone(),
                            from: words[start].1,
                            to: words[start + n - 1].2,
                            exact,
                        });
                    }
                }
            }
        }
        links.sort_by_key(|l| l.from);
        links
    }

    /// Distinct entities of `links`, in order of first mention.
    pub fn distinct(links: &[Link]) -> Vec<EntityId> {
        let mut out: Vec<EntityId> = Vec::new();
        for l in links {
            if !out.contains(&l.entity) {
                out.push(l.entity.clone());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(id: &str, name: &str, kind: EntityKind, aliases: &[&str]) -> Entity {
        Entity {
            id: EntityId::parse(id).unwrap(),
            name: name.into(),
            name_fr: None,
            kind,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
        }
    }

    fn entities() -> Vec<Entity> {
        vec![
            entity(
                "us-government",
                "US government",
                EntityKind::Government,
                &[
                    "gouvernement américain",
                    "État américain",
                    "American government",
                    "U.S. government",
                    "Washington",
                ],
            ),
            entity("intel", "Intel", EntityKind::Company, &[]),
            entity(
                "softbank",
                "SoftBank",
                EntityKind::Company,
                &["SoftBank Group"],
            ),
        ]
    }

    fn table() -> EntityTable {
        EntityTable::build(entities()).unwrap()
    }

    fn linked(text: &str) -> Vec<(String, bool)> {
        table()
            .link(text)
            .into_iter()
            .map(|l| (l.entity.to_string(), l.exact))
            .collect()
    }

    #[test]
    fn links_aliases_in_both_languages_ignoring_case_and_accents() {
        assert_eq!(
            linked("Combien l’ETAT americain a-t-il investi dans intel ?"),
            [("us-government".into(), true), ("intel".into(), true)]
        );
        assert_eq!(
            linked("What did the U.S. government buy?"),
            [("us-government".into(), true)]
        );
        assert_eq!(
            linked("SoftBank Group and Washington"),
            [("softbank".into(), true), ("us-government".into(), true)]
        );
    }

    #[test]
    fn forgives_one_typo_in_long_names_only() {
        assert_eq!(linked("Intell"), [("intel".into(), false)]);
        assert_eq!(linked("US goverment"), [("us-government".into(), false)]);
        assert_eq!(linked("Softbnak"), [("softbank".into(), false)]);
        assert!(linked("Intxyz").is_empty());
        assert!(
            linked("Inte").is_empty(),
            "a four-letter word is not read as a typo"
        );
    }

    #[test]
    fn typo_rules() {
        assert!(within_one_typo("goverment", "government"));
        assert!(within_one_typo("intell", "intel"));
        assert!(within_one_typo("amzaon", "amazon"));
        assert!(!within_one_typo("amazn0x", "amazon"));
    }

    #[test]
    fn duplicate_ids_and_shared_aliases_are_conflicts() {
        let mut dup = entities();
        dup.push(entity("intel", "Intel Corp", EntityKind::Company, &[]));
        assert_eq!(
            EntityTable::build(dup).unwrap_err(),
            [Conflict::DuplicateId(EntityId::parse("intel").unwrap())]
        );
        let mut shared = entities();
        shared.push(entity(
            "other",
            "Other",
            EntityKind::Company,
            &["Washington"],
        ));
        let e = EntityTable::build(shared).unwrap_err();
        assert!(e[0].to_string().contains("already an alias"), "{e:?}");
    }
}
