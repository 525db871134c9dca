//! Telegram HTML: escaping, and splitting long replies into messages under the size limit
//! without ever cutting inside a tag or an entity.

/// Telegram's limit on one message's text, in characters.
pub const MAX_MESSAGE: usize = 4096;

/// Escapes text for Telegram's HTML parse mode (text and attribute values alike).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub fn bold(s: &str) -> String {
    format!("<b>{}</b>", escape(s))
}

pub fn italic(s: &str) -> String {
    format!("<i>{}</i>", escape(s))
}

pub fn code(s: &str) -> String {
    format!("<code>{}</code>", escape(s))
}

pub fn link(url: &str, text: &str) -> String {
    format!("<a href=\"{}\">{}</a>", escape(url), escape(text))
}

/// An open tag: its name and its text.
type OpenTag<'a> = (&'a str, &'a str);
/// A place to cut: the piece it is before, the tags open there, the characters used so far.
type Cut<'a> = (usize, Vec<OpenTag<'a>>, usize);

#[derive(Debug, Clone)]
enum Piece<'a> {
    /// An opening tag, its name, and its text.
    Open(&'a str, &'a str),
    Close(&'a str),
    /// One character of text, or one whole entity (`&amp;`).
    Text(&'a str),
}

fn tag_name(tag: &str) -> &str {
    tag.trim_start_matches(['<', '/'])
        .split(|c: char| c == '>' || c.is_whitespace())
        .next()
        .unwrap_or("")
}

fn pieces(html: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < html.len() {
        let rest = &html[i..];
        let len = if rest.starts_with('<') {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            let tag = &rest[..end];
            if tag.starts_with("</") {
                out.push(Piece::Close(tag_name(tag)));
            } else {
                out.push(Piece::Open(tag_name(tag), tag));
            }
            end
        } else if rest.starts_with('&') {
            let end = rest.find(';').filter(|&e| e <= 10).map_or(1, |e| e + 1);
            out.push(Piece::Text(&rest[..end]));
            end
        } else {
            // `i` is at a char boundary: every piece ends on one.
            let c = rest.chars().next().map_or(1, char::len_utf8);
            out.push(Piece::Text(&rest[..c]));
            c
        };
        i += len;
    }
    out
}

/// How good a place to cut after this text piece is: higher is better.
fn cut_rank(prev: &str, piece: &str, next: Option<&str>) -> u8 {
    match (prev, piece, next) {
        (_, "\n", Some("\n")) => 0,
        ("\n", "\n", _) => 4,
        (_, "\n", _) => 3,
        ("." | "!" | "?" | "…", " ", _) => 2,
        (_, " ", _) => 1,
        _ => 0,
    }
}

/// The length of `s` as Telegram counts it: UTF-16 code units.
fn units(s: &str) -> usize {
    s.encode_utf16().count()
}

/// Splits `html` into messages of at most `limit` UTF-16 code units of HTML, the unit Telegram
/// counts its 4,096 limit in (an emoji is two), so at most `limit` once Telegram has parsed it. Cuts prefer paragraph breaks,
/// then line breaks, then sentence ends, then spaces; tags open at a cut are closed at the end
/// of one message and opened again at the start of the next.
pub fn split(html: &str, limit: usize) -> Vec<String> {
    let html = html.trim();
    if units(html) <= limit {
        return vec![html.to_string()];
    }
    let pieces = pieces(html);
    let mut messages = Vec::new();
    let mut start = 0;
    let mut reopen: Vec<(&str, &str)> = Vec::new();
    while start < pieces.len() {
        // Walk forward while the message (with the tags to close) fits.
        let mut stack = reopen.clone();
        let mut used: usize = stack.iter().map(|(_, t)| t.encode_utf16().count()).sum();
        // The latest cut of each rank: (end, tags open there, characters used).
        let mut latest: [Option<Cut<'_>>; 5] = Default::default();
        let mut i = start;
        let mut last_fit = start;
        while i < pieces.len() {
            let cost = match &pieces[i] {
                Piece::Open(name, tag) => {
                    stack.push((name, tag));
                    tag.encode_utf16().count() + name.len() + 3
                }
                Piece::Close(_) => {
                    stack.pop();
                    0
                }
                Piece::Text(t) => t.encode_utf16().count(),
            };
            let closing: usize = stack.iter().map(|(n, _)| n.len() + 3).sum();
            if used + cost + closing > limit && i > start {
                break;
            }
            used += match &pieces[i] {
                Piece::Open(_, tag) => tag.encode_utf16().count(),
                Piece::Close(name) => name.len() + 3,
                Piece::Text(t) => t.encode_utf16().count(),
            };
            last_fit = i + 1;
            if let Piece::Text(t) = &pieces[i] {
                let prev = match i.checked_sub(1).map(|p| &pieces[p]) {
                    Some(Piece::Text(p)) => *p,
                    _ => "",
                };
                let next = match pieces.get(i + 1) {
                    Some(Piece::Text(n)) => Some(*n),
                    _ => None,
                };
                let rank = cut_rank(prev, t, next);
                if rank > 0 {
                    latest[usize::from(rank)] = Some((i + 1, stack.clone(), used));
                }
            }
            i += 1;
        }
        let (end, open_at_end) = if last_fit >= pieces.len() {
            (pieces.len(), Vec::new())
        } else {
            // The best-ranked cut that still fills half a message, else the best-ranked one.
            let half = limit / 2;
            let best = latest
                .iter()
                .rev()
                .flatten()
                .find(|(_, _, used)| *used >= half)
                .or_else(|| latest.iter().rev().flatten().next())
                .cloned();
            match best {
                Some((end, open, _)) => (end, open),
                _ => (last_fit, stack_at(&pieces, start, last_fit, &reopen)),
            }
        };
        let mut message: String = reopen.iter().map(|(_, t)| *t).collect();
        for p in &pieces[start..end] {
            match p {
                Piece::Open(_, tag) => message.push_str(tag),
                Piece::Close(name) => {
                    message.push_str("</");
                    message.push_str(name);
                    message.push('>');
                }
                Piece::Text(t) => message.push_str(t),
            }
        }
        // No space before a closing tag at the cut.
        if end < pieces.len() {
            let kept = message.trim_end().len();
            message.truncate(kept);
        }
        for (name, _) in open_at_end.iter().rev() {
            message.push_str("</");
            message.push_str(name);
            message.push('>');
        }
        let trimmed = message.trim();
        if !trimmed.is_empty() {
            messages.push(trimmed.to_string());
        }
        reopen = open_at_end;
        start = end;
        // Nor after an opening tag at the start of the next message.
        while matches!(pieces.get(start), Some(Piece::Text(t)) if t.trim().is_empty()) {
            start += 1;
        }
    }
    messages
}

fn stack_at<'a>(
    pieces: &[Piece<'a>],
    from: usize,
    to: usize,
    initial: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let mut stack = initial.to_vec();
    for p in &pieces[from..to] {
        match p {
            Piece::Open(name, tag) => stack.push((name, tag)),
            Piece::Close(_) => {
                stack.pop();
            }
            Piece::Text(_) => {}
        }
    }
    stack
}

#[cfg(test)]
mod tests {
    use super::*;

    fn balanced(m: &str) -> bool {
        let mut stack = Vec::new();
        for p in pieces(m) {
            match p {
                Piece::Open(n, _) => stack.push(n),
                Piece::Close(n) => {
                    if stack.pop() != Some(n) {
                        return false;
                    }
                }
                Piece::Text(_) => {}
            }
        }
        stack.is_empty()
    }

    #[test]
    fn escapes_everything_telegram_parses() {
        assert_eq!(escape("<b>&\"'"), "&lt;b&gt;&amp;&quot;&#39;");
    }

    #[test]
    fn short_text_is_one_message() {
        assert_eq!(split("<b>a</b> b", 100), vec!["<b>a</b> b"]);
    }

    #[test]
    fn cuts_at_paragraphs_then_sentences_and_keeps_tags_balanced() {
        let para = format!(
            "<b>Title</b>\n<blockquote>{}</blockquote>",
            "Une phrase &amp; assez longue. ".repeat(40)
        );
        let html = format!("{para}\n\n{para}\n\n{para}");
        let messages = split(&html, 500);
        assert!(messages.len() > 3);
        for m in &messages {
            assert!(m.chars().count() <= 500, "{}", m.chars().count());
            assert!(balanced(m), "{m}");
            assert!(!m.contains("&am\n") && !m.ends_with('&'));
        }
        let joined: String = messages.concat();
        assert_eq!(joined.matches("&amp;").count(), 120);
        // Cut after a sentence end inside the quote, not mid-word.
        assert!(messages[0].ends_with(".</blockquote>"), "{}", messages[0]);
        assert!(
            messages[1].starts_with("<blockquote>Une phrase"),
            "{}",
            messages[1]
        );
    }

    #[test]
    fn the_limit_is_counted_in_utf16_units_as_telegram_counts_it() {
        // 3,000 emoji are 3,000 characters but 6,000 UTF-16 units: two messages.
        let html = "🚀 ".repeat(3000);
        let messages = split(&html, 4096);
        assert!(messages.len() >= 2, "{}", messages.len());
        for m in &messages {
            assert!(units(m) <= 4096, "{}", units(m));
        }
    }

    #[test]
    fn text_without_spaces_is_cut_anywhere_but_inside_an_entity() {
        let html = "&lt;".repeat(3000);
        let messages = split(&html, 4096);
        assert_eq!(messages.len(), 3);
        assert!(
            messages
                .iter()
                .all(|m| m.starts_with("&lt;") && m.ends_with("&lt;"))
        );
    }
}
