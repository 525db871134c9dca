//! What a question asks: its language, what kind of answer it wants, and the names, figures and
//! words a passage must contain to answer it.

use std::collections::HashSet;

use super::intent::{Intent, intent_of};
use crate::model::{EntityId, EntityTable, Link};
use crate::text::{Lang, TermKind, analyze, detect};

/// What question reading needs to know of the knowledge base's words.
pub trait Vocabulary {
    /// Whether `term` (folded) is a name in the knowledge base.
    fn is_name(&self, term: &str) -> bool;
    /// Whether `term` occurs anywhere in the knowledge base.
    fn is_known(&self, term: &str) -> bool;
    /// Whether a cognate of `term` in the other language occurs ("critical" for
    /// "critiques"): a word, not a name, may be found through it.
    fn has_cognate(&self, _term: &str) -> bool {
        false
    }
    /// The words the knowledge base has that shorten a name of several words (folded): "nymex"
    /// for `["new", "york", "mercantile", "exchange"]`.
    fn short_forms(&self, _words: &[String]) -> Vec<String> {
        Vec::new()
    }
}

/// Words a name of several words may keep between its capitalised ones ("Organization of
/// Petroleum Exporting Countries", "Banque de France"). Not "and", which joins two names
/// ("Marden and U.K. Ferries") more often than it sits in one.
const NAME_JOINERS: &[&str] = &["of", "for", "&", "de", "des", "du", "la", "le"];

/// A name of shortest this many words may be written as its initials in the sources.
const SHORTENED_NAME_WORDS: usize = 3;

/// Whether `gap`, the text between two name words, keeps them in one name: blanks, hyphens,
/// "&", initials and their periods ("U.S. Lines"), or a joining word ("of").
fn joins(gap: &str) -> bool {
    let gap = gap.trim();
    gap.chars().count() <= 4
        && gap
            .chars()
            .all(|c| matches!(c, '-' | '&' | '.' | '\'' | '’') || c.is_uppercase())
        || NAME_JOINERS.contains(&crate::text::fold(gap).as_str())
}

/// The names of `text`: each run of words `is_name` takes, with what [`joins`] them, as its
/// byte range and its folded words.
fn name_runs(
    text: &str,
    terms: &[crate::text::Term],
    is_name: impl Fn(&crate::text::Term) -> bool,
) -> Vec<(usize, usize, Vec<String>)> {
    let mut runs: Vec<(usize, usize, Vec<String>)> = Vec::new();
    for t in terms.iter().filter(|t| is_name(t)) {
        let word = crate::text::fold(&text[t.from..t.to]);
        match runs.last_mut() {
            Some((_, to, words)) if *to <= t.from && joins(&text[*to..t.from]) => {
                *to = t.to;
                words.push(word);
            }
            _ => runs.push((t.from, t.to, vec![word])),
        }
    }
    runs
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
    /// Words of the question the knowledge base never uses (folded): no passage can hold them,
    /// so they are no evidence for or against one.
    pub unknown_words: HashSet<String>,
    /// Words the knowledge base has only through a cognate in the other language: found,
    /// they count; missing, they do not count against a sentence.
    pub cognate_words: HashSet<String>,
    /// The names as the question writes them, each run of name words one name ("New York
    /// Mercantile Exchange").
    pub names: Vec<String>,
    /// The knowledge base's short forms of the question's longer names ("nymex"), which
    /// retrieval looks for too.
    pub short_forms: Vec<String>,
    /// Raw-token positions of the entities and numbers, to leave them out of the content words.
    key_positions: HashSet<usize>,
}

impl Question {
    /// Reads `text`; `vocabulary` tells which lowercase words are names in the knowledge base.
    pub fn parse(text: &str, vocabulary: &dyn Vocabulary, entities: &EntityTable) -> Self {
        let lang = detect(text);
        Self::parse_in(text, lang, vocabulary, entities)
    }

