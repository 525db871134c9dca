//! The parties a sentence can name — runs of capitalised words, wire markup (`<Sedio N.V.>`,
//! `(Groupe Videotron Ltd)`) and the corpus's known entities in any case — and, over a whole
//! article, the fullest form each short form stands for ("Computer Terminal" → "Computer
//! Terminal Systems Inc", "DRS" → "Diagnostic Retrieval Systems Inc", "Redstone" → "Sumner
//! Redstone"). The [`Registry`] turns those forms into entity ids: a known entity, or a new one
//! proposed with a slug id and aliases derived from the company-name forms.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::answer::reader;
use crate::model::article::Article;
use crate::model::entity::{Entity, EntityId, EntityKind, EntityTable};
use crate::text::{dates, fold, gazetteer, words};

use crate::text::gazetteer::LEGAL_FORMS as LEGAL;

/// Legal forms written as initials with dots ("N.V.", "L.P.", "S.A."), as folded words.
const LEGAL_INITIALS: &[&[&str]] = &[
    &["n", "v"],
    &["l", "p"],
    &["s", "a"],
    &["a", "g"],
    &["s", "p", "a"],
    &["b", "v"],
];

/// Corporate words a name may also be written without ("Senior Engineering Group" →
/// "Senior Engineering"), at either end.
const CORPORATE: &[&str] = &[
    "group",
    "groupe",
    "company",
    "companies",
    "holding",
    "holdings",
    "international",
    "industries",
    "systems",
    "corporation",
];

/// Titles that introduce a person's name ("Investor Sumner Redstone"); not part of the name.
const PERSON_TITLES: &[&str] = &[
    "investor",
    "investors",
    "financier",
    "tycoon",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sir",
    "professor",
    "investisseur",
    "m",
    "mme",
];

/// Titles of posts, which split a run ("Fundamental Management Chairman Carl Singer").
const POST_TITLES: &[&str] = &[
    "analyst",
    "chairman",
    "president",
    "minister",
    "chief",
    "executive",
    "director",
    "spokesman",
    "spokeswoman",
    "secretary",
    "governor",
    "editor",
    "economist",
    "officer",
    "ceo",
    "pdg",
    "ministre",
    "directeur",
    "analyste",
    "sheikh",
];

/// Last words of bodies that approve, register or comment on deals but are no party to them.
const AUTHORITIES: &[&str] = &[
    "commission",
    "board",
    "court",
    "department",
    "agency",
    "exchange",
    "committee",
    "council",
    "ministry",
    "reserve",
    "congress",
    "senate",
    "parliament",
    "authority",
    "authorities",
    "commissioner",
];

/// Words that are never a party on their own: wire names, and sentence adverbs that open a
/// sentence with a capital ("Enfin, …", "Meanwhile, …").
const NOT_NAMES: &[&str] = &[
    "reuters",
    "reuter",
    "sec",
    "ftc",
    "u",
    "s",
    "us",
    "usa",
    "wall",
    "street",
    "enfin",
    "ainsi",
    "cependant",
    "toutefois",
    "however",
    "meanwhile",
    "moreover",
    "finally",
    "separately",
    "additionally",
    "also",
    "earlier",
    "later",
    "analysts",
    "analysts",
];

/// A name as a sentence writes it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Name {
    /// Byte range in the sentence.
    pub bytes: Range<usize>,
    /// As written, markup removed ("Sedio N.V.", "Groupe Videotron Ltd").
    pub text: String,
    /// Folded words without the legal form: what names are compared on.
    pub key: Vec<String>,
    /// A known entity of the corpus.
    pub known: Option<EntityId>,
    /// Written with a person's title ("Investor Sumner Redstone").
    pub person: bool,
    /// Written with a legal form or in wire markup: a company for sure.
    pub company: bool,
}

/// Folded words of a name, the legal form and a leading article left out.
pub(crate) fn key_of(text: &str) -> Vec<String> {
    let mut w: Vec<String> = words(text).into_iter().map(|(w, _, _)| w).collect();
    while w.len() > 1 && matches!(w[0].as_str(), "the" | "le" | "la" | "les" | "l") {
        w.remove(0);
    }
    strip_legal(&mut w);
    w
}

