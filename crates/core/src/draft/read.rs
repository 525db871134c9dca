//! Reading one sentence for the deals it states, in French or English: the deal word (a verb
//! such as "acquired", "a racheté", "agreed to sell"; a noun such as "the acquisition of",
//! "offers from", "a signé un accord"), who does it (the subject, through "it", "the company",
//! appositions and relative clauses), to or from whom, what is bought, and the figures in the
//! deal's own phrases: the price, the stake, the shares.
//!
//! A sentence that only speculates ("may buy", "rumors it would sell", "is considering a
//! merger"), denies ("agreed not to buy") or supposes ("If all the shares are tendered…")
//! states no deal. Readings name parties as written; the article resolves them.

use std::ops::Range;

use super::cues::*;
use super::names::Name;
use crate::model::deal::{DealKind, Role, Status};
use crate::text::quantity::{self, Quantity, Unit};
use crate::text::{Lang, words};

/// A deal a sentence states, parties as the sentence names them.
#[derive(Debug, Clone)]
pub(crate) struct Reading {
    pub kind: DealKind,
    pub parties: Vec<(Name, Role)>,
    pub amount: Option<Quantity>,
    pub stake: Option<Quantity>,
    pub shares: Option<Quantity>,
    pub status: Status,
}

/// A sentence to read and what it is read with.
pub(crate) struct Sentence<'a> {
    pub text: &'a str,
    pub lang: Lang,
    /// The sentence's names ([`super::names::find`]).
    pub names: &'a [Name],
    /// The article's main party, for "it" and "the company" when the sentence names no
    /// subject.
    pub main: Option<&'a Name>,
}

/// Which side of a deal a party is on, before the kind decides its role's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Buyer,
    Seller,
    Target,
    Grantor,
    Grantee,
    Licensor,
    Licensee,
    Partner,
    Customer,
    Supplier,
}

/// The sentence's words, names and punctuation, in order.
#[derive(Debug, Clone)]
struct Tok {
    /// Folded word; empty for names and punctuation.
    word: String,
    name: Option<usize>,
    /// `,`, `;` or `-` (a dash).
    punct: Option<char>,
    bytes: Range<usize>,
    /// Followed by "'s" or "'".
    possessive: bool,
    /// Inside an apposition, a relative clause or a leading adverbial phrase.
    inserted: bool,
}

struct Reader<'a> {
    s: &'a Sentence<'a>,
    toks: Vec<Tok>,
    quantities: Vec<Quantity>,
}

/// The deals `s` states, in order; none when it states none.
pub(crate) fn read(s: &Sentence) -> Vec<Reading> {
    let first = words(s.text)
        .first()
        .map(|(w, _, _)| w.clone())
        .unwrap_or_default();
    if matches!(first.as_str(), "if" | "si" | "unless") {
        return Vec::new();
    }
    let r = Reader {
        toks: tokens(s),
        quantities: quantities(s.text, s.lang),
        s,
    };
    for k in 0..r.toks.len() {
        if r.toks[k].word.is_empty() || r.toks[k].inserted || r.guarded(k) {
            continue;
        }
        let found = r.at(k);
        if !found.is_empty() {
            return found;
        }
    }
    Vec::new()
}

/// The quantities of `text`, French elisions before a currency read as "de" ("120 millions
/// d’euros"); byte offsets are those of `text`.
fn quantities(text: &str, lang: Lang) -> Vec<Quantity> {
    if lang != Lang::Fr {
        return quantity::quantities(text, lang);
    }
    // "d’" before a word becomes spaces of the same length: "120 millions     euros".
    let mut plain = text.to_string();
    for (i, c) in text.char_indices() {
        let elided = c == 'd'
            && text[..i]
                .chars()
                .next_back()
                .is_none_or(|b| !b.is_alphanumeric())
            && text[i + 1..].starts_with(['\'', '’'])
            && text[i + 1..]
                .chars()
                .nth(1)
                .is_some_and(char::is_alphabetic);
        if elided {
            let len = 1 + text[i + 1..].chars().next().map_or(0, char::len_utf8);
            plain.replace_range(i..i + len, &" ".repeat(len));
        }
    }
    quantity::quantities(&plain, lang)
}

/// The subject a sentence names, if it names one: the article's main party is the first.
pub(crate) fn named_subject(s: &Sentence) -> Option<Name> {
    let r = Reader {
        toks: tokens(s),
        quantities: Vec::new(),
        s,
    };
    match r.subject() {
        Subject::Named(ks) => ks.first().and_then(|&k| r.name_of(k)).cloned(),
        _ => None,
    }
}

fn tokens(s: &Sentence) -> Vec<Tok> {
    let text = s.text;
    let mut out: Vec<Tok> = Vec::new();
    // Tickers in wire markup ("<XON>") are no words of the sentence.
    let mut tickers: Vec<Range<usize>> = Vec::new();
    let mut at = 0;
    while let Some(o) = text[at..].find('<').map(|i| i + at) {
        let Some(c) = text[o + 1..].find('>').map(|i| i + o + 1) else {
            break;
        };
        if super::names::is_ticker(&text[o + 1..c]) {
            tickers.push(o..c);
        }
        at = o + 1;
    }
    let ws: Vec<(String, usize, usize)> = words(text)
        .into_iter()
        .filter(|(_, f, _)| !tickers.iter().any(|t| t.contains(f)))
        .collect();
    let mut last_end = 0;
    let mut i = 0;
    let gap_punct = |gap: &str| -> Option<char> {
        if gap.contains(';') {
            Some(';')
        } else if gap.contains("--") || gap.contains('—') || gap.contains('–') {
            Some('-')
        } else if gap.contains(',') || gap.contains(':') {
            Some(',')
        } else {
            None
        }
    };
    while i < ws.len() {
        let (w, from, to) = (&ws[i].0, ws[i].1, ws[i].2);
        if let Some(p) = gap_punct(&text[last_end.min(from)..from]) {
            out.push(Tok {
                word: String::new(),
                name: None,
                punct: Some(p),
                bytes: last_end..from,
                possessive: false,
                inserted: false,
            });
        }
        if let Some(n) = s
            .names
            .iter()
            .position(|n| n.bytes.start <= from && to <= n.bytes.end)
        {
            let end = s.names[n].bytes.end;
            while i < ws.len() && ws[i].2 <= end {
                i += 1;
            }
            let after = &text[end..];
            let after = after.trim_start_matches(['>', ')']);
            let possessive = ["'s ", "’s ", "' ", "’ ", "'s", "’s"]
                .iter()
                .any(|p| after.starts_with(p));
            if possessive && i < ws.len() && ws[i].0 == "s" {
                i += 1;
            }
            out.push(Tok {
                word: String::new(),
                name: Some(n),
                punct: None,
                bytes: s.names[n].bytes.clone(),
                possessive,
                inserted: false,
            });
            last_end = if possessive && i > 0 {
                ws[i - 1].2.max(end)
            } else {
                end
            };
            continue;
        }
        if w == "s"
            && text[..from].ends_with(['\'', '’'])
            && let Some(prev) = out.last_mut()
        {
            prev.possessive = true;
            last_end = to;
            i += 1;
            continue;
        }
        out.push(Tok {
            word: w.clone(),
            name: None,
            punct: None,
            bytes: from..to,
            possessive: false,
            inserted: false,
        });
        last_end = to;
        i += 1;
    }
    mark_insertions(&mut out, text, s.lang);
    out
}

