//! Ranked passages for a text: the query is built from analysed terms (never parsed as query
//! syntax), over the stemmed and exact fields of both languages, so a question in one language
//! finds passages in the other through names, numbers and the bilingual lexicon.

use std::collections::HashSet;
use std::ops::Range;

use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocSet, Searcher, Term};

use crate::kb::catalog;
use crate::kb::passage::{self, KIND};
use crate::kb::{Fields, KbError, StoredPassage};
use crate::text::{Lang, Term as TextTerm, TermKind, analyze};

/// Questions and queries longer than this are refused: nobody types more, and it bounds work.
pub const MAX_QUERY_CHARS: usize = 2000;
/// Terms beyond this many are ignored.
const MAX_TERMS: usize = 64;

#[derive(Debug, Clone)]
pub struct Hit {
    pub score: f32,
    pub passage: StoredPassage,
}

/// The tantivy query for `text` written in `lang`, or `None` when it has no searchable term.
/// `written` says whether the knowledge base has a word as itself; the others are looked for
/// through their cognates.
///
/// It is a disjunction of term queries alone. It also matches the catalog's documents (deal
/// records are searched by their quotes, entities by name): [`top_passages`] drops those. A
/// required `kind` clause would do it too, but would intersect every query with the postings of
/// every passage, seeking and scoring in them for each candidate: at 100,000 articles that
/// doubled the time of a search.
pub fn build_query(
    fields: &Fields,
    text: &str,
    lang: Lang,
    written: &dyn Fn(&str) -> bool,
) -> Option<Box<dyn Query>> {
    build_query_over(fields, text, lang, written, &[Lang::Fr, Lang::En])
}

/// [`build_query`] over the stemmed and exact fields of `field_langs` only. A passage has
/// those of its own language alone, so the query over one language's fields scores that
/// language's passages exactly as the whole query does, with fewer terms to read.
fn build_query_over(
    fields: &Fields,
    text: &str,
    lang: Lang,
    written: &dyn Fn(&str) -> bool,
    field_langs: &[Lang],
) -> Option<Box<dyn Query>> {
    let mut seen = HashSet::new();
    let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut add = |field, term: String, boost: f32| {
        if seen.len() >= MAX_TERMS * 4 || !seen.insert((field, term.clone())) {
            return;
        }
        let query = TermQuery::new(
            Term::from_field_text(field, &term),
            IndexRecordOption::WithFreqs,
        );
        should.push((
            Occur::Should,
            Box::new(BoostQuery::new(Box::new(query), boost)),
        ));
    };
    // One analysis; the stemmed terms of each language are derived from it.
    let terms: Vec<TextTerm> = analyze(text, lang, None)
        .into_iter()
        .take(MAX_TERMS)
        .collect();
    for &field_lang in field_langs {
        for t in &terms {
            let stemmed = match t.kind {
                TermKind::Word => crate::text::stem(&text[t.from..t.to], field_lang),
                _ => t.text.clone(),
            };
            add(fields.body(field_lang), stemmed, 1.0);
        }
        for t in &terms {
            if t.kind != TermKind::Concept {
                // Names and figures matched exactly count extra.
                add(fields.exact(field_lang), t.text.clone(), 0.5);
            }
        }
    }
    // Names weigh most: a passage naming AMD and OpenAI in French answers an English
    // question about them better than English passages that share its common words.
    for t in terms.iter().filter(|t| crate::text::is_name(t)) {
        add(fields.names, t.text.clone(), 1.5);
    }
    // Words meet their cognates in the other language ("critical" → "critiques"); words the
    // knowledge base does not have as written count more through them.
    for t in &terms {
        if t.kind == TermKind::Word
            && let Some(key) = crate::text::cognate::key(&t.text)
        {
            let boost = if written(&t.text) { 0.3 } else { 0.5 };
            add(fields.cognates, key, boost);
        }
    }
    if should.is_empty() {
        return None;
    }
    Some(Box::new(BooleanQuery::new(should)))
}