/// Removes trailing legal forms ("Co Ltd", "N.V."), keeping at least one word.
fn strip_legal(w: &mut Vec<String>) -> bool {
    let mut stripped = false;
    loop {
        if w.len() > 1 && LEGAL.contains(&w[w.len() - 1].as_str()) {
            w.pop();
            stripped = true;
            continue;
        }
        if let Some(initials) = LEGAL_INITIALS
            .iter()
            .find(|i| w.len() > i.len() && w[w.len() - i.len()..].iter().eq(i.iter()))
        {
            w.truncate(w.len() - initials.len());
            stripped = true;
            continue;
        }
        return stripped;
    }
}

fn has_legal_form(text: &str) -> bool {
    let mut w: Vec<String> = words(text).into_iter().map(|(w, _, _)| w).collect();
    strip_legal(&mut w)
}

/// Whether `<...>` content is a ticker ("CHEM", "TOSS.T", "SMBS ST") rather than a name.
pub(crate) fn is_ticker(content: &str) -> bool {
    let content = content.trim();
    content.len() <= 12
        && !content.chars().any(char::is_lowercase)
        && !has_legal_form(content)
        && content
            .chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '.' | ' ' | '-'))
}

/// The names of a sentence, in order, none overlapping.
pub(crate) fn find(sentence: &str, entities: &EntityTable) -> Vec<Name> {
    let mut out: Vec<Name> = Vec::new();
    let free = |out: &[Name], r: &Range<usize>| {
        !out.iter()
            .any(|n| n.bytes.start < r.end && r.start < n.bytes.end)
    };
    // Known entities, in any case ("le gouvernement américain").
    for link in entities.link(sentence) {
        if !link.exact {
            continue;
        }
        let r = link.from..link.to;
        if free(&out, &r) {
            out.push(Name {
                text: sentence[r.clone()].to_string(),
                key: key_of(&sentence[r.clone()]),
                bytes: r,
                known: Some(link.entity),
                person: false,
                company: false,
            });
        }
    }
    // Wire markup around a name: `<Woodco Inc>`, `(Groupe Videotron Ltd)`.
    for (open, close) in [('<', '>'), ('(', ')')] {
        let mut at = 0;
        while let Some(o) = sentence[at..].find(open).map(|i| i + at) {
            let Some(c) = sentence[o + 1..].find(close).map(|i| i + o + 1) else {
                break;
            };
            at = o + 1;
            let inner = &sentence[o + 1..c];
            if inner.contains(open) {
                continue;
            }
            let trimmed = inner.trim();
            let lead = inner.len() - inner.trim_start().len();
            let r = o + 1 + lead..o + 1 + lead + trimmed.len();
            let starts_upper = trimmed.chars().next().is_some_and(char::is_uppercase);
            let word_count = words(trimmed).len();
            let ok = match open {
                '<' => starts_upper && !is_ticker(trimmed),
                _ => {
                    starts_upper
                        && word_count >= 2
                        && (has_legal_form(trimmed)
                            || words(trimmed).iter().all(|(_, f, _)| {
                                trimmed[*f..].chars().next().is_some_and(char::is_uppercase)
                            }))
                }
            };
            if ok && free(&out, &r) {
                out.retain(|n| !(r.start <= n.bytes.start && n.bytes.end <= r.end));
                out.push(Name {
                    text: trimmed.to_string(),
                    key: key_of(trimmed),
                    bytes: r,
                    known: None,
                    person: false,
                    company: true,
                });
            }
        }
    }
    // Runs of capitalised words.
    for r in reader::names_in(sentence) {
        for (r, person) in clean_run(sentence, r) {
            if free(&out, &r) && keep_run(sentence, &r) {
                let text = sentence[r.clone()].to_string();
                // "financier Erik Penser", "David F. La Roche": a person.
                let before = words(&sentence[..r.start])
                    .last()
                    .map(|(w, _, _)| w.clone())
                    .unwrap_or_default();
                let ws = words(&text);
                let initial = ws.len() >= 3
                    && ws[1..ws.len() - 1]
                        .iter()
                        .any(|(w, _, _)| w.chars().count() == 1);
                let person = person
                    || PERSON_TITLES.contains(&before.as_str())
                    || (initial && !reader::is_company(&text));
                out.push(Name {
                    company: reader::is_company(&text),
                    key: key_of(&text),
                    text,
                    bytes: r,
                    known: None,
                    person,
                });
            }
        }
    }
    out.sort_by_key(|n| n.bytes.start);
    out
}