/// Marks appositions and relative clauses between commas (or dashes), and a leading
/// adverbial phrase; a segment that is only names ("the acquiring company, PC Acquisition
/// Inc, …", "The four -- Exxon Corp, Mobil Corp … --") is not an insertion.
fn mark_insertions(toks: &mut [Tok], text: &str, lang: Lang) {
    let n = toks.len();
    // A finite verb: an English one, or a French auxiliary ("a", not the preposition "à").
    let verb = |t: &Tok| {
        is(&t.word, MAIN_VERBS)
            || is(&t.word, SAY)
            || (lang == Lang::Fr
                && is(&t.word, MAIN_VERBS_FR)
                && text.get(t.bytes.clone()).is_some_and(|w| w != "à"))
    };
    // A leading phrase before the first comma, without a name or a subject word.
    if let Some(c) = toks.iter().position(|t| t.punct == Some(',')) {
        let lead = &toks[..c];
        let opener = lead.first().is_some_and(|t| is(&t.word, INTRO_OPENERS));
        let named = lead.iter().any(|t| t.name.is_some());
        let subjectless = !lead
            .iter()
            .any(|t| is(&t.word, SUBJECT_PRONOUNS) || is(&t.word, ANAPHOR_NOUNS));
        let has_verb = lead.iter().any(verb);
        if !named && (opener || subjectless) && !has_verb && c + 1 < n {
            for t in &mut toks[..=c] {
                t.inserted = true;
            }
        }
    }
    let mut i = 0;
    while i < n {
        if !matches!(toks[i].punct, Some(',') | Some('-')) || toks[i].inserted {
            i += 1;
            continue;
        }
        let close =
            (i + 1..n).find(|&j| toks[j].punct == toks[i].punct || toks[j].punct == Some(';'));
        let Some(close) = close else {
            break;
        };
        let inner = &toks[i + 1..close];
        let only_names = !inner.is_empty()
            && inner.iter().any(|t| t.name.is_some())
            && inner.iter().all(|t| {
                t.name.is_some() || t.punct == Some(',') || matches!(t.word.as_str(), "and" | "et")
            });
        // An apposition opened by an article holds no finite verb: ", la société Windsurf a
        // annoncé …" is the main clause.
        let opens = inner.first().is_some_and(|t| {
            is(&t.word, INSERTION_OPENERS)
                && !(matches!(
                    t.word.as_str(),
                    "a" | "an" | "the" | "le" | "la" | "les" | "un" | "une"
                ) && inner.iter().any(verb))
        });
        if toks[close].punct != Some(';') && !only_names && opens {
            for t in &mut toks[i..close] {
                t.inserted = true;
            }
            i = close;
            continue;
        }
        if only_names && toks[i].punct == Some('-') {
            i = close + 1;
            continue;
        }
        i += 1;
    }
}

/// The subject of a sentence, as far as the deal reader needs it.
enum Subject {
    Named(Vec<usize>),
    /// "It", "the company", "a group of investment firms": the article's main party.
    Anaphor,
    Unknown,
}

impl<'a> Reader<'a> {
    fn word(&self, k: usize) -> &str {
        self.toks.get(k).map_or("", |t| t.word.as_str())
    }

    fn name_of(&self, k: usize) -> Option<&Name> {
        self.toks
            .get(k)
            .and_then(|t| t.name)
            .map(|n| &self.s.names[n])
    }

    /// A word that ends a noun phrase: a finite verb ("would", "a" as a French auxiliary).
    fn is_verb(&self, k: usize) -> bool {
        let w = self.word(k);
        is(w, MAIN_VERBS) || (self.s.lang == Lang::Fr && is(w, MAIN_VERBS_FR))
    }