/// The `limit` best passages for `text`.
pub fn search(
    searcher: &Searcher,
    fields: &Fields,
    text: &str,
    lang: Lang,
    limit: usize,
) -> Result<Vec<Hit>, KbError> {
    match query_for(searcher, fields, text, lang, &[Lang::Fr, Lang::En]) {
        Some(query) => Ok(top_passages(searcher, fields, &*query, limit, 0)?.hits),
        None => Ok(Vec::new()),
    }
}

/// [`build_query_over`] with the words the knowledge base has as written.
fn query_for(
    searcher: &Searcher,
    fields: &Fields,
    text: &str,
    lang: Lang,
    field_langs: &[Lang],
) -> Option<Box<dyn Query>> {
    let written = |word: &str| {
        [fields.exact_fr, fields.exact_en].iter().any(|f| {
            searcher
                .doc_freq(&Term::from_field_text(*f, word))
                .is_ok_and(|n| n > 0)
        })
    };
    build_query_over(fields, text, lang, &written, field_langs)
}

/// Beyond this many catalog documents, asking for `limit` plus their number would make the top
/// too long to be worth it: the query is then restricted to passages instead.
const MAX_SKIPPED: usize = 1024;

/// The best passages a query matches.
struct Ranked {
    hits: Vec<Hit>,
    /// Up to `deeper` more passages ranked right after the hits, best first (not loaded),
    /// and up to [`MAX_TIED`] more read to order ties.
    after: Vec<(f32, DocAddress)>,
    /// Whether the hits and `after` are every passage the query matches.
    all: bool,
}

/// The `limit` best passages `query` matches, and the addresses of up to `deeper` more. The
/// catalog's documents among its hits are dropped: asking for more hits than there are such
/// documents leaves `limit` passages.
fn top_passages(
    searcher: &Searcher,
    fields: &Fields,
    query: &dyn Query,
    limit: usize,
    deeper: usize,
) -> Result<Ranked, KbError> {
    let limit = limit.max(1);
    let kind = |k: &str| -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(fields.kind, k),
            IndexRecordOption::Basic,
        ))
    };
    let catalog = BooleanQuery::new(vec![
        (Occur::Should, kind(catalog::DEAL)),
        (Occur::Should, kind(catalog::ENTITY)),
    ]);
    let skip = searcher.search(&catalog, &DocSetCollector)?;
    // Past the cut, the passages that may tie with the last hit.
    let wanted = limit + deeper + MAX_TIED;
    let (top, all): (Vec<(f32, DocAddress)>, bool) = if skip.len() <= MAX_SKIPPED {
        let asked = wanted + skip.len();
        let top = searcher.search(query, &TopDocs::with_limit(asked).order_by_score())?;
        let all = top.len() < asked;
        let top = top
            .into_iter()
            .filter(|(_, address)| !skip.contains(address))
            .take(wanted)
            .collect();
        (top, all)
    } else {
        let passages = BooleanQuery::new(vec![
            (Occur::Must, kind(KIND)),
            (Occur::Must, query.box_clone()),
        ]);
        let top = searcher.search(&passages, &TopDocs::with_limit(wanted).order_by_score())?;
        let all = top.len() < wanted;
        (top, all)
    };
    // The passages tied with the last hit are read too, to choose between them by what they
    // are rather than by where the index put them.
    let cut = limit.min(top.len());
    let tied_past = cut.checked_sub(1).map_or(0, |last| {
        let score = top[last].0;
        top[cut..]
            .iter()
            .take(MAX_TIED)
            .take_while(|(s, _)| *s == score)
            .count()
    });
    let mut loaded = top[..cut + tied_past]
        .iter()
        .map(|&(score, address)| {
            let passage = passage::load(searcher, fields, address)?;
            Ok((address, Hit { score, passage }))
        })
        .collect::<Result<Vec<_>, KbError>>()?;
    order_ties(&mut loaded);
    let mut loaded = loaded.into_iter();
    let hits = loaded.by_ref().take(cut).map(|(_, hit)| hit).collect();
    let after = loaded
        .map(|(address, hit)| (hit.score, address))
        .chain(top[cut + tied_past..].iter().copied())
        .collect();
    Ok(Ranked { hits, after, all })
}

