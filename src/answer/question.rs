//! What a question asks: its language, what kind of answer it wants, and the names, figures and
//! words a passage must contain to answer it.

use std::collections::HashSet;

use tantivy::{Searcher, Term};

use crate::analysis::{Lang, TermKind, analyze, detect, fold};
use crate::entities::{EntityId, EntityTable, Link};
use crate::kb::Fields;

/// The kind of answer a question wants, read from its wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    /// How much, what amount, what value.
    Amount,
    /// What share of the capital, what percentage.
    Stake,
    /// How many (shares, contracts).
    Count,
    /// When, what date, which month or year.
    Date,
    /// Anything else: who, what, which.
    General,
}

/// A name in a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// Folded, as indexed: "intel", "openai".
    pub term: String,
    /// As the question spells it.
    pub spelled: String,
    /// Whether the knowledge base has it anywhere.
    pub known: bool,
}

#[derive(Debug, Clone)]
pub struct Question {
    pub text: String,
    pub lang: Lang,
    pub intent: Intent,
    /// Names the answer must be about.
    pub entities: Vec<Entity>,
    /// Figures the answer must contain, canonical.
    pub numbers: Vec<String>,
    /// Entities of the entity table the question names (typos forgiven).
    pub links: Vec<Link>,
    /// For each linked entity, the term lists of its names: a passage is about the entity when
    /// it holds every term of one of them.
    pub linked_names: Vec<(EntityId, Vec<Vec<String>>)>,
    /// Raw-token positions of the entities and numbers, to leave them out of the content words.
    key_positions: HashSet<usize>,
}

fn has_any(folded: &str, patterns: &[&str]) -> bool {
    patterns.iter().any(|p| folded.contains(p))
}

pub fn intent_of(text: &str) -> Intent {
    let folded = format!(" {} ", fold(text).replace(['?', '!', ',', '.', '\''], " "));
    if has_any(
        &folded,
        &[
            " quel pourcentage",
            " what percentage",
            " what share of",
            " quelle part ",
            " what stake",
            " quelle participation",
            " how big a stake",
            " what percent",
        ],
    ) {
        return Intent::Stake;
    }
    if has_any(
        &folded,
        &[
            " how many ",
            " combien d actions",
            " combien de contrats",
            " nombre de ",
            " number of ",
        ],
    ) {
        return Intent::Count;
    }
    if has_any(
        &folded,
        &[
            " how much ",
            " combien ",
            " montant ",
            " amount ",
            " valeur ",
            " value ",
            " worth ",
            " what sum ",
            " quelle somme ",
            " vaut ",
        ],
    ) {
        return Intent::Amount;
    }
    if has_any(
        &folded,
        &[
            " when ",
            " quand ",
            " quelle date ",
            " what date ",
            " which month ",
            " quel mois ",
            " what year ",
            " quelle annee ",
            " which year ",
            " en quelle annee ",
        ],
    ) {
        return Intent::Date;
    }
    Intent::General
}

impl Question {
    /// Reads `text`; `searcher` tells which lowercase words are names in the knowledge base.
    pub fn parse(text: &str, searcher: &Searcher, fields: &Fields, entities: &EntityTable) -> Self {
        let lang = detect(text);
        Self::parse_in(text, lang, searcher, fields, entities)
    }

    pub fn parse_in(
        text: &str,
        lang: Lang,
        searcher: &Searcher,
        fields: &Fields,
        table: &EntityTable,
    ) -> Self {
        let links = table.link(text);
        let linked = |from: usize, to: usize| links.iter().any(|l| from >= l.from && to <= l.to);
        let occurs = |field, term: &str| {
            searcher
                .doc_freq(&Term::from_field_text(field, term))
                .is_ok_and(|n| n > 0)
        };
        let is_known_name = |term: &str| occurs(fields.names, term);
        let mut entities = Vec::new();
        let mut numbers = Vec::new();
        let mut key_positions = HashSet::new();
        for t in analyze(text, lang, None) {
            if linked(t.from, t.to) {
                key_positions.insert(t.position);
                continue;
            }
            match t.kind {
                TermKind::Number => {
                    numbers.push(t.text);
                    key_positions.insert(t.position);
                }
                TermKind::Word => {
                    let name = if t.capitalized && !t.sentence_initial {
                        true
                    } else {
                        is_known_name(&t.text)
                    };
                    if name {
                        if !entities.iter().any(|e: &Entity| e.term == t.text) {
                            let known = is_known_name(&t.text)
                                || occurs(fields.exact_fr, &t.text)
                                || occurs(fields.exact_en, &t.text);
                            entities.push(Entity {
                                spelled: text[t.from..t.to].to_string(),
                                term: t.text,
                                known,
                            });
                        }
                        key_positions.insert(t.position);
                    }
                }
                TermKind::Concept => {}
            }
        }
        let linked_names = EntityTable::distinct(&links)
            .into_iter()
            .map(|id| {
                let names = table
                    .get(&id)
                    .map(|e| {
                        std::iter::once(&e.name)
                            .chain(&e.name_fr)
                            .chain(&e.aliases)
                            .map(|a| {
                                analyze(a, lang, None)
                                    .into_iter()
                                    .map(|t| t.text)
                                    .collect::<Vec<_>>()
                            })
                            .filter(|terms| !terms.is_empty())
                            .collect()
                    })
                    .unwrap_or_default();
                (id, names)
            })
            .collect();
        Self {
            text: text.to_string(),
            lang,
            intent: intent_of(text),
            entities,
            numbers,
            links,
            linked_names,
            key_positions,
        }
    }

    /// The content words (not names, not figures) as a passage in `passage_lang` indexes them.
    /// The question with each misspelt entity name replaced by the entity's name, for retrieval.
    pub fn search_text(&self, entities: &EntityTable) -> String {
        let mut text = String::new();
        let mut at = 0;
        for link in self.links.iter().filter(|l| !l.exact) {
            text.push_str(&self.text[at..link.from]);
            text.push_str(
                entities
                    .get(&link.entity)
                    .map_or(&self.text[link.from..link.to], |e| e.name.as_str()),
            );
            at = link.to;
        }
        text.push_str(&self.text[at..]);
        text
    }

    /// Names the knowledge base has never seen ("France" in a question about capitals).
    pub fn unknown_names(&self) -> Vec<&str> {
        self.entities
            .iter()
            .filter(|e| !e.known)
            .map(|e| e.spelled.as_str())
            .collect()
    }

    pub fn content_terms(&self, passage_lang: Lang) -> HashSet<String> {
        analyze(&self.text, self.lang, Some(passage_lang))
            .into_iter()
            .filter(|t| !self.key_positions.contains(&t.position))
            .map(|t| t.text)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intents() {
        for (q, i) in [
            ("How much did Amazon invest in Anthropic?", Intent::Amount),
            (
                "Combien Amazon a-t-il investi dans Anthropic ?",
                Intent::Amount,
            ),
            ("When did the US government invest in Intel?", Intent::Date),
            ("Quand SoftBank a-t-il signé ?", Intent::Date),
            (
                "What stake did the US government take in Intel?",
                Intent::Stake,
            ),
            ("How many shares can OpenAI buy?", Intent::Count),
            ("Combien d'actions OpenAI peut-il acheter ?", Intent::Count),
            ("Who is CoreWeave's partner?", Intent::General),
        ] {
            assert_eq!(intent_of(q), i, "{q}");
        }
    }
}
