//! RSS and Atom feeds, through feed-rs: each item or entry is an article. Its body is the
//! item's content, or its summary when it has none, read as HTML unless it says it is plain
//! text; the feed's title is the articles' source.

use feed_rs::model::{Entry, Text};

use crate::date;
use crate::draft::{Draft, blocks_of, clean_author, clean_url, normalise_space};
use crate::error::ImportError;
use crate::html;

/// An item that could not be read, with the title it has (if any).
#[derive(Debug)]
pub(crate) struct ItemError {
    pub title: Option<String>,
    pub error: ImportError,
}

/// The items of the feed in `bytes`, each read into a draft or failing on its own; the feed's
/// title is their source, or `file_name` when it has none.
pub(crate) fn items(
    bytes: &[u8],
    file_name: &str,
) -> Result<Vec<Result<Draft, ItemError>>, ImportError> {
    let parser = feed_rs::parser::Builder::new()
        .timestamp_parser(date::feed_timestamp)
        .build();
    let feed = parser
        .parse(bytes)
        .map_err(|e| ImportError::MalformedFeed(e.to_string()))?;
    let source = feed
        .title
        .as_ref()
        .map(text_of)
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| file_name.to_string());
    Ok(feed
        .entries
        .into_iter()
        .map(|e| entry(e, &source))
        .collect())
}

fn entry(e: Entry, source: &str) -> Result<Draft, ItemError> {
    let title = e.title.as_ref().map(text_of).unwrap_or_default();
    let content = e
        .content
        .as_ref()
        .and_then(|c| Some((c.body.as_deref()?, is_plain(c.content_type.as_ref()))));
    let summary = e
        .summary
        .as_ref()
        .map(|s| (s.content.as_str(), is_plain(s.content_type.as_ref())));
    let mut blocks = Vec::new();
    for (body, plain) in [content, summary].into_iter().flatten() {
        blocks = if plain {
            blocks_of(body, |_| false)
        } else {
            match html::fragment(body) {
                Ok(blocks) => blocks,
                Err(error) => {
                    return Err(ItemError {
                        title: (!title.is_empty()).then_some(title),
                        error,
                    });
                }
            }
        };
        if !blocks.is_empty() {
            break;
        }
    }
    let url = e
        .links
        .iter()
        .filter(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .find_map(|l| clean_url(&l.href))
        .or_else(|| clean_url(&e.id));
    let authors: Vec<String> = e
        .authors
        .iter()
        .filter_map(|p| p.name.as_deref().and_then(person))
        .collect();
    let draft = Draft {
        title,
        blocks,
        url,
        published: e.published.or(e.updated).as_ref().and_then(date::from_feed),
        author: (!authors.is_empty()).then(|| authors.join(", ")),
        source: source.to_string(),
    };
    if draft.has_text() {
        Ok(draft)
    } else {
        Err(ItemError {
            title: (!draft.title.is_empty()).then_some(draft.title),
            error: ImportError::NoText(" in the feed item (no content or summary)"),
        })
    }
}

fn text_of(t: &Text) -> String {
    if is_plain(t.content_type.as_ref()) {
        normalise_space(&t.content)
    } else {
        html::inline_text(&t.content)
    }
}

fn is_plain(media_type: &str) -> bool {
    media_type.starts_with("text/plain")
}

/// A person's name from an RSS `author` ("desk@example.com (Jane Doe)") or an Atom name.
fn person(raw: &str) -> Option<String> {
    let raw = raw.trim();
    // feed-rs keeps the "(Jane Doe)" of "desk@example.com (Jane Doe)" as the name.
    if let Some(name) = raw.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        return clean_author(name);
    }
    if let Some((email, rest)) = raw.split_once('(')
        && email.contains('@')
        && let Some(name) = rest.strip_suffix(')')
    {
        return clean_author(name);
    }
    if raw.contains('@') && !raw.contains(' ') {
        return None;
    }
    clean_author(raw)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::Block;

    const RSS: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
        <item><title>A &amp; B</title><link>https://x.example/a</link>
        <pubDate>Tue, 30 Sep 2025 21:30:00 -0400</pubDate>
        <author>desk@x.example (Jane Doe)</author>
        <description>&lt;p&gt;One &lt;b&gt;bold&lt;/b&gt;.&lt;/p&gt;&lt;p&gt;Two.&lt;/p&gt;</description></item>
        <item><title>Empty</title></item>
        </channel></rss>"#;

    #[test]
    fn rss_items_become_drafts() {
        let feed = items(RSS.as_bytes(), "wire.xml").unwrap();
        let first = feed[0].as_ref().unwrap();
        assert_eq!(first.source, "Wire");
        assert_eq!(first.title, "A & B");
        assert_eq!(
            first.blocks,
            [
                Block::Paragraph("One bold.".into()),
                Block::Paragraph("Two.".into())
            ]
        );
        assert_eq!(first.url.as_deref(), Some("https://x.example/a"));
        assert_eq!(first.published.unwrap().to_string(), "2025-09-30");
        assert_eq!(first.author.as_deref(), Some("Jane Doe"));
        let second = feed[1].as_ref().unwrap_err();
        assert_eq!(second.title.as_deref(), Some("Empty"));
    }

    #[test]
    fn what_is_not_a_feed_is_malformed() {
        for junk in [
            &b"<html><body>hi</body></html>"[..],
            b"<rss version=\"2.0\"><channel><item><title>x",
            b"\x00\x01\x02",
            b"{not json",
        ] {
            assert!(
                matches!(items(junk, "x.xml"), Err(ImportError::MalformedFeed(_))),
                "{junk:?}"
            );
        }
    }

    #[test]
    fn people_are_named() {
        assert_eq!(
            person("desk@x.example (Jane Doe)").as_deref(),
            Some("Jane Doe")
        );
        assert_eq!(person("desk@x.example"), None);
        assert_eq!(person("(Jane Doe)").as_deref(), Some("Jane Doe"));
        assert_eq!(person("Marie Dupont").as_deref(), Some("Marie Dupont"));
    }
}