/// How many passages tied with the last hit, past it, are read to choose between them.
const MAX_TIED: usize = 16;

/// Orders the passages of equal score (ranked best first) by what they are, not by where the
/// index put them, which changes from one build to the next with the indexing threads and the
/// merges: first those of an article a better-scored passage comes from, then by id. Which of
/// them makes the cut, and so the answer, then depends only on the corpus.
fn order_ties(ranked: &mut [(DocAddress, Hit)]) {
    let mut start = 0;
    while start < ranked.len() {
        let score = ranked[start].1.score;
        let end = start
            + ranked[start..]
                .iter()
                .take_while(|(_, hit)| hit.score == score)
                .count();
        if end - start > 1 {
            let (better, rest) = ranked.split_at_mut(start);
            let above: HashSet<&str> = better
                .iter()
                .map(|(_, hit)| hit.passage.article_id().as_str())
                .collect();
            rest[..end - start].sort_by_cached_key(|(_, hit)| {
                let article = hit.passage.article_id().as_str();
                (
                    !above.contains(article),
                    article.to_string(),
                    hit.passage.id.paragraph(),
                )
            });
        }
        start = end;
    }
}

/// Which of `addresses` are passages written in `lang`, read from the postings of the `lang`
/// field: no document is loaded.
fn written_in(
    searcher: &Searcher,
    fields: &Fields,
    lang: Lang,
    addresses: &[DocAddress],
) -> Result<Vec<bool>, KbError> {
    let term = Term::from_field_text(fields.lang, lang.code());
    let mut order: Vec<usize> = (0..addresses.len()).collect();
    order.sort_by_key(|&i| addresses[i]);
    let mut found = vec![false; addresses.len()];
    let mut postings = None;
    let mut segment = None;
    for i in order {
        let address = addresses[i];
        if segment != Some(address.segment_ord) {
            segment = Some(address.segment_ord);
            postings = searcher
                .segment_reader(address.segment_ord)
                .inverted_index(fields.lang)?
                .read_postings(&term, IndexRecordOption::Basic)
                .map_err(|e| KbError::Tantivy(e.into()))?;
        }
        // Documents of a segment come in increasing order: the postings only move forward.
        if let Some(postings) = postings.as_mut() {
            found[i] =
                postings.doc() <= address.doc_id && postings.seek(address.doc_id) == address.doc_id;
        }
    }
    Ok(found)
}

/// How many passages past the hits [`search_both_languages`] looks at for the other
/// language's best, before asking the index for them.
const OTHER_LANGUAGE_DEPTH: usize = 32;

/// How many passages in the other language than the question's are always read: ranked by
/// the words a question shares with passages, they would otherwise lose to passages in its
/// own language that share its common words but not its meaning.
pub const OTHER_LANGUAGE: usize = 3;

/// The `limit` best passages for `text`, plus up to [`OTHER_LANGUAGE`] more written in the
/// other language when the best hold fewer than that.
pub fn search_both_languages(
    searcher: &Searcher,
    fields: &Fields,
    text: &str,
    lang: Lang,
    limit: usize,
) -> Result<Vec<Hit>, KbError> {
    search_both_languages_at(searcher, fields, text, lang, limit, OTHER_LANGUAGE_DEPTH)
}

