//! `dealdesk draft` and `dealdesk review`: a new article's deals are proposed with the right
//! fields, accepted into the corpus and answered from; rejected drafts go; a draft edited into
//! an invalid record stays pending with the problem.

use std::process::Stdio;

use crate::helpers::{App, Run};

/// A wire story with two deals: an acquisition on a weekday, a conditional stake.
const STORY: &str = "+++
id = \"northwind-deals\"
title = \"Northwind buys Contoso Robotics, takes Fabrikam stake\"
language = \"en\"
source = \"Wire\"
published = \"2025-09-12\"
+++

Northwind Traders Inc said on Tuesday it had acquired <Contoso Robotics Ltd> for 420 mln dlrs in cash.

Northwind also agreed to buy a 15 pct stake in Fabrikam Corp for 75 mln dlrs, subject to regulatory approval.

Analysts said the company may look at other acquisitions.
";

fn with_story() -> App {
    let app = App::shipped();
    app.write_article("northwind-deals.md", STORY);
    app
}

fn drafts(app: &App) -> Vec<serde_json::Value> {
    std::fs::read_to_string(app.corpus.join("drafts.jsonl"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON draft"))
        .collect()
}

fn ok(run: &Run) {
    assert_eq!(
        run.code, 0,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
}

fn parties(record: &serde_json::Value) -> Vec<(String, String)> {
    record["parties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["entity"].as_str().unwrap().to_string(),
                p["role"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_new_storys_two_deals_are_drafted_accepted_indexed_and_answered() {
    let app = with_story();
    let run = app.run(&["draft"]);
    ok(&run);
    assert!(run.stdout.contains("wrote 2 draft(s)"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("Contoso Robotics Ltd (target, new entity)"),
        "{}",
        run.stdout
    );
    let drafted = drafts(&app);
    assert_eq!(drafted.len(), 2, "{drafted:#?}");
    let (buy, stake) = (&drafted[0]["record"], &drafted[1]["record"]);
    assert_eq!(buy["kind"], "acquisition");
    assert_eq!(
        parties(buy),
        [
            ("northwind-traders".to_string(), "acquirer".to_string()),
            ("contoso-robotics".to_string(), "target".to_string())
        ]
    );
    assert_eq!(buy["amount"]["value"], 420000000.0);
    assert_eq!(buy["amount"]["currency"], "USD");
    assert_eq!(
        buy["date"], "2025-09-09",
        "the Tuesday before the Friday it was published"
    );
    assert_eq!(buy["date_inferred"], true);
    assert_eq!(buy["status"], "completed");
    assert_eq!(
        buy["source"]["quote"],
        "Northwind Traders Inc said on Tuesday it had acquired <Contoso Robotics Ltd> for 420 mln dlrs in cash."
    );
    assert_eq!(stake["kind"], "equity_stake");
    assert_eq!(
        parties(stake),
        [
            ("northwind-traders".to_string(), "investor".to_string()),
            ("fabrikam".to_string(), "target".to_string())
        ]
    );
    assert_eq!(stake["stake_pct"], 15.0);
    assert_eq!(stake["amount"]["value"], 75000000.0);
    assert_eq!(stake["status"], "conditional");
    let new: Vec<&str> = drafted[0]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(new, ["Northwind Traders Inc", "Contoso Robotics Ltd"]);
    let aliases = &drafted[0]["entities"][0]["aliases"];
    assert_eq!(
        *aliases,
        serde_json::json!(["Northwind Traders", "Northwind"])
    );

    // Drafting again proposes nothing new: the sentences have pending drafts.
    let again = app.run(&["draft"]);
    ok(&again);
    assert!(again.stdout.contains("no deal found"), "{}", again.stdout);

    let ids: Vec<String> = drafted
        .iter()
        .map(|d| d["record"]["id"].as_str().unwrap().to_string())
        .collect();
    let run = app.run(&["review", "--accept", &ids[0], &ids[1]]);
    ok(&run);
    assert!(
        drafts(&app).is_empty(),
        "accepted drafts leave drafts.jsonl"
    );
    let entities = std::fs::read_to_string(app.corpus.join("entities.toml")).unwrap();
    assert!(
        entities.contains("[[entity]]\nid = \"contoso-robotics\"\nname = \"Contoso Robotics Ltd\"\nkind = \"company\"\naliases = [\"Contoso Robotics\"]\n"),
        "{entities}"
    );
    assert_eq!(entities.matches("id = \"northwind-traders\"").count(), 1);
    let deals = std::fs::read_to_string(app.corpus.join("deals.jsonl")).unwrap();
    assert!(
        deals.contains(&format!(
            "{{\"id\": \"{}\", \"kind\": \"acquisition\"",
            ids[0]
        )),
        "{deals}"
    );

    ok(&app.run(&["index"]));
    let answer = app.ask_json("How much did Northwind Traders pay for Contoso Robotics?");
    assert!(!answer.abstained, "{answer:?}");
    assert!(answer.answer.contains("$420 million"), "{}", answer.answer);
    assert!(
        answer
            .citations
            .iter()
            .any(|c| c.article_id == "northwind-deals"),
        "{answer:?}"
    );
}

#[test]
fn an_article_given_by_path_is_drafted_and_json_says_where() {
    let app = with_story();
    let path = app.article_path("northwind-deals.md");
    let run = app.run(&["draft", "--json", path.to_str().unwrap()]);
    ok(&run);
    let out: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert_eq!(out["drafts"].as_array().unwrap().len(), 2);
    assert!(out["file"].as_str().unwrap().ends_with("drafts.jsonl"));
    let bad = app.run(&["draft", "no-such-article"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
}

#[test]
fn a_rejected_draft_is_removed() {
    let app = with_story();
    ok(&app.run(&["draft"]));
    let ids: Vec<String> = drafts(&app)
        .iter()
        .map(|d| d["record"]["id"].as_str().unwrap().to_string())
        .collect();
    let run = app.run(&["review", "--reject", &ids[1]]);
    ok(&run);
    let left = drafts(&app);
    assert_eq!(left.len(), 1);
    assert_eq!(left[0]["record"]["id"], ids[0].as_str());
    let list = app.run(&["review"]);
    ok(&list);
    assert!(
        list.stdout.contains("1 pending draft(s)"),
        "{}",
        list.stdout
    );
    let unknown = app.run(&["review", "--reject", "no-such-draft"]);
    assert_eq!(unknown.code, 1);
    assert!(
        unknown.stderr.contains("no pending draft has the id"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn a_draft_edited_into_an_invalid_record_stays_pending_with_the_error() {
    let app = with_story();
    ok(&app.run(&["draft"]));
    let id = drafts(&app)[0]["record"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    // An "editor" that changes the currency to one ISO 4217 does not have.
    let editor = app.corpus.parent().unwrap().join("edit.sh");
    std::fs::write(&editor, "#!/bin/sh\nsed -i 's/\"USD\"/\"XYZ\"/' \"$1\"\n").unwrap();
    let run: Run = app
        .command(&["review", "--edit", &id])
        .env("EDITOR", format!("sh {}", editor.display()))
        .env_remove("VISUAL")
        .stdin(Stdio::null())
        .output()
        .unwrap()
        .into();
    assert_eq!(
        run.code, 1,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    assert!(
        run.stderr
            .contains("drafts.jsonl:1: field `record.amount.currency`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("stays pending"), "{}", run.stderr);
    let pending = drafts(&app);
    assert_eq!(pending.len(), 2, "nothing is lost");
    assert_eq!(
        pending[0]["record"]["amount"]["currency"], "XYZ",
        "the edit is kept"
    );
    // Accepting it still fails, and it stays pending.
    let accept = app.run(&["review", "--accept", &id]);
    assert_eq!(accept.code, 1);
    assert!(
        accept.stderr.contains("drafts.jsonl:1:"),
        "{}",
        accept.stderr
    );
    assert_eq!(drafts(&app).len(), 2);
}

#[test]
fn drafting_is_measured_against_labelled_deals() {
    let app = with_story();
    let labelled = app.corpus.parent().unwrap().join("labelled.jsonl");
    let line = |quote: &str, rest: &str| {
        format!("{{\"article\": \"northwind-deals\", \"quote\": {quote:?}, {rest}}}\n")
    };
    let text = line(
        "Northwind Traders Inc said on Tuesday it had acquired <Contoso Robotics Ltd> for 420 mln dlrs in cash.",
        "\"kind\": \"acquisition\", \"parties\": [{\"name\": \"Northwind Traders Inc\", \"role\": \"acquirer\"}, {\"name\": \"Contoso Robotics Ltd\", \"role\": \"target\"}], \"amount\": {\"value\": 420000000, \"currency\": \"USD\"}, \"stake_pct\": null, \"shares\": null, \"date\": \"2025-09-09\", \"date_inferred\": true, \"status\": \"completed\"",
    ) + &line(
        "Northwind also agreed to buy a 15 pct stake in Fabrikam Corp for 75 mln dlrs, subject to regulatory approval.",
        "\"kind\": \"equity_stake\", \"parties\": [{\"name\": \"Northwind Traders\", \"role\": \"investor\"}, {\"name\": \"Fabrikam Corp\", \"role\": \"target\"}], \"amount\": {\"value\": 75000000, \"currency\": \"USD\"}, \"stake_pct\": 15, \"shares\": null, \"date\": null, \"status\": \"announced\"",
    );
    std::fs::write(&labelled, text).unwrap();
    let run = app.run(&["draft", "--measure", labelled.to_str().unwrap()]);
    ok(&run);
    assert!(
        run.stdout.contains(
            "precision 0.500 (1 of 2 drafts right)   recall 0.500 (1 of 2 labelled deals)"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("(wrong: status)"), "{}", run.stdout);
    assert!(
        !app.corpus.join("drafts.jsonl").exists(),
        "measuring writes nothing"
    );
}
