//! [`Draft`]: an article read from an input, before it has a slug: its title, its body as
//! headings and paragraphs of plain text, and what the source says of it.

use dealdesk_core::date::IsoDate;

/// An article read from an input, not yet placed in the corpus.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Draft {
    pub title: String,
    pub blocks: Vec<Block>,
    pub url: Option<String>,
    pub published: Option<IsoDate>,
    pub author: Option<String>,
    /// Where it was imported from: the file name or the feed's title.
    pub source: String,
}

/// A piece of an article body: a `## Heading` line or a paragraph, each one line of plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Block {
    Heading(String),
    Paragraph(String),
}

impl Draft {
    /// Whether the body has any paragraph (headings alone make no article).
    pub fn has_text(&self) -> bool {
        self.blocks.iter().any(|b| matches!(b, Block::Paragraph(_)))
    }

    /// The first paragraph, cut to a title's length: for items that come without a title.
    pub fn title_from_text(&self) -> Option<String> {
        self.blocks.iter().find_map(|b| match b {
            Block::Paragraph(p) => Some(shorten(p, 80)),
            Block::Heading(_) => None,
        })
    }
}

/// Whitespace runs made one space, control and zero-width characters dropped, ends trimmed.
pub(crate) fn normalise_space(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
    {
        let word: String = word
            .chars()
            .filter(|c| !matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}'))
            .collect();
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word);
    }
    out
}

/// Blocks of `text` separated by blank lines, each made one line; a block that is one of
/// `headings` (compared after [`normalise_space`]) becomes a heading.
pub(crate) fn blocks_of(text: &str, is_heading: impl Fn(&str) -> bool) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current = String::new();
    let mut flush = |current: &mut String| {
        let block = normalise_space(current);
        current.clear();
        if block.is_empty() {
            return;
        }
        blocks.push(if is_heading(&block) {
            Block::Heading(block)
        } else {
            Block::Paragraph(block)
        });
    };
    for line in text.lines() {
        if line.trim().is_empty() {
            flush(&mut current);
        } else {
            current.push_str(line);
            current.push('\n');
        }
    }
    flush(&mut current);
    blocks
}

/// At most `max` characters of `text`, cut at a word boundary with an ellipsis when cut.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let kept = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", kept.trim_end_matches([',', ';', ':', ' ']))
}

/// A byline without its "By"/"Par" and without surrounding punctuation; `None` when empty.
pub(crate) fn clean_author(raw: &str) -> Option<String> {
    let s = normalise_space(raw);
    let lower = s.to_lowercase();
    let s = ["by ", "par "]
        .iter()
        .find(|p| lower.starts_with(*p))
        .map_or(s.as_str(), |p| &s[p.len()..]);
    let s = s.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '|' | '-'));
    (!s.is_empty() && s.chars().count() <= 200).then(|| s.to_string())
}

/// An absolute http(s) URL without whitespace, as the corpus accepts; `None` otherwise.
pub(crate) fn clean_url(raw: &str) -> Option<String> {
    let s = raw.trim();
    let ok = (s.starts_with("https://") || s.starts_with("http://"))
        && s.len() > "https://".len()
        && !s.chars().any(|c| c.is_whitespace() || c.is_control());
    ok.then(|| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_is_normalised_and_invisible_characters_dropped() {
        assert_eq!(
            normalise_space("  a\u{a0}\tb\n\nc\u{200b}d\u{0}e "),
            "a b cd e"
        );
        assert_eq!(normalise_space("\u{200b}"), "");
    }

    #[test]
    fn blocks_are_separated_by_blank_lines() {
        let blocks = blocks_of("One\ntwo.\n \nBackground\n\n\nThree.", |b| {
            b == "Background"
        });
        assert_eq!(
            blocks,
            [
                Block::Paragraph("One two.".into()),
                Block::Heading("Background".into()),
                Block::Paragraph("Three.".into())
            ]
        );
    }

    #[test]
    fn shorten_cuts_at_a_word() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(shorten("one two three four", 12), "one two…");
        assert_eq!(shorten("ééééééééééé", 4), "éééé…");
    }

    #[test]
    fn authors_and_urls_are_cleaned() {
        assert_eq!(clean_author("By Alex Chen").as_deref(), Some("Alex Chen"));
        assert_eq!(
            clean_author("Par  Claire Martin |").as_deref(),
            Some("Claire Martin")
        );
        assert_eq!(clean_author(" - "), None);
        assert_eq!(
            clean_url(" https://a.example/x ").as_deref(),
            Some("https://a.example/x")
        );
        assert_eq!(clean_url("/relative"), None);
        assert_eq!(clean_url("https://a.example/x y"), None);
        assert_eq!(clean_url("javascript:alert(1)"), None);
    }
}