/// Words that head a name with "of" in it ("Bank of America", "University of Texas").
const INSTITUTIONS: &[&str] = &[
    "bank",
    "banque",
    "university",
    "institute",
    "society",
    "republic",
    "kingdom",
    "state",
    "states",
    "province",
    "city",
    "port",
    "government",
    "department",
    "ministry",
    "association",
    "chamber",
    "commonwealth",
    "federation",
    "union",
    "church",
    "college",
    "school",
    "museum",
    "court",
    "house",
];

/// A run without the titles it starts with, split at the titles of posts inside it, at a
/// possessive ("National Amusements' Arsenal Holdings") and at an "of" that gives a place
/// ("David F. La Roche of North Kingstown").
fn clean_run(sentence: &str, r: Range<usize>) -> Vec<(Range<usize>, bool)> {
    let text = &sentence[r.clone()];
    let ws = words(text);
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut person = false;
    for (i, (w, _, _)) in ws.iter().enumerate() {
        let possessive_before = i > 0 && text[ws[i - 1].2..ws[i].1].contains(['\'', '’']);
        let place_of = w == "of" && i > 0 && !INSTITUTIONS.contains(&ws[i - 1].0.as_str());
        if (possessive_before || place_of)
            && let Some(s) = start.take()
        {
            out.push((r.start + ws[s].1..r.start + ws[i - 1].2, person));
            person = false;
        }
        if place_of {
            continue;
        }
        let title = POST_TITLES.contains(&w.as_str())
            || (start.is_none() && PERSON_TITLES.contains(&w.as_str()) && i + 1 < ws.len());
        if title {
            if let Some(s) = start.take() {
                out.push((r.start + ws[s].1..r.start + ws[i - 1].2, person));
            }
            person = true;
            continue;
        }
        if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push((r.start + ws[s].1..r.start + ws[ws.len() - 1].2, person));
    }
    out
}

/// Whether a run of capitalised words can be a party.
fn keep_run(sentence: &str, r: &Range<usize>) -> bool {
    let text = &sentence[r.clone()];
    let folded: Vec<String> = words(text).into_iter().map(|(w, _, _)| w).collect();
    let Some(last) = folded.last() else {
        return false;
    };
    // "Inc" alone is no name.
    if folded.len() == 1 && LEGAL.contains(&last.as_str()) {
        return false;
    }
    // "R.I.", "U.S.": initials alone are places or countries here.
    if folded.iter().all(|w| w.chars().count() == 1) {
        return false;
    }
    if (folded.len() == 1 && NOT_NAMES.contains(&last.as_str()))
        || folded.iter().all(|w| NOT_NAMES.contains(&w.as_str()))
    {
        return false;
    }
    // Tickers in markup.
    if sentence[..r.start].ends_with('<') && is_ticker(text) {
        return false;
    }
    if gazetteer::is_place(&folded)
        || gazetteer::is_country(&folded)
        || (folded.len() == 1 && gazetteer::demonym(&folded[0]).is_some())
        || (folded.len() == 1 && gazetteer::is_english_demonym(&folded[0]))
        || folded.iter().all(|w| matches!(w.as_str(), "u" | "s"))
    {
        return false;
    }
    if AUTHORITIES.contains(&last.as_str()) {
        return false;
    }
    // Months and days: "February", "Friday".
    if !dates::dates(text, crate::text::Lang::En).is_empty()
        && folded.len() <= 3
        && dates::dates(text, crate::text::Lang::En)
            .iter()
            .any(|d| d.bytes.start == 0)
    {
        return false;
    }
    // "Houston-based": a place.
    !sentence[r.end..].starts_with("-based")
}

/// The names of one article, for telling which full name a short form stands for.
#[derive(Debug, Default)]
pub(crate) struct Book {
    names: Vec<Name>,
    /// The names of each sentence, in the article's order.
    sentences: Vec<Vec<Name>>,
}

