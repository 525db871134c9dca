//! Reading passages for a typed answer: the sentence that holds the question's names (or
//! refers to them: "the company said…" in an article about them), enough of its other words,
//! and a span of the kind the question wants — an amount, a percentage, a count, a date, a
//! party, the thing acquired — which becomes the short answer, cited. Questions that want
//! nothing in particular (or a reason) get the best sentence quoted.
//!
//! Everything an answer states is read from the sentence it cites: spans are rewritten in the
//! question's language ("21 mln dlrs" → "$21 million", "21 millions de dollars") but never
//! computed. When no sentence holds all the names together with the kind of fact asked, the
//! reader abstains and says which of those it did find, and only that.

use std::collections::HashSet;
use std::ops::Range;

use super::expect::{Expect, Role, expect};
use super::{Answer, Question};
use crate::ids::CitationId;
use crate::model::{Citation, Citations};
use crate::retrieve::Hit;
use crate::text::dates::{self, DateSpan};
use crate::text::quantity::{self, Quantity, Unit};
use crate::text::{Lang, TermKind, acronym, analyze, fold, gazetteer, lexicon, words};

/// Articles left out when names are compared (with the legal forms,
/// [`gazetteer::LEGAL_FORMS`]).
const NAME_ARTICLES: &[&str] = &["the", "le", "la", "les", "l", "s", "de", "du", "des", "d"];

/// Words a name may be written with or without: legal forms ("Inc", "SA") and articles.
fn is_name_noise(word: &str) -> bool {
    gazetteer::LEGAL_FORMS.contains(&word) || NAME_ARTICLES.contains(&word)
}

/// Titles that mark a person ("Minister Sheikh Abdul-Aziz", "Mr Nazer").
const PERSON_TITLES: &[&str] = &[
    "minister",
    "sheikh",
    "president",
    "chairman",
    "secretary",
    "mr",
    "mrs",
    "ms",
    "dr",
    "governor",
    "ministre",
    "director",
    "spokesman",
    "spokeswoman",
    "analyst",
    "king",
    "prince",
];

/// Words that refer back to an article's subject: "the company said", "it said".
const ANAPHORS: &[&str] = &[
    "company",
    "government",
    "group",
    "firm",
    "it",
    "its",
    "they",
    "their",
    "he",
    "she",
    "his",
    "her",
    "spokesman",
    "spokeswoman",
    "concern",
    "bank",
    "unit",
    "corporation",
    "il",
    "elle",
    "ils",
    "societe",
    "groupe",
    "entreprise",
    "sa",
    "son",
    "ses",
    "leur",
];

/// Question words that carry no content: the kind of answer is read separately.
const QUESTION_WORDS: &[&str] = &[
    "how",
    "much",
    "many",
    "what",
    "which",
    "who",
    "whom",
    "whose",
    "when",
    "why",
    "where",
    "did",
    "does",
    "do",
    "is",
    "are",
    "was",
    "were",
    "will",
    "would",
    "could",
    "can",
    "has",
    "have",
    "had",
    "be",
    "been",
    "combien",
    "quel",
    "quelle",
    "quels",
    "quelles",
    "qui",
    "quand",
    "pourquoi",
    "comment",
    "est",
    "ce",
    "que",
    "qu",
    "t",
    "il",
    "elle",
    "ils",
    "a",
    "ont",
    "va",
    "vont",
    "sont",
    "sera",
    "according",
    "selon",
    "said",
    "say",
    "says",
    "dit",
    "amount",
    "montant",
    "percentage",
    "pourcentage",
    "number",
    "nombre",
    "price",
    "prix",
    "date",
    "time",
    "year",
    "company",
    "companies",
    "entreprise",
    "societe",
    "firm",
    "new",
    "current",
    "now",
    "per",
    "par",
    "each",
    "chaque",
    "total",
    "get",
    "make",
    "made",
    "take",
    "taking",
    "give",
    "put",
    "up",
    "out",
    "far",
    "much",
    "level",
    "part",
    "share",
    "stake",
    "participation",
    "intermediaire",
    "entremise",
    // Wishing is no event of its own: "want to acquire" is asked of "its application to
    // acquire".
    "want",
    "wants",
    "veut",
    "souhaite",
    // "after the offer": when, which a sentence says by its tense or its condition
    // ("successful completion of the offer would…"), seldom by the word.
    "after",
    "apres",
];

/// Words that name no one on their own: "the group", "Groupe", "Industries".
const GENERIC: &[&str] = &[
    "group",
    "groupe",
    "company",
    "companies",
    "compagnie",
    "holding",
    "holdings",
    "exchange",
    "commission",
    "and",
    "of",
    "international",
    "industries",
    "capital",
    "management",
    "systems",
    "bank",
    "banque",
    "oil",
    "petroleum",
    "corporation",
    "fund",
    "trust",
    "investment",
    "investments",
    "securities",
    "financial",
    "firm",
    "firms",
    "societe",
    "entreprise",
    "unit",
    "division",
];

/// Corporate words a name may be written without ("Suffield Financial" → "Suffield").
const CORPORATE: &[&str] = &[
    "group",
    "groupe",
    "company",
    "companies",
    "holding",
    "holdings",
    "international",
    "industries",
    "capital",
    "management",
    "systems",
    "financial",
    "corporation",
];

/// A name the question uses, as folded words, with its other spellings.
#[derive(Debug, Clone)]
struct Mention {
    spelled: String,
    forms: Vec<Vec<String>>,
    /// Written in capitals, like "WTI": may stand for a capitalised phrase.
    acronym: Option<String>,
}

fn significant(words: &[String]) -> Vec<String> {
    words
        .iter()
        .filter(|w| !is_name_noise(w))
        .cloned()
        .collect()
}

/// At most one edit or swap, for words of five letters or more.
fn near(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    // Folded words are mostly ASCII: compare bytes without collecting characters (this runs
    // for every word pair the reader compares).
    if a.is_ascii() && b.is_ascii() {
        return one_edit(a.as_bytes(), b.as_bytes());
    }
    let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    one_edit(&ca, &cb)
}

/// Whether two words of five letters or more are one edit apart (a letter changed, added,
/// dropped, or two neighbours swapped).
fn one_edit<T: PartialEq>(ca: &[T], cb: &[T]) -> bool {
    if ca.len() < 5 || cb.len() < 5 || ca.len().abs_diff(cb.len()) > 1 {
        return false;
    }
    let prefix = ca.iter().zip(cb).take_while(|(x, y)| x == y).count();
    if ca.len() == cb.len() {
        ca[prefix + 1..] == cb[prefix + 1..]
            || (prefix + 1 < ca.len()
                && ca[prefix] == cb[prefix + 1]
                && ca[prefix + 1] == cb[prefix]
                && ca[prefix + 2..] == cb[prefix + 2..])
    } else if ca.len() > cb.len() {
        ca[prefix + 1..] == cb[prefix..]
    } else {
        ca[prefix..] == cb[prefix + 1..]
    }
}

/// The question's names: runs of capitalised words (not the sentence's first word), words the
/// knowledge base knows as names, entities of the entity table, and peoples' adjectives.
fn mentions(q: &Question) -> Vec<Mention> {
    let text = &q.text;
    // A lowercase word is taken for a name only in a question typed without capitals ("how
    // much did amazon invest…"): elsewhere the writer's capitals say which words are names.
    // A question whose only capital is its first letter ("What oil prices does the aspen
    // institute expect…") may still write the names the sources know in lowercase.
    let lowercase_question = !text.chars().any(char::is_uppercase);
    let sentence_case = !text.trim_start().chars().skip(1).any(char::is_uppercase);
    let known: HashSet<&str> = if sentence_case {
        q.entities.iter().map(|e| e.term.as_str()).collect()
    } else {
        HashSet::new()
    };
    let terms = analyze(text, q.lang, None);
    // Names of several words the gazetteer knows ("Émirats arabes unis"): one name.
    let question_words = words(text);
    let folded_words: Vec<String> = question_words.iter().map(|(w, _, _)| w.clone()).collect();
    let phrase_spans: Vec<(usize, usize)> = gazetteer::phrases(&folded_words)
        .into_iter()
        .map(|r| (question_words[r.start].1, question_words[r.end - 1].2))
        .collect();
    let in_phrase =
        |from: usize, to: usize| phrase_spans.iter().any(|&(a, b)| from >= a && to <= b);
    let mut runs: Vec<(usize, usize, bool)> = Vec::new(); // byte range, all capitals
    let linked = |from: usize, to: usize| q.links.iter().any(|l| from >= l.from && to <= l.to);
    for t in &terms {
        let word = &text[t.from..t.to];
        let folded = fold(word);
        let is_month = lexicon::month_of_concept(&t.text).is_some();
        let caps = word.chars().count() >= 2
            && word.chars().all(|c| c.is_uppercase() || c.is_ascii_digit());
        let name = !is_month
            && t.kind != TermKind::Number
            && (linked(t.from, t.to)
                || in_phrase(t.from, t.to)
                || (lowercase_question
                    && t.kind == TermKind::Word
                    && q.unknown_words.contains(&t.text)
                    && t.text.chars().count() >= 4)
                || (t.kind == TermKind::Word && known.contains(t.text.as_str()))
                || (t.capitalized && (!t.sentence_initial || caps) && t.kind != TermKind::Number)
                || gazetteer::demonym(&folded).is_some());
        if !name {
            continue;
        }
        match runs.last_mut() {
            // Joined by blanks, hyphens, "&", or initials' letters and periods ("U.S. Lines").
            Some((_, end, all_caps))
                if text[*end..t.from].chars().count() <= 4
                    && text[*end..t.from].chars().all(|c| {
                        c.is_whitespace() || matches!(c, '-' | '&' | '.' | '\'') || c.is_uppercase()
                    }) =>
            {
                *end = t.to;
                *all_caps = false;
            }
            _ => runs.push((t.from, t.to, caps)),
        }
    }
    runs.into_iter()
        .filter_map(|(from, to, caps)| {
            let spelled = text[from..to].to_string();
            let folded: Vec<String> = words(&spelled).into_iter().map(|(w, _, _)| w).collect();
            let base = significant(&folded);
            if base.iter().all(|w| GENERIC.contains(&w.as_str())) {
                return None;
            }
            // A word the lexicon knows in both languages ("AI"/"IA", "Bourse") is matched as
            // a word, not as a name.
            let terms = analyze(&spelled, q.lang, None);
            if !terms.is_empty() && terms.iter().all(|t| t.kind == TermKind::Concept) {
                return None;
            }
            let mut forms = vec![base.clone()];
            for v in gazetteer::variants(&folded)
                .into_iter()
                .chain(gazetteer::variants(&base))
            {
                let v = significant(&v);
                if !v.is_empty() && !forms.contains(&v) {
                    forms.push(v);
                }
            }
            // Messages show the initials whole: "U.S.", not the "U" that is indexed.
            let mut shown_to = to;
            while let [b'.', letter, ..] = text.as_bytes()[shown_to..] {
                if !letter.is_ascii_uppercase() {
                    break;
                }
                shown_to += 2;
            }
            if shown_to > to && text.as_bytes().get(shown_to) == Some(&b'.') {
                shown_to += 1;
            }
            Some(Mention {
                acronym: caps.then(|| fold(&spelled).replace(['.', ' '], "")),
                spelled: text[from..shown_to].to_string(),
                forms,
            })
        })
        .collect()
}

/// A mention found nowhere whole, cut into the longest pieces that are each found somewhere in
/// `texts` ("U.S. Lines South American" → "U.S. Lines", "South American"); unchanged when it
/// cannot be.
fn segment(m: Mention, texts: &[Words]) -> Vec<Mention> {
    let found_whole = texts.iter().any(|t| t.find(&m).is_some());
    let base = &m.forms[0];
    if found_whole || base.len() < 2 {
        return vec![m];
    }
    let piece = |words: &[String]| {
        let mut forms = vec![words.to_vec()];
        for v in gazetteer::variants(words) {
            let v = significant(&v);
            if !v.is_empty() && !forms.contains(&v) {
                forms.push(v);
            }
        }
        Mention {
            spelled: words.join(" "),
            forms,
            acronym: None,
        }
    };
    let mut pieces = Vec::new();
    let mut start = 0;
    while start < base.len() {
        let Some(end) = (start + 1..=base.len()).rev().find(|&end| {
            let p = piece(&base[start..end]);
            texts.iter().any(|t| t.find_exact(&p).is_some())
        }) else {
            return vec![m];
        };
        pieces.push(piece(&base[start..end]));
        start = end;
    }
    if pieces.len() < 2 {
        return vec![m];
    }
    // Keep the question's spelling of each piece for messages.
    let spelled_words: Vec<&str> = m.spelled.split_whitespace().collect();
    if spelled_words.len() == base.len() {
        let mut at = 0;
        for p in &mut pieces {
            let n = p.forms[0].len();
            p.spelled = spelled_words[at..at + n].join(" ");
            at += n;
        }
    }
    pieces
}

/// How a name is found for a sentence.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
enum Found {
    No,
    /// Elsewhere in the article (title, lead, other passages read), referred to by "the
    /// company", "it"…
    Article,
    /// In another sentence of the same paragraph.
    Paragraph,
    Here,
}

/// The folded words of a text with their byte ranges and whether they were capitalised.
struct Words {
    list: Vec<(String, Range<usize>, bool)>,
    /// Per word of `list`: written all in capitals ("TVX", "OPEC").
    capitals: Vec<bool>,
}

/// The folded words of a name, as [`Words`] reads them ("U.S." is "u").
fn name_words(name: &str) -> Vec<String> {
    Words::of(name).list.into_iter().map(|w| w.0).collect()
}

/// Whether a name's folded words name a place, a country or a people ("Spanish"): they
/// describe a party, they are none.
fn names_a_place(words: &[String]) -> bool {
    gazetteer::is_place(words)
        || gazetteer::is_country(words)
        || words.len() == 1 && gazetteer::is_english_demonym(&words[0])
}

impl Words {
    fn of(text: &str) -> Self {
        let list: Vec<(String, Range<usize>, bool)> = words(text)
            .into_iter()
            .filter(|(w, _, _)| w != "s")
            .map(|(w, from, to)| {
                let cap = text[from..to]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase);
                (w, from..to, cap)
            })
            .collect();
        let capitals = list
            .iter()
            .map(|(_, r, _)| {
                let w = &text[r.clone()];
                w.chars().count() >= 2 && w.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
            })
            .collect();
        Self { list, capitals }
    }

    /// The words of `self` (the words of a paragraph) inside `bytes` (one of its sentences),
    /// with ranges relative to the sentence: the sentence read without tokenizing it again.
    fn within(&self, bytes: &Range<usize>) -> Self {
        // Words are in text order: the sentence's are one run of them, found by bisection (a
        // scan of the whole paragraph per sentence would be quadratic in its size).
        let from = self.list.partition_point(|(_, r, _)| r.start < bytes.start);
        let to = from + self.list[from..].partition_point(|(_, r, _)| r.end <= bytes.end);
        let list = self.list[from..to]
            .iter()
            .map(|(w, r, cap)| (w.clone(), r.start - bytes.start..r.end - bytes.start, *cap))
            .collect();
        Self {
            list,
            capitals: self.capitals[from..to].to_vec(),
        }
    }

    /// The words of several texts one after the other, as if separated by full stops (byte
    /// ranges then point into each text, not one string: only for telling whether a name is
    /// there).
    fn joined<'a>(parts: impl IntoIterator<Item = &'a Words>) -> Self {
        let (mut list, mut capitals) = (Vec::new(), Vec::new());
        for part in parts {
            list.extend(part.list.iter().cloned());
            capitals.extend(part.capitals.iter().copied());
        }
        Self { list, capitals }
    }

    /// Where `m` occurs as written (no splitting, no initials).
    fn find_exact(&self, m: &Mention) -> Option<Range<usize>> {
        let n = self.list.len();
        for form in &m.forms {
            for start in 0..n {
                if start + form.len() <= n
                    && form
                        .iter()
                        .zip(&self.list[start..])
                        .all(|(w, (s, _, _))| near(s, w))
                {
                    return Some(self.list[start].1.start..self.list[start + form.len() - 1].1.end);
                }
            }
        }
        None
    }

    /// Where `m` occurs: the byte range of the match.
    fn find(&self, m: &Mention) -> Option<Range<usize>> {
        let n = self.list.len();
        for form in &m.forms {
            // The whole name, or all but a last word that names no one ("Computer Terminal
            // Systems" written "Computer Terminal").
            let mut lengths = vec![form.len()];
            // Trailing corporate words and places dropped, two words or more left ("Union
            // Faith Canada Holding" → "Union Faith"), or one distinctive word ("Suffield").
            let mut core = form.len();
            while core > 1
                && (CORPORATE.contains(&form[core - 1].as_str())
                    || gazetteer::is_place(&form[core - 1..core])
                    || gazetteer::is_country(&form[core - 1..core]))
            {
                core -= 1;
            }
            if core < form.len()
                && (core >= 2
                    || form[0].chars().count() >= 5
                        && !gazetteer::is_place(&form[..1])
                        && !lexicon::is_stop_word(&form[0])
                        && lexicon::concept(&form[0]).is_none()
                        && CORPORATE.contains(&form[form.len() - 1].as_str()))
            {
                lengths.push(core);
            }
            for len in lengths {
                let want = &form[..len];
                for start in 0..n {
                    let mut k = start;
                    let mut matched = 0;
                    while k < n && matched < len {
                        let w = &self.list[k].0;
                        if matched > 0 && is_name_noise(w) {
                            k += 1;
                            continue;
                        }
                        let fuzzy = len >= 2
                            && w.len() >= 4
                            && w.chars().count() >= 4
                            && w.chars().count() == want[matched].chars().count()
                            && w.chars()
                                .zip(want[matched].chars())
                                .filter(|(a, b)| a != b)
                                .count()
                                == 1;
                        if near(w, &want[matched]) || w == &want[matched] || fuzzy {
                            matched += 1;
                            k += 1;
                        } else {
                            break;
                        }
                    }
                    if matched == len {
                        return Some(self.list[start].1.start..self.list[k - 1].1.end);
                    }
                }
            }
        }
        // A name shortened to the starts of its words, in capitals: "NYMEX" for "New York
        // Mercantile Exchange".
        for form in &m.forms {
            if form.len() >= 2 {
                for (i, (w, r, _)) in self.list.iter().enumerate() {
                    if self.capitals[i] && w.len() > form.len() && acronym::prefixes_spell(form, w)
                    {
                        return Some(r.clone());
                    }
                }
            }
        }
        // A name's last word, written in capitals, alone: "TVX" for "Consolidated TVX".
        for form in &m.forms {
            // Only a two-word name: a longer one may be two names run together.
            if form.len() == 2
                && let Some(last) = form.last().filter(|w| w.len() >= 3)
            {
                for (i, (w, r, _)) in self.list.iter().enumerate() {
                    if w == last && self.capitals[i] && !lexicon::is_stop_word(w) {
                        return Some(r.clone());
                    }
                }
            }
        }
        // Leading words written as their initials: "IC Gas" for "Imperial Continental Gas".
        for form in &m.forms {
            for k in 2..form.len() {
                let initials: String = form[..k].iter().filter_map(|w| w.chars().next()).collect();
                let rest = &form[k..];
                for start in 0..n {
                    if start + 1 + rest.len() <= n
                        && self.list[start].0 == initials
                        && self.list[start].2
                        && rest
                            .iter()
                            .zip(&self.list[start + 1..])
                            .all(|(w, (s, _, _))| near(s, w))
                    {
                        return Some(self.list[start].1.start..self.list[start + rest.len()].1.end);
                    }
                }
            }
        }
        // Two names run together in the question ("… de Sealy Ohio Mattress …"): both found.
        for form in &m.forms {
            if form.len() >= 3 {
                for k in 1..form.len() {
                    let part = |words: &[String]| Mention {
                        spelled: String::new(),
                        forms: vec![words.to_vec()],
                        acronym: None,
                    };
                    if let (Some(left), Some(_)) = (
                        self.find_exact(&part(&form[..k])),
                        self.find_exact(&part(&form[k..])),
                    ) {
                        return Some(left);
                    }
                }
            }
        }
        // "WTI" for "West Texas Intermediate"; "DRS" for "Diagnostic Retrieval Systems".
        if let Some(acronym) = &m.acronym {
            let letters: Vec<char> = acronym.chars().collect();
            for start in 0..n {
                if start + letters.len() > n {
                    break;
                }
                let run = &self.list[start..start + letters.len()];
                if run
                    .iter()
                    .zip(&letters)
                    .all(|((w, _, cap), l)| *cap && w.starts_with(*l))
                {
                    return Some(run[0].1.start..run[run.len() - 1].1.end);
                }
            }
        }
        for form in &m.forms {
            if form.len() >= 2 {
                let initials: String = form.iter().filter_map(|w| w.chars().next()).collect();
                // "DRS" for "Diagnostic Retrieval Systems"; "NYMEX" for "New York Mercantile
                // Exchange".
                // Written in capitals: the initials of "Ionzedlum Networks" are the word "in".
                if let Some(((_, r, _), _)) =
                    self.list
                        .iter()
                        .zip(&self.capitals)
                        .find(|((w, r, cap), all_caps)| {
                            *w == initials && **all_caps
                                || *cap
                                    && initials.len() >= 3
                                    && w.starts_with(&initials)
                                    && w.len() <= initials.len() + 2
                                    && r.len() == w.len()
                        })
                {
                    return Some(r.clone());
                }
            }
        }
        None
    }

    fn has_anaphor(&self) -> bool {
        self.list
            .iter()
            .any(|(w, _, _)| ANAPHORS.contains(&w.as_str()))
    }
}

