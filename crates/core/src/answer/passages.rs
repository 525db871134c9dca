//! Answers read from passages: each candidate passage is read sentence by sentence, and the
//! best-supported sentences are quoted. A passage supports a question only when it holds all of
//! the question's names and figures together, enough of its other words, and the kind of fact
//! asked for (an amount for "how much", a date for "when"). Quoting writes no figure of its own,
//! so every figure of such an answer is in a cited text.

use std::collections::HashSet;

use super::abstain::{Gap, abstain};
use super::reader::Sources;
use super::{Answer, Intent, Question, citation};
use crate::kb::StoredPassage;
use crate::model::{Citation, Citations};
use crate::retrieve::Hit;
use crate::text::{Lang, analyze, lexicon};

/// The most sentences one answer quotes.
const MAX_QUOTES: usize = 3;

/// A sentence of a candidate passage with the terms it holds.
struct Scored<'a> {
    passage: &'a StoredPassage,
    sentence: u32,
    text: &'a str,
    exact: HashSet<String>,
    stemmed: HashSet<String>,
}

impl Scored<'_> {
    fn has(&self, term: &str) -> bool {
        self.exact.contains(term) || self.stemmed.contains(term)
    }

    fn satisfies(&self, intent: Intent) -> bool {
        let is_year =
            |t: &str| t.len() == 4 && t.parse::<u32>().is_ok_and(|y| (1900..=2100).contains(&y));
        match intent {
            Intent::Amount | Intent::Count => self
                .exact
                .iter()
                .any(|t| t.parse::<f64>().is_ok() && !is_year(t)),
            Intent::Stake => self.exact.contains("@pct"),
            Intent::Date => self
                .exact
                .iter()
                .any(|t| is_year(t) || lexicon::month_of_concept(t).is_some()),
            Intent::General => true,
        }
    }
}

fn sentences_of(passage: &StoredPassage) -> Vec<Scored<'_>> {
    passage
        .sentences()
        .into_iter()
        .map(|s| {
            let text = &passage.text[s.bytes];
            let terms = |stem: Option<Lang>| {
                analyze(text, passage.lang, stem)
                    .into_iter()
                    .map(|t| t.text)
                    .collect()
            };
            Scored {
                passage,
                sentence: s.n,
                text,
                exact: terms(None),
                stemmed: terms(Some(passage.lang)),
            }
        })
        .collect()
}