    fn prepositions(&self) -> &'static [&'static str] {
        match self.s.lang {
            Lang::En => PREPOSITIONS_EN,
            Lang::Fr => PREPOSITIONS_FR,
        }
    }

    fn next_word(&self, k: usize) -> Option<usize> {
        (k + 1..self.toks.len()).find(|&j| !self.toks[j].inserted)
    }

    /// Whether the name at `k` is the object of a preposition (and so no subject); "led by"
    /// names the leader, a subject.
    fn after_preposition(&self, k: usize) -> bool {
        let Some(p) = k.checked_sub(1) else {
            return false;
        };
        let w = self.word(p);
        if w == "by" && p > 0 && self.word(p - 1) == "led" {
            return false;
        }
        is(w, self.prepositions()) || (w == "by" && self.s.lang == Lang::En)
    }

    /// Whether the deal word at `k` is speculation, a denial or a supposition.
    fn guarded(&self, k: usize) -> bool {
        let mut seen = 0;
        let mut j = k;
        while j > 0 && seen < 8 {
            j -= 1;
            let t = &self.toks[j];
            if t.punct == Some(';') {
                break;
            }
            if t.inserted || t.punct.is_some() {
                continue;
            }
            seen += 1;
            if is(&t.word, GUARDS) {
                return true;
            }
        }
        // "the acquiring company", "a wholly owned unit": adjectives, not deals.
        let w = self.word(k);
        k > 0
            && matches!(self.word(k - 1), "the" | "an")
            && (w.ends_with("ing") || w.ends_with("ed"))
    }

    fn subject(&self) -> Subject {
        let mut heads: Vec<usize> = Vec::new();
        let mut leader = None;
        let mut anaphor = false;
        for (k, t) in self.toks.iter().enumerate() {
            if t.inserted {
                if t.name.is_some()
                    && k >= 2
                    && self.word(k - 1) == "by"
                    && self.word(k - 2) == "led"
                {
                    leader = Some(k);
                }
                continue;
            }
            if is(&t.word, MAIN_VERBS)
                || is(&t.word, SAY)
                || (self.s.lang == Lang::Fr && is(&t.word, MAIN_VERBS_FR))
            {
                break;
            }
            if is(&t.word, SUBJECT_PRONOUNS) || is(&t.word, ANAPHOR_NOUNS) {
                anaphor = true;
            }
            if t.name.is_some() {
                if k >= 2 && self.word(k - 1) == "by" && self.word(k - 2) == "led" {
                    leader = Some(k);
                } else if !self.after_preposition(k) {
                    heads.push(k);
                }
            }
        }
        if let Some(l) = leader {
            return Subject::Named(vec![l]);
        }
        // "X's Y subsidiary": Y; "A and B": both.
        if let Some(&last) = heads.last() {
            return Subject::Named(self.coordinated(last));
        }
        if anaphor {
            Subject::Anaphor
        } else {
            Subject::Unknown
        }
    }

    /// The name at `k` with the names coordinated before it ("A, B and C").
    fn coordinated(&self, k: usize) -> Vec<usize> {
        let mut out = vec![k];
        let mut j = k;
        while j >= 2 {
            let link = &self.toks[j - 1];
            let joined = link.punct == Some(',') || matches!(link.word.as_str(), "and" | "et");
            let prev = j - 2;
            if joined && self.toks[prev].name.is_some() && !self.after_preposition(prev) {
                out.insert(0, prev);
                j = prev;
            } else {
                break;
            }
        }
        out
    }

    /// Names coordinated after the name at `k` ("from A and B").
    fn coordinated_after(&self, k: usize) -> Vec<usize> {
        let mut out = vec![k];
        let mut j = k;
        while j + 2 < self.toks.len() {
            let link = &self.toks[j + 1];
            let joined = link.punct == Some(',') || matches!(link.word.as_str(), "and" | "et");
            if joined && self.toks[j + 2].name.is_some() && !self.toks[j + 2].inserted {
                out.push(j + 2);
                j += 2;
            } else {
                break;
            }
        }
        out
    }

    fn names(&self, ks: &[usize]) -> Vec<Name> {
        ks.iter()
            .filter_map(|&k| self.name_of(k).cloned())
            .collect()
    }

    /// The sentence's subject as names, "it" being the article's main party.
    fn subject_names(&self) -> Vec<Name> {
        match self.subject() {
            Subject::Named(ks) => self.names(&ks),
            Subject::Anaphor | Subject::Unknown => self.main(),
        }
    }

    fn main(&self) -> Vec<Name> {
        self.s.main.cloned().into_iter().collect()
    }

    /// Who does the deal word at `k`: the closest subject before it, through pronouns,
    /// appositions and verbs of saying.
    fn agent(&self, k: usize) -> Vec<Name> {
        let mut j = k;
        while j > 0 {
            j -= 1;
            let t = &self.toks[j];
            if t.inserted {
                continue;
            }
            if t.punct == Some(';') {
                break;
            }
            if t.name.is_some() {
                if self.after_preposition(j) {
                    continue;
                }
                // "Crowley's American Transport Lines": the owner is not the subject.
                if t.possessive
                    && self
                        .next_word(j)
                        .is_some_and(|n| self.toks[n].name.is_some())
                {
                    continue;
                }
                return self.names(&self.coordinated(j));
            }
            let w = t.word.as_str();
            if is(w, SUBJECT_PRONOUNS) {
                return self.subject_names();
            }
            if is(w, ANAPHOR_NOUNS)
                && j > 0
                && matches!(self.word(j - 1), "the" | "a" | "la" | "le")
            {
                return self.main();
            }
            if is(w, SAY) {
                return self.subject_names();
            }
        }
        self.subject_names()
    }

    /// The tokens of the object of the deal word ending at `from - 1`.
    fn object(&self, from: usize, stops: &[&str]) -> Range<usize> {
        let mut j = from;
        while j < self.toks.len() {
            let t = &self.toks[j];
            if t.punct == Some(';') {
                break;
            }
            if t.inserted {
                j += 1;
                continue;
            }
            if t.punct.is_some() {
                // The comma closing an insertion: the object goes on.
                if j > from && self.toks[j - 1].inserted {
                    j += 1;
                    continue;
                }
                // ", and a 16 pct interest in …", ", as well as 82 pct of …": more object;
                // ", the diary equipment firm Alfa-Laval AB": an apposition that may name it.
                match self.next_word(j).map(|n| self.word(n)) {
                    Some(
                        "and" | "or" | "et" | "ou" | "as" | "the" | "a" | "an" | "le" | "la"
                        | "une" | "un",
                    ) => {
                        j += 1;
                        continue;
                    }
                    _ => break,
                }
            }
            let w = t.word.as_str();
            if w == "to" && j > from && self.word(j - 1) == "up" {
                j += 1;
                continue;
            }
            if w == "in"
                && matches!(
                    self.word(j + 1),
                    "exchange" | "response" | "principle" | "cash" | "a" | "an"
                )
            {
                break;
            }
            if is(w, stops) {
                break;
            }
            j += 1;
        }
        from..j
    }

    /// The name the object is about: after "of", "in", a possessive; not "its X unit".
    fn target_in(&self, span: &Range<usize>) -> Option<usize> {
        let mut found: Vec<usize> = Vec::new();
        let mut appositive: Vec<usize> = Vec::new();
        for k in span.clone() {
            let t = &self.toks[k];
            if t.name.is_none() {
                continue;
            }
            // "another Wallenberg company, the diary equipment firm Alfa-Laval AB": the
            // apposition may name the company; "a subsidiary of X" names its parent.
            if t.inserted {
                if !matches!(self.word(k.wrapping_sub(1)), "of" | "by" | "de")
                    && self.name_of(k).is_some_and(|n| n.company)
                {
                    appositive.push(k);
                }
                continue;
            }
            // "its Canadian Courier unit": the seller's own unit, no party ("its stake in X"
            // is about X).
            let owned = (span.start..k).rev().take(4).any(|j| {
                is(self.word(j), POSSESSIVES)
                    && !(j + 1..k).any(|m| {
                        self.toks[m].name.is_some()
                            || matches!(self.word(m), "in" | "of" | "dans" | "de" | "du")
                    })
            });
            if owned {
                continue;
            }
            // "Crowley's American Transport Lines": the owned name.
            if t.possessive
                && self
                    .next_word(k)
                    .is_some_and(|n| self.toks[n].name.is_some())
            {
                continue;
            }
            // "held by X": the seller.
            if k >= 2 && self.word(k - 1) == "by" {
                continue;
            }
            found.push(k);
        }
        let company = |k: &usize| {
            self.name_of(*k)
                .is_some_and(|n| n.company || n.known.is_some())
        };
        found
            .iter()
            .copied()
            .find(company)
            .or_else(|| appositive.first().copied())
            .or_else(|| found.first().copied())
    }

    fn quantity_in(
        &self,
        span: &Range<usize>,
        pick: impl Fn(&Quantity) -> bool,
    ) -> Option<Quantity> {
        let (start, end) = self.byte_span(span)?;
        self.quantities
            .iter()
            .filter(|q| q.bytes.start >= start && q.bytes.end <= end)
            .filter(|q| !self.inside_insertion(q.bytes.start))
            .find(|q| pick(q))
            .cloned()
    }

    fn byte_span(&self, span: &Range<usize>) -> Option<(usize, usize)> {
        if span.is_empty() {
            return None;
        }
        Some((
            self.toks[span.start].bytes.start,
            self.toks[span.end - 1].bytes.end,
        ))
    }

    fn inside_insertion(&self, byte: usize) -> bool {
        self.toks
            .iter()
            .any(|t| t.inserted && t.bytes.start <= byte && byte < t.bytes.end)
    }

    fn words_before_byte(&self, byte: usize, n: usize) -> Vec<&str> {
        let at = self
            .toks
            .iter()
            .position(|t| t.bytes.start >= byte)
            .unwrap_or(self.toks.len());
        self.toks[at.saturating_sub(n)..at]
            .iter()
            .map(|t| t.word.as_str())
            .collect()
    }

    fn is_stake(&self, q: &Quantity) -> bool {
        q.unit == Unit::Percent
            && !self.words_before_byte(q.bytes.start, 2).iter().any(|w| {
                matches!(
                    *w,
                    "from" | "than" | "below" | "above" | "over" | "under" | "sous"
                )
            })
    }

    fn is_shares(q: &Quantity) -> bool {
        match &q.unit {
            Unit::Count(what) => {
                let w = crate::text::fold(what);
                (w.contains("share") || w.contains("stock") || w.contains("action"))
                    && q.per.is_none()
                    && q.value.to_string().bytes().all(|b| b.is_ascii_digit())
            }
            _ => false,
        }
    }

    /// The deal's price: the first sum of money after the deal word that is no price per
    /// share, no debt and no change "from" an earlier figure.
    fn price_after(&self, k: usize) -> Option<Quantity> {
        let from = self.toks.get(k)?.bytes.end;
        let stop = self
            .toks
            .iter()
            .skip(k)
            .find(|t| t.punct == Some(';'))
            .map_or(self.s.text.len(), |t| t.bytes.start);
        self.quantities
            .iter()
            .filter(|q| q.bytes.start >= from && q.bytes.end <= stop)
            .filter(|q| q.is_money() && q.per.is_none() && !q.several)
            // An insertion may give the value: ", d’une valeur de 2,4 milliards de dollars,".
            .filter(|q| {
                !self.inside_insertion(q.bytes.start)
                    || self
                        .words_before_byte(q.bytes.start, 4)
                        .iter()
                        .any(|w| matches!(*w, "valeur" | "worth" | "valued" | "value" | "montant"))
            })
            .filter(|q| {
                let before = self.words_before_byte(q.bytes.start, 2);
                let english_to = self.s.lang == Lang::En && before.last() == Some(&"to");
                !english_to
                    && !before.iter().any(|w| {
                        matches!(
                            *w,
                            "from"
                                | "by"
                                | "debt"
                                | "loss"
                                | "revenue"
                                | "revenues"
                                | "profit"
                                | "profits"
                                | "earnings"
                                | "sales"
                                | "earned"
                                | "lost"
                        )
                    })
            })
            // "1.50 dlrs a share cash and 1.50 dlrs in securities": a price per share too.
            .find(|q| {
                !self.quantities.iter().any(|p| {
                    p.is_money()
                        && p.per.is_some()
                        && p.bytes.end <= q.bytes.start
                        && self.s.text[p.bytes.end..q.bytes.start]
                            .split_whitespace()
                            .count()
                            <= 3
                        && self.s.text[p.bytes.end..q.bytes.start].contains("and")
                })
            })
            .cloned()
    }

    /// A price written before a noun: "a $300 billion contract", "its $4 billion investment".
    fn price_before(&self, k: usize) -> Option<Quantity> {
        let start = self.toks.get(k.saturating_sub(3))?.bytes.start;
        let end = self.toks.get(k)?.bytes.start;
        self.quantities
            .iter()
            .filter(|q| q.bytes.start >= start && q.bytes.end <= end)
            .filter(|q| q.is_money() && q.per.is_none() && !q.several)
            .find(|q| !self.s.text[q.bytes.end..end].contains([',', ';']))
            .cloned()
    }

    /// The price of a deal named by a noun: before it or after it.
    fn price_around(&self, k: usize) -> Option<Quantity> {
        self.price_before(k).or_else(|| self.price_after(k))
    }

    /// Shares given in exchange: "in exchange for 3,677,272 shares", "an exchange of 17 mln
    /// common shares".
    fn shares_exchanged(&self, k: usize) -> Option<Quantity> {
        let from = self.toks.get(k)?.bytes.end;
        self.quantities
            .iter()
            .filter(|q| q.bytes.start >= from && Self::is_shares(q))
            .find(|q| {
                self.words_before_byte(q.bytes.start, 3)
                    .iter()
                    .any(|w| *w == "exchange" || *w == "echange")
            })
            .cloned()
    }

    /// Whether the object is a part of a company's stock rather than the company.
    fn is_part(&self, span: &Range<usize>) -> bool {
        let all = span
            .clone()
            .any(|k| matches!(self.word(k), "all" | "entire" | "totalite"));
        let stake = span.clone().any(|k| {
            matches!(
                self.word(k),
                "stake" | "interest" | "interests" | "holding" | "participation"
            )
        });
        // "200,000 shares of its common stock" is a part; "the Viacom shares" are all of them.
        let counted = span.clone().any(|k| {
            matches!(
                self.word(k),
                "shares" | "share" | "stock" | "actions" | "capital"
            )
        }) && self
            .quantity_in(span, |q| q.unit == Unit::Percent || Self::is_shares(q))
            .is_some();
        (stake || counted) && !all
    }

    /// The first name after a word of `markers` (and not after "its"): the buyer "to" whom,
    /// the seller "from" whom, the acquirer "by" whom.
    fn name_after(&self, k: usize, markers: &[&str]) -> Option<usize> {
        let mut j = k + 1;
        while j < self.toks.len() {
            if self.toks[j].punct == Some(';') {
                return None;
            }
            if !self.toks[j].inserted && is(self.word(j), markers) {
                // "to Crowley's American Transport Lines subsidiary": the owned name.
                let mut m = j + 1;
                if let Some(first) = self.toks.get(m)
                    && first.name.is_some()
                {
                    if first.possessive && self.toks.get(m + 1).is_some_and(|t| t.name.is_some()) {
                        m += 1;
                    }
                    return Some(m);
                }
                // "by a company formed by E.F. Hutton LBO Inc": further on.
                if markers.contains(&"by") {
                    let mut look = m;
                    while look < self.toks.len() && look < m + 6 {
                        if self.toks[look].name.is_some() {
                            return Some(look);
                        }
                        look += 1;
                    }
                }
            }
            j += 1;
        }
        None
    }

    /// "X, a subsidiary of Y": Y, the seller of X.
    fn parent_after(&self, k: usize) -> Option<usize> {
        let mut j = k + 1;
        let mut seen = 0;
        while j < self.toks.len() && seen < 6 {
            let w = self.word(j);
            if matches!(w, "subsidiary" | "unit" | "division" | "filiale") {
                let of = j + 1;
                if matches!(self.word(of), "of" | "de" | "du")
                    && self.toks.get(of + 1).is_some_and(|t| t.name.is_some())
                {
                    return Some(of + 1);
                }
            }
            if !self.toks[j].word.is_empty() {
                seen += 1;
            }
            j += 1;
        }
        None
    }

    fn past(&self, k: usize) -> bool {
        const PAST: &[&str] = &[
            "acquired",
            "bought",
            "purchased",
            "sold",
            "took",
            "taken",
            "raised",
            "increased",
            "lowered",
            "reduced",
            "trimmed",
            "invested",
            "paid",
            "wrested",
            "gained",
            "won",
            "accepted",
            "transferred",
            "completed",
            "merged",
            "assumed",
            "acquis",
            "acquise",
            "rachete",
            "rachetee",
            "achete",
            "achetee",
            "cede",
            "cedee",
            "vendu",
            "vendue",
            "investi",
            "pris",
            "paye",
            "fusionne",
            "repris",
            "porte",
        ];
        // "managed to acquire": done.
        if k >= 2 && self.word(k - 1) == "to" && self.word(k - 2) == "managed" {
            return true;
        }
        if !is(self.word(k), PAST) {
            return false;
        }
        let before: Vec<&str> = (k.saturating_sub(3)..k).map(|j| self.word(j)).collect();
        !before.iter().any(|w| {
            matches!(
                *w,
                "to" | "be"
                    | "been"
                    | "being"
                    | "will"
                    | "would"
                    | "va"
                    | "vont"
                    | "sera"
                    | "seront"
            )
        })
    }

    fn status(&self, k: usize) -> Status {
        let f = crate::text::fold(self.s.text);
        let conditional = [
            "subject to",
            "conditioned on",
            "conditional",
            "contingent",
            "under certain circumstances",
            "if the conditions",
            "sous reserve",
            "sous condition",
            "a condition",
            "au fur et a mesure",
        ];
        if conditional.iter().any(|c| f.contains(c)) {
            return Status::Conditional;
        }
        let completed = [
            "completed the",
            "has completed",
            "completes the",
            "closed the",
            "a finalise",
            "ont finalise",
            "a conclu l",
        ];
        // "completed its $4 billion investment", "a finalisé le rachat".
        let completed_before = (k.saturating_sub(5)..k).any(|j| {
            matches!(
                self.word(j),
                "completed" | "completes" | "closed" | "finalized" | "finalised" | "finalise"
            )
        });
        if completed.iter().any(|c| f.contains(c)) || completed_before || self.past(k) {
            return Status::Completed;
        }
        Status::Announced
    }

    /// Deals stated by the deal word at `k`, if it is one.
    fn at(&self, k: usize) -> Vec<Reading> {
        let w = self.word(k);
        let next = self.word(k + 1);
        let next2 = self.word(k + 2);
        // Offers received: "received revised merger offers from A and B".
        if is(w, RECEIVE) {
            return self.offers_received(k);
        }
        // "to be acquired … by X", "offered by X".
        let passive_aux = k > 0
            && matches!(
                self.word(k - 1),
                "be" | "been" | "being" | "is" | "was" | "were" | "are" | "ete"
            );
        let participle = (w.ends_with("ed")
            || matches!(
                w,
                "bought" | "taken" | "acquis" | "acquise" | "rachete" | "rachetee" | "offert"
            ))
            && (is(w, BUY) || is(w, OFFER_VERBS) || w == "taken");
        if participle && (passive_aux || next == "by" || next == "par") {
            return self.passive(k);
        }
        // "offering to purchase", "an offer to acquire".
        if (is(w, OFFER_VERBS) || is(w, OFFER_NOUNS))
            && matches!(next, "to" | "de" | "d")
            && is(next2, BUY)
        {
            return self.buy(k + 2, Some(Status::Announced), k);
        }
        // "a tender offer for …", "its bid for the company".
        if is(w, OFFER_NOUNS) && matches!(next, "for" | "sur" | "pour") {
            return self.buy(k + 1, Some(Status::Announced), k);
        }
        if is(w, BUY) {
            if w == "accepted" && !self.is_part(&self.object(k + 1, OBJECT_STOPS)) {
                return Vec::new();
            }
            return self.buy(k, None, k);
        }
        if is(w, TAKE)
            && (next == "over"
                || is(next, &["control", "controle"])
                || (next == "le" && next2 == "controle"))
        {
            let mut at = k + 1;
            while at < self.toks.len()
                && matches!(
                    self.word(at),
                    "over" | "control" | "controle" | "le" | "of" | "de" | "du"
                )
            {
                at += 1;
            }
            return self.buy(at - 1, None, k);
        }
        if is(w, TAKE) && (1..4).any(|d| is(self.word(k + d), STAKE_NOUNS)) {
            return self.buy(k, None, k);
        }
        if is(w, PAY) {
            let Some(f) = (k + 1..(k + 10).min(self.toks.len()))
                .find(|&j| matches!(self.word(j), "for" | "pour"))
            else {
                return Vec::new();
            };
            return self.buy(f, None, k);
        }
        if is(w, SELL) {
            return self.sell(k, k);
        }
        if is(w, SALE_NOUNS) && matches!(next, "of" | "de" | "du" | "des") {
            return self.sell(k + 1, k);
        }
        if is(w, ACQUISITION_NOUNS) {
            return self.acquisition_noun(k);
        }
        if is(w, MERGER) {
            return self.merger(k);
        }
        // "investment firms" is no investment: the noun needs its object ("investment in X").
        let noun = matches!(w, "investment" | "investissement");
        if is(w, INVEST) && (!noun || matches!(next, "in" | "dans" | "of" | "de")) {
            return self.invest(k);
        }
        if is(w, STAKE_VERBS) {
            return self.stake_change(k);
        }
        if is(w, RIGHT_NOUNS) {
            return self.right(k);
        }
        if is(w, LICENSE) {
            return self.license(k);
        }
        if is(w, AGREEMENT_NOUNS) {
            return self.agreement(k);
        }
        Vec::new()
    }

    /// A reading from sides, the kind deciding each role's name; `None` without enough
    /// parties.
    fn reading(
        &self,
        kind: DealKind,
        sides: Vec<(Name, Side)>,
        amount: Option<Quantity>,
        stake: Option<Quantity>,
        shares: Option<Quantity>,
        status: Status,
    ) -> Option<Reading> {
        let mut parties: Vec<(Name, Role)> = Vec::new();
        for (name, side) in sides {
            if parties.iter().any(|(n, _)| n.key == name.key) {
                continue;
            }
            let equity = matches!(kind, DealKind::EquityStake | DealKind::Investment);
            let role = match side {
                Side::Buyer if equity => Role::Investor,
                Side::Buyer => Role::Acquirer,
                Side::Seller => Role::Seller,
                Side::Target => Role::Target,
                Side::Grantor => Role::Grantor,
                Side::Grantee => Role::Grantee,
                Side::Licensor => Role::Licensor,
                Side::Licensee => Role::Licensee,
                Side::Partner => Role::Partner,
                Side::Customer => Role::Customer,
                Side::Supplier => Role::Supplier,
            };
            parties.push((name, role));
        }
        let enough = match parties.as_slice() {
            [] => false,
            [(_, role)] => match role {
                Role::Seller => amount.is_some(),
                Role::Investor | Role::Acquirer => shares.is_some(),
                Role::Supplier | Role::Customer | Role::Partner => amount.is_some(),
                _ => false,
            },
            _ => true,
        };
        enough.then_some(Reading {
            kind,
            parties,
            amount,
            stake,
            shares,
            status,
        })
    }

    fn transfer_kind(&self, stake: Option<&Quantity>, span: &Range<usize>) -> DealKind {
        match stake {
            Some(q) if q.value.to_f64() > 50.0 => DealKind::Acquisition,
            Some(_) => DealKind::EquityStake,
            None if self.is_part(span) => DealKind::EquityStake,
            None => DealKind::Acquisition,
        }
    }

    /// A purchase: the deal word at `k` is followed by what is bought; `agent_at` is where
    /// to look for the buyer from.
    fn buy(&self, k: usize, status: Option<Status>, agent_at: usize) -> Vec<Reading> {
        let buyers = self.agent(agent_at);
        if buyers.is_empty() {
            return Vec::new();
        }
        let span = self.object(k + 1, OBJECT_STOPS);
        if self.goods(&span) {
            return Vec::new();
        }
        let mut target = self.target_in(&span);
        let mut seller = self.name_after(k, &["from", "aupres"]);
        // "wrested control of X from them": the subject the pronoun stands for.
        let mut seller_names: Vec<Name> = Vec::new();
        if seller.is_none()
            && let Some(f) = (span.end..self.toks.len()).find(|&j| self.word(j) == "from")
            && matches!(self.word(f + 1), "them" | "him" | "her" | "it")
        {
            let buyer_keys: Vec<&Vec<String>> = buyers.iter().map(|b| &b.key).collect();
            seller_names = self
                .subject_names()
                .into_iter()
                .filter(|n| !buyer_keys.contains(&&n.key))
                .collect();
        }
        // "an option held by X to acquire 33 pct of … in Y".
        let mut figures_span = span.clone();
        if let Some(h) = span
            .clone()
            .find(|&j| matches!(self.word(j), "held" | "owned" | "detenue" | "detenu"))
            && self.word(h + 1) == "by"
            && !matches!(self.word(h.wrapping_sub(1)), "not" | "pas")
            && self.toks.get(h + 2).is_some_and(|t| t.name.is_some())
        {
            seller = Some(h + 2);
        }
        if let Some(inner) = (span.end..self.toks.len().min(span.end + 8))
            .find(|&j| self.word(j) == "to" && is(self.word(j + 1), BUY))
            && span
                .clone()
                .any(|j| matches!(self.word(j), "option" | "right" | "rights" | "warrant"))
        {
            let inner_span = self.object(inner + 2, OBJECT_STOPS);
            if let Some(t) = self.target_in(&inner_span) {
                target = Some(t);
            }
            figures_span = inner_span;
        }
        // An object that names no one but refers back: "his bid for the company".
        if target.is_none()
            && span
                .clone()
                .take(2)
                .any(|j| is(self.word(j), ANAPHOR_NOUNS))
            && span.clone().next().is_some_and(|j| self.word(j) == "the")
        {
            let buyer_keys: Vec<&Vec<String>> = buyers.iter().map(|b| &b.key).collect();
            target = (0..k).rev().find(|&j| {
                self.name_of(j)
                    .is_some_and(|n| !buyer_keys.contains(&&n.key))
            });
        }
        if seller.is_none()
            && let Some(t) = target
        {
            seller = self.parent_after(t);
        }
        let status = status.unwrap_or_else(|| self.status(agent_at.min(k)));
        // Several stakes in several companies: "a 19 pct stake in A, and a 16 pct interest in B".
        let pairs = self.stake_pairs(&figures_span);
        if pairs.len() >= 2 {
            return pairs
                .into_iter()
                .filter_map(|(q, t)| {
                    let mut sides: Vec<(Name, Side)> =
                        buyers.iter().map(|b| (b.clone(), Side::Buyer)).collect();
                    sides.push((self.name_of(t)?.clone(), Side::Target));
                    let kind = self.transfer_kind(Some(&q), &figures_span);
                    self.reading(kind, sides, None, Some(q), None, status)
                })
                .collect();
        }
        let stake = self
            .quantity_in(&figures_span, |q| self.is_stake(q))
            .or_else(|| self.stake_now_owned(k));
        let shares = self
            .quantity_in(&figures_span, Self::is_shares)
            .or_else(|| self.shares_exchanged(k));
        let amount = self.price_after(k);
        let kind = self.transfer_kind(stake.as_ref(), &figures_span);
        let mut sides: Vec<(Name, Side)> = buyers.into_iter().map(|b| (b, Side::Buyer)).collect();
        if let Some(t) = target.and_then(|t| self.name_of(t)) {
            sides.push((t.clone(), Side::Target));
        }
        if let Some(s) = seller.and_then(|s| self.name_of(s)) {
            sides.push((s.clone(), Side::Seller));
        }
        sides.extend(seller_names.into_iter().map(|s| (s, Side::Seller)));
        self.reading(kind, sides, amount, stake, shares, status)
            .into_iter()
            .collect()
    }

    /// "… and it now owns 34.4 pct of X".
    fn stake_now_owned(&self, k: usize) -> Option<Quantity> {
        let at = (k..self.toks.len()).find(|&j| {
            matches!(self.word(j), "owns" | "holds" | "detient") && self.word(j - 1) == "now"
        })?;
        let span = at + 1..self.toks.len().min(at + 4);
        self.quantity_in(&span, |q| q.unit == Unit::Percent)
    }

    /// Percentages each followed by the company they are of: "a 19 pct stake in A … and a
    /// 16 pct interest in B".
    fn stake_pairs(&self, span: &Range<usize>) -> Vec<(Quantity, usize)> {
        let mut out: Vec<(Quantity, usize)> = Vec::new();
        for q in self.quantities.iter().filter(|q| q.unit == Unit::Percent) {
            let Some(at) = span
                .clone()
                .find(|&j| self.toks[j].bytes.start >= q.bytes.end)
            else {
                continue;
            };
            if self.toks[at].bytes.start < self.toks[span.start].bytes.start {
                continue;
            }
            let name = (at..span.end.min(at + 5))
                .find(|&j| self.toks[j].name.is_some() && !self.toks[j].inserted);
            if let Some(n) = name
                && (at..n).any(|j| matches!(self.word(j), "in" | "of" | "dans" | "de"))
                && !out.iter().any(|(_, m)| *m == n)
            {
                out.push((q.clone(), n));
            }
        }
        out
    }

    /// Whether the object is goods counted in barrels, tons, ounces: trade, not a deal. Only
    /// the object itself counts, not an apposition about a company ("CMP, a gold mining
    /// company").
    fn goods(&self, span: &Range<usize>) -> bool {
        let end = span
            .clone()
            .find(|&k| self.toks[k].punct.is_some() || self.toks[k].inserted)
            .unwrap_or(span.end);
        let own = span.start..end;
        self.quantity_in(&own, |q| {
            matches!(q.unit, Unit::Count(_)) && !Self::is_shares(q)
        })
        .is_some()
            || own.clone().any(|k| {
                matches!(
                    self.word(k),
                    "oil" | "crude" | "barrels" | "gas" | "gold" | "grain" | "petrole" | "brut"
                )
            })
    }

    /// A sale: the seller is the subject, the buyer is who it is sold "to".
    fn sell(&self, k: usize, agent_at: usize) -> Vec<Reading> {
        let sellers = self.agent(agent_at);
        if sellers.is_empty() {
            return Vec::new();
        }
        let span = self.object(k + 1, OBJECT_STOPS);
        if self.goods(&span) {
            return Vec::new();
        }
        let buyer = self.name_after(k, &["to", "a", "au", "aux"]).filter(|&b| {
            // "à" is "a" once folded: only after the object, in French.
            self.s.lang == Lang::Fr || self.word(b - 1) != "a"
        });
        let own_stock = span.clone().any(|j| is(self.word(j), POSSESSIVES))
            && span
                .clone()
                .any(|j| matches!(self.word(j), "stock" | "shares" | "actions" | "capital"))
            && self.target_in(&span).is_none();
        let stake = self.quantity_in(&span, |q| self.is_stake(q));
        let shares = self.quantity_in(&span, Self::is_shares);
        let amount = self.price_after(k);
        let status = self.status(k);
        let kind = self.transfer_kind(stake.as_ref(), &span);
        let mut sides: Vec<(Name, Side)> = Vec::new();
        if let Some(b) = buyer.and_then(|b| self.name_of(b)) {
            sides.push((b.clone(), Side::Buyer));
        }
        if own_stock {
            // "the sale of 200,000 shares of its common stock to X": X invests in the seller.
            sides.extend(sellers.into_iter().map(|s| (s, Side::Target)));
        } else {
            sides.extend(sellers.into_iter().map(|s| (s, Side::Seller)));
            if let Some(t) = self.target_in(&span).and_then(|t| self.name_of(t)) {
                sides.push((t.clone(), Side::Target));
            }
        }
        self.reading(kind, sides, amount, stake, shares, status)
            .into_iter()
            .collect()
    }

    /// "agreed to be acquired for … by X", "offered by X": the subject is the target.
    fn passive(&self, k: usize) -> Vec<Reading> {
        let near_by = (k + 1..self.toks.len().min(k + 7))
            .take_while(|&j| !matches!(self.word(j), "and" | "to" | "et"))
            .find(|&j| matches!(self.word(j), "by" | "par"));
        let Some(by) = near_by else {
            return Vec::new();
        };
        let Some(buyer) = self
            .name_after(by - 1, &["by", "par"])
            .filter(|&b| b <= by + 6)
        else {
            return Vec::new();
        };
        let targets = self.agent(k);
        let span = self.object(k + 1, OBJECT_STOPS);
        let stake = self.quantity_in(&span, |q| self.is_stake(q));
        let amount = self.price_after(k);
        let status = self.status(k);
        let mut sides = vec![];
        if let Some(b) = self.name_of(buyer) {
            sides.push((b.clone(), Side::Buyer));
        }
        sides.extend(targets.into_iter().map(|t| (t, Side::Target)));
        self.reading(
            self.transfer_kind(stake.as_ref(), &span),
            sides,
            amount,
            stake,
            None,
            status,
        )
        .into_iter()
        .collect()
    }

    fn offers_received(&self, k: usize) -> Vec<Reading> {
        let end = (k + 1..self.toks.len().min(k + 6)).find(|&j| is(self.word(j), OFFER_NOUNS));
        let Some(offer) = end else {
            return Vec::new();
        };
        let Some(from) = (offer + 1..self.toks.len().min(offer + 3))
            .find(|&j| matches!(self.word(j), "from"))
            .map(|j| j + 1)
            .filter(|&j| self.toks.get(j).is_some_and(|t| t.name.is_some()))
        else {
            return Vec::new();
        };
        let targets = self.agent(k);
        let status = Status::Announced;
        self.coordinated_after(from)
            .into_iter()
            .filter_map(|b| {
                let mut sides = vec![(self.name_of(b)?.clone(), Side::Buyer)];
                sides.extend(targets.iter().map(|t| (t.clone(), Side::Target)));
                self.reading(DealKind::Acquisition, sides, None, None, None, status)
            })
            .collect()
    }

    /// "the acquisition of X", "Union Faith's purchase of …": the noun's owner buys.
    fn acquisition_noun(&self, k: usize) -> Vec<Reading> {
        let Some(of) = (k + 1..self.toks.len().min(k + 10))
            .take_while(|&j| !self.is_verb(j) && self.toks[j].punct.is_none())
            .find(|&j| matches!(self.word(j), "of" | "de" | "du" | "des"))
        else {
            return Vec::new();
        };
        let planned = (k.saturating_sub(3)..k).any(|j| {
            matches!(
                self.word(j),
                "proposed"
                    | "planned"
                    | "announced"
                    | "pending"
                    | "possible"
                    | "previously"
                    | "projet"
                    | "annonce"
                    | "envisage"
            )
        });
        let mut found = self.buy(of, Some(self.status(k)), k);
        if !planned && k > 0 && matches!(self.word(k - 1), "the" | "l") {
            for r in &mut found {
                if r.status == Status::Announced {
                    r.status = Status::Completed;
                }
            }
        }
        found
    }

    /// "the merger of a wholly-owned subsidiary of X": X takes the subject over.
    fn merger(&self, k: usize) -> Vec<Reading> {
        let span = self.object(
            k + 1,
            &["for", "at", "from", "to", "which", "said", "subject"],
        );
        let parent = span.clone().find(|&j| {
            matches!(self.word(j), "subsidiary" | "unit" | "filiale")
                && matches!(self.word(j + 1), "of" | "de")
                && self.toks.get(j + 2).is_some_and(|t| t.name.is_some())
        });
        let with = (k + 1..self.toks.len().min(k + 3))
            .find(|&j| matches!(self.word(j), "with" | "avec"))
            .map(|j| j + 1)
            .filter(|&j| self.toks.get(j).is_some_and(|t| t.name.is_some()));
        let status = self.status(k);
        let subject = self.agent(k);
        let sides: Vec<(Name, Side)> = match (parent, with) {
            (Some(p), _) => {
                let mut s = vec![(
                    self.toks[p + 2].name.map(|n| self.s.names[n].clone()),
                    Side::Buyer,
                )];
                s.extend(subject.into_iter().map(|t| (Some(t), Side::Target)));
                s.into_iter()
                    .filter_map(|(n, side)| Some((n?, side)))
                    .collect()
            }
            (None, Some(w)) => {
                let mut s: Vec<(Name, Side)> =
                    subject.into_iter().map(|t| (t, Side::Buyer)).collect();
                if let Some(n) = self.name_of(w) {
                    s.push((n.clone(), Side::Target));
                }
                s
            }
            _ => return Vec::new(),
        };
        self.reading(
            DealKind::Acquisition,
            sides,
            self.price_after(k),
            None,
            None,
            status,
        )
        .into_iter()
        .collect()
    }

    /// "invested $8 billion in X", "a investi 8,9 milliards de dollars dans X".
    fn invest(&self, k: usize) -> Vec<Reading> {
        let stop = (k + 1..self.toks.len())
            .find(|&j| self.toks[j].punct == Some(';'))
            .unwrap_or(self.toks.len());
        // "in X", "dans la start-up X": the first name a few words after the preposition.
        let target = (k + 1..stop.min(k + 12))
            .find(|&j| matches!(self.word(j), "in" | "dans"))
            .and_then(|at| {
                (at + 1..stop.min(at + 5))
                    .take_while(|&j| self.toks[j].punct.is_none())
                    .find(|&j| self.toks[j].name.is_some() && !self.toks[j].inserted)
            });
        let Some(target) = target else {
            return Vec::new();
        };
        let investors = self.agent(k);
        let stake = self.quantity_in(&(k + 1..stop), |q| self.is_stake(q));
        let amount = self.price_around(k);
        let kind = if stake.is_some() {
            DealKind::EquityStake
        } else {
            DealKind::Investment
        };
        let mut sides: Vec<(Name, Side)> =
            investors.into_iter().map(|i| (i, Side::Buyer)).collect();
        if let Some(t) = self.name_of(target) {
            sides.push((t.clone(), Side::Target));
        }
        self.reading(kind, sides, amount, stake, None, self.status(k))
            .into_iter()
            .collect()
    }

    /// "raised its stake in X to N shares, or P pct", "lowered their stake in X".
    fn stake_change(&self, k: usize) -> Vec<Reading> {
        let Some(noun) =
            (k + 1..self.toks.len().min(k + 4)).find(|&j| is(self.word(j), STAKE_NOUNS))
        else {
            return Vec::new();
        };
        // A change only supposed: "would increase SHV's stake".
        if (k.saturating_sub(3)..k).any(|j| matches!(self.word(j), "would" | "serait")) {
            return Vec::new();
        }
        let holder_named =
            (k + 1..noun).find(|&j| self.toks[j].name.is_some() && self.toks[j].possessive);
        let holders = match holder_named.and_then(|h| self.name_of(h)) {
            Some(n) => vec![n.clone()],
            None => self.agent(k),
        };
        let in_at = noun + 1;
        let target = if matches!(self.word(in_at), "in" | "dans" | "de") {
            (in_at + 1..self.toks.len().min(in_at + 5))
                .take_while(|&j| self.toks[j].punct.is_none())
                .find(|&j| self.toks[j].name.is_some())
        } else {
            None
        };
        let Some(target) = target else {
            return Vec::new();
        };
        let to = (target + 1..self.toks.len()).find(|&j| matches!(self.word(j), "to" | "a"));
        let span = match to {
            Some(t) => {
                let end = (t + 1..self.toks.len())
                    .find(|&j| {
                        matches!(self.word(j), "from" | "de" | "contre")
                            || self.toks[j].punct == Some(';')
                    })
                    .unwrap_or(self.toks.len());
                t + 1..end
            }
            None => target + 1..target + 1,
        };
        let stake = self.quantity_in(&span, |q| q.unit == Unit::Percent);
        // "to 238,000 shares, or 14.6 pct": the holding after the change.
        let shares = self.quantity_in(&span, Self::is_shares);
        let side = if is(self.word(k), LOWER) {
            Side::Seller
        } else {
            Side::Buyer
        };
        let mut sides: Vec<(Name, Side)> = holders.into_iter().map(|h| (h, side)).collect();
        if let Some(t) = self.name_of(target) {
            sides.push((t.clone(), Side::Target));
        }
        // "a porté son investissement dans X à 8 milliards": an investment, not a stake.
        let kind = if matches!(self.word(noun), "investissement" | "investment") && stake.is_none()
        {
            DealKind::Investment
        } else {
            DealKind::EquityStake
        };
        self.reading(
            kind,
            sides,
            self.price_after(k),
            stake,
            shares,
            self.status(k),
        )
        .into_iter()
        .collect()
    }

    /// "has the right to buy … up to 40 pct of X's stock", "a accordé à Y le droit d'acheter".
    fn right(&self, k: usize) -> Vec<Reading> {
        let to = k + 1;
        let buys = |v: &str| is(v, BUY) || v == "subscribe" || v == "souscrire";
        let inner = match (self.word(to), self.word(to + 1)) {
            // "le droit d’acheter": the elided "d’" is no word.
            (v, _) if buys(v) => to,
            ("to" | "d" | "de", v) if buys(v) => to + 1,
            _ => return Vec::new(),
        };
        let held = (k.saturating_sub(5)..k).find(|&j| is(self.word(j), RIGHT_HOLD));
        let Some(held) = held else {
            return Vec::new();
        };
        let span = self.object(
            inner + 1,
            &[
                "under", "if", "when", "for", "at", "sous", "au", "si", "lorsque", "as",
            ],
        );
        // "granted OpenAI the right": the grantee after the verb.
        let granted = matches!(
            self.word(held),
            "granted" | "gave" | "given" | "grants" | "accorde" | "octroye" | "donne"
        );
        let (grantors, grantees): (Vec<Name>, Vec<Name>) = if granted {
            let grantee = (held + 1..k).find(|&j| self.toks[j].name.is_some());
            (
                self.agent(held),
                grantee
                    .and_then(|g| self.name_of(g))
                    .cloned()
                    .into_iter()
                    .collect(),
            )
        } else {
            let owner = self.target_in(&span);
            (
                owner
                    .and_then(|o| self.name_of(o))
                    .cloned()
                    .into_iter()
                    .collect(),
                self.agent(held),
            )
        };
        let stake = self.quantity_in(&span, |q| q.unit == Unit::Percent);
        let shares = self.quantity_in(&span, Self::is_shares);
        let mut sides: Vec<(Name, Side)> =
            grantors.into_iter().map(|g| (g, Side::Grantor)).collect();
        sides.extend(grantees.into_iter().map(|g| (g, Side::Grantee)));
        self.reading(
            DealKind::ShareWarrant,
            sides,
            None,
            stake,
            shares,
            self.status(inner),
        )
        .into_iter()
        .collect()
    }

    /// "the exclusive licensee of the technology for X", "licensed X to Y".
    fn license(&self, k: usize) -> Vec<Reading> {
        let w = self.word(k);
        let agent = self.agent(k);
        let (own, other_side, markers): (Side, Side, &[&str]) = match w {
            "licensee" => (Side::Licensee, Side::Licensor, &["for", "from", "de"]),
            "licensor" => (Side::Licensor, Side::Licensee, &["for", "to", "a"]),
            "licensed" => (Side::Licensor, Side::Licensee, &["to", "a"]),
            _ => (Side::Licensee, Side::Licensor, &["from", "de"]),
        };
        let Some(other) = self.name_after(k, markers) else {
            return Vec::new();
        };
        let mut sides: Vec<(Name, Side)> = agent.into_iter().map(|a| (a, own)).collect();
        if let Some(o) = self.name_of(other) {
            sides.push((o.clone(), other_side));
        }
        self.reading(
            DealKind::Licensing,
            sides,
            self.price_after(k),
            None,
            None,
            self.status(k),
        )
        .into_iter()
        .collect()
    }

    /// "signed a long-term agreement to buy …", "a signé un accord de 2 milliards avec X".
    fn agreement(&self, k: usize) -> Vec<Reading> {
        let signed = (k.saturating_sub(6)..k).any(|j| is(self.word(j), SIGN));
        if !signed {
            return Vec::new();
        }
        let kind = match self.word(k) {
            "contract" | "contracts" | "contrat" | "contrats" => DealKind::Contract,
            "partnership" | "partnerships" | "partenariat" | "alliance" | "venture"
            | "coentreprise" => DealKind::Partnership,
            _ => DealKind::Agreement,
        };
        let stop = (k + 1..self.toks.len())
            .find(|&j| self.toks[j].punct == Some(';'))
            .unwrap_or(self.toks.len());
        let with = (k + 1..stop)
            .find(|&j| {
                matches!(self.word(j), "with" | "avec")
                    && self.toks.get(j + 1).is_some_and(|t| t.name.is_some())
            })
            .map(|j| self.coordinated_after(j + 1))
            .unwrap_or_default();
        let purpose =
            (k + 1..stop.min(k + 14)).find_map(|j| match (self.word(j), self.word(j + 1)) {
                ("to" | "d" | "de" | "pour", v) if is(v, BUY) => {
                    Some((Side::Customer, Side::Supplier))
                }
                ("to" | "de" | "pour", "supply" | "provide" | "fournir") => {
                    Some((Side::Supplier, Side::Customer))
                }
                _ => None,
            });
        let (own, other) = purpose.unwrap_or((Side::Partner, Side::Partner));
        let mut sides: Vec<(Name, Side)> = self.agent(k).into_iter().map(|a| (a, own)).collect();
        sides.extend(
            with.into_iter()
                .filter_map(|w| self.name_of(w).map(|n| (n.clone(), other))),
        );
        self.reading(
            kind,
            sides,
            self.price_around(k),
            None,
            None,
            self.status(k),
        )
        .into_iter()
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::names::find;
    use crate::model::entity::{Entity, EntityId, EntityKind, EntityTable};

    /// What a reading says, compactly: kind, parties with roles, amount, stake, shares,
    /// status.
    fn summary(r: &Reading) -> String {
        let parties: Vec<String> = r
            .parties
            .iter()
            .map(|(n, role)| format!("{}={}", n.text, role.label(Lang::En)))
            .collect();
        let q = |q: &Option<Quantity>| q.as_ref().map_or("-".to_string(), |q| q.value.to_string());
        format!(
            "{} [{}] amount={} stake={} shares={} {:?}",
            r.kind,
            parties.join(", "),
            q(&r.amount),
            q(&r.stake),
            q(&r.shares),
            r.status
        )
    }

    fn table() -> EntityTable {
        let e = |id: &str, name: &str, kind, aliases: &[&str]| Entity {
            id: EntityId::parse(id).unwrap(),
            name: name.into(),
            name_fr: None,
            kind,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
        };
        EntityTable::build(vec![
            e(
                "us-government",
                "US government",
                EntityKind::Government,
                &["gouvernement américain"],
            ),
            e("intel", "Intel", EntityKind::Company, &[]),
            e("amd", "AMD", EntityKind::Company, &[]),
            e("openai", "OpenAI", EntityKind::Company, &[]),
        ])
        .unwrap()
    }

    fn read_all(text: &str, lang: Lang, main: Option<&str>) -> Vec<String> {
        let t = table();
        let names = find(text, &t);
        let main = main.map(|m| find(m, &t).remove(0));
        read(&Sentence {
            text,
            lang,
            names: &names,
            main: main.as_ref(),
        })
        .iter()
        .map(summary)
        .collect()
    }

    #[test]
    fn english_sentences_give_their_deals() {
        let cases: &[(&str, &[&str])] = &[
            (
                "CoFAB Inc said it acquired <Gulfex Inc>, a Houston-based fabricator of custom vessels.",
                &[
                    "acquisition [CoFAB Inc=acquirer, Gulfex Inc=target] amount=- stake=- shares=- Completed",
                ],
            ),
            (
                "(Groupe Videotron Ltd) said it agreed to buy 50 pct of (Groupe Promexpo Inc), a company which specializes in product exhibits, for three mln dlrs.",
                &[
                    "equity_stake [Groupe Videotron Ltd=investor, Groupe Promexpo Inc=target] amount=3000000 stake=50 shares=- Announced",
                ],
            ),
            (
                "Computer Terminal Systems Inc said it has completed the sale of 200,000 shares of its common stock, and warrants to acquire an additional one mln shares, to <Sedio N.V.> of Lugano, Switzerland for 50,000 dlrs.",
                &[
                    "equity_stake [Sedio N.V.=investor, Computer Terminal Systems Inc=target] amount=50000 stake=- shares=200000 Completed",
                ],
            ),
            (
                "<Multi-Step Products Inc>, earlier reporting an initial six month loss, said it agreed to sell wholly owned Multi-Step Manufacturing Inc for 100,000 dlrs cash, subject to shareholder and regulatory approval.",
                &[
                    "acquisition [Multi-Step Products Inc=seller, Multi-Step Manufacturing Inc=target] amount=100000 stake=- shares=- Conditional",
                ],
            ),
            (
                "Viacom International Inc said it received revised merger offers from <National Amusements Inc> and <MCV Holdings Inc>.",
                &[
                    "acquisition [National Amusements Inc=acquirer, Viacom International Inc=target] amount=- stake=- shares=- Announced",
                    "acquisition [MCV Holdings Inc=acquirer, Viacom International Inc=target] amount=- stake=- shares=- Announced",
                ],
            ),
            (
                "The company also agreed to acquire a 19 pct stake in Novo Astro, a private company, and a 16 pct interest in Teles Pires Mining, increasing its ownership to 51 pct.",
                &[
                    "equity_stake [Alpha Corp=investor, Novo Astro=target] amount=- stake=19 shares=- Announced",
                    "equity_stake [Alpha Corp=investor, Teles Pires Mining=target] amount=- stake=16 shares=- Announced",
                ],
            ),
            (
                "Beta Corp said it has agreed to be acquired for about 265 mln dlrs by a company formed by Gamma LBO Inc and certain managers.",
                &[
                    "acquisition [Gamma LBO Inc=acquirer, Beta Corp=target] amount=265000000 stake=- shares=- Announced",
                ],
            ),
            (
                "Microsoft Corp said on Monday it would invest $10 billion in OpenAI.",
                &[
                    "investment [Microsoft Corp=investor, OpenAI=target] amount=10000000000 stake=- shares=- Announced",
                ],
            ),
            (
                "Globex Corp completed its $4 billion investment in Anthropic.",
                &[
                    "investment [Globex Corp=investor, Anthropic=target] amount=4000000000 stake=- shares=- Completed",
                ],
            ),
            (
                "Oracle Corp signed a $300 billion contract with OpenAI to supply computing power over five years.",
                &[
                    "contract [Oracle Corp=supplier, OpenAI=customer] amount=300000000000 stake=- shares=- Announced",
                ],
            ),
            (
                "Delta Holdings Plc sold its 30 pct stake in Epsilon Systems Ltd to Zeta Capital LP for 1.2 billion dlrs.",
                &[
                    "equity_stake [Zeta Capital LP=investor, Delta Holdings Plc=seller, Epsilon Systems Ltd=target] amount=1200000000 stake=30 shares=- Completed",
                ],
            ),
            (
                "Analysts said Acme Corp could buy Widget Inc for 50 mln dlrs.",
                &[],
            ),
            (
                "Acme Corp sold two mln barrels of crude oil to Beta Refining Co last week.",
                &[],
            ),
            (
                "Acme Corp said it would sell its stake in Beta Inc.",
                &[
                    "equity_stake [Acme Corp=seller, Beta Inc=target] amount=- stake=- shares=- Announced",
                ],
            ),
            (
                "Acme Corp completed its acquisition of Beta Inc for 3 billion dlrs.",
                &[
                    "acquisition [Acme Corp=acquirer, Beta Inc=target] amount=3000000000 stake=- shares=- Completed",
                ],
            ),
            (
                "Acme Corp raised its quarterly dividend to 20 cts a share.",
                &[],
            ),
            (
                "Acme Corp said it will acquire 29 pct of Beta, a gold mining company.",
                &[
                    "equity_stake [Acme Corp=investor, Beta=target] amount=- stake=29 shares=- Announced",
                ],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(
                read_all(text, Lang::En, Some("Alpha Corp said so.")),
                *want,
                "{text}"
            );
        }
    }

    #[test]
    fn speculation_denials_and_suppositions_state_no_deal() {
        for text in [
            "The group said it may buy more shares and plans to study Robeson's operations.",
            "Penril Corp said it is seeking to sell its Triplett Electrical Instrument Corp subsidiary.",
            "Toshin Steel Co Ltd and <Azuma Steel Co Ltd> are considering a merger, company spokesmen said.",
            "The Redstone group and the management group have both agreed not to buy more shares of the company.",
            "If all the shares of Purolator are tendered, shareholders would receive 29 dlrs cash.",
            "Diamond Shamrock Corp said that effective today it had cut its contract prices for crude oil by 1.50 dlrs a barrel.",
        ] {
            assert!(
                read_all(text, Lang::En, None).is_empty(),
                "{text}: {:?}",
                read_all(text, Lang::En, None)
            );
        }
    }

    #[test]
    fn french_sentences_give_their_deals() {
        let cases: &[(&str, &[&str])] = &[
            (
                "En août, le gouvernement américain a investi 8,9 milliards de dollars dans Intel, acquérant 9,9 % du capital du fabricant de puces.",
                &[
                    "equity_stake [gouvernement américain=investor, Intel=target] amount=8900000000 stake=9.9 shares=- Completed",
                ],
            ),
            (
                "Le même mois, SoftBank Group a signé un accord de 2 milliards de dollars avec Intel pour renforcer l’accès aux technologies.",
                &[
                    "agreement [SoftBank Group=partner, Intel=partner] amount=2000000000 stake=- shares=- Announced",
                ],
            ),
            (
                "Le groupe Alpha SA a racheté la société Beta Technologies pour 120 millions d’euros.",
                &[
                    "acquisition [Alpha SA=acquirer, Beta Technologies=target] amount=120000000 stake=- shares=- Completed",
                ],
            ),
            (
                "Amazon, pour sa part, a porté son investissement dans la start-up Anthropic à 8 milliards de dollars entre 2023 et 2024.",
                &[
                    "investment [Amazon=investor, Anthropic=target] amount=8000000000 stake=- shares=- Completed",
                ],
            ),
            (
                "Enfin, la société Windsurf a annoncé en juillet un accord stratégique avec Google, d’une valeur de 2,4 milliards de dollars, comprenant un transfert de talents.",
                &[
                    "agreement [Windsurf=partner, Google=partner] amount=2400000000 stake=- shares=- Announced",
                ],
            ),
            (
                "Le fournisseur de cloud CoreWeave, partenaire clé d’OpenAI, a annoncé plusieurs contrats d’une valeur totale de 22,4 milliards de dollars pour fournir l’infrastructure.",
                &["contract [CoreWeave=supplier] amount=22400000000 stake=- shares=- Announced"],
            ),
            (
                "Alpha SA pourrait racheter Beta pour 10 millions d’euros, selon la presse.",
                &[],
            ),
            (
                "Gamma SA va céder sa filiale Delta à Epsilon SA pour 50 millions d’euros, sous réserve de l’accord des autorités.",
                &[
                    "acquisition [Epsilon SA=acquirer, Gamma SA=seller] amount=50000000 stake=- shares=- Conditional",
                ],
            ),
            (
                "En parallèle, AMD a accordé à OpenAI le droit d’acheter jusqu’à 160 millions d’actions du fabricant de puces au fur et à mesure que certaines étapes clés seront franchies.",
                &[
                    "share_warrant [AMD=grantor, OpenAI=grantee] amount=- stake=- shares=160000000 Conditional",
                ],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(read_all(text, Lang::Fr, None), *want, "{text}");
        }
    }
}