/// Words of the question that a supporting sentence should hold, besides names and figures.
fn content_words(q: &Question, mentions: &[Mention]) -> Vec<String> {
    let mention_words: HashSet<String> = mentions
        .iter()
        .flat_map(|m| m.forms.iter().flatten().cloned())
        .collect();
    let mut out: Vec<String> = Vec::new();
    for t in analyze(&q.text, q.lang, None) {
        if t.kind == TermKind::Number {
            continue;
        }
        let surface = fold(&q.text[t.from..t.to]);
        // "the Hutton LBO group": a corporate word right after a name belongs to it.
        let after_name = CORPORATE.contains(&surface.as_str())
            && mentions
                .iter()
                .any(|m| q.text[..t.from].trim_end().ends_with(&m.spelled));
        // "après l'opération": in French, the deal itself, which says nothing.
        // "par action" as "a share": the French of a question word.
        let french_deal_noun =
            q.lang == Lang::Fr && matches!(surface.as_str(), "operation" | "action");
        if after_name
            || french_deal_noun
            || mention_words.contains(&surface)
            || (t.kind == TermKind::Word && q.unknown_words.contains(&t.text))
            || QUESTION_WORDS.contains(&surface.as_str())
            || surface.chars().count() < 3 && t.kind == TermKind::Word
        {
            continue;
        }
        let term = if t.kind == TermKind::Concept {
            t.text
        } else {
            surface
        };
        if !out.contains(&term) {
            out.push(term);
        }
    }
    out
}

/// Words of one event seen from either side — paying, buying, acquiring, selling, offering,
/// owning — which a sentence may tell with any of them ("paying for its stake" / "agreed to
/// buy 50 pct"). They show the sentence is about such an event; they do not pick the event.
const EVENT: &[&str] = &[
    "@pay",
    "@buy",
    "@acquire",
    "@sell",
    "@offer",
    "@invest",
    "@merger",
    "@own",
    "@transfer",
    "@deal",
];

/// A question word, ready to be looked for: a concept, or its surface form and stems.
struct Want {
    concept: Option<String>,
    surface: String,
    stems: [Vec<String>; 2],
    cognate: Option<String>,
}

impl Want {
    fn new(term: &str) -> Self {
        if term.starts_with('@') {
            return Self {
                concept: Some(term.to_string()),
                surface: String::new(),
                stems: [Vec::new(), Vec::new()],
                cognate: None,
            };
        }
        let stem = |lang: Lang| -> Vec<String> {
            analyze(term, lang, Some(lang))
                .into_iter()
                .map(|t| t.text)
                .collect()
        };
        Self {
            concept: None,
            surface: term.to_string(),
            stems: [stem(Lang::Fr), stem(Lang::En)],
            cognate: crate::text::cognate::key(term),
        }
    }
}

/// The words of a sentence as the matcher reads them, with byte ranges.
struct SentenceTerms {
    terms: Vec<SentenceTerm>,
    numbers: HashSet<String>,
}

struct SentenceTerm {
    /// The exact term, or its concept.
    exact: String,
    stem: String,
    /// As written, folded.
    surface: String,
    /// Its cognate key ([`crate::text::cognate`]).
    cognate: Option<String>,
    bytes: Range<usize>,
}

impl SentenceTerms {
    /// `text`'s terms; with `by_word`, each word's stem and cognate key too (what words
    /// without a concept are matched by).
    fn of(text: &str, lang: Lang, by_word: bool) -> Self {
        // One analysis; words are stemmed from it rather than analysed twice.
        let exact = analyze(text, lang, None);
        let numbers = exact
            .iter()
            .filter(|t| t.kind == TermKind::Number)
            .map(|t| t.text.clone())
            .collect();
        let terms = exact
            .into_iter()
            .map(|e| {
                let written = &text[e.from..e.to];
                let (stem, surface) = match e.kind {
                    _ if !by_word => (String::new(), String::new()),
                    TermKind::Word => (crate::text::stem(written, lang), e.text.clone()),
                    _ => (e.text.clone(), fold(written)),
                };
                SentenceTerm {
                    cognate: by_word
                        .then(|| crate::text::cognate::key(&surface))
                        .flatten(),
                    exact: e.text,
                    stem,
                    surface,
                    bytes: e.from..e.to,
                }
            })
            .collect();
        Self { terms, numbers }
    }

    /// Where a question word is in the sentence: the same concept (or, for an event word,
    /// any word of the event), the same stem, or a cognate in the other language
    /// ("technologie"/"technology").
    fn positions(&self, want: &Want) -> Vec<usize> {
        self.find(want, true)
    }

    /// Where a question word itself is in the sentence (an event word only as itself).
    fn anchors(&self, want: &Want) -> Vec<usize> {
        self.find(want, false)
    }

    fn find(&self, want: &Want, whole_event: bool) -> Vec<usize> {
        self.terms
            .iter()
            .filter(|t| match &want.concept {
                Some(c) if whole_event && EVENT.contains(&c.as_str()) => {
                    EVENT.contains(&t.exact.as_str())
                }
                Some(c) => &t.exact == c,
                None => {
                    want.stems.iter().any(|s| s.len() == 1 && s[0] == t.stem)
                        || t.surface == want.surface
                        || cognate(&want.surface, &t.surface)
                        || want.cognate.is_some() && t.cognate == want.cognate
                }
            })
            .map(|t| t.bytes.start)
            .collect()
    }
}

/// Words of two languages that share their root: one edit apart, or a long common prefix.
fn cognate(a: &str, b: &str) -> bool {
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la < 5 || lb < 5 {
        return false;
    }
    if near(a, b) {
        return true;
    }
    let prefix = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    prefix >= 6 || (prefix >= 5 && prefix * 4 >= la.min(lb) * 3)
}

/// A sentence read for a question.
struct Candidate<'a> {
    hit: &'a Hit,
    rank: usize,
    sentence: u32,
    text: &'a str,
    /// How each mention is found.
    found: Vec<Found>,
    coverage: f32,
    figures_ok: bool,
    span: Option<Span>,
    span_score: f32,
    /// The sentence's mood agrees with the question's ("would… if" both, or neither).
    mood: bool,
    undisclosed: bool,
    reason_cue: bool,
}

/// The short answer read from a sentence.
#[derive(Debug, Clone)]
enum Span {
    Quantity(Quantity),
    Date(DateSpan),
    /// One name, or several joined ("A and B").
    Names(Vec<Range<usize>>),
    /// The words a verb of the deal takes as its object, verbatim ("its subsidiaries engaged
    /// in pipeline and terminal operations").
    Phrase(Range<usize>),
}

/// What follows a deal verb of the sentence, up to where the deal's terms begin ("for 12 mln
/// dlrs", "to Onex"): the thing sold or bought, when no name says it.
fn object_after_verb(sentence: &str, anchors: &[usize]) -> Option<Range<usize>> {
    let verb_at = *anchors.iter().min()?;
    let verb_end = verb_at + sentence[verb_at..].find(char::is_whitespace)?;
    let rest = &sentence[verb_end..];
    let lower = rest.to_lowercase();
    let stop = [
        " for ",
        " to ",
        " from ",
        ",",
        ";",
        " at ",
        " in exchange",
        " under ",
        " pour ",
        " à ",
        " par ",
    ]
    .iter()
    .filter_map(|w| lower.find(w))
    .min()
    .unwrap_or(rest.trim_end_matches('.').len());
    let phrase = rest[..stop].trim();
    let words = phrase.split_whitespace().count();
    if !(2..=14).contains(&words) {
        return None;
    }
    let start = verb_end + rest.find(phrase)?;
    Some(start..start + phrase.len())
}

/// What the question's verbs say about the money asked: a price paid, or earnings.
#[derive(Debug, Clone, Copy, PartialEq)]
enum MoneyKind {
    Deal,
    Earnings,
    Any,
}

fn money_kind_of_question(content: &[String]) -> MoneyKind {
    let has = |c: &str| content.iter().any(|w| w == c);
    if has("@revenue") || has("@profit") || has("@loss") {
        MoneyKind::Earnings
    } else if [
        "@pay",
        "@buy",
        "@sell",
        "@offer",
        "@price",
        "@acquire",
        "@value",
        "@invest",
        "@financing",
        "@spending",
        "@damages",
    ]
    .iter()
    .any(|c| has(c))
    {
        MoneyKind::Deal
    } else {
        MoneyKind::Any
    }
}

/// The last `bytes` bytes or so of `text` before `at` (on a character boundary): what a rule
/// looking at the few words before a span needs, without folding the whole sentence.
fn near_before(text: &str, at: usize, bytes: usize) -> &str {
    let mut from = at.saturating_sub(bytes);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    &text[from..at]
}

/// The clause a date (`date`, bytes of `text`) is in when that clause opens with a word that
/// makes it the time of its own event, apart from the sentence's ("When NYMEX announced its
/// proposed rule change in December, NYMEX President … said"): from that word to the next
/// comma or semicolon. A date right after the word ("since March", "après mars") is the
/// word's own object, not such a clause.
fn temporal_clause(text: &str, date: &Range<usize>) -> Option<Range<usize>> {
    const OPENS: &[&str] = &[
        "when", "after", "before", "since", "once", "lorsque", "lorsqu", "quand", "apres", "avant",
        "depuis",
    ];
    let start = text[..date.start]
        .rfind([',', ';', ':'])
        .map_or(0, |i| i + 1);
    let mut words = text[start..date.start].split_whitespace();
    let first = words.next()?;
    // "Lorsqu'il": the word before the elision.
    let first = first.split(['\'', '’']).next().unwrap_or(first);
    let first = fold(first.trim_matches(|c: char| !c.is_alphanumeric()));
    if !OPENS.contains(&first.as_str()) || words.count() < 2 {
        return None;
    }
    let end = clause_break(text, date.end).unwrap_or(text.len());
    Some(start..end)
}

/// The first `bytes` bytes or so of `text` from `at`.
fn near_after(text: &str, at: usize, bytes: usize) -> &str {
    let mut to = (at + bytes).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    &text[at..to]
}

/// What the words around a money span say it is: "revenue of X", "X de revenus".
fn money_kind_at(sentence: &str, span: &Range<usize>) -> MoneyKind {
    let before = fold(near_before(sentence, span.start, 80));
    let after = fold(near_after(sentence, span.end, 40));
    let near = before
        .split_whitespace()
        .rev()
        .take(7)
        .chain(after.split_whitespace().take(3));
    let earnings = [
        "revenue",
        "revenues",
        "sales",
        "profit",
        "profits",
        "earned",
        "earnings",
        "net",
        "loss",
        "losses",
        "lost",
        "income",
        "deficit",
        "revenu",
        "revenus",
        "benefice",
        "benefices",
        "perte",
        "pertes",
        "ventes",
        "affaires",
    ];
    if near
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
        .any(|w| earnings.contains(&w.as_str()))
    {
        MoneyKind::Earnings
    } else {
        MoneyKind::Deal
    }
}

/// Whether a question "holds" an event ("When will Indonesia hold general elections?"): an
/// event named within three words after "hold", which is then no ownership.
fn holds_an_event(question: &str) -> bool {
    const EVENTS: &[&str] = &[
        "election",
        "elections",
        "meeting",
        "meetings",
        "talks",
        "vote",
        "session",
        "sessions",
        "conference",
        "summit",
        "referendum",
        "auction",
        "hearing",
        "hearings",
        "ballot",
    ];
    let folded = fold(question);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.iter().enumerate().any(|(i, w)| {
        matches!(*w, "hold" | "holds" | "held" | "holding")
            && words[i + 1..]
                .iter()
                .take(3)
                .any(|next| EVENTS.contains(next))
    })
}

/// How a party holds a figure: owns it, gains it (buys, acquires) or gives it up (sells).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Holding {
    Owns,
    Gains,
    Sells,
}

fn holding(word: &str) -> Option<Holding> {
    let word = word.trim_matches(|c: char| !c.is_alphanumeric());
    match lexicon::concept(word)? {
        "own" => Some(Holding::Owns),
        "acquire" | "buy" => Some(Holding::Gains),
        "sell" => Some(Holding::Sells),
        _ => None,
    }
}

/// The holding verb nearest the figure at `span`: one of the two words right after it ("40
/// pct owned by"), else one of the three before it ("acquire the remaining 60 pct").
fn holding_verb_at(sentence: &str, span: &Range<usize>) -> Option<Holding> {
    let before = fold(near_before(sentence, span.start, 40));
    let after = fold(near_after(sentence, span.end, 30));
    let after: Vec<&str> = after.split_whitespace().take(2).collect();
    let before: Vec<&str> = before.split_whitespace().rev().take(3).collect();
    after
        .first()
        .into_iter()
        .chain(before.first())
        .chain(after.get(1))
        .chain(before.iter().skip(1))
        .find_map(|w| holding(w))
}

/// The years and fiscal years a text writes ("1986", "1985/86"), as written.
fn years_written(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | '?' | '(' | ')' | ';'))
        .map(|w| w.trim_end_matches(['.', '\'', '’']))
        .filter(|w| {
            let Some((year, rest)) = w.split_at_checked(4) else {
                return false;
            };
            year.parse::<u16>()
                .is_ok_and(|y| (1900..=2099).contains(&y))
                && (rest.is_empty()
                    || rest.strip_prefix('/').is_some_and(|r| {
                        matches!(r.len(), 2 | 4) && r.bytes().all(|b| b.is_ascii_digit())
                    }))
        })
        .collect()
}

/// Whether the sentence writes a year the question asks about only after the clause of the
/// figure at `figure`: "revenue would be about 6.745 billion riyals, down by about 30 pct on
/// the 1985/86 projected revenue of 9.7 billion" gives 6.745 billion for another year than
/// 1985/86.
fn period_elsewhere(sentence: &str, figure: &Range<usize>, asked: &[&str]) -> bool {
    // Most questions name no year: no need to read the sentence's.
    if asked.is_empty() {
        return false;
    }
    let mut clause_end = clause_break(sentence, figure.end).unwrap_or(sentence.len());
    // "the 2.4 mln dlrs, or 15 cts a share, earned in fiscal 1986": a figure said again
    // between commas belongs to the clause around it.
    let lead = sentence[..figure.start].trim_end();
    let lead = lead.strip_suffix("about").unwrap_or(lead).trim_end();
    if lead.ends_with(", or") && sentence.as_bytes().get(clause_end) == Some(&b',') {
        clause_end = clause_break(sentence, clause_end + 1).unwrap_or(sentence.len());
    }
    let written = years_written(sentence);
    let mut in_sentence = asked.iter().filter(|y| written.contains(y)).peekable();
    in_sentence.peek().is_some()
        && in_sentence.all(|year| {
            sentence
                .match_indices(*year)
                .all(|(at, _)| at >= clause_end)
        })
}

/// Where the clause going on at byte `from` of `sentence` ends: its next comma or
/// semicolon, not the comma of a figure ("232,000 dlrs"), nor the commas around the same
/// figure said another way ("the 2.4 mln dlrs, or 15 cts a share, earned in fiscal 1986").
fn clause_break(sentence: &str, from: usize) -> Option<usize> {
    let bytes = sentence.as_bytes();
    let digit = |i: Option<usize>| i.and_then(|i| bytes.get(i)).is_some_and(u8::is_ascii_digit);
    let mut breaks = sentence[from..]
        .match_indices([',', ';'])
        .map(|(at, _)| from + at)
        .filter(|&at| !(bytes[at] == b',' && digit(at.checked_sub(1)) && digit(Some(at + 1))));
    while let Some(at) = breaks.next() {
        let restated = bytes[at] == b','
            && sentence[at + 1..]
                .trim_start()
                .strip_prefix("or ")
                .map(|r| r.trim_start_matches("about ").trim_start_matches("some "))
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()));
        if !restated {
            return Some(at);
        }
        // The comma closing the figure said again goes on with the clause too.
        match breaks.next() {
            Some(closing) if bytes[closing] == b',' => continue,
            other => return other,
        }
    }
    None
}

