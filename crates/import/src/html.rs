//! HTML to plain paragraphs. A web page goes through dom_smoothie (readability): the article's
//! text without menus, ads and footers, and its title, byline, date and URL from JSON-LD,
//! OpenGraph and meta tags; what dom_smoothie does not read (a canonical link, `og:url`, a few
//! more date tags) is read here with dom_query. Fragments (feed items, rendered Markdown) are
//! read whole with dom_query. Either way, `h1`–`h6` become `## Heading` lines.

use std::collections::HashSet;

use dealdesk_core::date::IsoDate;
use dom_query::Document;
use dom_smoothie::{Config, Readability, ReadabilityError, TextMode};

use crate::date::normalise;
use crate::draft::{Block, Draft, blocks_of, clean_author, clean_url, normalise_space};
use crate::error::ImportError;

/// Pages with more elements are not read (readability scores every element).
pub const MAX_ELEMENTS: usize = 200_000;

/// Documents nested deeper than this are not read: no news page comes close, and
/// readability's work grows with the square of the depth.
pub const MAX_DEPTH: usize = 400;

/// Elements whose text is never article text.
const NOT_TEXT: &str = "script, style, noscript, template, iframe, object, svg";

/// The article of a web page. `source` names the file it came from.
pub(crate) fn page(html: &str, source: &str) -> Result<Draft, ImportError> {
    let doc = Document::from(html);
    too_deep(&doc)?;
    let url = page_url(&doc);
    let date = page_date(&doc);
    let config = Config {
        text_mode: TextMode::Formatted,
        max_elements_to_parse: MAX_ELEMENTS,
        ..Config::default()
    };
    let mut readability = Readability::with_document(doc, None, Some(config))
        .map_err(|e| ImportError::Crashed(e.to_string()))?;
    let article = readability.parse().map_err(|e| match e {
        ReadabilityError::TooManyElements(found, max) => {
            ImportError::TooManyElements { found, max }
        }
        ReadabilityError::GrabFailed | ReadabilityError::BadDocumentURL => {
            ImportError::NoText(" in the page")
        }
    })?;
    let headings = heading_texts(&Document::from(article.content.as_ref()));
    let title = normalise_space(&article.title);
    let mut blocks = blocks_of(&article.text_content, |b| headings.contains(b));
    // The headline often opens the article text too.
    if let Some(Block::Heading(first) | Block::Paragraph(first)) = blocks.first()
        && first.eq_ignore_ascii_case(&title)
    {
        blocks.remove(0);
    }
    Ok(Draft {
        title,
        blocks,
        url: article.url.as_deref().and_then(clean_url).or(url),
        published: article
            .published_time
            .as_deref()
            .and_then(normalise)
            .or(date),
        author: article.byline.as_deref().and_then(clean_author),
        source: source.to_string(),
    })
}

/// The text of an HTML fragment (or of a whole document, menus included) as blocks.
pub(crate) fn fragment(html: &str) -> Result<Vec<Block>, ImportError> {
    let doc = Document::from(html);
    too_deep(&doc)?;
    doc.select(NOT_TEXT).remove();
    let headings = heading_texts(&doc);
    Ok(blocks_of(&doc.formatted_text(), |b| headings.contains(b)))
}

/// The text of an HTML fragment as one line (titles); empty when it is nested too deep.
pub(crate) fn inline_text(html: &str) -> String {
    let doc = Document::from(html);
    if too_deep(&doc).is_err() {
        return String::new();
    }
    doc.select(NOT_TEXT).remove();
    normalise_space(&doc.formatted_text())
}