fn name_from(sentence_start: usize, text: &str, at: usize) -> Name {
    Name {
        bytes: sentence_start + at..sentence_start + at + text.len(),
        text: text.to_string(),
        key: key_of(text),
        known: None,
        person: false,
        company: reader::is_company(text) || has_legal_form(text),
    }
}

/// "Redstone and MCV Holdings Inc" is two names when the article writes one of them alone,
/// or when the first has a legal form ("AB Investor and Forvaltnings AB Providentia").
fn split_joined(names: Vec<Name>, alone: &HashSet<Vec<String>>) -> Vec<Name> {
    let mut out = Vec::new();
    for n in names {
        let at = [" and ", " et ", " & "]
            .iter()
            .find_map(|c| n.text.find(c).map(|i| (i, c.len())));
        let Some((i, len)) = at.filter(|_| n.known.is_none()) else {
            out.push(n);
            continue;
        };
        let (left, right) = (n.text[..i].trim(), n.text[i + len..].trim());
        let legal = |t: &str| {
            words(t)
                .iter()
                .any(|(w, _, _)| LEGAL.contains(&w.as_str()) && w != "co")
        };
        let split = !left.is_empty()
            && !right.is_empty()
            && (legal(left) || alone.contains(&key_of(left)) || alone.contains(&key_of(right)));
        if !split {
            out.push(n);
            continue;
        }
        let base = n.bytes.start;
        out.push(name_from(base, left, 0));
        out.push(name_from(base, right, n.text.len() - right.len()));
    }
    out
}

fn initials_match(acronym: &str, words: &[String]) -> bool {
    acronym.len() >= 2
        && acronym.len() <= words.len()
        && acronym.chars().zip(words).all(|(c, w)| w.starts_with(c))
}

impl Book {
    /// Every name of the article's sentences.
    pub(crate) fn of(article: &Article, entities: &EntityTable) -> Book {
        let mut sentences: Vec<Vec<Name>> = Vec::new();
        for p in &article.paragraphs {
            for s in p.sentences() {
                sentences.push(find(&p.text[s.bytes.clone()], entities));
            }
        }
        // A sentence's first word is a name when the article names something with it:
        // "Northwind also agreed …" after "Northwind Traders Inc said …".
        let firsts: HashSet<String> = sentences
            .iter()
            .flatten()
            .filter(|n| n.key.len() > 1)
            .map(|n| n.key[0].clone())
            .collect();
        let mut i = 0;
        for p in &article.paragraphs {
            for s in p.sentences() {
                let text = &p.text[s.bytes.clone()];
                if let Some((w, from, to)) = words(text).into_iter().next()
                    && firsts.contains(&w)
                    && text[from..].starts_with(|c: char| c.is_uppercase())
                    && !crate::text::lexicon::is_stop_word(&w)
                    && !sentences[i]
                        .iter()
                        .any(|n| n.bytes.start <= from && from < n.bytes.end)
                {
                    sentences[i].insert(0, name_from(0, &text[from..to], from));
                }
                i += 1;
            }
        }
        let alone: HashSet<Vec<String>> = sentences
            .iter()
            .flatten()
            .filter(|n| !n.text.contains(" and ") && !n.text.contains(" et "))
            .map(|n| n.key.clone())
            .collect();
        let sentences: Vec<Vec<Name>> = sentences
            .into_iter()
            .map(|names| split_joined(names, &alone))
            .collect();
        Book {
            names: sentences.iter().flatten().cloned().collect(),
            sentences,
        }
    }

    /// The names of the article's `i`-th sentence (counted over all paragraphs).
    pub(crate) fn sentence(&self, i: usize) -> &[Name] {
        self.sentences.get(i).map_or(&[], Vec::as_slice)
    }

    /// The fullest form of `name` in the article; `main` (the article's main party) wins
    /// among equals.
    pub(crate) fn canonical(&self, name: &Name, main: Option<&Name>) -> Name {
        let mut full = self.fullest(name, main);
        // Written once with a person's title, a person everywhere.
        full.person |= self
            .names
            .iter()
            .any(|n| n.person && (n.key == full.key || n.key == name.key));
        full
    }

