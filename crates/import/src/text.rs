//! Plain text and Markdown files. The title is a Markdown file's first `#` heading, or else the
//! first line; the rest is the body, one paragraph per blank-line-separated block. Markdown is
//! rendered to HTML (pulldown-cmark) and read like a feed item, so no markup is left; its
//! headings become `## Heading` lines.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::draft::{Draft, blocks_of, normalise_space, shorten};
use crate::error::ImportError;
use crate::html;

/// A first line longer than this is a paragraph, not a title: the title is cut from it and
/// the line stays in the body.
const MAX_TITLE_LINE: usize = 200;

/// Whether `text` opens with corpus front matter (a `+++` line).
pub(crate) fn has_front_matter(text: &str) -> bool {
    text.lines().next().is_some_and(|l| l.trim_end() == "+++")
}

/// A plain-text file.
pub(crate) fn plain(text: &str, source: &str) -> Draft {
    let (title, body) = first_line(text);
    Draft {
        title: normalise_space(title),
        blocks: blocks_of(body, |_| false),
        url: None,
        published: None,
        author: None,
        source: source.to_string(),
    }
}

/// A Markdown file without front matter.
pub(crate) fn markdown(text: &str, source: &str) -> Result<Draft, ImportError> {
    let (title, body) = match first_h1(text) {
        Some((title, range)) => (
            title,
            format!("{}\n\n{}", &text[..range.start], &text[range.end..]),
        ),
        None => {
            let (line, rest) = first_line(text);
            (render_inline(line), rest.to_string())
        }
    };
    Ok(Draft {
        title,
        blocks: html::fragment(&render(&body))?,
        url: None,
        published: None,
        author: None,
        source: source.to_string(),
    })
}

/// The first non-blank line and what follows it; a line too long for a title is kept in the
/// body, and a title is cut from it.
fn first_line(text: &str) -> (&str, &str) {
    let start = text.len() - text.trim_start().len();
    let rest = &text[start..];
    let (line, body) = rest.split_once('\n').unwrap_or((rest, ""));
    if line.chars().count() > MAX_TITLE_LINE {
        let cut = shorten(line, 120);
        // `cut` always starts with a prefix of `line`; only its ellipsis is new.
        let len = cut.trim_end_matches('…').len().min(line.len());
        (&line[..len], rest)
    } else {
        (line, body)
    }
}

/// The text of the first level-1 heading and the byte range of its source.
fn first_h1(text: &str) -> Option<(String, std::ops::Range<usize>)> {
    let mut inside: Option<(usize, String)> = None;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => inside = Some((range.start, String::new())),
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => {
                let (start, title) = inside.take()?;
                let title = normalise_space(&title);
                if !title.is_empty() {
                    return Some((title, start..range.end));
                }
            }
            Event::Text(t) | Event::Code(t) if inside.is_some() => {
                if let Some((_, title)) = inside.as_mut() {
                    title.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak if inside.is_some() => {
                if let Some((_, title)) = inside.as_mut() {
                    title.push(' ');
                }
            }
            _ => {}
        }
    }
    None
}

fn render(markdown: &str) -> String {
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, Parser::new(markdown));
    out
}

fn render_inline(line: &str) -> String {
    html::inline_text(&render(line))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::Block;

    #[test]
    fn plain_text_title_is_the_first_line() {
        let d = plain(
            "\n\nTitle here\n\nFirst\nparagraph.\n\n\nSecond.\n",
            "n.txt",
        );
        assert_eq!(d.title, "Title here");
        assert_eq!(
            d.blocks,
            [
                Block::Paragraph("First paragraph.".into()),
                Block::Paragraph("Second.".into())
            ]
        );
        let long = "word ".repeat(100);
        let d = plain(&long, "n.txt");
        assert!(
            d.title.len() <= 120 && d.title.starts_with("word word"),
            "{}",
            d.title
        );
        assert_eq!(d.blocks.len(), 1);
    }

    #[test]
    fn markdown_loses_its_markup() {
        let d = markdown(
            "Intro line.\n\n# The *Title*\n\nSome **bold** and a [link](https://x.example).\n\n## Background\n\n- one\n- two\n\n<p>raw <b>html</b></p>\n",
            "b.md",
        )
        .unwrap();
        assert_eq!(d.title, "The Title");
        assert_eq!(
            d.blocks,
            [
                Block::Paragraph("Intro line.".into()),
                Block::Paragraph("Some bold and a link.".into()),
                Block::Heading("Background".into()),
                Block::Paragraph("one two".into()),
                Block::Paragraph("raw html".into()),
            ]
        );
        let d = markdown("A **first** line\nstill first paragraph\n\nBody.", "b.md").unwrap();
        assert_eq!(d.title, "A first line");
        assert_eq!(
            d.blocks,
            [
                Block::Paragraph("still first paragraph".into()),
                Block::Paragraph("Body.".into())
            ]
        );
    }

    #[test]
    fn front_matter_is_told_by_its_first_line() {
        assert!(has_front_matter("+++\nid = \"a\"\n+++\n"));
        assert!(!has_front_matter("# Title\n+++\n"));
    }
}
