//! Golden evaluation: `tests/golden/*.jsonl`, one case a line, run through the same code path as
//! `ask`, each answer checked for abstention, wording and citations.

use std::path::{Path, PathBuf};

use regex::RegexBuilder;
use serde::Deserialize;

use crate::answer::Answer;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub id: String,
    /// What the case tests (`amount`, `party`, `refuse_trap`, …), for reports by kind.
    #[serde(default)]
    pub kind: Option<String>,
    pub question: String,
    pub expect: Expect,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    pub abstain: bool,
    /// Regexes that must all match the answer, case-insensitively.
    #[serde(default)]
    pub answer_has: Vec<String>,
    /// Substrings each of which must occur in some citation's text.
    #[serde(default)]
    pub cites: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("cannot read {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:{line}: {message}", .path.display())]
    Case {
        path: PathBuf,
        line: usize,
        message: String,
    },
}

/// Reads the cases of one golden file, checking each line and each regex.
pub fn load(path: &Path) -> Result<Vec<Case>, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut cases = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.trim_start().starts_with("//") {
            continue;
        }
        let bad = |message: String| EvalError::Case {
            path: path.to_path_buf(),
            line: i + 1,
            message,
        };
        let case: Case =
            serde_json::from_str(line).map_err(|e| bad(format!("not a golden case: {e}")))?;
        for pattern in &case.expect.answer_has {
            RegexBuilder::new(pattern)
                .case_insensitive(true)
                .build()
                .map_err(|e| bad(format!("answer_has {pattern:?} is not a regex: {e}")))?;
        }
        cases.push(case);
    }
    Ok(cases)
}

/// What is wrong with `answer` for `case`; empty when it passes.
pub fn check(case: &Case, answer: &Answer) -> Vec<String> {
    let mut failures = Vec::new();
    if answer.is_abstained() != case.expect.abstain {
        failures.push(if case.expect.abstain {
            format!("answered but should abstain: {}", answer.text)
        } else {
            format!("abstained but should answer: {}", answer.text)
        });
    }
    for pattern in &case.expect.answer_has {
        let matches = RegexBuilder::new(pattern)
            .case_insensitive(true)
            .build()
            .is_ok_and(|re| re.is_match(&answer.text));
        if !matches {
            failures.push(format!("answer lacks /{pattern}/: {}", answer.text));
        }
    }
    for cite in &case.expect.cites {
        if !answer
            .citations()
            .iter()
            .any(|c| c.text.contains(cite.as_str()))
        {
            failures.push(format!("no citation contains {cite:?}"));
        }
    }
    failures
}

/// How a case ended, the worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    /// An answer where the knowledge base does not hold one: the worst failure.
    WrongAnswer,
    /// An answer that states a figure but not the expected fact.
    WrongFigure,
    /// An answer without the expected fact and without a figure.
    WrongContent,
    /// An abstention where the knowledge base holds the answer.
    FalseRefusal,
    /// The right answer, not resting on the expected source.
    MissingCitation,
    Passed,
}

impl Verdict {
    pub fn code(self) -> &'static str {
        match self {
            Verdict::WrongAnswer => "wrong_answer",
            Verdict::WrongFigure => "wrong_figure",
            Verdict::WrongContent => "wrong_content",
            Verdict::FalseRefusal => "false_refusal",
            Verdict::MissingCitation => "missing_citation",
            Verdict::Passed => "passed",
        }
    }

    /// A failure that shows the user something false.
    pub fn is_wrong(self) -> bool {
        matches!(self, Verdict::WrongAnswer | Verdict::WrongFigure)
    }
}

/// Classifies `answer` for `case` (see [`Verdict`]).
pub fn verdict(case: &Case, answer: &Answer) -> Verdict {
    let failures = check(case, answer);
    if failures.is_empty() {
        return Verdict::Passed;
    }
    match (case.expect.abstain, answer.is_abstained()) {
        (true, false) => Verdict::WrongAnswer,
        (false, true) => Verdict::FalseRefusal,
        _ => {
            let content_ok = failures.iter().all(|f| f.starts_with("no citation"));
            if content_ok {
                Verdict::MissingCitation
            } else if crate::text::figures(&answer.text, answer.language).is_empty() {
                Verdict::WrongContent
            } else {
                Verdict::WrongFigure
            }
        }
    }
}

/// A run's results by case kind and by verdict.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Kind → (passed, total).
    pub by_kind: std::collections::BTreeMap<String, (usize, usize)>,
    /// Verdict → case ids.
    pub by_verdict: std::collections::BTreeMap<Verdict, Vec<String>>,
}