    pub fn parse_in(
        text: &str,
        lang: Lang,
        vocabulary: &dyn Vocabulary,
        table: &EntityTable,
    ) -> Self {
        let links = table.link(text);
        let linked = |from: usize, to: usize| links.iter().any(|l| from >= l.from && to <= l.to);
        let is_known_name = |term: &str| vocabulary.is_name(term);
        let mut entities = Vec::new();
        let mut numbers = Vec::new();
        let mut key_positions = HashSet::new();
        let mut unknown_words = HashSet::new();
        let mut cognate_words = HashSet::new();
        let terms = analyze(text, lang, None);
        let mut name_positions = HashSet::new();
        for t in terms.iter().cloned() {
            if t.kind == TermKind::Word && !vocabulary.is_known(&t.text) {
                if vocabulary.has_cognate(&t.text) {
                    cognate_words.insert(t.text.clone());
                } else {
                    unknown_words.insert(t.text.clone());
                }
            }
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
                        name_positions.insert(t.position);
                        if !entities.iter().any(|e: &Entity| e.term == t.text) {
                            let known = vocabulary.is_known(&t.text);
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
        // A capitalised word the lexicon reads as a notion ("Petroleum") still belongs to the
        // name around it ("Organization of Petroleum Exporting Countries").
        let runs = name_runs(text, &terms, |t| {
            name_positions.contains(&t.position)
                || t.kind == TermKind::Concept && t.capitalized && !t.sentence_initial
        });
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
            unknown_words,
            cognate_words,
            names: runs
                .iter()
                .map(|(from, to, _)| text[*from..*to].to_string())
                .collect(),
            short_forms: runs
                .iter()
                .filter(|(_, _, words)| words.len() >= SHORTENED_NAME_WORDS)
                .flat_map(|(_, _, words)| vocabulary.short_forms(words))
                .collect(),
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
        // "New York Mercantile Exchange" is "NYMEX" after its first mention.
        for short in &self.short_forms {
            text.push(' ');
            text.push_str(&short.to_uppercase());
        }
        // "Koweït" is written "Kuwait" in English sources, "OPEP" "OPEC": search both.
        for e in &self.entities {
            for variant in crate::text::gazetteer::variants(std::slice::from_ref(&e.term)) {
                text.push(' ');
                text.push_str(&variant.join(" "));
            }
        }
        text
    }

    /// Names the knowledge base has never seen ("France" in a question about capitals).
    pub fn unknown_names(&self) -> Vec<&str> {
        self.entities
            .iter()
            .filter(|e| !e.known && !may_be_written_otherwise(e))
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

/// Whether a name the knowledge base lacks as written may still be in it otherwise: a people's
/// adjective ("Brazilian" for "Brazil"), a name the gazetteer knows in the other language, or
/// an acronym of a name written out ("WTI" for "West Texas Intermediate"). No abstention may
/// then say the knowledge base does not mention it.
pub fn may_be_written_otherwise(e: &Entity) -> bool {
    let acronym = (2..=5).contains(&e.spelled.chars().count())
        && e.spelled.chars().all(|c| c.is_ascii_uppercase());
    acronym
        || crate::text::gazetteer::is_english_demonym(&e.term)
        || !crate::text::gazetteer::variants(std::slice::from_ref(&e.term)).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A knowledge base that knows "anthropic" as a name and "amazon" as an ordinary word.
    struct Words;

    impl Vocabulary for Words {
        fn is_name(&self, term: &str) -> bool {
            term == "anthropic"
        }

        fn is_known(&self, term: &str) -> bool {
            matches!(term, "anthropic" | "amazon")
        }
    }

    #[test]
    fn names_are_told_from_words_through_the_vocabulary() {
        let q = Question::parse(
            "combien amazon a-t-il investi dans anthropic et Zorglub ?",
            &Words,
            &EntityTable::default(),
        );
        assert_eq!(q.lang, Lang::Fr);
        assert_eq!(q.intent, Intent::Amount);
        let names: Vec<(&str, bool)> = q
            .entities
            .iter()
            .map(|e| (e.term.as_str(), e.known))
            .collect();
        // A lowercase word is a name only when the knowledge base says so; a capitalised one
        // mid-sentence always is, known or not.
        assert_eq!(names, [("anthropic", true), ("zorglub", false)]);
        assert_eq!(q.unknown_names(), ["Zorglub"]);
    }

    /// A knowledge base that writes "nymex", "ny" and "opec" (and no other short form).
    struct Shortened;

    impl Vocabulary for Shortened {
        fn is_name(&self, _term: &str) -> bool {
            false
        }

        fn is_known(&self, _term: &str) -> bool {
            true
        }

        fn short_forms(&self, words: &[String]) -> Vec<String> {
            ["nymex", "ny", "opec"]
                .into_iter()
                .filter(|s| crate::text::acronym::prefixes_spell(words, s))
                .map(str::to_string)
                .collect()
        }
    }

    #[test]
    fn names_of_several_words_are_one_name_and_searched_by_their_short_forms() {
        let q = Question::parse(
            "Did Crowley and U.S. Lines pay the New York Mercantile Exchange or the Organization of Petroleum Exporting Countries?",
            &Shortened,
            &EntityTable::default(),
        );
        assert_eq!(
            q.names,
            [
                "Crowley",
                "U.S. Lines",
                "New York Mercantile Exchange",
                "Organization of Petroleum Exporting Countries"
            ]
        );
        // Only a name of three words or more is looked up: "New York" alone would be "ny".
        assert_eq!(q.short_forms, ["nymex", "opec"]);
        assert!(
            q.search_text(&EntityTable::default()).contains("NYMEX"),
            "{}",
            q.search_text(&EntityTable::default())
        );
    }
}
