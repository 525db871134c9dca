//! Answers as plain text for people: the answer, then its numbered citations (or the nearby
//! passages of an abstention). The CLI prints it; the OpenAI-compatible endpoint sends it as
//! the message content, so both read the same.

use crate::answer::Answer;
use crate::model::Citation;
use crate::text::Lang;

/// `[1] <title> — ¶<N>: «<cited text>» <url>`
pub fn citation_line(c: &Citation) -> String {
    let mut line = format!(
        "[{}] {} — ¶{}: «{}»",
        c.n,
        c.title,
        c.id.paragraph(),
        one_line(&c.text)
    );
    if let Some(url) = &c.url {
        line.push(' ');
        line.push_str(url);
    }
    line
}

/// The answer, a blank line, and one line per citation (or per nearby passage).
pub fn answer(a: &Answer) -> String {
    let mut out = a.text.clone();
    out.push('\n');
    if !a.citations().is_empty() {
        out.push('\n');
        for c in a.citations() {
            out.push_str(&citation_line(c));
            out.push('\n');
        }
    }
    if !a.related().is_empty() {
        out.push('\n');
        out.push_str(match a.language {
            Lang::Fr => "Passages proches :\n",
            Lang::En => "Nearby passages:\n",
        });
        for c in a.related() {
            out.push_str(&citation_line(c));
            out.push('\n');
        }
    }
    out
}

/// Paragraph line breaks shown as spaces, for one-line displays.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