/// What an amount of money is an amount of, when a sentence or a question names it: the
/// question "How much revenue…" is not answered by "a deficit of 5.472 billion riyals".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MoneyNoun {
    Revenue,
    Profit,
    Loss,
    Deficit,
    Spending,
}

/// The words naming each [`MoneyNoun`], folded, in either language.
const MONEY_NOUNS: &[(MoneyNoun, &[&str])] = &[
    (
        MoneyNoun::Revenue,
        &[
            "revenue", "revenues", "sales", "turnover", "revenu", "revenus", "ventes", "recettes",
        ],
    ),
    (
        MoneyNoun::Profit,
        &[
            "profit",
            "profits",
            "earned",
            "earn",
            "earns",
            "earnings",
            "income",
            "benefice",
            "benefices",
        ],
    ),
    (
        MoneyNoun::Loss,
        &["loss", "losses", "lost", "perte", "pertes"],
    ),
    (
        MoneyNoun::Deficit,
        &["deficit", "deficits", "shortfall", "shortfalls"],
    ),
    (
        MoneyNoun::Spending,
        &[
            "spend",
            "spends",
            "spent",
            "spending",
            "expenditure",
            "expenditures",
            "outlays",
            "depense",
            "depenses",
            "depenser",
        ],
    ),
];

fn money_noun(word: &str) -> Option<MoneyNoun> {
    let word = word.trim_matches(|c: char| !c.is_alphanumeric());
    MONEY_NOUNS
        .iter()
        .find(|(_, words)| words.contains(&word))
        .map(|(noun, _)| *noun)
}

/// The kind of amount a question asks for, when it names one.
fn money_noun_of_question(folded_question: &str) -> Option<MoneyNoun> {
    folded_question.split_whitespace().find_map(money_noun)
}

/// The kind of amount the figure at `span` is, from the nearest word naming one: before it
/// (seven words back, "revenue would be about 6.745 billion"), else right after it ("12 mln
/// dlrs in sales").
fn money_noun_at(sentence: &str, span: &Range<usize>) -> Option<MoneyNoun> {
    let before = fold(near_before(sentence, span.start, 80));
    let after = fold(near_after(sentence, span.end, 40));
    before
        .split_whitespace()
        .rev()
        .take(7)
        .find_map(money_noun)
        .or_else(|| after.split_whitespace().take(3).find_map(money_noun))
}

/// Where the word before `at` starts, passing over hedges ("paid about 21 mln").
fn start_of_word_before(sentence: &str, at: usize) -> Option<usize> {
    const HEDGES: &[&str] = &[
        "about",
        "some",
        "approximately",
        "nearly",
        "almost",
        "roughly",
        "around",
        "a",
        "an",
        "the",
        "environ",
        "quelque",
        "pres",
        "de",
    ];
    let mut end = at;
    loop {
        let head = sentence[..end].trim_end();
        let start = head.rfind(|c: char| c.is_whitespace()).map_or(0, |i| i + 1);
        if start >= head.len() {
            return None;
        }
        let word = fold(&head[start..]);
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        if !HEDGES.contains(&word) {
            return Some(start);
        }
        end = start;
    }
}

/// The word just before `at` in `sentence`, folded.
/// What a percentage is of, as written right after it: "49.4 pct of the voting rights" →
/// ["voting", "rights"]; none when no "of the …" follows.
fn percent_of(sentence: &str, figure: &Range<usize>) -> Vec<String> {
    let after = fold(near_after(sentence, figure.end, 60));
    let mut words = after
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == '.')
        .filter(|w| !w.is_empty());
    if !matches!(words.next(), Some("of" | "du" | "des" | "de")) {
        return Vec::new();
    }
    words
        .skip_while(|w| {
            matches!(
                *w,
                "the" | "its" | "their" | "la" | "le" | "l'" | "ses" | "leur"
            )
        })
        .take_while(|w| {
            !matches!(
                *w,
                "and" | "while" | "in" | "at" | "for" | "et" | "dans" | "pour" | "from" | "to"
            )
        })
        .take(3)
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
        .filter(|w| w.len() >= 4)
        .collect()
}

/// A percentage's fit to the question by what it is of: when the sentence's percentages are
/// of different things and one of them is what the question names, the others lose.
fn percent_of_score(
    sentence: &str,
    spans: &[Range<usize>],
    figure: &Range<usize>,
    qf: &str,
) -> f32 {
    let asked = |words: &[String]| {
        words.iter().any(|w| {
            qf.split(|c: char| !c.is_alphanumeric())
                .any(|q| q.len() >= 4 && (q == w || q.starts_with(w.as_str()) || w.starts_with(q)))
        })
    };
    let own = percent_of(sentence, figure);
    if own.is_empty() {
        return 0.0;
    }
    let others: Vec<Vec<String>> = spans
        .iter()
        .filter(|s| *s != figure)
        .map(|s| percent_of(sentence, s))
        .filter(|w| !w.is_empty() && *w != own)
        .collect();
    if others.is_empty() {
        return 0.0;
    }
    // Only the others lose: the sentence is no likelier than one with a single percentage.
    if !asked(&own) && others.iter().any(|o| asked(o)) {
        -3.0
    } else {
        0.0
    }
}

/// Where the company a percentage is held in starts, when a name follows it: "a 16 pct
/// interest in Teles Pires Mining", "29 pct of CMP", "19 % du capital de Novo Astro"; or
/// when the figure's clause describes the name before it: "Azuma Steel, owned 41.3 pct by
/// Nippon Kokan", "Tarxien, which is 40 pct owned by Multi-Step".
fn percent_object(sentence: &str, figure: &Range<usize>) -> Option<usize> {
    percent_object_after(sentence, figure).or_else(|| owned_one_before(sentence, figure))
}

/// The name a percentage "owned by" someone describes, written right before its clause.
fn owned_one_before(sentence: &str, figure: &Range<usize>) -> Option<usize> {
    const OWNED: &[&str] = &["owned", "held", "detenu", "detenue", "detenus", "detenues"];
    let owned_after = OWNED.contains(&word_after(sentence, figure.end).as_str());
    // "owned 41.3 pct", "détenue à 41,3 %".
    let before = fold(near_before(sentence, figure.start, 30));
    let mut before = before
        .split_whitespace()
        .rev()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()));
    let owned_before = match before.next() {
        Some("a") => before.next().is_some_and(|w| OWNED.contains(&w)),
        Some(w) => OWNED.contains(&w),
        None => false,
    };
    if !owned_after && !owned_before {
        return None;
    }
    // Only the clause's own words between the name and the figure.
    const BETWEEN: &[&str] = &[
        "which", "that", "is", "are", "was", "now", "owned", "held", "qui", "est", "detenu",
        "detenue", "a",
    ];
    let name = names_in(&sentence[..figure.start])
        .into_iter()
        .rfind(|r| r.end <= figure.start)?;
    let between = fold(&sentence[name.end..figure.start]);
    let words: Vec<&str> = between
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    (between.trim_start().starts_with(',') && words.iter().all(|w| BETWEEN.contains(w)))
        .then_some(name.start)
}

/// Where the company a percentage is held in starts, when a name follows it.
fn percent_object_after(sentence: &str, figure: &Range<usize>) -> Option<usize> {
    // Words between the figure and the preposition: "stake", "du capital".
    const HOLDINGS: &[&str] = &[
        "stake",
        "interest",
        "holding",
        "share",
        "participation",
        "equity",
        "du",
        "capital",
    ];
    let list = Words::of(sentence.get(figure.end..)?).list;
    let mut i = 0;
    while list
        .get(i)
        .is_some_and(|(w, _, _)| HOLDINGS.contains(&w.as_str()))
        && i < 3
    {
        i += 1;
    }
    let (w, _, _) = list.get(i)?;
    if !matches!(w.as_str(), "in" | "of" | "dans" | "de" | "d") {
        return None;
    }
    let (_, r, capitalised) = list.get(i + 1)?;
    capitalised.then_some(figure.end + r.start)
}

/// Whether a percentage is measured over a price ("about 20 pct over the market price",
/// "20 % au-dessus du prix"): a premium.
fn over_price(sentence: &str, figure: &Range<usize>) -> bool {
    let after = fold(near_after(sentence, figure.end, 40));
    let mut words = after.split_whitespace();
    matches!(words.next(), Some("over" | "above" | "au-dessus"))
        && words.take(4).any(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .starts_with("price")
                || w.starts_with("prix")
                || w.starts_with("cours")
        })
}

/// Words of a question that ask for an amount paid in cash.
const CASH_WORDS: &[&str] = &["cash", "especes", "comptant", "liquide"];

/// Whether the words right before a figure make it a price per share: "receive for each
/// share 29 dlrs", "pour chaque action 12 dollars", "for every Liebert share".
fn per_share_before(sentence: &str, at: usize) -> bool {
    let before = fold(near_before(sentence, at, 60));
    let words: Vec<&str> = before
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .collect();
    let is_share = |w: &str| matches!(w, "share" | "action");
    match words.as_slice() {
        [.., p, s] if matches!(*p, "per" | "par") && is_share(s) => true,
        [.., f, e, s]
            if matches!(*f, "for" | "pour")
                && matches!(*e, "each" | "every" | "chaque")
                && is_share(s) =>
        {
            true
        }
        // "for each Liebert share", "pour chaque action Lumex".
        [.., f, e, a, b]
            if matches!(*f, "for" | "pour")
                && matches!(*e, "each" | "every" | "chaque")
                && (is_share(a) || is_share(b)) =>
        {
            true
        }
        _ => false,
    }
}

/// The word right after byte `at` of `sentence`, folded: what a rule looking at the word
/// after a span needs.
fn word_after(sentence: &str, at: usize) -> String {
    fold(first_word(near_after(sentence, at, 30)))
}

/// The first word of `text`, without the punctuation around it.
fn first_word(text: &str) -> &str {
    text.split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric())
}

fn word_before(sentence: &str, at: usize) -> String {
    fold(near_before(sentence, at, 40))
        .split_whitespace()
        .last()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string()
}

/// Whether the question asks about what will happen: "when will…", "quand … publiera-t-il",
/// "quand va-t-il…".
fn asks_about_future(question: &str) -> bool {
    let q = format!(" {} ", fold(question).replace(['-', '\'', '’', '?'], " "));
    [" will ", " going to ", " va ", " vont "]
        .iter()
        .any(|w| q.contains(w))
        || q.split_whitespace()
            .collect::<Vec<_>>()
            .windows(3)
            .any(|w| matches!(w, [verb, "t", "il" | "elle" | "on"] if verb.ends_with("ra")))
        // "voteront", "seront": the third person plural of the future.
        || q.split_whitespace()
            .any(|w| w.len() >= 6 && w.ends_with("ront"))
}

/// Whether the date `d` was already past on the day `written`: an earlier year, or (with no
/// year written) an earlier day of that month or one of the three months before it.
fn before_writing(d: &DateSpan, written: &crate::date::IsoDate) -> bool {
    let (Some(month), Some(written_month)) = (d.month, written.month()) else {
        return d.year.is_some_and(|y| y < written.year());
    };
    match d.year {
        Some(y) if y != written.year() => y < written.year(),
        Some(_) => {
            month < written_month
                || month == written_month && d.day.zip(written.day()).is_some_and(|(a, b)| a < b)
        }
        None => {
            let months_back = (written_month + 12 - month) % 12;
            (1..=3).contains(&months_back)
                || months_back == 0 && d.day.zip(written.day()).is_some_and(|(a, b)| a < b)
        }
    }
}

/// Whether the date `d` only says where a period ends, whose holders count or when a thing
/// is usually done ("its first quarter, ending February 28", "holders of record February
/// 18", "typically reports … in late March"): not when the event the question asks happens,
/// unless the question asks that end, that record or that habit.
fn bounds_something_else(sentence: &str, d: &DateSpan, question: &str) -> bool {
    let before = fold(near_before(sentence, d.bytes.start, 80));
    let words: Vec<&str> = before
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let ends = matches!(
        words.last().copied(),
        Some("ending" | "ended" | "ends" | "clos" | "close" | "closing")
    );
    let record = matches!(
        words.as_slice(),
        [.., "of", "record"] | [.., "record", "date"]
    );
    let asked = |stems: &[&str]| {
        question
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| stems.iter().any(|s| w.starts_with(s)))
    };
    // "it typically reports first quarter results in late March": a habit, not this time.
    let clause = before.rsplit([',', ';']).next().unwrap_or("");
    const HABITUAL: &[&str] = &[
        "typically",
        "usually",
        "normally",
        "generally",
        "customarily",
        "habituellement",
        "normalement",
        "generalement",
    ];
    let habit = clause
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| HABITUAL.contains(&w));
    ends && !asked(&["end", "clos", "termin", "fin"])
        || record && !asked(&["record", "enregistr"])
        || habit && !asked(HABITUAL)
}

/// Whether the figure at `at` follows the "from" of a change ("cut its stake to 6.4 pct from
/// 9.2 pct"), with no "to" between them.
fn since_change_from(sentence: &str, at: usize) -> bool {
    const CHANGES: &[&str] = &[
        "rais", "lower", "cut", "reduc", "increas", "decreas", "rose", "rise", "fell", "fall",
        "drop", "climb", "boost", "lift", "trim", "declin", "grew", "grow", "jump", "slip", "gain",
    ];
    let lead = fold(sentence.get(..at).unwrap_or(""));
    let words: Vec<&str> = lead
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let last = |word: &str| words.iter().rposition(|w| *w == word);
    let Some(from) = last("from") else {
        return false;
    };
    last("to").is_none_or(|to| to < from)
        && words[..from]
            .iter()
            .any(|w| CHANGES.iter().any(|c| w.starts_with(c)))
}

