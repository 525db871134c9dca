//! `dealdesk draft [ARTICLE…]`: propose deal records for articles that have none and write them
//! to `drafts.jsonl` for review; `--measure LABELLED.jsonl` scores drafting against
//! hand-labelled deals instead.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;

use dealdesk_core::corpus::Corpus;
use dealdesk_core::draft::file::{self, DRAFTS_FILE};
use dealdesk_core::draft::measure::{self, Fields, Report};
use dealdesk_core::draft::{self, Draft, Options};
use dealdesk_core::ids::ArticleId;
use dealdesk_core::model::EntityTable;
use dealdesk_core::text::Lang;

use super::UsageError;

#[derive(Debug, Args)]
pub struct DraftArgs {
    /// Articles to draft from, by id or path (drafted even when they have records); every
    /// article without a deal record when none is given.
    #[arg(value_name = "ARTICLE")]
    articles: Vec<String>,
    /// Print the drafts as JSON ({"file", "drafts": [{"record", "entities"}]}).
    #[arg(long)]
    json: bool,
    /// Print the drafts without writing them.
    #[arg(long)]
    dry_run: bool,
    /// Ask the configured model ([llm]) to propose records too; each is checked against its
    /// quote exactly like a hand-written record, and what fails is reported, not drafted.
    #[arg(long)]
    model: bool,
    /// Score drafting over the corpus against hand-labelled deals (nothing is written).
    #[arg(long, value_name = "LABELLED.jsonl", alias = "against", conflicts_with_all = ["articles", "dry_run"])]
    measure: Option<PathBuf>,
}