impl Report {
    pub fn record(&mut self, case: &Case, verdict: Verdict) {
        let kind = case.kind.clone().unwrap_or_else(|| {
            if case.expect.abstain {
                "refuse".into()
            } else {
                "answer".into()
            }
        });
        let entry = self.by_kind.entry(kind).or_default();
        entry.1 += 1;
        entry.0 += usize::from(verdict == Verdict::Passed);
        self.by_verdict
            .entry(verdict)
            .or_default()
            .push(case.id.clone());
    }

    pub fn total(&self) -> usize {
        self.by_kind.values().map(|(_, t)| t).sum()
    }

    pub fn passed(&self) -> usize {
        self.by_kind.values().map(|(p, _)| p).sum()
    }

    /// Cases that showed the user something false.
    pub fn wrong(&self) -> usize {
        self.by_verdict
            .iter()
            .filter(|(v, _)| v.is_wrong())
            .map(|(_, ids)| ids.len())
            .sum()
    }

    pub fn score(&self) -> f64 {
        match self.total() {
            0 => 1.0,
            t => self.passed() as f64 / t as f64,
        }
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "by kind:")?;
        for (kind, (passed, total)) in &self.by_kind {
            writeln!(f, "  {kind:<18} {passed}/{total}")?;
        }
        writeln!(f, "misses:")?;
        for (verdict, ids) in self
            .by_verdict
            .iter()
            .filter(|(v, _)| **v != Verdict::Passed)
        {
            writeln!(
                f,
                "  {:<17} {}: {}",
                verdict.code(),
                ids.len(),
                ids.join(", ")
            )?;
        }
        write!(
            f,
            "score: {}/{} ({:.1}%), wrong: {}",
            self.passed(),
            self.total(),
            100.0 * self.score(),
            self.wrong()
        )
    }
}

/// Totals of a run, by what the cases expect.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub answered_ok: usize,
    pub answered_total: usize,
    pub abstained_ok: usize,
    pub abstained_total: usize,
}

impl Tally {
    pub fn record(&mut self, case: &Case, passed: bool) {
        if case.expect.abstain {
            self.abstained_total += 1;
            self.abstained_ok += usize::from(passed);
        } else {
            self.answered_total += 1;
            self.answered_ok += usize::from(passed);
        }
    }

    pub fn all_passed(&self) -> bool {
        self.answered_ok == self.answered_total && self.abstained_ok == self.abstained_total
    }
}

impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "eval: answered {}/{}, abstained {}/{}",
            self.answered_ok, self.answered_total, self.abstained_ok, self.abstained_total
        )
    }
}

/// Whether a model-written answer shows something false for `case`: an answer where the
/// knowledge base holds none, or a figure that neither the extractive answer nor a source it
/// rests on gives. Conservative: a right figure from another source counts as wrong.
pub fn model_is_wrong(case: &Case, model: &Answer, extractive: &Answer) -> bool {
    if model.is_abstained() {
        return false;
    }
    if case.expect.abstain {
        return true;
    }
    let mut reference: std::collections::HashSet<String> =
        crate::text::figures(&extractive.text, extractive.language)
            .into_iter()
            .collect();
    for c in extractive.citations() {
        for lang in [crate::text::Lang::En, crate::text::Lang::Fr] {
            reference.extend(crate::text::figures(&c.text, lang));
        }
    }
    crate::text::figures(&model.text, model.language)
        .iter()
        .any(|f| !reference.contains(f))
}

/// How the model fared over a run: who wrote each answer, why the model's was not used,
/// wrong answers that reached the user, and the time each question took.
#[derive(Debug, Clone, Default)]
pub struct ModelReport {
    pub by_model: usize,
    /// Cases where the model, like the extractive answerer, found no answer (the extractive
    /// refusal is shown: it says what the knowledge base holds nearby).
    pub agreed_refusals: usize,
    /// Fallback reason code → cases.
    pub fallbacks: std::collections::BTreeMap<&'static str, usize>,
    /// Ids of model-written answers that show something false.
    pub wrong: Vec<String>,
    pub latencies: Vec<std::time::Duration>,
}