    fn fullest(&self, name: &Name, main: Option<&Name>) -> Name {
        if name.known.is_some() || name.key.is_empty() {
            return name.clone();
        }
        let k = &name.key;
        let single = k.len() == 1;
        let stands_for = |other: &Name| -> bool {
            if other.known.is_some() || other.key.len() < k.len() || other.key == *k {
                return false;
            }
            // "Waste Management and ChemLawn" is not a longer "Waste Management".
            if other.key.iter().any(|w| w == "and" || w == "et") && !k.iter().any(|w| w == "and") {
                return false;
            }
            let o = &other.key;
            // "Computer Terminal" → "Computer Terminal Systems".
            if o.starts_with(k) {
                return true;
            }
            // "Redstone" → "Sumner Redstone".
            if single && !other.company && o.len() <= 3 && o.last() == k.last() {
                return true;
            }
            // "DRS" → "Diagnostic Retrieval Systems", "IC Gas" → "Imperial Continental Gas".
            let acronym = &name.text.split_whitespace().next().unwrap_or_default();
            if acronym.len() >= 2
                && acronym.chars().all(|c| c.is_ascii_uppercase())
                && initials_match(&k[0], o)
                && o[k[0].len()..].starts_with(&k[1..])
            {
                return true;
            }
            // "TVX" → "Consolidated TVX Mining".
            single && acronym.chars().all(|c| c.is_ascii_uppercase()) && o.contains(&k[0])
        };
        // "Wallenbergs" → "Wallenberg".
        if single
            && let Some(stem) = k[0].strip_suffix('s')
            && let Some(other) = self
                .names
                .iter()
                .find(|o| o.key.len() == 1 && o.key[0] == stem)
        {
            return self.fullest(other, main);
        }
        let candidates: Vec<&Name> = self.names.iter().filter(|o| stands_for(o)).collect();
        if candidates.is_empty() {
            // The longest spelling of the same key (with its legal form).
            return self
                .names
                .iter()
                .filter(|o| o.key == *k)
                .max_by_key(|o| (o.company, o.text.len()))
                .cloned()
                .unwrap_or_else(|| name.clone());
        }
        if let Some(m) = main
            && let Some(c) = candidates.iter().find(|c| c.key == m.key)
        {
            return (*c).clone();
        }
        let longest = candidates.iter().map(|c| c.key.len()).max().unwrap_or(0);
        let full = candidates
            .iter()
            .filter(|c| c.key.len() == longest)
            .max_by_key(|c| (c.company, c.text.len()))
            .copied()
            .unwrap_or(candidates[0]);
        full.clone()
    }
}

/// Entities for the names of drafted records: the corpus's, or new ones proposed, each once.
#[derive(Debug)]
pub(crate) struct Registry<'a> {
    table: &'a EntityTable,
    proposed: Vec<Entity>,
    by_key: HashMap<Vec<String>, EntityId>,
    /// Folded aliases and names already taken (by the corpus or a proposal).
    taken: HashSet<String>,
    ids: HashSet<String>,
}

/// A slug of lowercase letters, digits and single hyphens, at most `max` bytes.
pub(crate) fn slug(text: &str, max: usize) -> String {
    let mut out = String::new();
    for (w, _, _) in words(text) {
        let w: String = fold(&w)
            .chars()
            .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            .collect();
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() && out.len() + 1 + w.len() > max {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&w);
    }
    out.truncate(max);
    out.trim_end_matches('-').to_string()
}

fn alias_key(text: &str) -> String {
    words(text)
        .into_iter()
        .map(|(w, _, _)| w)
        .collect::<Vec<_>>()
        .join(" ")
}

impl<'a> Registry<'a> {
    pub(crate) fn new(table: &'a EntityTable) -> Self {
        let mut taken = HashSet::new();
        let mut ids = HashSet::new();
        for e in table.all() {
            ids.insert(e.id.to_string());
            taken.insert(alias_key(&e.name));
            for a in e.aliases.iter().chain(&e.name_fr) {
                taken.insert(alias_key(a));
            }
        }
        Registry {
            table,
            proposed: Vec::new(),
            by_key: HashMap::new(),
            taken,
            ids,
        }
    }