/// Picks the quantity a question wants among a sentence's, with how well it fits: the unit
/// asked for, the preposition the question implies ("by how much" → "by"), and how close it
/// stands to the sentence's words that the question uses (`anchors`) and to its names.
/// `asked`: the months and years the question names; `sentence_dates`: the sentence's dates
/// (needed only when the question names some).
#[allow(clippy::too_many_arguments)]
fn pick_quantity(
    qs: Vec<Quantity>,
    want: Expect,
    question: &str,
    sentence: &str,
    money_kind: MoneyKind,
    near_at: &[Range<usize>],
    anchors: &[usize],
    asked: &[DateSpan],
    sentence_dates: &[DateSpan],
) -> Option<(f32, Quantity)> {
    let asked_quarter = quarter_in(question);
    let qf = fold(question);
    let asked_noun = money_noun_of_question(&qf);
    let asked_years = years_written(question);
    let asked_holding: Vec<Holding> = qf
        .split(|c: char| !c.is_alphanumeric())
        .filter_map(holding)
        .collect();
    let by = qf.contains("by how much")
        || qf.contains("de combien")
        || qf.contains("by what")
        || want == Expect::Change;
    let to = qf.contains("to what")
        || qf.contains("a combien")
        || qf.contains("raise")
        || want == Expect::Level;
    // A price or level asked ("what price…", "quel est le prix…") is the figure a change
    // brings it "to", not the change.
    // "What is Union's price for Louisiana Sweet?", "quel est le nouveau prix…": a price the
    // question names without a change ("cut its price") is a level too.
    let question_words: Vec<&str> = qf.split(|c: char| !c.is_alphanumeric()).collect();
    let names_price = question_words
        .iter()
        .any(|w| matches!(*w, "price" | "prices" | "prix" | "posting" | "postings"));
    let names_change = question_words.iter().any(|w| {
        [
            "cut", "lower", "reduc", "rais", "increas", "decreas", "rise", "rose", "fall", "fell",
            "drop", "baiss", "hauss", "augment", "diminu", "relev", "redui",
        ]
        .iter()
        .any(|c| w.starts_with(c))
    });
    let asks_before = question_words.iter().any(|w| {
        matches!(
            *w,
            "before"
                | "previously"
                | "previous"
                | "earlier"
                | "formerly"
                | "prior"
                | "avant"
                | "auparavant"
                | "precedemment"
                | "anterieurement"
        )
    });
    let level = !by
        && (qf.contains("what price")
            || qf.contains("quel prix")
            || qf.contains("quel est le prix")
            || qf.contains("posted price")
            || qf.contains("prix affiche")
            || qf.contains("what is the price")
            || names_price && !names_change);
    // The things the question counts, as the sentence may name them in either language.
    const UNITS: &[(&[&str], &[&str])] = &[
        // "33 mln IC Gas ordinary": British ordinary shares.
        (&["share", "action"], &["share", "action", "ordinar"]),
        (
            &["barrel", "baril", "bpd"],
            &["barrel", "baril", "bpd", "bbl"],
        ),
        (&["ounce", "once"], &["ounce", "once"]),
        (&["ton"], &["ton"]),
        (
            &["cubic", "metre", "meter", "cube"],
            &["cubic", "metre", "meter", "metrer"],
        ),
        // Gas is measured by volume, never in barrels.
        (
            &["gas", "gaz"],
            &[
                "cubic", "metre", "meter", "metrer", "feet", "bcf", "tcf", "mcf",
            ],
        ),
        (&["worker", "employ", "salari"], &["worker", "employ"]),
        (&["customer", "client"], &["customer", "client"]),
    ];
    let unit_words: Vec<&str> = UNITS
        .iter()
        .filter(|(asked, _)| asked.iter().any(|w| qf.contains(w)))
        .flat_map(|(_, written)| written.iter().copied())
        .collect();
    // Shares given for each share ("receive .3322 shares of Emerson stock for each Liebert
    // share") are a price per share paid in stock.
    let qs: Vec<Quantity> = qs
        .into_iter()
        .map(|mut q| {
            if q.per.is_none() && q.is_money() && per_share_before(sentence, q.bytes.start) {
                q.per = Some("share".to_string());
            }
            if let Unit::Count(what) = &q.unit
                && q.per.is_none()
                && ["share", "action"].iter().any(|s| fold(what).contains(s))
            {
                let after = fold(near_after(sentence, q.bytes.end, 80));
                let after: String = after.chars().take(60).collect();
                if [" for each ", " for every ", " pour chaque ", " per "]
                    .iter()
                    .any(|w| format!(" {after}").contains(w))
                {
                    q.per = Some("share".to_string());
                }
            }
            q
        })
        .collect();
    let all_spans: Vec<Range<usize>> = qs.iter().map(|q| q.bytes.clone()).collect();
    let percent_spans: Vec<Range<usize>> = qs
        .iter()
        .filter(|q| q.unit == Unit::Percent)
        .map(|q| q.bytes.clone())
        .collect();
    let mut scored: Vec<(f32, Quantity)> = qs
        .into_iter()
        .filter(|q| match want {
            // Unless the question asks for cash: shares are not paid in it.
            Expect::Money { per_share: true }
                if matches!(q.unit, Unit::Count(_)) && q.per.as_deref() == Some("share") =>
            {
                !CASH_WORDS.iter().any(|w| qf.contains(w))
            }
            Expect::Money { per_share } => {
                q.is_money()
                    && (!per_share || matches!(q.per.as_deref(), Some("share" | "action")))
                    && (money_kind == MoneyKind::Any
                        || money_kind_at(sentence, &q.bytes) == money_kind)
                    && asked_noun.is_none_or(|asked| {
                        money_noun_at(sentence, &q.bytes).is_none_or(|noun| noun == asked)
                    })
            }
            Expect::Percent => q.unit == Unit::Percent,
            Expect::Count => matches!(q.unit, Unit::Count(_)),
            Expect::Level | Expect::Change => true,
            _ => false,
        })
        .filter(|q| !period_elsewhere(sentence, &q.bytes, &asked_years))
        .map(|q| {
            let mut score = 0.0;
            let prev = word_before(sentence, q.bytes.start);
            if by && (prev == "by" || prev == "de") {
                score += 2.0;
            }
            if (to || level) && (prev == "to" || prev == "a" || prev == "at") {
                score += 1.5;
            }
            // A limit ("its quota of 948,000", "a ceiling of") is not the actual figure,
            // unless the question asks for the limit.
            const LIMITS: &[&str] = &[
                "quota", "ceiling", "limit", "target", "cap", "capacity", "plafond", "objectif",
                "capacite",
            ];
            if prev == "of" || prev == "de" {
                let noun = sentence[..start_of_word_before(sentence, q.bytes.start).unwrap_or(0)]
                    .split_whitespace()
                    .last()
                    .map(fold)
                    .unwrap_or_default();
                let noun = noun.trim_matches(|c: char| !c.is_alphanumeric());
                if LIMITS.iter().any(|l| noun.starts_with(l))
                    && !LIMITS.iter().any(|l| qf.contains(l))
                {
                    score -= 10.0;
                }
            }
            // "producing one mln bpd above a ceiling of 15.8 mln": a figure measured against
            // another is a difference, unless the question asks one.
            let next_word = word_after(sentence, q.bytes.end);
            if matches!(
                next_word.as_str(),
                "above" | "below" | "au-dessus" | "au-dessous"
            ) && ![
                "above", "below", "over", "under", "dessus", "dessous", "beyond",
            ]
            .iter()
            .any(|w| qf.contains(w))
            {
                score -= 1.5;
            }
            // "3.8 mln of the company's 10.1 mln shares": the whole is not the part asked.
            let before: Vec<String> = fold(near_before(sentence, q.bytes.start, 60))
                .split_whitespace()
                .rev()
                .take(3)
                .map(|w| {
                    w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
                        .to_string()
                })
                .collect();
            let possessive = |w: &str| w.ends_with("'s") || w.ends_with("s'");
            let of_whole = match before.as_slice() {
                [p, o, ..] if (p == "its" || p == "their") && o == "of" => true,
                [p, _, o] if possessive(p) && o == "of" => true,
                [p, o, ..] if possessive(p) && o == "of" => true,
                _ => false,
            };
            // "What was Ostlake Group's net income?": the whole is asked when its owner,
            // written right before it, is the one name the question gives.
            let owner_asked = near_at.len() == 1
                && sentence
                    .get(near_at[0].end..q.bytes.start)
                    .is_some_and(|between| {
                        between
                            .trim_start_matches(['\'', '’'])
                            .trim_start_matches('s')
                            .trim()
                            .is_empty()
                    });
            // "of its 285,000 bpd quota": the noun a figure is written before says what it
            // is; the question may ask that one, or not ask a limit at all.
            // A common noun, not the name of what follows ("640p for each Marlow Gas
            // ordinary").
            let written_after = first_word(near_after(sentence, q.bytes.end, 30));
            let noun_after = if written_after.starts_with(char::is_lowercase) {
                fold(written_after)
            } else {
                String::new()
            };
            // Not where the question makes it the whole ("selling out of its quota").
            let question_words: Vec<&str> = qf
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            // A word every question of its kind asks ("stake", "price") tells nothing.
            let noun_asked = noun_after.len() >= 4
                && !QUESTION_WORDS.contains(&noun_after.as_str())
                && !["interest", "holding", "stakes", "shares"].contains(&noun_after.as_str())
                && question_words.iter().enumerate().any(|(i, w)| {
                    *w == noun_after
                        && !matches!(
                            question_words.get(i.wrapping_sub(2)..i),
                            Some(["of" | "de", "its" | "their" | "the" | "sa" | "son" | "leur"])
                        )
                });
            if noun_asked {
                score += 3.0;
            } else if LIMITS.iter().any(|l| noun_after.starts_with(l))
                && !LIMITS.iter().any(|l| qf.contains(l))
            {
                score -= 3.0;
            }
            if of_whole
                && !owner_asked
                && !noun_asked
                && !["outstanding", "total", "in all", "en tout", "au total"]
                    .iter()
                    .any(|w| qf.contains(w))
            {
                score -= 3.0;
            }
            // The question's verb just before the figure takes it as its object ("Shearson
            // contributed 316 mln dlrs of American Express' 1.25 billion dlr net").
            if start_of_word_before(sentence, q.bytes.start).is_some_and(|s| anchors.contains(&s)) {
                score += 0.5;
            }
            // "a 1.50 dlrs cut brings its posted price … to 16 dlrs": a figure naming a change
            // is not the level a question asks.
            if (to || level)
                && !by
                && matches!(
                    word_after(sentence, q.bytes.end).as_str(),
                    "cut"
                        | "cuts"
                        | "reduction"
                        | "increase"
                        | "rise"
                        | "drop"
                        | "decline"
                        | "hike"
                        | "baisse"
                        | "hausse"
                )
            {
                score -= 2.0;
            }
            // "252p for every one stg nominal of loan stock": what a price is given for is
            // not a price.
            let two_before = fold(near_before(sentence, q.bytes.start, 24));
            let two_before = two_before.trim_end();
            if [" for every", " for each", " pour chaque", " per"]
                .iter()
                .any(|w| format!(" {two_before}").ends_with(w))
            {
                score -= 3.0;
            }
            // "would increase SHV's stake in IC Gas to 39.8 mln shares": the total a change
            // comes to is not the number bought or offered, unless a total is asked. (An
            // amount raised to is the amount: "increased its commitment to 175 mln dlrs".)
            if want == Expect::Count
                && prev == "to"
                && !to
                && !level
                && ![
                    "total", "hold", "own", "stake", "after", "now", "bring", "detien", "posse",
                ]
                .iter()
                .any(|w| qf.contains(w))
            {
                let clause = fold(near_before(sentence, q.bytes.start, 80));
                let clause = clause.rsplit([',', ';']).next().unwrap_or("");
                if clause.split_whitespace().any(|w| {
                    [
                        "increase", "raise", "raising", "bring", "lift", "boost", "augment",
                        "porter", "porte", "portant",
                    ]
                    .iter()
                    .any(|v| w.starts_with(v))
                }) {
                    score -= 5.0;
                }
            }
            // "SHV already holds 6.8 mln IC Gas ordinary stock units": what is held before a
            // deal is not what the deal buys or offers, unless holding is asked.
            if !asked_holding.contains(&Holding::Owns) && !qf.contains("already") {
                let before = fold(near_before(sentence, q.bytes.start, 40));
                let words: Vec<&str> = before.split_whitespace().rev().take(3).collect();
                if let [verb, already, ..] = words.as_slice()
                    && matches!(*already, "already" | "deja")
                    && holding(verb) == Some(Holding::Owns)
                {
                    score -= 5.0;
                }
            }
            // The figure a change is measured against is not the figure asked.
            if matches!(
                prev.as_str(),
                "from" | "than" | "against" | "versus" | "vs" | "with"
            ) {
                score -= 1.0;
            }
            // "lowered their stake … to 260,500 shares, or 6.4 pct …, from 370,500 shares, or
            // 9.2 pct": what follows "from" is how things stood before the change, which is
            // what a question asking "before" wants, and no other.
            if since_change_from(sentence, q.bytes.start) {
                if asks_before {
                    score += 3.0;
                } else if prev != "from" {
                    score -= 1.0;
                }
            }
            match (want, q.per.as_deref()) {
                (Expect::Money { per_share: false }, Some("share" | "action")) => score -= 2.0,
                // A price per barrel or per ounce answers a question about that commodity,
                // not the price of a company.
                (Expect::Money { .. }, Some(per)) if per != "share" && per != "action" => {
                    let named = match per {
                        // OPEC sells nothing but oil.
                        "barrel" | "baril" | "bbl" => [
                            "barrel", "baril", "crude", "brut", "oil", "petrole", "posted",
                            "affich", "opec", "opep",
                        ]
                        .iter()
                        .any(|w| qf.contains(w)),
                        // "at a cost of 160 U.S. dlrs an ounce": what gold costs to mine.
                        "ounce" | "once" => [
                            "ounce", "once", "gold", " or ", "silver", "argent", "platinum",
                            "platine",
                        ]
                        .iter()
                        .any(|w| qf.contains(w)),
                        other => qf.contains(other),
                    };
                    if !named {
                        score -= 3.0;
                    }
                }
                _ => {}
            }
            if let Unit::Count(what) = &q.unit {
                let what = fold(what);
                if unit_words.iter().any(|u| what.contains(u)) {
                    score += 2.0;
                } else if !unit_words.is_empty() {
                    score -= 3.0;
                }
            }
            // "fell to 3.5 mln bpd from 3.8 mln bpd in January": the date written right after
            // a figure is the figure's; a question naming a month or a year wants that one.
            if let Some(date) = date_after(sentence, &q.bytes, sentence_dates) {
                score += if asked.iter().any(|a| same_period(a, date)) {
                    3.0
                } else {
                    -3.0
                };
            }
            // "acquire the remaining 60 pct of Tarxien" and "Tarxien, which is 40 pct owned by
            // Multi-Step": a stake is read with the verb that holds it.
            // An amount paid is the same whichever side it is read from ("a purchase price of
            // .125 dlrs" is what warrants are sold at).
            // "49.4 pct of the voting rights and 14.8 pct of the share capital": what a
            // percentage is of, when the sentence says it, is what the question must ask.
            if want == Expect::Percent {
                score += percent_of_score(sentence, &percent_spans, &q.bytes, &qf);
                // "a 19 pct stake in Novo Astro … and a 16 pct interest in Teles Pires
                // Mining": of the sentence's percentages, the one in the company asked.
                let in_asked = |span: &Range<usize>| {
                    percent_object(sentence, span).map(|at| asked_name_at(sentence, near_at, at))
                };
                if in_asked(&q.bytes) == Some(false)
                    && percent_spans
                        .iter()
                        .any(|other| *other != q.bytes && in_asked(other) == Some(true))
                {
                    score -= 3.0;
                }
            }
            // "about 20 pct over the market price" is a premium, not a stake.
            if want == Expect::Percent && over_price(sentence, &q.bytes) {
                score += if qf.contains("premium") || qf.contains("prime") {
                    3.0
                } else {
                    -2.0
                };
            }
            if want == Expect::Percent
                && !asked_holding.is_empty()
                && let Some(verb) = holding_verb_at(sentence, &q.bytes)
            {
                score += if asked_holding.contains(&verb) {
                    1.0
                } else {
                    -3.0
                };
            }
            // "How many Cyclops shares does the group hold now?" is not answered by the
            // "110,000 Cyclops common shares" it sold; shares bought may be the ones held.
            if want == Expect::Count
                && !asked_holding.is_empty()
                && let Some(verb) = holding_verb_at(sentence, &q.bytes)
            {
                let sold = |h: &Holding| *h == Holding::Sells;
                score += if asked_holding.contains(&verb) {
                    1.0
                } else if sold(&verb) || asked_holding.iter().all(sold) {
                    -3.0
                } else {
                    0.0
                };
            }
            // "Nine pct … would be owned by relatives of Li Ka-Shing, and five pct by the
            // Canadian Imperial Bank": the party after "by" in the figure's clause holds it.
            // An amount is another matter: "agreed to be acquired for about 265 mln dlrs by a
            // company formed by Hutton" is as much the price of the company acquired.
            score += match agent_after(sentence, &q.bytes) {
                Some(agent) if agent.clone().any(|at| asked_name_at(sentence, near_at, at)) => 2.0,
                Some(_) if want == Expect::Percent => -2.0,
                _ => 0.0,
            };
            // "1.19 dlrs per share for the full year, and 2.58 dlrs in the fourth quarter".
            if let (Some(asked), Some(written)) = (asked_quarter, quarter_after(sentence, &q.bytes))
            {
                score += if asked == written { 3.0 } else { -3.0 };
            }
            // A question word counts for the quantity it stands nearest to, or that it
            // qualifies ("35 dlrs cash per share").
            let gap = |a: usize, r: &Range<usize>| {
                if a < r.start {
                    r.start - a
                } else {
                    a.saturating_sub(r.end)
                }
            };
            let close = anchors
                .iter()
                .filter(|&&a| {
                    if q.bytes.contains(&a) {
                        return a != q.bytes.start;
                    }
                    let d = gap(a, &q.bytes);
                    d <= 40 && all_spans.iter().all(|other| gap(a, other) >= d)
                })
                .count()
                .min(2);
            score += close as f32;
            // Nearer the question's names is likelier theirs.
            let distance = near_at
                .iter()
                .map(|r| {
                    r.start
                        .abs_diff(q.bytes.start)
                        .min(r.end.abs_diff(q.bytes.start))
                })
                .min()
                .unwrap_or(0);
            score -= distance as f32 / 300.0;
            (score, q)
        })
        .collect();
    scored.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(a.1.bytes.start.cmp(&b.1.bytes.start))
    });
    scored.into_iter().find(|(s, _)| *s > -2.0)
}

/// Words that report a statement.
const SAYING: &[&str] = &[
    "said",
    "say",
    "says",
    "told",
    "tell",
    "stated",
    "announced",
    "announce",
    "reported",
    "dit",
    "declare",
    "annonce",
    "indique",
    "precise",
    "affirme",
];

/// Whether the name at `name` is the source a sentence reports, after what it says
/// ("…, Yacimientos Petroliferos Fiscales added", "according to Petroleos de Venezuela"): it
/// speaks, it is no party. Not a subject reporting its own deed ("Computer Terminal said it
/// has completed the sale").
fn reports(sentence: &str, name: &Range<usize>) -> bool {
    let before = fold(near_before(sentence, name.start, 20));
    if before.trim_end().ends_with("according to") || before.trim_end().ends_with("selon") {
        return true;
    }
    if !before.trim_end().ends_with(',') {
        return false;
    }
    let next = word_after(sentence, name.end);
    SAYING.contains(&next.as_str())
        || matches!(next.as_str(), "added" | "adds" | "ajoute" | "noted")
}

/// Where a sentence says its event was put off to another date ("has been postponed until
/// the start of April", "a été reportée à avril"): the verb's byte offset.
fn postponed_at(sentence: &str) -> Option<usize> {
    const PUT_OFF: &[&str] = &[
        "postponed",
        "delayed",
        "deferred",
        "rescheduled",
        "adjourned",
        "reporte",
        "reportee",
        "repousse",
        "repoussee",
        "ajourne",
        "ajournee",
    ];
    Words::of(sentence)
        .list
        .iter()
        .find(|(w, _, _)| PUT_OFF.contains(&w.as_str()))
        .map(|(_, r, _)| r.start)
}

/// Whether a relative date is a weekday that dates an event ("the offer will begin
/// Thursday"), not the day a statement was made ("said on Sunday", "a déclaré lundi"): wire
/// stories date their reports by weekday, which answers nothing, unless the question asks
/// when something was said (`asks_saying`).
fn event_weekday(sentence: &str, day: &DateSpan, asks_saying: bool) -> bool {
    if day.weekday.is_none() {
        return false;
    }
    if asks_saying {
        return true;
    }
    let before = fold(near_before(sentence, day.bytes.start, 40));
    // "said Sunday", "said on Sunday", "said late on Sunday", "a déclaré lundi".
    !before
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .rev()
        .take(3)
        .any(|w| SAYING.contains(&w))
}

/// The date (a month or a year) written right after a figure (`figure`, bytes of
/// `sentence`), with at most a preposition and an article between ("3.8 mln bpd in January",
/// "2 % en mars 2024").
fn date_after<'d>(
    sentence: &str,
    figure: &Range<usize>,
    dates: &'d [DateSpan],
) -> Option<&'d DateSpan> {
    const LINKS: &[&str] = &[
        "in", "for", "during", "of", "the", "en", "au", "pour", "de", "du", "le", "la",
    ];
    dates.iter().find(|d| {
        !d.relative
            && (d.month.is_some() || d.year.is_some())
            && sentence
                .get(figure.end..d.bytes.start)
                .is_some_and(|between| {
                    let words: Vec<String> = between.split_whitespace().map(fold).collect();
                    words.len() <= 2 && words.iter().all(|w| LINKS.contains(&w.as_str()))
                })
    })
}

/// Whether a name the question asks starts at byte `at` of `sentence`: where it was found
/// (`near_at`, each name's first place), or written there again ("Toshin Steel, owned 41.9 pct
/// by Nippon Kokan, and Azuma Steel, owned 41.3 pct by Nippon Kokan").
fn asked_name_at(sentence: &str, near_at: &[Range<usize>], at: usize) -> bool {
    near_at.iter().any(|n| {
        n.contains(&at)
            || sentence
                .get(at..at + n.len())
                .zip(sentence.get(n.clone()))
                .is_some_and(|(here, asked)| here == asked)
    })
}

/// The party a figure is given to or held by, named after "by" ("par") in the figure's
/// clause (up to the next comma or semicolon): "five pct by the Canadian Imperial Bank".
/// `None` when that clause has no "by", or no name after it ("rose 5 pct by the close").
fn agent_after(sentence: &str, figure: &Range<usize>) -> Option<Range<usize>> {
    let end = clause_break(sentence, figure.end).unwrap_or(sentence.len());
    let clause = &sentence[figure.end..end];
    let by = [" by ", " par "]
        .iter()
        .filter_map(|w| clause.find(w).map(|at| at + w.len()))
        .min()?;
    let agent = figure.end + by..end;
    (!names_in(&sentence[agent.clone()]).is_empty()).then_some(agent)
}

/// The quarter of a year named by `words` starting there: "fourth quarter", "4th quarter",
/// "quatrième trimestre"; 0 for the whole year ("full year", "l'exercice").
fn quarter_of(words: &[String]) -> Option<u8> {
    match words.first().map(String::as_str) {
        Some("year" | "annee" | "exercice") => return Some(0),
        Some("full") if words.get(1).is_some_and(|w| w == "year") => return Some(0),
        _ => {}
    }
    let [ordinal, noun, ..] = words else {
        return None;
    };
    if !matches!(noun.as_str(), "quarter" | "trimestre") {
        return None;
    }
    match ordinal.as_str() {
        "first" | "1st" | "premier" | "1er" => Some(1),
        "second" | "2nd" | "deuxieme" | "2e" | "2eme" => Some(2),
        "third" | "3rd" | "troisieme" | "3e" | "3eme" => Some(3),
        "fourth" | "4th" | "quatrieme" | "4e" | "4eme" => Some(4),
        _ => None,
    }
}