/// Refuses a document nested deeper than [`MAX_DEPTH`]; walks the tree without recursion.
fn too_deep(doc: &Document) -> Result<(), ImportError> {
    let root = doc.root();
    let mut node = root.first_child();
    let mut depth = 1;
    while let Some(n) = node {
        if depth > MAX_DEPTH {
            return Err(ImportError::TooDeep { max: MAX_DEPTH });
        }
        if let Some(child) = n.first_child() {
            node = Some(child);
            depth += 1;
            continue;
        }
        // Up to the nearest ancestor with a next sibling.
        let mut at = n;
        node = loop {
            if let Some(next) = at.next_sibling() {
                break Some(next);
            }
            match at.parent() {
                Some(parent) if parent.id != root.id => {
                    at = parent;
                    depth -= 1;
                }
                _ => break None,
            }
        };
    }
    Ok(())
}

fn heading_texts(doc: &Document) -> HashSet<String> {
    doc.select("h1, h2, h3, h4, h5, h6")
        .iter()
        .map(|h| normalise_space(&h.text()))
        .filter(|h| !h.is_empty())
        .collect()
}

/// The page's own URL when JSON-LD does not give it: its canonical link, or `og:url`.
fn page_url(doc: &Document) -> Option<String> {
    [
        (r#"link[rel="canonical"]"#, "href"),
        (r#"meta[property="og:url"]"#, "content"),
        (r#"meta[name="twitter:url"]"#, "content"),
    ]
    .iter()
    .find_map(|(selector, attr)| clean_url(&doc.select(selector).attr(attr)?))
}

/// A publication date from tags dom_smoothie does not read (microdata, `date` meta tags).
fn page_date(doc: &Document) -> Option<IsoDate> {
    [
        (r#"meta[itemprop="datePublished"]"#, "content"),
        (r#"time[itemprop="datePublished"]"#, "datetime"),
        (r#"meta[name="date"]"#, "content"),
        (r#"meta[name="pubdate"]"#, "content"),
        (r#"meta[name="publish-date"]"#, "content"),
        (r#"meta[property="og:published_time"]"#, "content"),
        ("time[pubdate]", "datetime"),
    ]
    .iter()
    .find_map(|(selector, attr)| normalise(&doc.select(selector).attr(attr)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_lose_their_markup_and_keep_their_paragraphs() {
        let blocks = fragment(
            "<h2>Deal</h2><p>Nimbus will invest <b>$3 billion</b>\n in Cirrus &amp; co.</p>\
             <p>One<br>two</p><script>alert(1)</script><style>p{}</style>",
        )
        .unwrap();
        assert_eq!(
            blocks,
            [
                Block::Heading("Deal".into()),
                Block::Paragraph("Nimbus will invest $3 billion in Cirrus & co.".into()),
                Block::Paragraph("One two".into()),
            ]
        );
        assert_eq!(
            fragment("plain text, 3 < 4").unwrap(),
            [Block::Paragraph("plain text, 3 < 4".into())]
        );
        assert_eq!(
            inline_text("A <i>title</i>\n &eacute;t&eacute;"),
            "A title été"
        );
    }

    #[test]
    fn documents_nested_too_deep_are_refused() {
        let nested = |n: usize| format!("{}text{}", "<div>".repeat(n), "</div>".repeat(n));
        assert!(fragment(&nested(MAX_DEPTH - 10)).is_ok());
        for html in [nested(MAX_DEPTH + 10), format!("<p>a</p>{}", nested(1500))] {
            assert!(matches!(fragment(&html), Err(ImportError::TooDeep { .. })));
            assert!(matches!(
                page(&html, "x.html"),
                Err(ImportError::TooDeep { .. })
            ));
            assert_eq!(inline_text(&html), "");
        }
    }

    #[test]
    fn junk_gives_no_text_and_no_panic() {
        assert!(fragment("").unwrap().is_empty());
        assert!(
            fragment("</p></div><br><script>x</script>")
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            fragment("<<<>>>").unwrap(),
            [Block::Paragraph("<<<>>>".into())]
        );
        assert!(page("", "x.html").is_err());
        // Text without markup is still text; control characters are dropped.
        let junk = page("\u{0}\u{1}\u{fffd} <html", "x.html").unwrap();
        assert_eq!(junk.blocks, [Block::Paragraph("\u{fffd}".into())]);
    }
}
