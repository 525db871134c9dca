//! One article file: TOML front matter between `+++` lines, then a Markdown body of `## Heading`
//! lines and paragraphs separated by blank lines.

use std::path::Path;

use serde::Deserialize;

use crate::date::IsoDate;
use crate::ids::ArticleId;
use crate::model::article::{Article, Paragraph};
use crate::problem::Problem;
use crate::text::{Lang, detect};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    id: String,
    title: String,
    language: Option<String>,
    url: Option<String>,
    source: Option<String>,
    published: Option<String>,
    author: Option<String>,
}

/// Parses an article from the bytes of `path`.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Article, Problem> {
    let problem = |line: Option<usize>, message: String| Problem {
        path: path.to_path_buf(),
        line,
        message,
    };
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            return Err(problem(
                Some(line),
                "text is not valid UTF-8: save the file as UTF-8".to_string(),
            ));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();

    if lines.first().map(|l| l.trim_end()) != Some("+++") {
        return Err(problem(
            Some(1),
            "missing front matter: the file must start with a line `+++`, then TOML (id, title, …), then `+++`".to_string(),
        ));
    }
    let Some(close) = lines
        .iter()
        .skip(1)
        .position(|l| l.trim_end() == "+++")
        .map(|p| p + 1)
    else {
        return Err(problem(
            Some(1),
            "front matter is not closed: add a line `+++` after the TOML fields".to_string(),
        ));
    };
    let toml_text = lines[1..close].join("\n");
    let front: FrontMatter = toml::from_str(&toml_text).map_err(|e| {
        let line = e.span().map(|s| {
            toml_text[..s.start.min(toml_text.len())]
                .matches('\n')
                .count()
                + 2
        });
        problem(line, format!("malformed front matter: {}", e.message()))
    })?;
    let field_line = |name: &str| {
        lines[1..close]
            .iter()
            .position(|l| l.trim_start().starts_with(name))
            .map(|p| p + 2)
    };

    let id =
        ArticleId::parse(front.id.trim()).map_err(|e| problem(field_line("id"), e.to_string()))?;
    let title = front.title.trim().to_string();
    if title.is_empty() {
        return Err(problem(
            field_line("title"),
            "empty title: give the article a title".to_string(),
        ));
    }
    let published = front
        .published
        .as_deref()
        .map(|p| IsoDate::parse(p.trim()))
        .transpose()
        .map_err(|e| problem(field_line("published"), format!("field `published`: {e}")))?;
    if let Some(url) = &front.url
        && (!(url.starts_with("https://") || url.starts_with("http://"))
            || url.contains(char::is_whitespace))
    {
        return Err(problem(
            field_line("url"),
            format!("field `url`: {url:?} is not an http(s) URL"),
        ));
    }

    let paragraphs = parse_body(&lines[close + 1..], close + 2);
    if paragraphs.is_empty() {
        return Err(problem(
            None,
            "empty body: an article needs at least one paragraph after the front matter"
                .to_string(),
        ));
    }
    let language = match front.language.as_deref() {
        Some(l) => Lang::parse(l).ok_or_else(|| {
            problem(
                field_line("language"),
                format!("field `language`: {l:?} is not `fr` or `en`"),
            )
        })?,
        None => {
            let sample: String = paragraphs
                .iter()
                .take(5)
                .map(|p| p.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            detect(&sample)
        }
    };
    Ok(Article {
        id,
        title,
        language,
        url: front.url,
        source: front.source,
        published,
        author: front.author,
        path: path.to_path_buf(),
        paragraphs,
    })
}

/// `first_line` is the file line number of `lines[0]`.
fn parse_body(lines: &[&str], first_line: usize) -> Vec<Paragraph> {
    let mut paragraphs = Vec::new();
    let mut heading: Option<String> = None;
    let mut block: Vec<&str> = Vec::new();
    let mut block_line = 0;
    let flush = |block: &mut Vec<&str>,
                 line: usize,
                 heading: &Option<String>,
                 paragraphs: &mut Vec<Paragraph>| {
        if block.is_empty() {
            return;
        }
        let text = block.join("\n");
        block.clear();
        paragraphs.push(Paragraph::new(
            paragraphs.len() as u32 + 1,
            heading.clone(),
            text,
            line,
        ));
    };
    for (k, line) in lines.iter().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            flush(&mut block, block_line, &heading, &mut paragraphs);
        } else if let Some(h) = markdown_heading(trimmed) {
            flush(&mut block, block_line, &heading, &mut paragraphs);
            heading = Some(h.to_string());
        } else {
            if block.is_empty() {
                block_line = first_line + k;
            }
            block.push(line.trim_end());
        }
    }
    flush(&mut block, block_line, &heading, &mut paragraphs);
    paragraphs
}

fn markdown_heading(line: &str) -> Option<&str> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
        Some(line[hashes..].trim())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "+++\nid = \"a\"\ntitle = \"T\"\nlanguage = \"fr\"\npublished = \"2025-10\"\n+++\n\nIntro.\n\n## Section\n\nUn. Deux.\nSuite.\n\n## Autre\n\nTrois.\n";

    fn parse_text(text: &str) -> Result<Article, Problem> {
        super::parse(Path::new("a.md"), text.as_bytes())
    }

    #[test]
    fn paragraphs_count_without_headings_and_keep_their_heading() {
        let a = parse_text(GOOD).unwrap();
        assert_eq!(a.paragraphs.len(), 3);
        assert_eq!(a.paragraphs[1].n, 2);
        assert_eq!(a.paragraphs[1].heading.as_deref(), Some("Section"));
        assert_eq!(a.paragraphs[1].text, "Un. Deux.\nSuite.");
        assert_eq!(a.paragraphs[1].sentences().len(), 3);
        assert_eq!(a.paragraphs[1].line, 12);
        assert_eq!(a.paragraphs[0].heading, None);
        assert_eq!(a.published.unwrap().to_string(), "2025-10");
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse_text("+++\nid = \"a\"\ntitle = \n+++\nx\n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.message.contains("malformed front matter"), "{e}");

        let e =
            parse_text("+++\nid = \"a\"\ntitle = \"t\"\ncolour = \"red\"\n+++\nx\n").unwrap_err();
        assert!(e.message.contains("colour"), "{e}");

        let e = parse_text("no front matter\n").unwrap_err();
        assert_eq!(e.line, Some(1));

        let e = super::parse(
            Path::new("a.md"),
            b"+++\nid = \"a\"\ntitle = \"t\"\n+++\nok\n\xff\n",
        )
        .unwrap_err();
        assert_eq!(e.line, Some(6));
        assert!(e.message.contains("UTF-8"));

        let e =
            parse_text("+++\nid = \"a\"\ntitle = \"t\"\n+++\n\n## Only a heading\n").unwrap_err();
        assert!(e.message.contains("empty body"));

        let e = parse_text("+++\nid = \"Bad Id\"\ntitle = \"t\"\n+++\nx\n").unwrap_err();
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn language_is_detected_when_absent() {
        let a = parse_text("+++\nid = \"a\"\ntitle = \"t\"\n+++\nThe government invested in the company and the deal was signed.\n").unwrap();
        assert_eq!(a.language, Lang::En);
    }

    #[test]
    fn author_is_optional() {
        assert_eq!(parse_text(GOOD).unwrap().author, None);
        let a =
            parse_text("+++\nid = \"a\"\ntitle = \"t\"\nauthor = \"Jane Doe\"\n+++\nx\n").unwrap();
        assert_eq!(a.author.as_deref(), Some("Jane Doe"));
    }
}