    /// Entities proposed before (by pending drafts): reused rather than proposed again.
    pub(crate) fn adopt(&mut self, entity: &Entity) {
        if self.ids.contains(entity.id.as_str()) {
            return;
        }
        self.ids.insert(entity.id.to_string());
        self.taken.insert(alias_key(&entity.name));
        for a in &entity.aliases {
            self.taken.insert(alias_key(a));
        }
        self.by_key.insert(key_of(&entity.name), entity.id.clone());
        self.proposed.push(entity.clone());
    }

    pub(crate) fn proposed(&self) -> &[Entity] {
        &self.proposed
    }

    pub(crate) fn get(&self, id: &EntityId) -> Option<&Entity> {
        self.table
            .get(id)
            .or_else(|| self.proposed.iter().find(|e| &e.id == id))
    }

    /// Whether `id` is an entity this registry proposes (not one of the corpus).
    pub(crate) fn is_new(&self, id: &EntityId) -> bool {
        self.table.get(id).is_none() && self.proposed.iter().any(|e| &e.id == id)
    }

    /// The entity a (canonical) name stands for, proposed when the corpus does not know it;
    /// `forms` are the other ways the article writes it, kept as aliases.
    pub(crate) fn entity_for(&mut self, name: &Name, forms: &[String]) -> Option<EntityId> {
        if let Some(id) = &name.known {
            return Some(id.clone());
        }
        if name.key.is_empty() {
            return None;
        }
        // A known entity under this exact name or alias ("Intel Corp").
        let links = self.table.link(&name.text);
        if let [link] = links.as_slice()
            && link.exact
            && link.from == 0
            && link.to == name.text.len()
        {
            return Some(link.entity.clone());
        }
        if let Some(id) = self.by_key.get(&name.key) {
            return Some(id.clone());
        }
        let base = slug(&name.key.join(" "), 60);
        if base.is_empty() {
            return None;
        }
        let mut id = base.clone();
        let mut n = 2;
        while self.ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        let id = EntityId::parse(&id).ok()?;
        let own = alias_key(&name.text);
        if self.taken.contains(&own) {
            return None;
        }
        let mut aliases: Vec<String> = Vec::new();
        let mut seen: HashSet<String> = HashSet::from([own.clone()]);
        for form in aliases_of(&name.text)
            .into_iter()
            .chain(forms.iter().filter(|f| looks_like_a_name(f)).cloned())
        {
            let k = alias_key(&form);
            if k.is_empty()
                || !k.chars().any(char::is_alphabetic)
                || self.taken.contains(&k)
                || !seen.insert(k)
            {
                continue;
            }
            aliases.push(form);
        }
        self.taken.insert(own);
        for a in &aliases {
            self.taken.insert(alias_key(a));
        }
        self.ids.insert(id.to_string());
        self.by_key.insert(name.key.clone(), id.clone());
        self.proposed.push(Entity {
            id: id.clone(),
            name: name.text.clone(),
            name_fr: None,
            kind: if name.person && !name.company {
                EntityKind::Person
            } else {
                EntityKind::Company
            },
            aliases,
        });
        Some(id)
    }
}

/// Whether an alias can stand for a company alone: not one common word ("Investor").
fn looks_like_a_name(alias: &str) -> bool {
    let k = key_of(alias);
    !(k.is_empty()
        || k.len() == 1
            && (crate::text::lexicon::is_stop_word(&k[0])
                || crate::text::lexicon::concept(&k[0]).is_some()
                || k[0].len() < 3))
}

