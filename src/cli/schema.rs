//! `dealdesk schema`: what a deal record may say — its kinds, the parties' roles, the statuses
//! and every field — for people writing or reviewing records.

use std::process::ExitCode;

use anyhow::Result;

use dealdesk_core::model::{DealKind, Role, Status};
use dealdesk_core::text::Lang;

/// What each status means.
fn meaning(status: Status) -> &'static str {
    match status {
        Status::Announced => "agreed or announced, not yet done",
        Status::Completed => "done",
        Status::Conditional => "subject to approvals, votes or milestones",
    }
}

const FIELDS: &[(&str, &str)] = &[
    ("id", "a slug, unique: lowercase letters, digits, hyphens"),
    ("kind", "one of the kinds below"),
    (
        "parties",
        "[{\"entity\": ID, \"role\": ROLE, \"lead\": true?}], each named in the quote (by its name or an alias in entities.toml); `lead` marks who led a round",
    ),
    (
        "amount",
        "{\"value\": 21000000, \"currency\": \"USD\"} or null: a figure of the quote, in units; for a funding round, the round's total",
    ),
    (
        "valuation",
        "optional, like amount: what the deal values the target at, a figure of the quote",
    ),
    ("stake_pct", "a percentage of the quote, or null"),
    ("shares", "a share count of the quote, or null"),
    (
        "date",
        "YYYY, YYYY-MM or YYYY-MM-DD, each part stated in the quote, else `date_inferred`",
    ),
    (
        "date_inferred",
        "true when a part of the date is not in the quote: an inferred year is the article's",
    ),
    (
        "period",
        "{\"from\": DATE, \"to\": DATE} as the quote states it, or null",
    ),
    ("status", "one of the statuses below"),
    (
        "terms",
        "{\"en\": …, \"fr\": …}: at least one; the other is written from the fields; no figure the quote lacks",
    ),
    (
        "source",
        "{\"article\": ARTICLE_ID, \"quote\": the sentence, verbatim}",
    ),
    (
        "same_as",
        "optional: the id of the record of the same deal from another article (counted once)",
    ),
];

pub fn run() -> Result<ExitCode> {
    out!("A deal record is one JSON line of corpus/deals.jsonl. Fields:")?;
    for (name, what) in FIELDS {
        out!("  {name:<14} {what}")?;
    }
    out!("\nKinds:")?;
    for kind in DealKind::ALL {
        out!("  {:<14} {}", kind.code(), kind.label(Lang::En))?;
    }
    out!(
        "\nRoles (the side that gives: investor, acquirer, backer, customer, grantor, licensor):"
    )?;
    for role in Role::ALL {
        out!(
            "  {:<14} in French: {}",
            role_code(role),
            role.label(Lang::Fr)
        )?;
    }
    out!("\nStatuses:")?;
    for status in Status::ALL {
        out!("  {:<14} {}", status_code(status), meaning(status))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The spelling a record uses, from the record format itself.
fn role_code(role: Role) -> String {
    serde_json::to_string(&role)
        .unwrap_or_default()
        .trim_matches('"')
        .to_string()
}

fn status_code(status: Status) -> String {
    serde_json::to_string(&status)
        .unwrap_or_default()
        .trim_matches('"')
        .to_string()
}