pub fn run(corpus_dir: &Path, args: &DraftArgs, llm: &dealdesk_llm::LlmConfig) -> Result<ExitCode> {
    let corpus = Corpus::load(corpus_dir).context(
        "cannot draft from a corpus with problems; fix them and run `dealdesk draft` again",
    )?;
    if let Some(labelled) = &args.measure {
        return measure_against(&corpus, labelled, args.json);
    }
    let pending: Vec<Draft> = file::load(corpus_dir)?
        .into_iter()
        .map(|(_, d)| d)
        .collect();
    let wanted = resolve(&corpus, &args.articles)?;
    let mut drafts = draft::draft(
        &corpus,
        &Options {
            articles: wanted.as_deref(),
            pending: &pending,
        },
    );
    if args.model {
        let mut known = pending.clone();
        known.extend(drafts.iter().cloned());
        let proposed = from_model(&corpus, wanted.as_deref(), &known, llm)?;
        drafts.extend(proposed);
    }
    let path = corpus_dir.join(DRAFTS_FILE);
    if !args.dry_run && !drafts.is_empty() {
        file::append(corpus_dir, &drafts)?;
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        /// What `draft --json` prints: where the drafts were written (none with --dry-run or
        /// when there is nothing to draft) and the drafts.
        #[derive(serde::Serialize)]
        struct Drafted<'a> {
            file: Option<String>,
            drafts: &'a [Draft],
        }
        let json = Drafted {
            file: (!args.dry_run && !drafts.is_empty()).then(|| path.display().to_string()),
            drafts: &drafts,
        };
        writeln!(out, "{}", serde_json::to_string(&json)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    for d in &drafts {
        print_draft(&mut out, d, &corpus.entities)?;
    }
    match (drafts.len(), args.dry_run) {
        (0, _) => writeln!(out, "no deal found to draft")?,
        (n, true) => writeln!(out, "{n} draft(s), not written (--dry-run)")?,
        (n, false) => writeln!(
            out,
            "wrote {n} draft(s) to {}; review them with `dealdesk review`",
            path.display()
        )?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Drafts the model proposes for the articles drafted (those named, else those without a
/// record), each checked like a hand-written record; the refused ones are reported on standard
/// error. A proposal the rules already drafted (same sentence, kind and parties) is dropped.
fn from_model(
    corpus: &Corpus,
    wanted: Option<&[ArticleId]>,
    known: &[Draft],
    llm: &dealdesk_llm::LlmConfig,
) -> Result<Vec<Draft>> {
    if !llm.has_model() {
        return Err(UsageError(
            "--model needs a model: set [llm] base_url and model in dealdesk.toml, or OPENAI_BASE_URL and DEALDESK_LLM_MODEL (docs/llm.md)".into(),
        )
        .into());
    }
    let client = dealdesk_llm::ChatClient::new(llm).context("cannot set up the model client")?;
    let runtime = super::runtime()?;
    let mut known = known.to_vec();
    let mut out = Vec::new();
    let articles = corpus.articles.iter().filter(|a| match wanted {
        Some(ids) => ids.contains(&a.id),
        None => !corpus.deals.iter().any(|d| d.article == a.id),
    });
    for article in articles {
        let reply = match runtime.block_on(client.complete(&draft::model::request(article))) {
            Ok(reply) => reply,
            Err(e) => {
                note!(
                    "dealdesk: the model proposed nothing for {}: {e}",
                    article.id.as_str()
                );
                continue;
            }
        };
        let read = draft::model::read_reply(&reply, article, corpus, &known);
        for why in &read.refused {
            note!(
                "dealdesk: refused a model proposal for {}: {why}",
                article.id.as_str()
            );
        }
        for d in read.accepted {
            let same = |k: &Draft| {
                let parties = |r: &dealdesk_core::corpus::deals_file::DealRecord| {
                    let mut p: Vec<String> = r.parties.iter().map(|p| p.entity.clone()).collect();
                    p.sort();
                    p
                };
                k.record.source.quote == d.record.source.quote
                    && k.record.kind == d.record.kind
                    && parties(&k.record) == parties(&d.record)
            };
            if !known.iter().any(same) {
                known.push(d.clone());
                out.push(d);
            }
        }
    }
    Ok(out)
}

/// The articles named on the command line, by id or path; `None` for all.
fn resolve(corpus: &Corpus, given: &[String]) -> Result<Option<Vec<ArticleId>>> {
    if given.is_empty() {
        return Ok(None);
    }
    let mut out = Vec::new();
    for g in given {
        let by_id = corpus.articles.iter().find(|a| a.id.as_str() == g);
        let by_path = || {
            let wanted = std::fs::canonicalize(g).ok()?;
            corpus
                .articles
                .iter()
                .find(|a| std::fs::canonicalize(&a.path).ok().as_ref() == Some(&wanted))
        };
        match by_id.or_else(by_path) {
            Some(a) => out.push(a.id.clone()),
            None => {
                return Err(UsageError(format!(
                    "no article {g:?} in the corpus: give an article id or the path of a file under articles/"
                ))
                .into());
            }
        }
    }
    Ok(Some(out))
}

fn money(value: f64, currency: &str) -> String {
    format!("{value} {currency}")
}

/// One draft for people: id, kind, parties with roles, figures, date and quote.
pub fn print_draft(out: &mut impl Write, d: &Draft, entities: &EntityTable) -> Result<()> {
    let r = &d.record;
    writeln!(out, "{}  {} ({:?})", r.id, r.kind, r.status)?;
    let parties: Vec<String> = r
        .parties
        .iter()
        .map(|p| {
            let new = d.entities.iter().find(|e| e.id.as_str() == p.entity);
            let name = new.map(|e| e.name.clone()).unwrap_or_else(|| {
                dealdesk_core::model::entity::EntityId::parse(&p.entity)
                    .ok()
                    .and_then(|id| entities.get(&id).map(|e| e.name.clone()))
                    .unwrap_or_else(|| p.entity.clone())
            });
            let mark = if new.is_some() { ", new entity" } else { "" };
            format!("{name} ({}{mark})", p.role.label(Lang::En))
        })
        .collect();
    writeln!(out, "  parties: {}", parties.join(", "))?;
    let dash = || "—".to_string();
    writeln!(
        out,
        "  amount: {}  stake: {}  shares: {}  date: {}",
        r.amount
            .as_ref()
            .map_or_else(dash, |m| money(m.value, &m.currency)),
        r.stake_pct.map_or_else(dash, |s| format!("{s}%")),
        r.shares.map_or_else(dash, |s| s.to_string()),
        r.date.as_ref().map_or_else(dash, |d| if r.date_inferred {
            format!("{d} (inferred)")
        } else {
            d.clone()
        }),
    )?;
    writeln!(out, "  quote: «{}» ({})", r.source.quote, r.source.article)?;
    Ok(())
}

fn measure_against(corpus: &Corpus, labelled: &Path, json: bool) -> Result<ExitCode> {
    let text = std::fs::read_to_string(labelled)
        .with_context(|| format!("cannot read labelled deals {}", labelled.display()))?;
    let labels = measure::parse(labelled, &text).map_err(|problems| {
        anyhow::anyhow!(
            "{} problem(s) in the labelled deals:\n{}",
            problems.len(),
            problems
                .iter()
                .map(|p| format!("  {p}"))
                .collect::<Vec<_>>()
                .join("\n")
        )
    })?;
    let drafts = draft::draft(corpus, &Options::default());
    let report = measure::measure(&labels, &drafts, &corpus.entities);
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", report_json(&report))?;
    } else {
        print_report(&mut out, labelled, labels.articles.len(), &report)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn report_json(r: &Report) -> serde_json::Value {
    serde_json::json!({
        "drafted": r.drafted,
        "labelled": r.labelled,
        "right": r.right,
        "precision": r.precision(),
        "recall": r.recall(),
        "fields": r.fields.iter().map(|f| serde_json::json!({
            "field": f.name,
            "drafted": f.drafted,
            "labelled": f.labelled,
            "right": f.right,
            "precision": measure::ratio(f.right, f.drafted),
            "recall": measure::ratio(f.right, f.labelled),
        })).collect::<Vec<_>>(),
        "misses": r.misses.iter().map(|m| serde_json::json!({
            "line": m.label.line,
            "article": m.label.article,
            "quote": m.label.quote,
            "fields": m.closest.as_ref().map(|(_, d)| d.clone()),
        })).collect::<Vec<_>>(),
        "wrong": r.wrong.iter().map(|w| serde_json::json!({
            "id": w.id,
            "article": w.article,
            "quote": w.quote,
        })).collect::<Vec<_>>(),
    })
}

fn show_fields(f: &Fields) -> String {
    let parties: Vec<String> = f
        .parties
        .iter()
        .map(|(n, r)| format!("{n}={}", r.label(Lang::En)))
        .collect();
    let opt = |v: Option<String>| v.unwrap_or_else(|| "-".into());
    format!(
        "{} [{}] amount={} stake={} shares={} date={} {:?}",
        f.kind,
        parties.join(", "),
        opt(f.amount.as_ref().map(|(v, c)| money(*v, c))),
        opt(f.stake_pct.map(|s| s.to_string())),
        opt(f.shares.map(|s| s.to_string())),
        opt(f
            .date
            .as_ref()
            .map(|(d, i)| if *i { format!("{d}~") } else { d.clone() })),
        f.status
    )
}

fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

fn print_report(out: &mut impl Write, path: &Path, articles: usize, r: &Report) -> Result<()> {
    writeln!(
        out,
        "drafting measured against {} ({} labelled deals in {articles} articles)",
        path.display(),
        r.labelled
    )?;
    writeln!(
        out,
        "precision {:.3} ({} of {} drafts right)   recall {:.3} ({} of {} labelled deals)",
        r.precision(),
        r.right,
        r.drafted,
        r.recall(),
        r.right,
        r.labelled
    )?;
    writeln!(
        out,
        "{:<10} {:>7} {:>8} {:>5} {:>9} {:>6}",
        "field", "drafted", "labelled", "right", "precision", "recall"
    )?;
    for f in &r.fields {
        writeln!(
            out,
            "{:<10} {:>7} {:>8} {:>5} {:>9.3} {:>6.3}",
            f.name,
            f.drafted,
            f.labelled,
            f.right,
            measure::ratio(f.right, f.drafted),
            measure::ratio(f.right, f.labelled)
        )?;
    }
    if !r.misses.is_empty() {
        writeln!(out, "misses ({}):", r.misses.len())?;
        for m in &r.misses {
            writeln!(
                out,
                "  {}:{}: {} «{}»",
                path.display(),
                m.label.line,
                m.label.article,
                cut(&m.label.quote, 90)
            )?;
            writeln!(out, "    labelled: {}", show_fields(&m.label.fields))?;
            match &m.closest {
                Some((f, diff)) => writeln!(
                    out,
                    "    drafted:  {}  (wrong: {})",
                    show_fields(f),
                    diff.join(", ")
                )?,
                None => writeln!(out, "    drafted:  nothing for this sentence")?,
            }
        }
    }
    let unmatched: Vec<_> = r
        .wrong
        .iter()
        .filter(|w| {
            !r.misses
                .iter()
                .any(|m| m.closest.as_ref().is_some_and(|(f, _)| f == &w.fields))
        })
        .collect();
    if !unmatched.is_empty() {
        writeln!(
            out,
            "drafts of sentences with no labelled deal ({}):",
            unmatched.len()
        )?;
        for w in unmatched {
            writeln!(out, "  {} ({}): «{}»", w.id, w.article, cut(&w.quote, 90))?;
            writeln!(out, "    drafted:  {}", show_fields(&w.fields))?;
        }
    }
    Ok(())
}