/// The answer the passages of `hits` give to `q`, or an abstention that says why not.
pub fn answer_from(q: &Question, hits: &[Hit], sources: &dyn Sources) -> Answer {
    let mut best: Option<(f32, Vec<&Scored>)> = None;
    let candidates: Vec<Vec<Scored>> = hits.iter().map(|h| sentences_of(&h.passage)).collect();
    let mut gap = Gap::Nothing;

    for (rank, sentences) in candidates.iter().enumerate() {
        let Some(first) = sentences.first() else {
            continue;
        };
        let lang = first.passage.lang;
        let content: HashSet<String> = q.content_terms(lang);
        let in_passage = |term: &str| sentences.iter().any(|s| s.has(term));
        let linked_ok = q.linked_names.iter().all(|(_, names)| {
            names
                .iter()
                .any(|terms| terms.iter().all(|t| in_passage(t)))
        });
        let names_ok = linked_ok
            && q.entities.iter().all(|e| in_passage(&e.term))
            && q.numbers.iter().all(|n| in_passage(n));
        let matched = content.iter().filter(|t| in_passage(t)).count();
        let coverage = if content.is_empty() {
            1.0
        } else {
            matched as f32 / content.len() as f32
        };
        let words_ok = if q.entities.is_empty() && q.numbers.is_empty() && q.linked_names.is_empty()
        {
            matched >= 2 && coverage >= 0.6
        } else {
            coverage >= 0.5
        };
        if !(names_ok && words_ok) {
            continue;
        }
        // Quote the sentences that carry the answer: the best one, then any needed for names it lacks.
        let score = |s: &Scored| {
            let linked = q
                .linked_names
                .iter()
                .filter(|(_, names)| names.iter().any(|terms| terms.iter().all(|t| s.has(t))))
                .count();
            let names = linked
                + q.entities.iter().filter(|e| s.has(&e.term)).count()
                + q.numbers.iter().filter(|n| s.has(n)).count();
            let words = content.iter().filter(|t| s.has(t)).count();
            3.0 * names as f32 + words as f32 + if s.satisfies(q.intent) { 2.0 } else { 0.0 }
        };
        let mut ranked: Vec<&Scored> = sentences.iter().collect();
        ranked.sort_by(|a, b| {
            score(b)
                .total_cmp(&score(a))
                .then(a.sentence.cmp(&b.sentence))
        });
        let mut chosen: Vec<&Scored> = vec![ranked[0]];
        for s in &ranked[1..] {
            let missing = |chosen: &Vec<&Scored>, term: &str| !chosen.iter().any(|c| c.has(term));
            let adds_name = q
                .entities
                .iter()
                .any(|e| missing(&chosen, &e.term) && s.has(&e.term))
                || q.numbers.iter().any(|n| missing(&chosen, n) && s.has(n));
            let adds_fact = !chosen.iter().any(|c| c.satisfies(q.intent))
                && s.satisfies(q.intent)
                && score(s) > 0.0;
            if (adds_name || adds_fact) && chosen.len() < MAX_QUOTES {
                chosen.push(s);
            }
        }
        if !chosen.iter().any(|c| c.satisfies(q.intent)) {
            gap = Gap::NoFact(q.intent);
            continue;
        }
        chosen.sort_by_key(|s| s.sentence);
        // Earlier (better-ranked) passages win ties.
        let total = chosen.iter().map(|s| score(s)).fold(0.0, f32::max) - rank as f32 * 0.01;
        if best.as_ref().is_none_or(|(b, _)| total > *b) {
            best = Some((total, chosen));
        }
    }

    match best {
        Some((_, chosen)) => compose(q, &chosen, sources),
        None => {
            if !matches!(gap, Gap::NoFact(_)) {
                let unknown: Vec<String> = q
                    .entities
                    .iter()
                    .filter(|e| !e.known && !super::question::may_be_written_otherwise(e))
                    .map(|e| e.spelled.clone())
                    .collect();
                gap = if !unknown.is_empty() {
                    Gap::Unknown(unknown)
                } else if q.names.len() > 1 && one_passage_names_all(&q.names, hits) {
                    // One passage names them all: what is missing is the fact, not a
                    // connection.
                    Gap::Lacks(super::expect::expect(&q.text), q.names.clone())
                } else if q.names.len() > 1 {
                    // Names, not their words: "New York Mercantile Exchange" is one name, which
                    // a passage does not need to connect to itself.
                    Gap::NotTogether(q.names.clone())
                } else {
                    Gap::Nothing
                };
            }
            abstain(q, hits, gap)
        }
    }
}

/// Whether one of `hits` writes every name of `names` (as the question spells it, case
/// aside).
fn one_passage_names_all(names: &[String], hits: &[Hit]) -> bool {
    hits.iter().any(|h| {
        let text = h.passage.text.to_lowercase();
        names.iter().all(|n| text.contains(&n.to_lowercase()))
    })
}

fn compose(q: &Question, chosen: &[&Scored], sources: &dyn Sources) -> Answer {
    let citations: Vec<Citation> = chosen
        .iter()
        .enumerate()
        .map(|(i, s)| citation(i + 1, s.passage, Some(s.sentence), s.text))
        .collect();
    // A sentence in the other language that a record sums up is given as the summary; the
    // sentence itself stays in the citation.
    let summaries: Vec<Option<String>> = chosen
        .iter()
        .zip(&citations)
        .map(|(s, c)| {
            (s.passage.lang != q.lang)
                .then(|| sources.summary(&c.id, q.lang))
                .flatten()
        })
        .collect();
    let text = if summaries.iter().all(Option::is_some) {
        summaries
            .iter()
            .zip(&citations)
            .map(|(s, c)| {
                let s = s.as_deref().unwrap_or_default();
                format!("{} [{}].", s.trim().trim_end_matches('.'), c.n)
            })
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        let quotes: Vec<String> = citations
            .iter()
            .map(|c| match q.lang {
                Lang::Fr => format!("« {} » [{}]", c.text, c.n),
                Lang::En => format!("“{}” [{}]", c.text, c.n),
            })
            .collect();
        let other_language = chosen.iter().any(|s| s.passage.lang != q.lang);
        let lead = match (q.lang, other_language) {
            (Lang::Fr, false) => "D’après les sources :",
            (Lang::Fr, true) => "D’après les sources (citées en anglais) :",
            (Lang::En, false) => "According to the sources:",
            (Lang::En, true) => "According to the sources (quoted in French):",
        };
        format!("{lead} {}", quotes.join(" "))
    };
    match Citations::new(citations) {
        Some(citations) => Answer::answered(&q.text, q.lang, text, citations, Vec::new()),
        // `chosen` always holds the best sentence; without one there is nothing to say.
        None => abstain(q, &[], Gap::Nothing),
    }
}