/// [`search_both_languages`], looking `depth` passages past the hits before asking the index.
fn search_both_languages_at(
    searcher: &Searcher,
    fields: &Fields,
    text: &str,
    lang: Lang,
    limit: usize,
    depth: usize,
) -> Result<Vec<Hit>, KbError> {
    let Some(query) = query_for(searcher, fields, text, lang, &[Lang::Fr, Lang::En]) else {
        return Ok(Vec::new());
    };
    let ranked = top_passages(searcher, fields, &*query, limit, depth)?;
    let mut hits = ranked.hits;
    let other = match lang {
        Lang::Fr => Lang::En,
        Lang::En => Lang::Fr,
    };
    let have = hits.iter().filter(|h| h.passage.lang == other).count();
    let exists = searcher
        .doc_freq(&Term::from_field_text(fields.lang, other.code()))
        .is_ok_and(|n| n > 0);
    // Fewer hits than asked are every passage that matches: none is left to find.
    if have >= OTHER_LANGUAGE || !exists || hits.len() < limit.max(1) {
        return Ok(hits);
    }
    // The other language's best passages are its ones in the hits, then the next ones in the
    // same ranking: looked for first among those ranked right after the hits.
    let need = OTHER_LANGUAGE - have;
    let addresses: Vec<DocAddress> = ranked.after.iter().map(|(_, a)| *a).collect();
    let next: Vec<(f32, DocAddress)> = ranked
        .after
        .iter()
        .zip(written_in(searcher, fields, other, &addresses)?)
        .filter(|(_, in_other)| *in_other)
        .map(|(hit, _)| *hit)
        .take(need)
        .collect();
    let top = if next.len() == need || ranked.all {
        next
    } else {
        // Deeper still: ask the index for them, over only the fields other-language passages
        // have (the same scores for them, half the stemmed and exact terms to read).
        let Some(query) = query_for(searcher, fields, text, lang, &[other]) else {
            return Ok(hits);
        };
        let in_other = BooleanQuery::new(vec![
            (Occur::Must, query),
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(fields.lang, other.code()),
                    IndexRecordOption::Basic,
                )),
            ),
        ]);
        searcher.search(
            &in_other,
            &TopDocs::with_limit(OTHER_LANGUAGE).order_by_score(),
        )?
    };
    for (score, address) in top {
        if hits.iter().filter(|h| h.passage.lang == other).count() >= OTHER_LANGUAGE {
            break;
        }
        let passage = passage::load(searcher, fields, address)?;
        if !hits.iter().any(|h| h.passage.id == passage.id) {
            hits.push(Hit { score, passage });
        }
    }
    Ok(hits)
}