/// The quarter a text names anywhere ("in the fourth quarter"), if one (not the whole year:
/// "this year" names no period of a figure).
fn quarter_in(text: &str) -> Option<u8> {
    let words: Vec<String> = words(text).into_iter().map(|(w, _, _)| w).collect();
    (0..words.len())
        .find_map(|i| quarter_of(&words[i..]))
        .filter(|q| *q > 0)
}

/// The quarter written right after a figure, with at most a preposition and an article
/// between ("2.58 dlrs in the fourth quarter", "au quatrième trimestre").
fn quarter_after(sentence: &str, figure: &Range<usize>) -> Option<u8> {
    const LINKS: &[&str] = &[
        "in", "for", "during", "the", "its", "au", "du", "pour", "le",
    ];
    let after: Vec<String> = words(near_after(sentence, figure.end, 40))
        .into_iter()
        .map(|(w, _, _)| w)
        .collect();
    let skip = after
        .iter()
        .take(2)
        .take_while(|w| LINKS.contains(&w.as_str()))
        .count();
    quarter_of(&after[skip..])
}

/// Whether a date of the sentence is the period a date of the question names: the same month
/// and the same year, where both say one, and at least one of them said by both.
fn same_period(asked: &DateSpan, written: &DateSpan) -> bool {
    let agree = |a: Option<u16>, w: Option<u16>| a.is_none() || w.is_none() || a == w;
    let both = |a: Option<u16>, w: Option<u16>| a.is_some() && w.is_some();
    let (am, wm) = (asked.month.map(u16::from), written.month.map(u16::from));
    agree(am, wm)
        && agree(asked.year, written.year)
        && (both(am, wm) || both(asked.year, written.year))
}

/// Whether a question word stands next to one of the question's names in the sentence: "Union
/// Faith is equally owned by …" is about Union Faith's owners, "Nova, which owns 56 pct of
/// Husky, … Union Faith" is not.
fn event_near_names(names: &[Range<usize>], anchors: &[usize]) -> f32 {
    let near = names.iter().any(|r| {
        anchors
            .iter()
            .any(|&a| a.abs_diff(r.end) <= 30 || a.abs_diff(r.start) <= 30)
    });
    if near { 1.0 } else { 0.0 }
}

/// Pronouns start sentences with a capital but never a name ("It said …", "Il a …").
pub(crate) fn is_pronoun(folded: &str) -> bool {
    matches!(
        folded,
        "it" | "he"
            | "she"
            | "they"
            | "we"
            | "i"
            | "you"
            | "his"
            | "her"
            | "il"
            | "elle"
            | "ils"
            | "elles"
            | "nous"
            | "on"
            | "cela"
            | "ceci"
    )
}

/// Whether a sentence opens on a subject that stands for the one name of the question it
/// lacks, found earlier in its paragraph: "This follows sales of two other Purolator units.
/// It agreed recently to sell its Canadian Courier unit to Onex Capital for 170 mln dlrs."
/// Then another name of the sentence is the other party, not a rival subject.
fn refers_back(sentence: &str, found: &[Found]) -> bool {
    let first = sentence
        .split_whitespace()
        .next()
        .map(|w| fold(w.trim_matches(|c: char| !c.is_alphanumeric())))
        .unwrap_or_default();
    matches!(first.as_str(), "it" | "il" | "elle")
        && found.iter().filter(|f| **f == Found::Paragraph).count() == 1
        && !found.contains(&Found::Article)
}

/// Names in a sentence: runs of capitalised words and `<…>` markup, with their byte ranges;
/// not a word the lexicon knows in both languages ("IA", "Bourse").
pub(crate) fn names_in(sentence: &str) -> Vec<Range<usize>> {
    let mut names = capitalised_runs(sentence);
    names.retain(|r| {
        let words = Words::of(&sentence[r.clone()]).list;
        !(words.len() == 1 && lexicon::concept(&words[0].0).is_some())
    });
    names
}

fn capitalised_runs(sentence: &str) -> Vec<Range<usize>> {
    let list = Words::of(sentence).list;
    let mut out: Vec<Range<usize>> = Vec::new();
    // Particles inside names: "Bank of Tokyo", "Sheikh Abdul-Aziz bin Khalifa al-Thani".
    let connectors = [
        "of", "and", "&", "de", "du", "des", "bin", "ibn", "al", "el", "van", "von", "der", "abu",
    ];
    let mut i = 0;
    while i < list.len() {
        let (w, r, cap) = &list[i];
        // The sentence's first word is a name when a name follows it, or when it is the subject
        // of a verb of saying or a possessor ("Kuwait, they said", "Kuwait's oil minister").
        let initial_name = || {
            lexicon::concept(w).is_none()
                && (i + 1 < list.len() && list[i + 1].2
                    || sentence[r.end..].starts_with(',')
                    || sentence[r.end..].starts_with('\'')
                    || gazetteer::is_country(std::slice::from_ref(w))
                    || list.get(i + 1).is_some_and(|n| {
                        matches!(
                            n.0.as_str(),
                            "said"
                                | "says"
                                | "has"
                                | "have"
                                | "is"
                                | "was"
                                | "will"
                                | "would"
                                | "agreed"
                                | "announced"
                                | "denied"
                                | "added"
                        )
                    }))
        };
        let is_start =
            *cap && !lexicon::is_stop_word(w) && !is_pronoun(w) && (r.start > 0 || initial_name());
        if !is_start {
            i += 1;
            continue;
        }
        let mut end = r.end;
        let mut j = i + 1;
        while j < list.len() {
            let (w2, r2, cap2) = &list[j];
            let gap = &sentence[end..r2.start];
            let joined = gap
                .chars()
                .all(|c| c.is_whitespace() || c == '-' || c == '.' || c == '&' || c == '\'');
            if !joined {
                break;
            }
            if *cap2 {
                end = r2.end;
                j += 1;
            } else if connectors.contains(&w2.as_str())
                && list.get(j + 1).is_some_and(|n| {
                    n.2 && sentence[r2.end..n.1.start]
                        .chars()
                        .all(|c| c.is_whitespace() || c == '-')
                })
            {
                end = list[j + 1].1.end;
                j += 2;
            } else {
                break;
            }
        }
        out.push(r.start..end);
        i = j;
    }
    out
}

/// Verbs whose subject buys and whose object is bought (and the reverse).
const BUY_VERBS: &[&str] = &[
    "acquired",
    "acquire",
    "acquires",
    "acquiring",
    "bought",
    "buy",
    "buys",
    "buying",
    "purchase",
    "purchased",
    "purchasing",
    "take",
    "took",
    "taking",
    "tender",
    "offer",
    "offered",
    "offering",
    "bid",
    "merge",
    "merger",
    "rachete",
    "achete",
    "acquis",
    "acquiert",
];
const SELL_VERBS: &[&str] = &[
    "sold",
    "sell",
    "sells",
    "selling",
    "sale",
    "transfer",
    "transferred",
    "vendu",
    "cede",
];

/// A question's preposition before its "whom" ("through whom", "avec qui"), as the
/// sentence may write it: the party asked is the name written after it.
fn preposition_of_question(question: &str) -> Option<&'static [&'static str]> {
    // Either language's question, either language's sources.
    const ASKED: &[(&[&str], &[&str])] = &[
        (
            &[
                "through whom",
                "through which",
                "via whom",
                "via which",
                "par l intermediaire de qui",
                "par l intermediaire de quel",
                "par l entremise de qui",
            ],
            &[
                "through",
                "via",
                "par l'intermédiaire de",
                "par l’intermédiaire de",
                "par l'entremise de",
            ],
        ),
        (
            &["with whom", "with which", "avec qui", "avec quel"],
            &["with", "avec"],
        ),
        // "To whom is U.S. Lines transferring its service?": "… to <Crowley Maritime Corp>".
        (&["to whom", "a qui ", "a quel ", "a quelle "], &["to", "à"]),
        // "Who leads the group…": "the group, led by Mutual Shares Corp".
        (
            &[
                "who leads",
                "who led",
                "who heads",
                "who headed",
                "who chairs",
                "qui dirige",
                "qui mene",
                "qui preside",
            ],
            &[
                "led by",
                "headed by",
                "chaired by",
                "dirigé par",
                "mené par",
                "présidé par",
            ],
        ),
    ];
    // Each asked form starts a word: "à qui" is not in "la quinzaine".
    let q = format!(" {}", fold(question).replace(['\'', '’', '-'], " "));
    ASKED
        .iter()
        .find(|(asked, _)| asked.iter().any(|a| q.contains(&format!(" {a}"))))
        .map(|(_, written)| *written)
}

/// The name right after one of `preps` in `sentence` ("making the tender offer through N.M.
/// Rothschilds"), not one of the question's own (`taken`).
fn name_after_preposition(
    sentence: &str,
    preps: &[&str],
    taken: &[Range<usize>],
) -> Option<Range<usize>> {
    let names = names_in(sentence);
    // ASCII case only: byte offsets stay those of `sentence`.
    let lower = sentence.to_ascii_lowercase();
    preps
        .iter()
        .flat_map(|p| {
            let pattern = format!(" {p} ");
            lower
                .match_indices(&pattern)
                .map(|(i, _)| i + pattern.len())
                .collect::<Vec<_>>()
        })
        .filter_map(|at| {
            // Initials written before the name are the name's: "N.M. Rothschilds".
            let initial = |c: char| c.is_uppercase() || c == '.';
            let first = names.iter().position(|r| {
                r.start >= at
                    && sentence[at..r.start]
                        .chars()
                        .all(|c| c.is_whitespace() || matches!(c, '<' | '(') || initial(c))
            })?;
            // "with Spanish pharmaceuticals company <Antibioticos SA>": a nationality or a
            // place describing the name that follows is not the name.
            let describes = |r: &Range<usize>, next: &Range<usize>| {
                let gap = &sentence[r.end..next.start];
                names_a_place(&name_words(&sentence[r.clone()]))
                    && gap.split_whitespace().count() <= 4
                    && gap.chars().all(|c| {
                        c.is_lowercase() || c.is_whitespace() || matches!(c, '-' | '<' | '(')
                    })
            };
            let (name, from) = match (names.get(first), names.get(first + 1)) {
                (Some(r), Some(next)) if describes(r, next) => (next, next.start),
                (r, _) => {
                    let r = r?;
                    let from = sentence[at..r.start]
                        .find(initial)
                        .map_or(r.start, |i| at + i);
                    (r, from)
                }
            };
            (!taken.iter().any(|t| t.start < name.end && from < t.end)).then_some(from..name.end)
        })
        .min_by_key(|r| r.start)
}

/// Whether the question asks who a named person is and nothing else: "Who is Frank
/// Capozza?", "Qui est Kenneth Thomas ?".
fn asks_identity(question: &str, names: &[String]) -> bool {
    let q = fold(question);
    let rest = ["who is ", "who was ", "who s ", "qui est ", "qui etait "]
        .iter()
        .find_map(|w| {
            q.replace(['\'', '’'], " ")
                .strip_prefix(w)
                .map(str::to_string)
        });
    let Some(rest) = rest else {
        return false;
    };
    let rest = rest.trim_end_matches(|c: char| !c.is_alphanumeric());
    names.len() == 1 && fold(&names[0]) == rest
}

/// What the sentence says a named person is: the words set off after the name ("Frank
/// Capozza, secretary of Century Resources Inc.") or the post and employer written before it
/// ("NYMEX President Rosemary McFadden"). `at` is where the sentence writes the name.
fn identity_of(sentence: &str, at: &Range<usize>) -> Option<Range<usize>> {
    let after = &sentence[at.end..];
    if let Some(rest) = after.strip_prefix(", ") {
        let start = at.end + 2;
        let end = rest
            .find([',', ';', '"', '“', '”'])
            .map_or(sentence.len(), |i| start + i);
        let phrase = sentence[start..end].trim_end_matches(['.', ' ']);
        let words: Vec<&str> = phrase.split_whitespace().collect();
        let title = |w: &&str| TITLES.contains(&fold(w).as_str());
        // "secretary of Century Resources Inc", "McKiernan and Co chairman".
        let described = words
            .first()
            .is_some_and(|w| w.chars().next().is_some_and(char::is_lowercase) || title(w))
            || words.last().is_some_and(title);
        if described && words.len() >= 2 {
            return Some(start..start + phrase.len());
        }
    }
    // The capitalised words right before the name, when one of them is a post.
    let list = Words::of(&sentence[..at.start]).list;
    let mut from = list.len();
    while from > 0 && list[from - 1].2 {
        let gap = &sentence[list[from - 1].1.end..list.get(from).map_or(at.start, |w| w.1.start)];
        if !gap.chars().all(|c| c == ' ' || c == '-') {
            break;
        }
        from -= 1;
    }
    let words = &list[from..];
    words
        .iter()
        .any(|w| TITLES.contains(&w.0.as_str()))
        .then(|| {
            words
                .first()
                .map(|w| w.1.start..words[words.len() - 1].1.end)
        })
        .flatten()
}

/// The name written right before one of the question's words in `sentence` ("the Minister
/// …, Michel Cote, ruled that…"), not one of the question's own names (`taken`): the
/// subject of the verb asked.
fn subject_of_verb(
    sentence: &str,
    anchors: &[usize],
    taken: &[Range<usize>],
) -> Option<Range<usize>> {
    let names = names_in(sentence);
    anchors
        .iter()
        .filter_map(|&a| {
            names
                .iter()
                .rfind(|r| r.end <= a)
                .filter(|r| {
                    let gap = &sentence[r.end..a];
                    gap.len() <= 3 && gap.chars().all(|c| c.is_whitespace() || c == ',')
                })
                .filter(|r| !taken.iter().any(|t| t.start < r.end && r.start < t.end))
                .cloned()
        })
        .min_by_key(|r| r.start)
}

/// Picks the party a question wants among a sentence's names.
fn pick_name(
    sentence: &str,
    role: Option<Role>,
    taken: &[Range<usize>],
    thing: bool,
) -> Option<Vec<Range<usize>>> {
    let names: Vec<Range<usize>> = names_in(sentence)
        .into_iter()
        .filter(|r| !taken.iter().any(|t| t.start < r.end && r.start < t.end))
        .filter(|r| {
            // A date, a ticker ("<CHEM>"), or a country's initials is not a party.
            let name = &sentence[r.clone()];
            // Reuters writes "<SKBS ST>", with the exchange, and once "(SKFR ST>".
            let ticker = (sentence[..r.start].ends_with('<') || sentence[..r.start].ends_with('('))
                && sentence[r.end..].starts_with('>')
                && name.len() <= 10
                && name.split_whitespace().count() <= 2
                && name
                    .chars()
                    .all(|c| c.is_uppercase() || c == '.' || c == ' ');
            let place = names_a_place(&name_words(name));
            !(ticker || place && role != Some(Role::Any))
                && dates::dates(name, Lang::En).is_empty()
                && !matches!(fold(name).as_str(), "u" | "u.s" | "u.s." | "us" | "sec")
        })
        .collect();
    if names.is_empty() {
        return None;
    }
    let verb_at = |verbs: &[&str]| {
        let list = Words::of(sentence).list;
        list.iter()
            .find(|(w, _, _)| verbs.contains(&w.as_str()))
            .map(|(_, r, _)| r.start)
    };
    let after = |at: usize| names.iter().find(|r| r.start > at).cloned();
    let before = |at: usize| names.iter().rev().find(|r| r.end <= at).cloned();
    // The agent of a passive: "offered by Waste Management", "owned by Hutchison".
    let agent = |verbs: &[&str]| {
        let f = fold(sentence);
        verbs
            .iter()
            .filter_map(|v| f.find(&format!("{v} by ")).map(|i| i + v.len()))
            .min()
            .and_then(after)
    };
    let picked = if thing {
        verb_at(BUY_VERBS)
            .or_else(|| verb_at(SELL_VERBS))
            .and_then(after)
    } else {
        match role {
            Some(Role::Buyer) => agent(&[
                "acquired",
                "bought",
                "offered",
                "made",
                "bid",
                "proposed",
                "purchased",
                "taken over",
                "launched",
            ])
            .or_else(|| {
                verb_at(SELL_VERBS)
                    .and_then(|v| sentence[v..].find(" to ").map(|i| i + v))
                    .and_then(after)
            })
            .or_else(|| {
                verb_at(BUY_VERBS).and_then(|v| {
                    // "Suffield said the Federal Reserve Board approved its application to
                    // acquire": "its" is the subject's, who buys.
                    let possessive = |name: &Range<usize>| {
                        let between = format!(" {} ", fold(&sentence[name.end..v]));
                        [" its ", " their ", " son ", " sa ", " ses ", " leur "]
                            .iter()
                            .any(|p| between.contains(p))
                    };
                    match before(v) {
                        Some(name) if possessive(&name) => names.first().cloned(),
                        Some(name) => Some(name),
                        None => names.first().cloned(),
                    }
                })
            }),
            Some(Role::Seller) => sentence
                .find(" from ")
                .and_then(after)
                .or_else(|| agent(&["held", "owned", "sold"]))
                .or_else(|| verb_at(SELL_VERBS).and_then(before))
                .or_else(|| sentence.find("subsidiary of ").and_then(after)),
            Some(Role::Owner) => agent(&["owned", "held", "controlled"])
                .or_else(|| {
                    verb_at(&["owns", "own", "holds", "hold", "controls", "control"])
                        .and_then(before)
                })
                // "<Crowley Maritime Corp>'s American Transport Lines Inc subsidiary".
                .or_else(|| {
                    names
                        .iter()
                        .find(|r| {
                            let rest = sentence[r.end..].trim_start_matches('>');
                            let owned = rest
                                .strip_prefix("'s ")
                                .or_else(|| rest.strip_prefix("’s "))
                                .map(|owned| sentence.len() - owned.len());
                            owned.is_some_and(|at| taken.iter().any(|t| t.start == at))
                        })
                        .cloned()
                })
                // "Hutton LBO, a wholly owned subsidiary of E.F. Hutton Group Inc".
                .or_else(|| {
                    // ASCII case only: byte offsets stay those of `sentence`.
                    let f = sentence.to_ascii_lowercase();
                    ["subsidiary of ", "unit of ", "division of ", "filiale de "]
                        .iter()
                        .filter_map(|w| f.find(w).map(|i| i + w.len()))
                        .min()
                        .and_then(|i| after(i.saturating_sub(1)))
                }),
            Some(Role::Company) => names
                .iter()
                .find(|r| is_company(&sentence[(*r).clone()]))
                .cloned(),
            Some(Role::Person) => person_near_title(sentence, taken),
            _ => names.first().cloned(),
        }
    }?;
    // "owned by A and B": both.
    let mut picked_all = vec![picked.clone()];
    let rest = sentence[picked.end..].trim_start_matches(['>', ')', ' ']);
    let offset = sentence.len() - rest.len();
    for conj in ["and ", "or ", "et "] {
        if let Some(after_conj) = rest.strip_prefix(conj) {
            let next_at = offset
                + conj.len()
                + (after_conj.len() - after_conj.trim_start_matches(['<', '(', ' ']).len());
            if let Some(next) = names.iter().find(|r| r.start == next_at) {
                picked_all.push(next.clone());
            }
        }
    }
    Some(picked_all)
}

