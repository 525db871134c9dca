//! Structured answers: the model fills `{"answer": …, "citations": [n…]}`, constrained by a
//! JSON schema where the server supports one (OpenAI, vLLM, llama.cpp: `response_format`),
//! instead of placing `[n]` markers in free text, which small models do not do reliably. The
//! answer is turned back into marked text, so verification stays exactly as strict: each cited
//! number must name a supplied source, and each figure must be in a cited source.

use serde::Deserialize;

/// The JSON schema of a structured answer.
pub fn schema() -> serde_json::Value {
    serde_json::json!({
        "type": "object",
        "properties": {
            "answer": {"type": "string"},
            "citations": {"type": "array", "items": {"type": "integer"}}
        },
        "required": ["answer", "citations"],
        "additionalProperties": false
    })
}

#[derive(Deserialize)]
struct Structured {
    answer: String,
    #[serde(default)]
    citations: Vec<i64>,
}

/// The marked text of a structured answer: its `answer`, followed by one marker per cited
/// number unless the answer carries markers itself. `None` when `content` is not a structured
/// answer (a server that ignored the schema, free text): it is then verified as it is.
pub fn read(content: &str) -> Option<String> {
    let body = content.trim();
    // Some servers wrap JSON in a Markdown fence even when asked for JSON.
    let body = body
        .strip_prefix("```json")
        .or_else(|| body.strip_prefix("```"))
        .and_then(|b| b.strip_suffix("```"))
        .map_or(body, str::trim);
    let parsed: Structured = serde_json::from_str(body)
        .ok()
        .or_else(|| runaway_answer(body))?;
    let answer = parsed.answer.trim();
    let has_markers = answer.contains('[') && answer.contains(']');
    if has_markers || parsed.citations.is_empty() {
        return Some(answer.to_string());
    }
    let mut numbers: Vec<i64> = Vec::new();
    for n in parsed.citations {
        if !numbers.contains(&n) {
            numbers.push(n);
        }
    }
    // Out-of-range numbers stay as they are: verification refuses them (`unknown_citation`).
    let markers: String = numbers.iter().map(|n| format!("[{n}]")).collect();
    Some(format!("{answer} {markers}"))
}

/// A small model's known failure: its answer string runs on past a raw line break (which JSON
/// does not allow in a string), echoing the prompt, before the object is closed with its
/// citations. The first line is the answer it meant; the rest is dropped, never shown. Anything
/// else that is not JSON is no structured answer.
fn runaway_answer(body: &str) -> Option<Structured> {
    static SHAPE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r#"(?s)^\{\s*"answer"\s*:\s*"([^"\\\n]+)\n.*"\s*,\s*"citations"\s*:\s*\[([\d\s,]*)\]\s*\}$"#,
        )
        .expect("a valid literal regex") // ok: a literal regex, checked by the unit tests
    });
    let caps = SHAPE.captures(body)?;
    let answer = caps.get(1)?.as_str().trim().to_string();
    let citations = caps
        .get(2)?
        .as_str()
        .split(',')
        .filter_map(|n| n.trim().parse().ok())
        .collect::<Vec<i64>>();
    // Only a line that ends a sentence is an answer; a cut-off phrase is not.
    if !answer.ends_with(['.', '!', '?', '»', '"', '”']) || citations.is_empty() {
        return None;
    }
    Some(Structured { answer, citations })
}

#[cfg(test)]
mod tests {
    use super::read;

    #[test]
    fn a_structured_answer_becomes_marked_text() {
        assert_eq!(
            read(
                r#"{"answer": "Amazon invested $8 billion in Anthropic.", "citations": [2, 1, 2]}"#
            )
            .as_deref(),
            Some("Amazon invested $8 billion in Anthropic. [2][1]")
        );
        // Markers of its own are kept; no citation leaves the text as it is (an abstention).
        assert_eq!(
            read(r#"{"answer": "It was $8 billion [1].", "citations": [1]}"#).as_deref(),
            Some("It was $8 billion [1].")
        );
        assert_eq!(
            read("```json\n{\"answer\": \"The sources do not say.\", \"citations\": []}\n```")
                .as_deref(),
            Some("The sources do not say.")
        );
        // A number the sources do not have is kept, for verification to refuse.
        assert_eq!(
            read(r#"{"answer": "Yes.", "citations": [-3]}"#).as_deref(),
            Some("Yes. [-3]")
        );
    }

    #[test]
    fn free_text_is_not_a_structured_answer() {
        assert_eq!(read("Amazon invested $8 billion [1]."), None);
        assert_eq!(read(r#"{"text": "x"}"#), None);
        assert_eq!(read("{\"answer\": \"cut off"), None);
    }

    #[test]
    fn an_answer_that_runs_on_past_a_line_break_keeps_its_first_line() {
        // What Gemma 3 270M wrote: a raw line break inside the string, the prompt echoed, then
        // the object closed.
        let runaway = "{ \"answer\": \"Amazon a investi 8 milliards de dollars dans Anthropic.\nCitation: Amazon pour sa part…\n</source>\n<question>\nCombien Microsoft a-t-il investi ?\n</question>\n{ \" ,\"citations\": [1]}";
        assert_eq!(
            read(runaway).as_deref(),
            Some("Amazon a investi 8 milliards de dollars dans Anthropic. [1]")
        );
        // A first line that stops mid-phrase, or no citations, is no answer.
        assert_eq!(
            read("{\"answer\": \"Amazon invested $8\n</source>\" ,\"citations\": [1]}"),
            None
        );
        assert_eq!(
            read("{\"answer\": \"Amazon invested $8 billion.\n</source>\" ,\"citations\": []}"),
            None
        );
    }
}