impl ModelReport {
    pub fn record(
        &mut self,
        case: &Case,
        by_model: bool,
        fallback: Option<&'static str>,
        wrong: bool,
        latency: std::time::Duration,
    ) {
        self.by_model += usize::from(by_model);
        match fallback {
            Some(code) => *self.fallbacks.entry(code).or_default() += 1,
            None if !by_model => self.agreed_refusals += 1,
            None => {}
        }
        if wrong {
            self.wrong.push(case.id.clone());
        }
        self.latencies.push(latency);
    }

    /// The latency below which `share` (0 to 1) of the questions finished.
    pub fn percentile(&self, share: f64) -> std::time::Duration {
        percentile(&self.latencies, share)
    }
}

/// The latency below which `share` (0 to 1) of `latencies` fall, by nearest rank (zero for
/// none).
pub fn percentile(latencies: &[std::time::Duration], share: f64) -> std::time::Duration {
    let mut sorted = latencies.to_vec();
    sorted.sort();
    let Some(last) = sorted.len().checked_sub(1) else {
        return std::time::Duration::ZERO;
    };
    let rank = ((share * sorted.len() as f64).ceil() as usize).clamp(1, last + 1) - 1;
    sorted[rank]
}

impl std::fmt::Display for ModelReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let total = self.latencies.len();
        let share = |n: usize| 100.0 * n as f64 / total.max(1) as f64;
        writeln!(
            f,
            "model: {}/{total} answers written by the model and verified ({:.0}%)",
            self.by_model,
            share(self.by_model)
        )?;
        writeln!(
            f,
            "model: {}/{total} found no answer, as the extractive answerer did ({:.0}%)",
            self.agreed_refusals,
            share(self.agreed_refusals)
        )?;
        let fell_back: usize = self.fallbacks.values().sum();
        let reasons: Vec<String> = self
            .fallbacks
            .iter()
            .map(|(code, n)| format!("{code} {n}"))
            .collect();
        writeln!(
            f,
            "model: {fell_back}/{total} fell back to the extractive answer ({:.0}%){}{}",
            share(fell_back),
            if reasons.is_empty() { "" } else { ": " },
            reasons.join(", ")
        )?;
        writeln!(
            f,
            "model: wrong answers shown: {}{}",
            self.wrong.len(),
            if self.wrong.is_empty() {
                String::new()
            } else {
                format!(" ({})", self.wrong.join(", "))
            }
        )?;
        write!(
            f,
            "model: latency p50 {:.2} s, p95 {:.2} s, max {:.2} s",
            self.percentile(0.5).as_secs_f64(),
            self.percentile(0.95).as_secs_f64(),
            self.percentile(1.0).as_secs_f64()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::{Answer, Outcome};
    use crate::text::Lang;

    fn case(abstain: bool) -> Case {
        serde_json::from_value(serde_json::json!({
            "id": "c", "question": "q",
            "expect": {"abstain": abstain, "answer_has": [], "cites": []}
        }))
        .expect("a case")
    }

    fn answer(text: &str, abstained: bool) -> Answer {
        Answer {
            question: "q".into(),
            language: Lang::En,
            text: text.into(),
            outcome: if abstained {
                Outcome::Abstained { related: vec![] }
            } else {
                Outcome::Answered {
                    citations: crate::model::Citations::new(vec![crate::model::Citation {
                        n: 1,
                        id: crate::ids::CitationId::parse("a#p1.s1").expect("an id"),
                        title: "t".into(),
                        heading: None,
                        url: None,
                        text: "Amazon a porté son investissement à 8 milliards de dollars.".into(),
                    }])
                    .expect("a citation"),
                    deals: vec![],
                }
            },
            resolved_from: None,
        }
    }

    #[test]
    fn a_model_answer_is_wrong_with_a_figure_the_extractive_answer_does_not_rest_on() {
        let extractive = answer("$8 billion [1].", false);
        let right = answer("Amazon invested $8 billion [1].", false);
        let other = answer("Amazon invested $80 billion [1].", false);
        assert!(!model_is_wrong(&case(false), &right, &extractive));
        assert!(model_is_wrong(&case(false), &other, &extractive));
        // An answer where none is due is wrong; an abstention never is.
        assert!(model_is_wrong(&case(true), &right, &answer("no", true)));
        assert!(!model_is_wrong(
            &case(false),
            &answer("no", true),
            &extractive
        ));
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        let mut r = ModelReport::default();
        for ms in [10, 20, 30, 40, 1000] {
            r.latencies.push(std::time::Duration::from_millis(ms));
        }
        assert_eq!(r.percentile(0.5).as_millis(), 30);
        assert_eq!(r.percentile(0.95).as_millis(), 1000);
    }
}