/// Words for a post a person holds.
const TITLES: &[&str] = &[
    "president",
    "chairman",
    "minister",
    "analyst",
    "director",
    "editor",
    "economist",
    "spokesman",
    "spokeswoman",
    "chief",
    "executive",
    "secretary",
    "governor",
    "head",
    "officer",
    "ministre",
    "president",
    "directeur",
    "analyste",
    "porte",
];

/// The person a post is given to: the capitalised words right after it ("OPEC President
/// Rilwanu Lukman"), or the name before it in apposition ("Daniel Yergin, director of …");
/// failing that, the person a quote is attributed to ("…," said Dillard Spriggs).
fn person_near_title(sentence: &str, taken: &[Range<usize>]) -> Option<Range<usize>> {
    let list = Words::of(sentence).list;
    let free = |r: &Range<usize>| !taken.iter().any(|t| t.start < r.end && r.start < t.end);
    let joined = |a: usize, b: usize| {
        sentence[list[a].1.end..list[b].1.start]
            .chars()
            .all(|c| c == '.' || c == '-' || c == ' ')
            && sentence[list[a].1.end..list[b].1.start].len() <= 2
    };
    // A run of capitalised words from `start` forwards (or ending at `end`, backwards).
    let run_after = |start: usize| {
        let mut j = start;
        while j < list.len()
            && list[j].2
            && !TITLES.contains(&list[j].0.as_str())
            && (j == start || joined(j - 1, j))
        {
            j += 1;
        }
        (j > start).then(|| list[start].1.start..list[j - 1].1.end)
    };
    let run_before = |end: usize| {
        let mut j = end;
        while j > 0 && list[j - 1].2 && (j == end || joined(j - 1, j)) {
            j -= 1;
        }
        (j < end).then(|| list[j].1.start..list[end - 1].1.end)
    };
    for (i, (w, _, _)) in list.iter().enumerate() {
        if !TITLES.contains(&w.as_str()) {
            continue;
        }
        let mut j = i + 1;
        while j < list.len() && TITLES.contains(&list[j].0.as_str()) {
            j += 1;
        }
        if let Some(r) = run_after(j).filter(|r| free(r) && sentence[r.clone()].contains(' ')) {
            return Some(r);
        }
        // "Daniel Yergin, director of …": the name before the comma before the post.
        let mut k = i;
        while k > 0
            && matches!(
                list[k - 1].0.as_str(),
                "the" | "a" | "an" | "oil" | "senior" | "chief"
            )
        {
            k -= 1;
        }
        if k > 0
            && sentence[list[k - 1].1.end..list[k].1.start].contains(',')
            && let Some(r) = run_before(k).filter(|r| free(r))
        {
            return Some(r);
        }
    }
    // "…," said Dillard Spriggs.
    for (i, (w, _, _)) in list.iter().enumerate() {
        if matches!(w.as_str(), "said" | "says" | "told" | "added" | "explained")
            && let Some(r) =
                run_after(i + 1).filter(|r| free(r) && sentence[r.clone()].contains(' '))
        {
            return Some(r);
        }
    }
    None
}

/// Whether a name is a company's: a corporate suffix, or wire markup around it.
pub(crate) fn is_company(name: &str) -> bool {
    let words = Words::of(name).list;
    words.last().is_some_and(|(w, _, _)| {
        matches!(
            w.as_str(),
            "inc"
                | "corp"
                | "co"
                | "ltd"
                | "plc"
                | "lp"
                | "l"
                | "p"
                | "ag"
                | "sa"
                | "nv"
                | "ab"
                | "spa"
                | "group"
                | "groupe"
                | "companies"
                | "holdings"
                | "industries"
        )
    })
}

/// Whether a sentence says that an amount was not disclosed.
fn says_undisclosed(sentence: &str) -> bool {
    let f = fold(sentence);
    [
        "undisclosed",
        "not disclosed",
        "did not disclose",
        "were not disclosed",
        "was not disclosed",
        "not revealed",
        "no financial details",
        "no figure was",
        "no figures were",
        "gave no figure",
        "did not give a figure",
        "did not say how much",
        "aucun chiffre",
        "pas ete revele",
        "terms were not",
        "non divulgu",
        "pas ete divulgu",
        "n a pas ete rendu public",
    ]
    .iter()
    .any(|p| f.contains(p))
}

/// Why the reader found no answer, for the abstention's wording.
pub enum Missing {
    /// No sentence holds all of these names together.
    Together(Vec<String>),
    /// A sentence holds the names but not the kind of fact asked.
    Fact(Expect, Vec<String>),
    /// Nothing relevant, for a question that wants a kind of fact.
    Typed,
    /// Nothing relevant.
    Nothing,
}

/// What the reader made of the passages.
pub enum Reading {
    Answer(Answer),
    Abstain(Missing),
}

/// Whether `q` wants a kind of fact (an amount, a date, a party…) rather than a quote.
pub fn is_typed(q: &Question) -> bool {
    !matches!(expect(&q.text), Expect::Quote | Expect::Reason)
}

/// Words that introduce a reason or a purpose.
fn has_reason_cue(sentence: &str) -> bool {
    let f = format!(" {} ", fold(sentence));
    [
        " because ",
        " due to ",
        " part of ",
        " in order to ",
        " so as to ",
        " aimed at ",
        " purposes",
        " purpose ",
        " to help ",
        " reflect",
        " in light of ",
        " in the light of ",
        " citing ",
        " as a result",
        " since ",
        " reason",
        " to concentrate",
        " to reduce",
        " to increase",
        " to strengthen",
        " to expand",
        " to improve",
        " to pay ",
        " parce que",
        " afin de ",
        " en raison ",
        " pour ",
        " because of ",
        " result of ",
        " owing to ",
        " thanks to ",
        " grace a ",
        " du fait ",
        " a cause ",
        " suite a ",
        " pour cause ",
    ]
    .iter()
    .any(|c| f.contains(c))
}

/// What the reader may consult beyond the retrieved passages.
pub trait Sources {
    /// The lead paragraph of a hit's article, where names that sentences refer to as "the
    /// company" are found.
    fn lead(&self, hit: &Hit) -> String;
    /// A summary in `lang` of what the cited sentence states, when a deal record holds one
    /// ("AMD granted OpenAI the right to buy up to 160 million AMD shares…").
    fn summary(&self, sentence: &CitationId, lang: Lang) -> Option<String>;
}

