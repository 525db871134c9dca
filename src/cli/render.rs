//! Text output for people beyond the answers themselves: highlighted snippets.

use std::ops::Range;

use dealdesk_core::render::one_line;

/// A window of `text` around its first highlight, at most about `width` characters, with the
/// highlights wrapped in `open`/`close`.
pub fn snippet(
    text: &str,
    highlights: &[Range<usize>],
    width: usize,
    open: &str,
    close: &str,
) -> String {
    let total = text.chars().count();
    let first = highlights
        .first()
        .map_or(0, |r| text[..r.start].chars().count());
    let start_char = if total <= width {
        0
    } else {
        first.saturating_sub(width / 4).min(total - width)
    };
    let end_char = (start_char + width).min(total);
    let byte_of = |c: usize| text.char_indices().nth(c).map_or(text.len(), |(b, _)| b);
    let (start, end) = (byte_of(start_char), byte_of(end_char));
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut at = start;
    for r in highlights
        .iter()
        .filter(|r| r.start >= start && r.end <= end)
    {
        out.push_str(&text[at..r.start]);
        out.push_str(open);
        out.push_str(&text[r.clone()]);
        out.push_str(close);
        at = r.end;
    }
    out.push_str(&text[at..end]);
    if end < text.len() {
        out.push('…');
    }
    one_line(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_marks_matches_and_cuts_at_characters() {
        let text = "Amazon a porté son investissement dans Anthropic à 8 milliards.";
        let at = text.find("Anthropic").unwrap();
        let hit: Vec<Range<usize>> = std::iter::once(at..at + "Anthropic".len()).collect();
        let s = snippet(text, &hit, 200, "**", "**");
        assert_eq!(
            s,
            "Amazon a porté son investissement dans **Anthropic** à 8 milliards."
        );
        let s = snippet(text, &hit, 20, "[", "]");
        assert!(s.starts_with('…') && s.contains("[Anthropic]"), "{s}");
    }
}