/// Byte ranges of `passage_text` (in `passage_lang`) that match a term of `query` (in `query_lang`).
pub fn highlights(
    passage_text: &str,
    passage_lang: Lang,
    query: &str,
    query_lang: Lang,
) -> Vec<Range<usize>> {
    let wanted: HashSet<String> = analyze(query, query_lang, Some(passage_lang))
        .into_iter()
        .chain(analyze(query, query_lang, None))
        .map(|t| t.text)
        .collect();
    let mut ranges: Vec<Range<usize>> = analyze(passage_text, passage_lang, Some(passage_lang))
        .into_iter()
        .chain(analyze(passage_text, passage_lang, None))
        .filter(|t| wanted.contains(&t.text))
        .map(|t| t.from..t.to)
        .collect();
    ranges.sort_by_key(|r| (r.start, r.end));
    ranges.dedup();
    // Merge overlaps so callers can wrap each range once.
    let mut merged: Vec<Range<usize>> = Vec::new();
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::open_fresh;

    #[test]
    fn catalog_documents_the_query_matches_are_dropped_and_the_top_stays_full() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
        let kb = open_fresh(&corpus, dir.path()).unwrap().kb;
        let searcher = kb.searcher();
        let fields = kb.fields();
        let question = "How much did Amazon invest in Anthropic?";
        // The bare disjunction ranks deal records among the first hits: the case at hand.
        let query =
            query_for(&searcher, fields, question, Lang::En, &[Lang::Fr, Lang::En]).unwrap();
        let kind = |k: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(fields.kind, k),
                IndexRecordOption::Basic,
            ))
        };
        let catalog_docs = searcher
            .search(
                &BooleanQuery::new(vec![
                    (Occur::Should, kind(catalog::DEAL)),
                    (Occur::Should, kind(catalog::ENTITY)),
                ]),
                &DocSetCollector,
            )
            .unwrap();
        let top = searcher
            .search(&*query, &TopDocs::with_limit(5).order_by_score())
            .unwrap();
        assert!(top.iter().any(|(_, a)| catalog_docs.contains(a)));

        let hits = search(&searcher, fields, question, Lang::En, 5).unwrap();
        assert_eq!(hits.len(), 5);
        assert!(hits[0].passage.text.contains("Anthropic"), "{:?}", hits[0]);
        let ids: HashSet<String> = hits.iter().map(|h| h.passage.id.to_string()).collect();
        assert_eq!(ids.len(), 5, "{ids:?}");
    }

    /// The shipped French article and a short English one, indexed in `dir`.
    fn two_languages(dir: &std::path::Path) -> crate::kb::KnowledgeBase {
        let corpus = dir.join("corpus");
        std::fs::create_dir_all(corpus.join("articles")).unwrap();
        let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../corpus/articles/geants-tech-milliards-infrastructure-ia.md");
        std::fs::copy(shipped, corpus.join("articles/fr.md")).unwrap();
        std::fs::write(
            corpus.join("articles/en.md"),
            "+++\nid = \"en-deals\"\ntitle = \"Chip deals\"\nlanguage = \"en\"\n+++\n\n\
             Amazon invested $8 billion in Anthropic, its largest investment.\n\n\
             SoftBank agreed to invest $2 billion in Intel, the chipmaker said.\n\n\
             AMD and OpenAI agreed on a chips deal worth tens of billions.\n",
        )
        .unwrap();
        open_fresh(&corpus, &dir.join("index")).unwrap().kb
    }

    #[test]
    fn the_other_language_found_past_the_hits_is_what_the_index_gives() {
        let dir = tempfile::tempdir().unwrap();
        let kb = two_languages(dir.path());
        let searcher = kb.searcher();
        let ids = |hits: Vec<Hit>| -> Vec<String> {
            hits.iter().map(|h| h.passage.id.to_string()).collect()
        };
        let mut looked_past = 0;
        for (question, lang) in [
            ("How much did SoftBank invest in Intel?", Lang::En),
            ("How much did Amazon invest in Anthropic?", Lang::En),
            ("Combien Amazon a-t-il investi dans Anthropic ?", Lang::Fr),
            ("Quel accord AMD et OpenAI ont-ils conclu ?", Lang::Fr),
        ] {
            for limit in [1, 2, 4] {
                let run = |depth| {
                    ids(search_both_languages_at(
                        &searcher,
                        kb.fields(),
                        question,
                        lang,
                        limit,
                        depth,
                    )
                    .unwrap())
                };
                // Depth 0 always asks the index for the other language's best.
                let asked = run(0);
                let deep = run(OTHER_LANGUAGE_DEPTH);
                assert_eq!(deep, asked, "{question} (limit {limit})");
                looked_past += usize::from(asked.len() > limit);
            }
        }
        // The cases cover passages added past the hits, not only tops that needed none.
        assert!(looked_past >= 4, "{looked_past}");
    }

    #[test]
    fn the_query_over_one_language_scores_its_passages_as_the_whole_query_does() {
        let dir = tempfile::tempdir().unwrap();
        let kb = two_languages(dir.path());
        let searcher = kb.searcher();
        let fields = kb.fields();
        let in_lang = |lang: Lang| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(fields.lang, lang.code()),
                IndexRecordOption::Basic,
            ))
        };
        for (question, asked, other) in [
            ("How much did SoftBank invest in Intel?", Lang::En, Lang::Fr),
            (
                "Combien Amazon a-t-il investi dans Anthropic ?",
                Lang::Fr,
                Lang::En,
            ),
            (
                "What did AMD and OpenAI agree on chips?",
                Lang::En,
                Lang::Fr,
            ),
        ] {
            let scores = |field_langs: &[Lang]| {
                let query = query_for(&searcher, fields, question, asked, field_langs).unwrap();
                let query =
                    BooleanQuery::new(vec![(Occur::Must, query), (Occur::Must, in_lang(other))]);
                searcher
                    .search(&query, &TopDocs::with_limit(20).order_by_score())
                    .unwrap()
            };
            let whole = scores(&[Lang::Fr, Lang::En]);
            assert!(!whole.is_empty(), "{question}");
            assert_eq!(scores(&[other]), whole, "{question}");
            // The question's own language alone would miss them: the subset matters.
            assert_ne!(scores(&[asked]), whole, "{question}");
        }
    }

    fn ranked(entries: &[(&str, u32, f32, u32)]) -> Vec<(DocAddress, Hit)> {
        entries
            .iter()
            .map(|&(article, paragraph, score, doc)| {
                let id = crate::ids::ArticleId::parse(article).unwrap();
                let passage = StoredPassage {
                    id: crate::ids::CitationId::passage(id, paragraph),
                    title: article.to_string(),
                    heading: None,
                    url: None,
                    lang: Lang::En,
                    published: None,
                    text: String::new(),
                };
                (DocAddress::new(0, doc), Hit { score, passage })
            })
            .collect()
    }

    fn ids(ranked: &[(DocAddress, Hit)]) -> Vec<String> {
        ranked
            .iter()
            .map(|(_, h)| h.passage.id.to_string())
            .collect()
    }

    #[test]
    fn tied_passages_are_ordered_by_what_they_are_not_by_where_the_index_put_them() {
        // "top" ranks first; three passages tie after it, in the index's order of the day.
        let one_build = [
            ("top", 3, 9.0, 7),
            ("b", 1, 4.0, 1),
            ("top", 2, 4.0, 8),
            ("a", 5, 4.0, 2),
            ("c", 1, 2.0, 3),
        ];
        let another_build = [
            ("top", 3, 9.0, 0),
            ("a", 5, 4.0, 5),
            ("b", 1, 4.0, 3),
            ("top", 2, 4.0, 1),
            ("c", 1, 2.0, 2),
        ];
        let expected = ["top#p3", "top#p2", "a#p5", "b#p1", "c#p1"];
        for order in [&one_build[..], &another_build[..]] {
            let mut hits = ranked(order);
            order_ties(&mut hits);
            // The tied passage of an article already ranked comes first, then the others by id.
            assert_eq!(ids(&hits), expected);
        }
    }

    #[test]
    fn a_tie_at_the_cut_is_decided_by_the_passages_not_by_the_build() {
        // Three identical paragraphs tie; only one fits under the cut after the article that
        // matches best. It is that article's own, whichever documents the index put first.
        let dir = tempfile::tempdir().unwrap();
        let articles = dir.path().join("corpus/articles");
        std::fs::create_dir_all(&articles).unwrap();
        let article = |id: &str, paragraphs: &[&str]| {
            format!(
                "+++\nid = \"{id}\"\ntitle = \"Note {id}\"\nlanguage = \"en\"\n+++\n\n{}\n",
                paragraphs.join("\n\n")
            )
        };
        let tied = "Quillfeather opened an office.";
        for id in ["b-one", "b-two"] {
            let text = article(id, &["Nothing to see in this paragraph.", tied]);
            std::fs::write(articles.join(format!("{id}.md")), text).unwrap();
        }
        let best = "Quillfeather, Quillfeather and Quillfeather: the Quillfeather deal.";
        let text = article("z-top", &[best, tied]);
        std::fs::write(articles.join("z-top.md"), text).unwrap();
        let kb = open_fresh(&dir.path().join("corpus"), &dir.path().join("index"))
            .unwrap()
            .kb;
        let searcher = kb.searcher();
        let hits = search(&searcher, kb.fields(), "Quillfeather", Lang::En, 2).unwrap();
        let ids: Vec<String> = hits.iter().map(|h| h.passage.id.to_string()).collect();
        assert_eq!(ids, ["z-top#p1", "z-top#p2"]);
    }
}