/// Reads `hits` for `q`, consulting `sources` for articles' leads and records' summaries.
pub fn read(q: &Question, hits: &[Hit], sources: &dyn Sources) -> Reading {
    let want = expect(&q.text);
    let typed = !matches!(want, Expect::Quote | Expect::Reason);
    let texts: Vec<Words> = hits
        .iter()
        .flat_map(|h| [Words::of(&h.passage.text), Words::of(&h.passage.title)])
        .collect();
    let mentions: Vec<Mention> = mentions(q)
        .into_iter()
        .flat_map(|m| segment(m, &texts))
        .collect();
    let content = content_words(q, &mentions);
    let question_words: HashSet<String> = words(&q.text).into_iter().map(|(w, _, _)| w).collect();
    // "Combien vaut l'offre": for an amount, words that only name the amount ("value",
    // "total") are not something the sentence must say.
    let content: Vec<String> = if matches!(want, Expect::Money { .. }) {
        content
            .into_iter()
            .filter(|c| {
                !matches!(
                    c.as_str(),
                    "@value"
                        | "total"
                        | "amount"
                        | "montant"
                        | "sum"
                        | "somme"
                        | "worth"
                        | "set"
                        | "fix"
                        | "fixed"
                        | "fixe"
                        | "charge"
                        | "charging"
                )
            })
            .collect()
    } else {
        content
    };
    let asked_preposition = preposition_of_question(&q.text);
    // "Who leads the group…" is answered by "the group, led by…": the verb is the one the
    // preposition comes with, not a word the sentence must write as the question does.
    let asks_future = asks_about_future(&q.text);
    let asks_who_is = asks_identity(&q.text, &q.names);
    let asks_leader = asked_preposition.is_some_and(|p| p.contains(&"led by"));
    let asks_recipient = asked_preposition.is_some_and(|p| p.contains(&"to"));
    let content: Vec<String> = if asks_leader {
        content
            .into_iter()
            .filter(|c| !matches!(c.as_str(), "lead" | "leads" | "heads" | "chairs"))
            .collect()
    } else {
        content
    };
    let wants: Vec<Want> = content.iter().map(|c| Want::new(c)).collect();
    // The question's own words that the knowledge base never uses ("quand Orvane a-t-il
    // déménagé"): what it asks happened is nowhere to be read.
    let event_unread = q.text.split(|c: char| !c.is_alphanumeric()).any(|w| {
        w.chars().next().is_some_and(char::is_lowercase) && q.unknown_words.contains(&fold(w))
    });
    // Stems and cognates only match words that are no concept.
    let by_word = wants.iter().any(|w| w.concept.is_none());
    let money_kind = money_kind_of_question(&content);
    // Years are context, not facts to match: "fiscal 1987/88" may be written "1987".
    let qf = fold(&q.text);
    let is_year = |n: &String| {
        n.parse::<u32>()
            .is_ok_and(|y| (1900..=2100).contains(&y) || y < 100 && qf.contains(&format!("/{y}")))
    };
    let hard_numbers: Vec<&String> = q.numbers.iter().filter(|n| !is_year(n)).collect();
    let question_months: Vec<String> = analyze(&q.text, q.lang, None)
        .into_iter()
        .filter(|t| lexicon::month_of_concept(&t.text).is_some())
        .map(|t| t.text)
        .collect();
    // The months and years the question names ("in January 1987"), for the figures of a
    // sentence that each carry their own.
    let asked_dates: Vec<DateSpan> = dates::dates(&q.text, q.lang)
        .into_iter()
        .filter(|d| !d.relative && (d.month.is_some() || d.year.is_some()))
        .collect();
    // What the question's names may be found in besides the sentence: the article's title and
    // lead, and every passage of it that was retrieved.
    // Which names each article holds (its title, lead and every passage retrieved): words
    // already read are joined, not read again.
    let mut article_has: std::collections::HashMap<&str, Vec<bool>> =
        std::collections::HashMap::new();
    if !mentions.is_empty() {
        for (rank, hit) in hits.iter().enumerate() {
            let id = hit.passage.article_id();
            if article_has.contains_key(id.as_str()) {
                continue;
            }
            // The lead is often among the hits (the best articles' leads are added to them),
            // and then already read.
            let read_lead = hits
                .iter()
                .position(|h| h.passage.article_id() == id && h.passage.paragraph() == 1)
                .map(|r| &texts[2 * r]);
            let fetched_lead = match read_lead {
                Some(_) => None,
                None => Some(Words::of(&sources.lead(hit))),
            };
            let lead = read_lead.or(fetched_lead.as_ref());
            let passages = hits
                .iter()
                .enumerate()
                .filter(|(_, h)| h.passage.article_id() == id)
                .map(|(r, _)| &texts[2 * r]);
            let article = Words::joined(
                std::iter::once(&texts[2 * rank + 1])
                    .chain(lead)
                    .chain(passages),
            );
            article_has.insert(
                id.as_str(),
                mentions.iter().map(|m| article.find(m).is_some()).collect(),
            );
        }
    }
    // Where the question's names are in it, for telling who gives to whom.
    let question_text = Words::of(&q.text);
    let asked_at: Vec<Option<Range<usize>>> =
        mentions.iter().map(|m| question_text.find(m)).collect();
    let mut candidates: Vec<Candidate> = Vec::new();
    for (rank, hit) in hits.iter().enumerate() {
        let p = &hit.passage;
        // Read once above, for the mentions: a passage's words, then its title's.
        let (paragraph, title_words) = (&texts[2 * rank], &texts[2 * rank + 1]);
        // Where each name is around the sentences, the same for all of them.
        let in_paragraph: Vec<bool> = mentions
            .iter()
            .map(|m| paragraph.find(m).is_some())
            .collect();
        let in_title: Vec<bool> = mentions
            .iter()
            .map(|m| title_words.find(m).is_some())
            .collect();
        let in_article = article_has.get(p.article_id().as_str());
        for s in p.sentences() {
            let text = &p.text[s.bytes.clone()];
            // Read once for the sentence, on first need: the months, the figures and the date
            // asked may each look at its dates.
            let dates_cell = std::cell::OnceCell::new();
            let sentence_dates = || dates_cell.get_or_init(|| dates::dates(text, p.lang));
            let sw = paragraph.within(&s.bytes);
            let mut found = Vec::new();
            let mut at = Vec::new();
            for (i, m) in mentions.iter().enumerate() {
                if let Some(r) = sw.find(m) {
                    found.push(Found::Here);
                    at.push(r);
                } else if in_paragraph[i] {
                    found.push(Found::Paragraph);
                } else if in_title[i]
                    || (sw.has_anaphor() || !typed) && in_article.is_some_and(|a| a[i])
                {
                    // The article is about a name in its title; other names of the article
                    // only count where the sentence refers back to them.
                    found.push(Found::Article);
                } else {
                    found.push(Found::No);
                }
            }
            // A name found only around the sentence cannot stand for a party the sentence
            // names otherwise: "… sold the rights to Woodco" says nothing of Sedio.
            if typed
                && found
                    .iter()
                    .any(|f| matches!(f, Found::Paragraph | Found::Article))
            {
                let named = names_in(text);
                // "… Commodity Futures Trading Commission …, according to a CFTC
                // spokeswoman": a name's initials are that name again, not another party.
                let shortens_another = |r: &Range<usize>| {
                    let short = name_words(&text[r.clone()]);
                    short.len() == 1
                        && named.iter().any(|other| {
                            other != r && {
                                let long = name_words(&text[other.clone()]);
                                long.len() >= 2 && acronym::prefixes_spell(&long, &short[0])
                            }
                        })
                };
                let others = named
                    .clone()
                    .into_iter()
                    .filter(|r| !shortens_another(r))
                    .filter(|r| !at.iter().any(|m| m.start < r.end && r.start < m.end))
                    .filter(|r| {
                        let name = Words::of(&text[r.clone()]);
                        let words: Vec<String> =
                            significant(&name.list.iter().map(|w| w.0.clone()).collect::<Vec<_>>());
                        !mentions.iter().any(|m| name.find(m).is_some())
                            // A name the question uses in lowercase ("will hutton put up"),
                            // or in the other language ("la Banque mondiale").
                            && !std::iter::once(words.clone())
                                .chain(gazetteer::variants(&words))
                                .any(|name| {
                                    name.iter()
                                        .filter(|w| w.len() >= 3)
                                        .all(|w| question_words.contains(w))
                                })
                            && !gazetteer::is_place(&words)
                            && !words.iter().all(|w| GENERIC.contains(&w.as_str()))
                            // People speak for the parties; they are not other parties.
                            && !words.iter().any(|w| PERSON_TITLES.contains(&w.as_str()))
                            && !words.iter().all(|w| gazetteer::is_english_demonym(w))
                            // "U.S. Courier division": a unit of the company, not another.
                            && !matches!(
                                word_after(text, r.end).as_str(),
                                "division" | "unit" | "subsidiary" | "filiale" | "branch"
                            )
                            && !PERSON_TITLES.contains(&word_before(text, r.start).as_str())
                            && !reports(text, r)
                    })
                    .filter(|r| dates::dates(&text[r.clone()], Lang::En).is_empty())
                    .count();
                // A party question's answer is itself another name of the sentence: "sell its
                // Canadian Courier unit to Onex Capital" answers who buys Purolator's unit.
                let allowed = usize::from(matches!(want, Expect::Party(_)))
                    + usize::from(refers_back(text, &found));
                if others > allowed {
                    for f in &mut found {
                        if matches!(f, Found::Paragraph | Found::Article) {
                            *f = Found::No;
                        }
                    }
                }
            }
            // "How much did A invest in B" is not answered by "B invested $6 million in A".
            let reversed = matches!(want, Expect::Money { .. })
                && found.len() == 2
                && at.len() == 2
                && matches!(&asked_at[..], [Some(a), Some(b)]
                if super::direction::reversed(
                    &q.text,
                    [a.clone(), b.clone()],
                    text,
                    [at[0].clone(), at[1].clone()],
                ));
            if found.contains(&Found::No) || reversed {
                // No answer can stand on this sentence; it is kept only to tell where each
                // name was found, and the rest of its reading is skipped.
                candidates.push(Candidate {
                    hit,
                    rank,
                    sentence: s.n,
                    text,
                    found,
                    coverage: 0.0,
                    figures_ok: false,
                    span: None,
                    span_score: 0.0,
                    mood: false,
                    undisclosed: false,
                    reason_cue: false,
                });
                continue;
            }
            let terms = SentenceTerms::of(text, p.lang, by_word);
            let anchors: Vec<usize> = wants.iter().flat_map(|w| terms.anchors(w)).collect();
            // Event words show what happens; the others say what it is about, and count.
            let is_event = |w: &Want| w.concept.as_deref().is_some_and(|c| EVENT.contains(&c));
            let key: Vec<&Want> = wants.iter().filter(|w| !is_event(w)).collect();
            let event_ok = wants
                .iter()
                .filter(|w| is_event(w))
                .all(|w| !terms.positions(w).is_empty());
            let (soft, hard): (Vec<&&Want>, Vec<&&Want>) = key
                .iter()
                .partition(|w| w.concept.is_none() && q.cognate_words.contains(&w.surface));
            let matched =
                |ws: &[&&Want]| ws.iter().filter(|w| !terms.positions(w).is_empty()).count();
            let all_here = !found.is_empty() && found.iter().all(|f| *f == Found::Here);
            let coverage = if !event_ok && typed {
                // "Merrill Lynch … increased its underwriting commitment to 175 mln dlrs" for
                // "how much did Merrill Lynch commit for the Viacom takeover": the event may
                // go unsaid where both names and every other word are there.
                if all_here && !hard.is_empty() && matched(&hard) == hard.len() {
                    0.5
                } else {
                    0.0
                }
            } else if want == Expect::Date
                && wants.iter().all(|w| w.concept.is_none())
                && hard.is_empty()
                && matched(&soft) == 0
                && (!soft.is_empty() || event_unread)
            {
                // A date dates an event: "quand American Express est-il resté silencieux"
                // names none the lexicon knows, and is not answered by a sentence that says
                // nothing of silence, whatever it dates.
                0.0
            } else if hard.is_empty() && (soft.is_empty() || !mentions.is_empty()) {
                // With names to stand on, words known only through cognates are a bonus.
                1.0
            } else if mentions.is_empty() {
                // Without names, every word the question uses must be found.
                (matched(&hard) + matched(&soft)) as f32 / (hard.len() + soft.len()) as f32
            } else {
                ((matched(&hard) + matched(&soft)) as f32 / hard.len() as f32).min(1.0)
            };
            // A month the question names is a condition: "in February" is not "in January".
            // "Last month" in a story of March 2 is February.
            let published = p
                .published
                .as_deref()
                .and_then(|d| crate::date::IsoDate::parse(d).ok());
            let published_month = published.as_ref().and_then(|d| d.month());
            let folded_text = fold(text);
            let relative_month = published_month.and_then(|pm| {
                if folded_text.contains("last month") || folded_text.contains("le mois dernier") {
                    Some(if pm == 1 { 12 } else { pm - 1 })
                } else if folded_text.contains("this month") || folded_text.contains("ce mois") {
                    Some(pm)
                } else {
                    None
                }
            });
            let months_ok = question_months.iter().all(|m| {
                relative_month.is_some_and(|rm| lexicon::month_of_concept(m) == Some(rm))
                    || terms.terms.iter().any(|t| &t.exact == m)
                    || sentence_dates().iter().any(|d| {
                        d.month
                            .is_some_and(|dm| lexicon::month_of_concept(m) == Some(dm))
                    })
            });
            let figures_ok = months_ok && hard_numbers.iter().all(|n| terms.numbers.contains(*n));
            // Read once: the guard of the arm below and its answer both need it.
            let after_preposition = asked_preposition
                .filter(|_| matches!(want, Expect::Party(_)))
                .map(|preps| name_after_preposition(text, preps, &at));
            let (span, span_score) = match want {
                Expect::Money { .. }
                | Expect::Percent
                | Expect::Count
                | Expect::Level
                | Expect::Change => pick_quantity(
                    quantity::quantities(text, p.lang),
                    want,
                    &q.text,
                    text,
                    money_kind,
                    &at,
                    &anchors,
                    &asked_dates,
                    if asked_dates.is_empty() {
                        &[]
                    } else {
                        sentence_dates()
                    },
                )
                .map_or((None, 0.0), |(score, x)| (Some(Span::Quantity(x)), score)),
                // A date dates one event: the sentence must say every notion the question
                // names ("approved" is not "announced"). "Hold" elections or talks owns
                // nothing: the sentence need not say it.
                Expect::Date
                    if wants.iter().any(|w| {
                        w.concept.is_some()
                            && !(w.concept.as_deref() == Some("@own") && holds_an_event(&q.text))
                            && terms.positions(w).is_empty()
                    }) =>
                {
                    (None, 0.0)
                }
                Expect::Date => {
                    let asks_saying = qf
                        .split(|c: char| !c.is_alphanumeric())
                        .any(|w| SAYING.contains(&w));
                    let found: Vec<&DateSpan> = sentence_dates()
                        .iter()
                        .filter(|d| {
                            !d.relative
                                || fold(&text[d.bytes.clone()]).contains("week")
                                || event_weekday(text, d, asks_saying)
                        })
                        .filter(|d| !bounds_something_else(text, d, &qf))
                        // "When will…" is not answered by a date already past when the story
                        // was written.
                        .filter(|d| {
                            !(asks_future
                                && published
                                    .as_ref()
                                    .is_some_and(|written| before_writing(d, written)))
                        })
                        .collect();
                    // The date nearest the sentence's words that the question uses; or right
                    // after a name the question gives, the verb further back ("sold Nobel
                    // Industrier, an arms and chemicals group, to Penser in 1984").
                    let close = |d: &DateSpan| {
                        let near = anchors
                            .iter()
                            .filter(|&&a| a.abs_diff(d.bytes.start) <= 60)
                            .count()
                            .min(2) as f32;
                        let after_name = at.iter().any(|n| {
                            text.get(n.end..d.bytes.start)
                                .is_some_and(|gap| gap.split_whitespace().count() <= 1)
                        });
                        let verb_before = anchors
                            .iter()
                            .any(|&a| a < d.bytes.start && d.bytes.start - a <= 120);
                        if near == 0.0 && after_name && verb_before {
                            1.0
                        } else {
                            near
                        }
                    };
                    // "Until when" asks the date a thing runs or is put off to.
                    let until_asked = qf.contains("until") || qf.contains("jusqu");
                    // "The planned meeting March 7 … has been postponed until the start of
                    // April": the date it is put off to is when it happens, unless the
                    // question asks the date first planned.
                    let put_off = postponed_at(text).filter(|_| {
                        ![
                            "planned",
                            "originally",
                            "initially",
                            "first",
                            "prevu",
                            "initialement",
                        ]
                        .iter()
                        .any(|w| qf.contains(w))
                    });
                    let until = |d: &DateSpan| {
                        let head = fold(near_before(text, d.bytes.start, 60));
                        let near: Vec<&str> = head.split_whitespace().rev().take(4).collect();
                        let to_date = near.iter().any(|w| {
                            matches!(*w, "until" | "till" | "jusqu" | "jusqu'au" | "to" | "au")
                        });
                        match put_off {
                            Some(verb) if d.bytes.start > verb && to_date => 2.0,
                            Some(verb) if d.bytes.end <= verb => -1.0,
                            _ if until_asked && to_date => 2.0,
                            _ => 0.0,
                        }
                    };
                    let close = |d: &DateSpan| close(d) + until(d);
                    let best = found.into_iter().max_by(|a, b| {
                        close(a)
                            .total_cmp(&close(b))
                            .then(b.bytes.start.cmp(&a.bytes.start))
                    });
                    // A date far from every word the question uses dates something else;
                    // so does one in a clause of its own ("When NYMEX announced its rule
                    // change in December, …") that uses none of them.
                    let best = best.filter(|d| {
                        (anchors.is_empty() || close(d) > 0.0)
                            && temporal_clause(text, &d.bytes)
                                .is_none_or(|clause| anchors.iter().any(|a| clause.contains(a)))
                    });
                    let score = best.map_or(0.0, close);
                    (best.cloned().map(Span::Date), score)
                }
                // "Through whom…": the name the sentence puts after "through", or none.
                // "Who leads…" may be answered by a title too ("Daniel Yergin, director of"),
                // and "to whom…" by a sentence that says it otherwise ("owned by").
                Expect::Party(_)
                    if let Some(after) = after_preposition.clone()
                        && (!(asks_leader || asks_recipient) || after.is_some()) =>
                {
                    (
                        after.map(|name| Span::Names(vec![name])),
                        event_near_names(&at, &anchors),
                    )
                }
                Expect::Party(role) => {
                    // Without "led by", who leads is a person with a title: never a place
                    // ("a group of affiliated New York investment firms").
                    let role = if asks_leader { Role::Person } else { role };
                    // "Who ruled…": the name right before the verb asked ("Michel Cote,
                    // ruled"), when the question names no side of a deal. That the sentence
                    // says who did what was asked counts more than where its names are: "The
                    // Commodity Futures Trading Commission approved the rule change" answers
                    // who approved NYMEX's rule change, "NYMEX President Rosemary McFadden"
                    // in a sentence about announcing it does not.
                    let subject = matches!(role, Role::Any | Role::Person)
                        .then(|| subject_of_verb(text, &anchors, &at))
                        .flatten();
                    let bonus = if subject.is_some() { 3.0 } else { 0.0 };
                    if asks_who_is {
                        // "Who is Frank Capozza?" is answered by what he is, never by
                        // another name of the sentence.
                        (
                            at.first()
                                .and_then(|r| identity_of(text, r))
                                .map(Span::Phrase),
                            0.0,
                        )
                    } else {
                        (
                            subject
                                .map(|name| vec![name])
                                .or_else(|| pick_name(text, Some(role), &at, false))
                                .map(Span::Names),
                            event_near_names(&at, &anchors) + bonus,
                        )
                    }
                }
                Expect::Thing => (
                    pick_name(text, None, &at, true)
                        .map(Span::Names)
                        .or_else(|| {
                            let events: Vec<usize> = wants
                                .iter()
                                .filter(|w| is_event(w))
                                .flat_map(|w| terms.anchors(w))
                                .collect();
                            object_after_verb(text, &events).map(Span::Phrase)
                        }),
                    event_near_names(&at, &anchors),
                ),
                Expect::Reason | Expect::Quote => (None, 0.0),
            };
            let undisclosed = matches!(want, Expect::Money { .. }) && says_undisclosed(text);
            let hypothetical = |t: &str| {
                let f = format!(" {} ", fold(t));
                [
                    " would ",
                    " could ",
                    " if ",
                    " might ",
                    " serait ",
                    " pourrait ",
                    " si ",
                ]
                .iter()
                .any(|w| f.contains(w))
                    // The French conditional: "détiendrait", "augmenteraient".
                    || f.split(|c: char| !c.is_alphanumeric())
                        .any(|w| w.len() > 6 && (w.ends_with("rait") || w.ends_with("raient")))
            };
            let mood = hypothetical(&q.text) && hypothetical(text);
            candidates.push(Candidate {
                hit,
                rank,
                sentence: s.n,
                text,
                found,
                coverage,
                figures_ok,
                span,
                span_score,
                mood,
                undisclosed,
                reason_cue: want == Expect::Reason && has_reason_cue(text),
            });
        }
    }
    let names_ok = |c: &Candidate| c.found.iter().all(|f| *f != Found::No);
    let words_ok = |c: &Candidate| {
        if mentions.is_empty() {
            c.coverage >= 0.6 && content.len() >= 2
        } else {
            c.coverage >= 0.5
        }
    };
    let score = |c: &Candidate| {
        // A typed answer stands on its names; a quote is chosen more for what it says.
        let weight = |f: &Found| match (f, typed) {
            (Found::Here, true) => 4.0,
            (Found::Here, false) => 2.0,
            (Found::Paragraph, _) => 1.5,
            (Found::Article, _) => 1.0,
            (Found::No, _) => 0.0,
        };
        let names: f32 = c.found.iter().map(weight).sum();
        names
            + 4.0 * c.coverage
            + if c.span.is_some() {
                2.0 + c.span_score
            } else {
                0.0
            }
            + if c.reason_cue { 2.0 } else { 0.0 }
            + if c.mood { 1.0 } else { 0.0 }
            - 0.05 * c.rank as f32
    };
    let supported: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| names_ok(c) && words_ok(c) && c.figures_ok)
        .collect();
    if tracing::enabled!(tracing::Level::DEBUG) {
        tracing::debug!(?want, mentions = ?mentions.iter().map(|m| &m.forms).collect::<Vec<_>>(), ?content, "reading");
        for c in &candidates {
            let span = c.span.as_ref().map(|s| match s {
                Span::Quantity(q) => &c.text[q.bytes.clone()],
                Span::Date(d) => &c.text[d.bytes.clone()],
                Span::Names(rs) => &c.text[rs[0].start..rs[rs.len() - 1].end],
                Span::Phrase(r) => &c.text[r.clone()],
            });
            tracing::debug!(score = score(c), found = ?c.found, coverage = c.coverage, figures = c.figures_ok, ?span, sentence = c.text, "candidate");
        }
    }
    // A reason is read from a sentence that gives one, when any does.
    // and a "why" that no sentence answers is not answered by a sentence that gives none.
    let best = supported
        .iter()
        .filter(|c| !typed || c.span.is_some())
        .filter(|c| want != Expect::Reason || c.reason_cue)
        .max_by(|a, b| score(a).total_cmp(&score(b)).then(b.rank.cmp(&a.rank)));
    if let Some(best) = best {
        // "No figure was revealed for expenditure on defence": a sentence that says the amount
        // asked was not given, and holds more of the question's words than any sentence with
        // a figure, answers it; the figure belongs to something else.
        if matches!(want, Expect::Money { .. })
            && let Some(c) = supported
                .iter()
                .filter(|c| c.undisclosed && c.coverage > best.coverage)
                .max_by(|a, b| a.coverage.total_cmp(&b.coverage))
        {
            return Reading::Answer(undisclosed(q, c));
        }
        return Reading::Answer(compose(q, want, best, sources));
    }
    if matches!(want, Expect::Money { .. })
        && let Some(c) = supported.iter().find(|c| c.undisclosed)
    {
        return Reading::Answer(undisclosed(q, c));
    }
    // "<Cofab Inc> Buys Gulfex For Undisclosed Amount": the headline says it of the sentence
    // that names both parties; the answer quotes the headline, which its citation shows.
    if matches!(want, Expect::Money { .. })
        && let Some(c) = supported
            .iter()
            .filter(|c| c.found.iter().all(|f| *f == Found::Here))
            .find(|c| says_undisclosed(&c.hit.passage.title))
    {
        return Reading::Answer(undisclosed_in_headline(q, c));
    }
    // "Who dominates the ecosystem?" names nobody to anchor a party to: the sentence that
    // says it is the answer, quoted, when it holds every word asked.
    if mentions.is_empty()
        && matches!(want, Expect::Party(_) | Expect::Thing)
        && let Some(best) = supported
            .iter()
            .filter(|c| c.coverage >= 1.0)
            .max_by(|a, b| score(a).total_cmp(&score(b)).then(b.rank.cmp(&a.rank)))
    {
        return Reading::Answer(compose(q, Expect::Quote, best, sources));
    }
    let spelled: Vec<String> = mentions.iter().map(|m| m.spelled.clone()).collect();
    if !supported.is_empty() && (typed || want == Expect::Reason) {
        return Reading::Abstain(Missing::Fact(want, spelled));
    }
    // A sentence, or a passage, names them all: what is missing is the fact, not a
    // connection.
    if typed
        && mentions.len() > 1
        && (candidates
            .iter()
            .any(|c| c.found.iter().all(|f| *f == Found::Here))
            || (0..hits.len()).any(|r| mentions.iter().all(|m| texts[2 * r].find(m).is_some())))
    {
        return Reading::Abstain(Missing::Fact(want, spelled));
    }
    if mentions.len() > 1
        && mentions
            .iter()
            .enumerate()
            .all(|(i, _)| candidates.iter().any(|c| c.found[i] != Found::No))
    {
        return Reading::Abstain(Missing::Together(spelled));
    }
    Reading::Abstain(if typed {
        Missing::Typed
    } else {
        Missing::Nothing
    })
}

/// How many sentences a digest quotes.
const DIGEST_SENTENCES: usize = 3;

/// An overview of what the passages say of the question's names ("What's going on with
/// Purolator?"): the first sentence naming them in each of the best passages, each cited.
/// `None` when the question names nothing or no sentence names it.
pub fn digest(q: &Question, hits: &[Hit]) -> Option<Answer> {
    let texts: Vec<Words> = hits.iter().map(|h| Words::of(&h.passage.text)).collect();
    let mentions: Vec<Mention> = mentions(q)
        .into_iter()
        .flat_map(|m| segment(m, &texts))
        .collect();
    if mentions.is_empty() {
        return None;
    }
    let mut cites = Vec::new();
    let mut quotes = Vec::new();
    let mut other_language = false;
    // An article's lead says what it is about: leads first, then by rank.
    let mut ordered: Vec<&Hit> = hits.iter().collect();
    ordered.sort_by_key(|h| h.passage.paragraph() != 1);
    for hit in ordered {
        if cites.len() >= DIGEST_SENTENCES {
            break;
        }
        let p = &hit.passage;
        let Some(s) = p.sentences().into_iter().find(|s| {
            let words = Words::of(&p.text[s.bytes.clone()]);
            mentions.iter().all(|m| words.find(m).is_some())
        }) else {
            continue;
        };
        let text = &p.text[s.bytes.clone()];
        let n = cites.len() + 1;
        other_language |= p.lang != q.lang;
        quotes.push(match q.lang {
            Lang::Fr => format!("« {text} » [{n}]"),
            Lang::En => format!("“{text}” [{n}]"),
        });
        cites.push(super::citation(n, p, Some(s.n), text));
    }
    let names: Vec<&str> = mentions.iter().map(|m| m.spelled.as_str()).collect();
    let about = names.join(match q.lang {
        Lang::Fr => " et ",
        Lang::En => " and ",
    });
    let intro = match (q.lang, other_language) {
        (Lang::En, false) => format!("What the sources say about {about}:"),
        (Lang::En, true) => format!("What the sources say about {about} (quoted in French):"),
        (Lang::Fr, false) => format!("Ce que disent les sources sur {about} :"),
        (Lang::Fr, true) => format!("Ce que disent les sources sur {about} (citées en anglais) :"),
    };
    let text = format!("{intro} {}", quotes.join(" "));
    let citations = Citations::new(cites)?;
    Some(Answer::answered(
        &q.text,
        q.lang,
        text,
        citations,
        Vec::new(),
    ))
}

fn citation(c: &Candidate, n: usize) -> Citation {
    super::citation(n, &c.hit.passage, Some(c.sentence), c.text)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}

fn compose(q: &Question, want: Expect, c: &Candidate, sources: &dyn Sources) -> Answer {
    let lang = q.lang;
    let lead = match &c.span {
        Some(Span::Quantity(x)) => Some(quantity::write(x, lang)),
        Some(Span::Date(d)) => {
            // "before June" is not "June": keep the bound the sentence puts on the date.
            let bound = match (word_before(c.text, d.bytes.start).as_str(), lang) {
                ("before" | "avant", Lang::En) => "before ",
                ("before" | "avant", Lang::Fr) => "avant ",
                ("after" | "apres", Lang::En) => "after ",
                ("after" | "apres", Lang::Fr) => "après ",
                ("until" | "till", Lang::En) => "until ",
                ("until" | "till", Lang::Fr) => "jusqu’à ",
                ("since" | "depuis", Lang::En) => "since ",
                ("since" | "depuis", Lang::Fr) => "depuis ",
                _ => "",
            };
            Some(format!("{bound}{}", dates::write(d, c.text, lang)))
        }
        Some(Span::Phrase(r)) => Some(match (lang, c.hit.passage.lang == lang) {
            (_, true) => c.text[r.clone()].to_string(),
            (Lang::Fr, false) => format!("« {} »", &c.text[r.clone()]),
            (Lang::En, false) => format!("“{}”", &c.text[r.clone()]),
        }),
        Some(Span::Names(rs)) => {
            let names: Vec<&str> = rs
                .iter()
                .map(|r| c.text[r.clone()].trim_matches(|ch: char| ch == '<' || ch == '>'))
                .collect();
            let and = match lang {
                Lang::Fr => " et ",
                Lang::En => " and ",
            };
            Some(names.join(and))
        }
        None => None,
    };
    let cite = citation(c, 1);
    let other_language = c.hit.passage.lang != lang;
    let summary = if other_language {
        sources.summary(&cite.id, lang)
    } else {
        None
    };
    let text = match lead {
        Some(lead) if !matches!(want, Expect::Quote | Expect::Reason) => {
            format!("{} [1].", capitalise(&lead))
        }
        // A sentence in the other language that a record sums up in the question's: the
        // summary answers, the sentence stays in the citation.
        _ if summary.is_some() => {
            let summary = summary.unwrap_or_default();
            format!("{} [1].", summary.trim().trim_end_matches('.'))
        }
        _ => {
            let quote = match lang {
                Lang::Fr => format!("« {} » [1]", c.text),
                Lang::En => format!("“{}” [1]", c.text),
            };
            let intro = match (lang, other_language) {
                (Lang::Fr, false) => "D’après les sources :",
                (Lang::Fr, true) => "D’après les sources (citées en anglais) :",
                (Lang::En, false) => "According to the sources:",
                (Lang::En, true) => "According to the sources (quoted in French):",
            };
            format!("{intro} {quote}")
        }
    };
    let Some(citations) = Citations::new(vec![cite]) else {
        return Answer::abstained(&q.text, lang, text, Vec::new());
    };
    Answer::answered(&q.text, lang, text, citations, Vec::new())
}