/// The other ways a company name is written: without its legal form, without a corporate
/// word at either end ("Senior Engineering Group Plc" → "Senior Engineering Group", "Senior
/// Engineering"; "Groupe Videotron Ltd" → "Groupe Videotron", "Videotron").
pub(crate) fn aliases_of(name: &str) -> Vec<String> {
    // Work on the written words, so aliases keep the name's spelling.
    let spans: Vec<(String, usize, usize)> = words(name);
    if spans.is_empty() {
        return Vec::new();
    }
    let mut folded: Vec<String> = spans.iter().map(|(w, _, _)| w.clone()).collect();
    let mut out = Vec::new();
    let written = |from: usize, to: usize| -> String {
        // Whole words `from..to` as written, with what separates them.
        let start = spans[from].1;
        let end = spans[to - 1].2;
        let mut s = name[start..end].to_string();
        // "N.V." keeps its final dot out: nothing to do for words.
        if s.ends_with(',') {
            s.pop();
        }
        s
    };
    let mut end = folded.len();
    if strip_legal(&mut folded) {
        end = folded.len();
        out.push(written(0, end));
    }
    let mut start = 0;
    let mut changed = true;
    while changed && end - start > 1 {
        changed = false;
        if CORPORATE.contains(&folded[end - 1].as_str()) && end - start > 1 {
            end -= 1;
            changed = true;
            out.push(written(start, end));
        } else if CORPORATE.contains(&folded[start].as_str()) && end - start > 1 {
            start += 1;
            changed = true;
            out.push(written(start, end));
        }
    }
    out.retain(|a| looks_like_a_name(a) && a.matches('(').count() == a.matches(')').count());
    // The name without its markup punctuation ("SHV (United Kingdom) Holding Co Ltd").
    out.retain(|a| a != name);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::entity::EntityTable;

    fn texts(sentence: &str) -> Vec<String> {
        find(sentence, &EntityTable::default())
            .into_iter()
            .map(|n| n.text)
            .collect()
    }

    #[test]
    fn names_come_from_runs_and_markup_not_places_tickers_or_titles() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Computer Terminal Systems Inc said it has completed the sale of 200,000 shares to <Sedio N.V.> of Lugano, Switzerland for 50,000 dlrs.",
                &["Computer Terminal Systems Inc", "Sedio N.V."],
            ),
            (
                "(Groupe Videotron Ltd) said it agreed to buy 50 pct of (Groupe Promexpo Inc), a company.",
                &["Groupe Videotron Ltd", "Groupe Promexpo Inc"],
            ),
            (
                "ChemLawn Corp <CHEM> could attract a higher bid than the 27 dlrs per share offered by Waste Management Inc <WNX>, Wall Street arbitrageurs said.",
                &["ChemLawn Corp", "Waste Management Inc"],
            ),
            (
                "Investor Sumner Redstone offered to sweeten his bid.",
                &["Sumner Redstone"],
            ),
            (
                "<SHV (United Kingdom) Holding Co Ltd> said it was making a tender offer.",
                &["SHV (United Kingdom) Holding Co Ltd"],
            ),
            (
                "In a filing with the Securities and Exchange Commission, the group, led by Mutual Shares Corp, said it sold 110,000 Cyclops common shares on Feb 17.",
                &["Mutual Shares Corp", "Cyclops"],
            ),
        ];
        for (sentence, want) in cases {
            assert_eq!(texts(sentence), *want, "{sentence}");
        }
    }

    #[test]
    fn aliases_drop_legal_forms_and_corporate_words() {
        assert_eq!(
            aliases_of("Senior Engineering Group Plc"),
            ["Senior Engineering Group", "Senior Engineering"]
        );
        assert_eq!(
            aliases_of("Groupe Videotron Ltd"),
            ["Groupe Videotron", "Videotron"]
        );
        assert_eq!(aliases_of("Sedio N.V."), ["Sedio"]);
        assert_eq!(
            aliases_of("Computer Terminal Systems Inc"),
            ["Computer Terminal Systems", "Computer Terminal"]
        );
        assert_eq!(slug("Groupe Vidéotron Ltd", 60), "groupe-videotron-ltd");
    }

    #[test]
    fn short_forms_stand_for_the_fullest_name_of_the_article() {
        let names = |s: &str| find(s, &EntityTable::default());
        let mut book = Book::default();
        for s in [
            "Diagnostic Retrieval Systems Inc said it made an offer.",
            "Investor Sumner Redstone offered more.",
            "Computer Terminal Systems Inc said so.",
            "It bid for Imperial Continental Gas Association shares.",
        ] {
            book.names.extend(names(s));
        }
        for (short, full) in [
            ("DRS said it would.", "Diagnostic Retrieval Systems Inc"),
            ("Redstone said it would.", "Sumner Redstone"),
            (
                "Computer Terminal said it would.",
                "Computer Terminal Systems Inc",
            ),
            (
                "Shares of IC Gas rose.",
                "Imperial Continental Gas Association",
            ),
        ] {
            let n = names(short);
            assert_eq!(book.canonical(&n[0], None).text, full, "{short}");
        }
    }
}