fn undisclosed_in_headline(q: &Question, c: &Candidate) -> Answer {
    let title = &c.hit.passage.title;
    let text = match q.lang {
        Lang::Fr => {
            format!("Le montant n’a pas été divulgué (titre de l’article : « {title} ») [1].")
        }
        Lang::En => {
            format!("The amount was not disclosed (the article's headline: “{title}”) [1].")
        }
    };
    match Citations::new(vec![citation(c, 1)]) {
        Some(citations) => Answer::answered(&q.text, q.lang, text, citations, Vec::new()),
        None => Answer::abstained(&q.text, q.lang, text, Vec::new()),
    }
}

fn undisclosed(q: &Question, c: &Candidate) -> Answer {
    let text = match q.lang {
        Lang::Fr => "Le montant n’a pas été divulgué [1].".to_string(),
        Lang::En => "The amount was not disclosed [1].".to_string(),
    };
    match Citations::new(vec![citation(c, 1)]) {
        Some(citations) => Answer::answered(&q.text, q.lang, text, citations, Vec::new()),
        None => Answer::abstained(&q.text, q.lang, text, Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_read_from_its_paragraph_has_the_words_it_has_read_alone() {
        let paragraph = "UtiliCorp United Inc said it completed the acquisition of West Virginia Power. The U.S. unit's price was about 21 mln dlrs! «Le Groupe SA» a cédé 9,9 % d’Intel.";
        let all = Words::of(paragraph);
        for s in crate::text::sentences::split(paragraph) {
            let alone = Words::of(&paragraph[s.bytes.clone()]);
            let within = all.within(&s.bytes);
            assert_eq!(within.list, alone.list, "{:?}", &paragraph[s.bytes.clone()]);
            assert_eq!(within.capitals, alone.capitals);
        }
    }

    #[test]
    fn years_are_read_as_written_and_a_figure_is_not_for_a_year_written_in_a_later_clause() {
        assert_eq!(
            years_written("Combien a payé Lisvara en 1989/90, et en 1991 ?"),
            ["1989/90", "1991"]
        );
        assert!(years_written("payé 12345 1989/9 19891").is_empty());
        let s =
            "Revenue would be about 7.4 billion dlrs, down on the 1989/90 revenue of 9.3 billion.";
        let span = |figure: &str| {
            let start = s.find(figure).unwrap();
            start..start + figure.len()
        };
        assert!(period_elsewhere(s, &span("7.4 billion dlrs"), &["1989/90"]));
        assert!(!period_elsewhere(s, &span("9.3 billion"), &["1989/90"]));
        // A year the sentence does not write says nothing.
        assert!(!period_elsewhere(
            s,
            &span("7.4 billion dlrs"),
            &["1991/92"]
        ));
        let before = "In 1989/90, revenue was 9.3 billion dlrs, a record.";
        let start = before.find("9.3").unwrap();
        assert!(!period_elsewhere(before, &(start..start + 3), &["1989/90"]));
    }

    #[test]
    fn holding_an_event_is_no_ownership() {
        assert!(holds_an_event(
            "When will Indonesia hold general elections?"
        ));
        assert!(holds_an_event("When did OPEC hold its last meeting?"));
        assert!(!holds_an_event("When did Nova hold 56 pct of Husky?"));
        assert!(!holds_an_event("How many shares does Nova hold?"));
    }

    #[test]
    fn a_stakes_verb_is_the_holding_verb_nearest_it() {
        let at = |s: &str, figure: &str| {
            let start = s.find(figure).unwrap();
            holding_verb_at(s, &(start..start + figure.len()))
        };
        let owned = "Brisa, which is 30 pct owned by Keltic Group, will acquire a unit.";
        assert_eq!(at(owned, "30 pct"), Some(Holding::Owns));
        let acquired = "It agreed to acquire the remaining 70 pct of Brisa it does not own.";
        assert_eq!(at(acquired, "70 pct"), Some(Holding::Gains));
        assert_eq!(at("It sold 5 pct in March.", "5 pct"), Some(Holding::Sells));
        assert_eq!(at("Sales rose 5 pct in March.", "5 pct"), None);
    }

    #[test]
    fn a_figure_is_an_amount_of_the_money_noun_nearest_before_it() {
        let s = "It projected a deficit of 2.4 billion dlrs while revenue would be about 7.4 billion dlrs.";
        let at = |figure: &str| {
            let start = s.find(figure).unwrap();
            money_noun_at(s, &(start..start + figure.len()))
        };
        assert_eq!(at("2.4 billion"), Some(MoneyNoun::Deficit));
        assert_eq!(at("7.4 billion"), Some(MoneyNoun::Revenue));
        assert_eq!(
            money_noun_of_question("how much revenue does lisvara expect?"),
            Some(MoneyNoun::Revenue)
        );
        assert_eq!(money_noun_of_question("how much did acme pay?"), None);
    }

    #[test]
    fn a_figure_carries_the_date_written_right_after_it() {
        let s = "Output fell to an average of 3.5 mln bpd from 3.8 mln bpd in January 1987, sources said.";
        let dates = dates::dates(s, Lang::En);
        let at = |figure: &str| {
            let start = s.find(figure).unwrap();
            date_after(s, &(start..start + figure.len()), &dates)
        };
        assert!(at("3.5 mln bpd").is_none());
        let january = at("3.8 mln bpd").unwrap();
        assert_eq!((january.month, january.year), (Some(1), Some(1987)));
        let asked = |q: &str| dates::dates(q, Lang::En).remove(0);
        assert!(same_period(&asked("in January"), january));
        assert!(same_period(&asked("in January 1987"), january));
        assert!(same_period(&asked("in 1987"), january));
        assert!(!same_period(&asked("in January 1986"), january));
        assert!(!same_period(&asked("in February"), january));
    }

    #[test]
    fn a_figure_carries_the_quarter_written_right_after_it() {
        let s = "In 1986 ChemLawn earned 1.19 dlrs per share for the full year, and 2.58 dlrs in the fourth quarter.";
        let at = |figure: &str| {
            let start = s.find(figure).unwrap();
            quarter_after(s, &(start..start + figure.len()))
        };
        assert_eq!(at("2.58 dlrs"), Some(4));
        assert_eq!(at("1.19 dlrs per share"), Some(0));
        assert_eq!(at("1986"), None);
        assert_eq!(quarter_in("Combien au quatrième trimestre ?"), Some(4));
        assert_eq!(quarter_in("How much in the 2nd quarter?"), Some(2));
        assert_eq!(quarter_in("How much this year?"), None);
    }

    #[test]
    fn the_party_after_by_in_a_figures_clause_holds_it() {
        let s = "Nine pct of Husky would be owned by relatives of Li Ka-Shing, chairman of Hutchison, and five pct by the Canadian Imperial Bank of Commerce.";
        let agent = |figure: &str| {
            let start = s.find(figure).unwrap();
            agent_after(s, &(start..start + figure.len())).map(|r| &s[r])
        };
        assert_eq!(agent("Nine pct"), Some("relatives of Li Ka-Shing"));
        assert_eq!(
            agent("five pct"),
            Some("the Canadian Imperial Bank of Commerce.")
        );
        let s = "Shares rose 5 pct by the close.";
        let start = s.find("5 pct").unwrap();
        assert_eq!(agent_after(s, &(start..start + 5)), None);
    }

    #[test]
    fn a_date_in_a_clause_of_its_own_is_found_with_the_clause() {
        fn clause<'t>(text: &'t str, date: &str) -> Option<&'t str> {
            let at = text.find(date).unwrap();
            temporal_clause(text, &(at..at + date.len())).map(|r| &text[r])
        }
        let s = "When NYMEX announced its proposed rule change in December, its president said so.";
        assert_eq!(
            clause(s, "December"),
            Some("When NYMEX announced its proposed rule change in December")
        );
        let s = "Le groupe, lorsqu'il a annoncé le rachat en mars, a promis 200 emplois.";
        assert_eq!(
            clause(s, "mars"),
            Some(" lorsqu'il a annoncé le rachat en mars")
        );
        // The sentence's own date, and a date a word governs directly.
        for (s, date) in [
            (
                "The exchange set April one for the debut of the new procedure.",
                "April one",
            ),
            ("Shares have doubled since March, traders said.", "March"),
            ("The deal closed, after March, the company said.", "March"),
        ] {
            assert_eq!(clause(s, date), None, "{s}");
        }
    }

    #[test]
    fn pronouns_opening_a_sentence_are_not_names() {
        let s = "It said in a statement the offer was on the basis of 700p for each IC Gas ordinary and 252p for every one stg nominal of IC Gas loan stock.";
        let got: Vec<&str> = names_in(s).into_iter().map(|r| &s[r]).collect();
        assert_eq!(got, ["IC Gas", "IC Gas"]);
    }

    #[test]
    fn a_name_is_found_by_its_initials_only_where_they_are_written_in_capitals() {
        let mention = |words: &[&str]| Mention {
            spelled: words.join(" "),
            forms: vec![words.iter().map(|w| w.to_string()).collect()],
            acronym: None,
        };
        // The initials of "Ionzedlum Networks" spell the word "in".
        let s = "In April, Zedtekben Networks invested $0.4 million in Paxpax Energy.";
        assert_eq!(
            Words::of(s).find(&mention(&["ionzedlum", "networks"])),
            None
        );
        let s = "DRS said it made an offer for Rospatch.";
        let found = Words::of(s).find(&mention(&["diagnostic", "retrieval", "systems"]));
        assert_eq!(found.map(|r| &s[r]), Some("DRS"));
    }

    #[test]
    fn a_figure_after_for_each_share_is_a_price_per_share() {
        let at = |s: &str, figure: &str| per_share_before(s, s.find(figure).unwrap());
        let s = "Shareholders would receive for each share 29 dlrs cash, six dlrs in debentures.";
        assert!(at(s, "29 dlrs"));
        // Six dlrs comes after another figure, not after the share.
        assert!(!at(s, "six dlrs"));
        assert!(at(
            "Ils recevront pour chaque action Lumex 12 euros.",
            "12 euros"
        ));
        assert!(!at(
            "It agreed to be acquired for about 265 mln dlrs.",
            "about"
        ));
    }

    #[test]
    fn only_a_sentence_opening_on_it_refers_back_to_one_missing_name() {
        let s = "It agreed recently to sell its Canadian Courier unit to Onex Capital.";
        assert!(refers_back(s, &[Found::Paragraph, Found::Here]));
        assert!(!refers_back(s, &[Found::Paragraph, Found::Paragraph]));
        assert!(!refers_back(s, &[Found::Article, Found::Here]));
        let s = "Purolator agreed recently to sell its Canadian Courier unit to Onex Capital.";
        assert!(!refers_back(s, &[Found::Paragraph, Found::Here]));
    }

    #[test]
    fn a_weekday_dates_an_event_not_the_day_a_statement_was_made() {
        let weekday = |s: &str, asks_saying: bool| {
            dates::dates(s, Lang::En)
                .iter()
                .any(|d| event_weekday(s, d, asks_saying))
        };
        assert!(weekday(
            "The offer will begin Thursday, subject to clearances.",
            false
        ));
        assert!(!weekday(
            "American Express said on Sunday it will not comment.",
            false
        ));
        assert!(!weekday(
            "The minister said last Wednesday his country wanted a lower price.",
            false
        ));
        assert!(weekday(
            "The minister said last Wednesday his country wanted a lower price.",
            true
        ));
        assert!(!weekday("The offer will begin in April.", false));
    }

    #[test]
    fn a_percentage_names_what_it_is_of_and_a_premium_its_price() {
        let s = "It increased its stake to 49.4 pct of the voting rights and 14.8 pct of the share capital.";
        let at = |f: &str| {
            let start = s.find(f).unwrap();
            start..start + f.len()
        };
        assert_eq!(percent_of(s, &at("49.4 pct")), ["voting", "rights"]);
        assert_eq!(percent_of(s, &at("14.8 pct")), ["share", "capital"]);
        let spans = [at("49.4 pct"), at("14.8 pct")];
        let qf = "what share of the share capital does it hold?";
        assert!(percent_of_score(s, &spans, &spans[0], qf) < 0.0);
        assert_eq!(percent_of_score(s, &spans, &spans[1], qf), 0.0);
        // A question naming neither leaves both alone.
        assert_eq!(
            percent_of_score(s, &spans, &spans[0], "what stake does it hold?"),
            0.0
        );
        let s = "They paid about 20 pct over the market price for the option.";
        assert!(over_price(
            s,
            &(s.find("20").unwrap()..s.find(" over").unwrap())
        ));
    }

    #[test]
    fn a_clause_ends_at_a_comma_between_words_not_in_a_figure() {
        let s = "had revenues of 8.4 mln dlrs and pretax profits of 232,000 dlrs in 1986, up from 5.9 mln; then";
        let end = clause_break(s, 0).unwrap();
        assert_eq!(&s[end - 4..end], "1986");
        assert_eq!(&s[clause_break(s, end + 1).unwrap()..], "; then");
        assert_eq!(clause_break("no break at all", 0), None);
        let s =
            "below the 2.4 mln dlrs, or 15 cts a share, earned in fiscal 1986, the company said";
        assert_eq!(&s[clause_break(s, 0).unwrap()..], ", the company said");
        let s = "to 238,000 shares, or 14.6 pct of the total; from 205,000";
        assert_eq!(&s[clause_break(s, 0).unwrap()..], "; from 205,000");
    }

    #[test]
    fn a_question_about_what_will_happen_is_not_answered_by_a_date_already_past() {
        for (q, future) in [
            ("When will Ohio Mattress report its results?", true),
            ("Quand Ohio Mattress publiera-t-il ses résultats ?", true),
            ("Quand les actionnaires voteront-ils ?", true),
            ("Quand va-t-il publier ses résultats ?", true),
            ("When did Ohio Mattress report its results?", false),
            ("Quand la société a-t-elle été achetée ?", false),
        ] {
            assert_eq!(asks_about_future(q), future, "{q}");
        }
        let written = crate::date::IsoDate::parse("1987-03-02").unwrap();
        let date = |year, month, day| DateSpan {
            bytes: 0..0,
            year,
            month,
            day,
            qualifier: None,
            relative: false,
            weekday: None,
        };
        assert!(before_writing(&date(None, Some(2), Some(28)), &written));
        assert!(before_writing(&date(Some(1986), None, None), &written));
        assert!(before_writing(&date(None, Some(3), Some(1)), &written));
        assert!(!before_writing(&date(None, Some(4), None), &written));
        assert!(!before_writing(&date(None, Some(3), Some(9)), &written));
        // Written in March, "in November" is more likely this year's than last year's.
        assert!(!before_writing(&date(None, Some(11), None), &written));
        assert!(!before_writing(&date(Some(1987), None, None), &written));
    }

    #[test]
    fn what_follows_the_from_of_a_change_is_how_things_stood_before() {
        let cases = [
            (
                "lowered its stake to 260,500 shares, or 6.4 pct, from 370,500 shares, or 9.2 pct",
                "9.2",
                true,
            ),
            (
                "lowered its stake to 260,500 shares, or 6.4 pct, from 370,500 shares",
                "370,500",
                true,
            ),
            (
                "lowered its stake to 260,500 shares, or 6.4 pct, from 370,500 shares",
                "6.4",
                false,
            ),
            ("output rose from 3.1 mln bpd to 3.5 mln bpd", "3.1", true),
            ("output rose from 3.1 mln bpd to 3.5 mln bpd", "3.5", false),
            // No change: a "from" of where or whom.
            (
                "it bought 500,000 shares from Owen Marsh for 1.2 mln dlrs",
                "1.2",
                false,
            ),
        ];
        for (s, figure, from) in cases {
            assert_eq!(
                since_change_from(s, s.find(figure).unwrap()),
                from,
                "{s}: {figure}"
            );
        }
    }

    #[test]
    fn a_percentage_is_held_in_the_name_written_after_it() {
        let s = "It agreed to acquire a 19 pct stake in Novo Astro, a private company, and a 16 pct interest in Teles Pires Mining, and 29 pct of the company.";
        let object = |f: &str| {
            let start = s.find(f).unwrap();
            percent_object(s, &(start..start + f.len())).map(|at| &s[at..at + 4])
        };
        assert_eq!(object("19 pct"), Some("Novo"));
        assert_eq!(object("16 pct"), Some("Tele"));
        // "the company" is no name.
        assert_eq!(object("29 pct"), None);
        let s = "Toshin Steel, owned 41.9 pct by Nippon Kokan, and Azuma Steel, owned 41.3 pct by Nippon Kokan, are expected to decide. Tarxien, which is 40 pct owned by Multi-Step, and Vesta 12 pct owned by Orvane.";
        let object = |f: &str| {
            let start = s.find(f).unwrap();
            percent_object(s, &(start..start + f.len())).map(|at| &s[at..at + 5])
        };
        assert_eq!(object("41.9 pct"), Some("Toshi"));
        assert_eq!(object("41.3 pct"), Some("Azuma"));
        assert_eq!(object("40 pct"), Some("Tarxi"));
        // No comma: "Vesta 12 pct owned" is not a clause describing Vesta.
        assert_eq!(object("12 pct"), None);
        let s = "Azuma Steel, détenue à 41,3 % par Nippon Kokan.";
        assert_eq!(
            percent_object(s, &(s.find("41,3").unwrap()..s.find(" par").unwrap())),
            Some(0)
        );
    }
}
