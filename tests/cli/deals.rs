//! Deal records: each validation rule names file, line and field and leaves the old index in
//! service; `dealdesk deals` lists them as a table, JSON or CSV.

use serde_json::{Value, json};

use crate::helpers::App;

const ARTICLE: &str = "geants-tech-milliards-infrastructure-ia";
const QUOTE: &str = "En août, le gouvernement américain a investi 8,9 milliards de dollars dans Intel, acquérant 9,9 % du capital du fabricant de puces.";

/// A valid record to break one field at a time.
fn record() -> Value {
    json!({
        "id": "extra-deal", "kind": "equity_stake",
        "parties": [{"entity": "us-government", "role": "investor"}, {"entity": "intel", "role": "target"}],
        "amount": {"value": 8900000000u64, "currency": "USD"}, "stake_pct": 9.9, "shares": null,
        "date": "2025-08", "date_inferred": true, "period": null, "status": "completed",
        "terms": {"en": "The US government invested $8.9 billion in Intel.", "fr": "L’État a investi 8,9 milliards de dollars dans Intel."},
        "source": {"article": ARTICLE, "quote": QUOTE}
    })
}

/// Appends `line` to deals.jsonl (as line 9), checks `dealdesk index` fails naming file, line and
/// `expected`, and that the previous index still answers a deal question.
fn rejected(line: &str, expected: &[&str]) {
    let app = App::indexed();
    let path = app.corpus.join("deals.jsonl");
    let mut text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.lines().count(), 8, "the shipped corpus has 8 deals");
    text.push_str(line);
    text.push('\n');
    std::fs::write(&path, text).unwrap();

    let run = app.run(&["index"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("deals.jsonl:9:"),
        "names file and line: {}",
        run.stderr
    );
    for e in expected {
        assert!(run.stderr.contains(e), "expected {e:?} in: {}", run.stderr);
    }
    let a = app.ask_json("How much did the US government invest in Intel?");
    assert!(
        !a.abstained && a.answer.contains("$8.9 billion"),
        "old index still answers: {}",
        a.answer
    );
    assert_eq!(a.deals.len(), 1);
}

fn with(field: &str, value: Value) -> String {
    let mut r = record();
    let mut target = &mut r;
    let parts: Vec<&str> = field.split('.').collect();
    for p in &parts[..parts.len() - 1] {
        target = &mut target[*p];
    }
    target[parts[parts.len() - 1]] = value;
    r.to_string()
}

#[test]
fn the_valid_template_is_accepted() {
    let app = App::indexed();
    let path = app.corpus.join("deals.jsonl");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(&record().to_string());
    text.push('\n');
    std::fs::write(&path, text).unwrap();
    let run = app.run(&["index"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("9 deals"), "{}", run.stdout);
}

#[test]
fn quote_must_occur_verbatim_in_the_article() {
    rejected(
        &with(
            "source.quote",
            json!("Le gouvernement américain a investi 9 milliards dans Intel."),
        ),
        &["field `source.quote`", "verbatim"],
    );
}

#[test]
fn quote_matches_despite_whitespace_and_apostrophe_forms() {
    let app = App::indexed();
    let path = app.corpus.join("deals.jsonl");
    let mut text = std::fs::read_to_string(&path).unwrap();
    let loose = "Le même  mois, SoftBank Group a signé un accord de 2 milliards de dollars avec Intel pour renforcer l'accès aux technologies avancées de cloud et d'infrastructure.";
    let mut r = record();
    r["id"] = json!("loose-quote");
    r["parties"] =
        json!([{"entity": "softbank", "role": "partner"}, {"entity": "intel", "role": "partner"}]);
    r["amount"] = json!({"value": 2000000000u64, "currency": "USD"});
    r["stake_pct"] = Value::Null;
    r["terms"] = json!({"en": "SoftBank signed a $2 billion agreement with Intel.", "fr": "SoftBank a signé un accord de 2 milliards de dollars avec Intel."});
    r["source"]["quote"] = json!(loose);
    text.push_str(&r.to_string());
    text.push('\n');
    std::fs::write(&path, text).unwrap();
    let run = app.run(&["index"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn unknown_party_is_rejected() {
    rejected(
        &with("parties", json!([{"entity": "apple", "role": "investor"}])),
        &["field `parties[0].entity`", "unknown entity \"apple\""],
    );
}

#[test]
fn amounts_must_be_positive_and_finite() {
    rejected(
        &with("amount.value", json!(-5)),
        &["field `amount.value`", "positive and finite"],
    );
    rejected(
        &with("amount.value", json!(0)),
        &["field `amount.value`", "positive and finite"],
    );
    rejected(
        &record().to_string().replace("8900000000", "1e400"),
        &["not a deal record", "number out of range"],
    );
}

#[test]
fn currency_must_be_iso_4217() {
    rejected(
        &with("amount.currency", json!("DOLLARS")),
        &["field `amount.currency`", "ISO 4217"],
    );
    rejected(
        &with("amount.currency", json!("ZZZ")),
        &["field `amount.currency`", "ISO 4217"],
    );
}

#[test]
fn dates_must_be_iso() {
    rejected(
        &with("date", json!("août 2025")),
        &["field `date`", "ISO date"],
    );
    rejected(
        &with("date", json!("2025-13")),
        &["field `date`", "ISO date"],
    );
    rejected(
        &with("period", json!({"from": "2024", "to": "2023"})),
        &["field `period`", "after it ends"],
    );
}

#[test]
fn every_party_is_named_in_the_quote() {
    // Google is a known entity, but the sentence about the US government's stake never names it.
    rejected(
        &with(
            "parties",
            json!([{"entity": "google", "role": "investor"}, {"entity": "intel", "role": "target"}]),
        ),
        &[
            "field `parties[0].entity`",
            "\"google\" is not named in the quote",
        ],
    );
}

#[test]
fn each_part_of_a_date_is_stated_or_inferred_from_the_article() {
    // "En août": the month is stated, the year is the article's (published 2025-10).
    let stated_year = {
        let mut r = record();
        r["date_inferred"] = json!(false);
        r.to_string()
    };
    rejected(
        &stated_year,
        &[
            "field `date`",
            "does not state the year 2025",
            "date_inferred",
        ],
    );
    rejected(
        &with("date", json!("2025-09")),
        &["field `date`", "the quote gives month 08, not 09"],
    );
    rejected(
        &with("date", json!("2019-08")),
        &[
            "field `date`",
            "the year 2019 is not stated in the quote",
            "gives 2025",
        ],
    );
    rejected(
        &with("date", json!("2025-08-12")),
        &["field `date`", "states no day 12"],
    );
    rejected(
        &with("period", json!({"from": "2021", "to": "2022"})),
        &["field `period.from`", "2021 is not stated in the quote"],
    );
}

#[test]
fn ids_must_be_unique() {
    rejected(
        &with("id", json!("amazon-anthropic-2023-2024")),
        &["field `id`", "duplicate deal id"],
    );
}

#[test]
fn unknown_fields_are_rejected() {
    let mut r = record();
    r["rumour"] = json!(true);
    rejected(&r.to_string(), &["unknown field `rumour`"]);
}

#[test]
fn a_summary_cannot_state_a_figure_its_quote_lacks() {
    rejected(
        &with(
            "terms.en",
            json!("The US government invested $9.5 billion in Intel."),
        ),
        &["field `terms.en`", "9500000000"],
    );
    rejected(
        &with("amount.value", json!(9000000000u64)),
        &["field `amount.value`", "not a figure of the quote"],
    );
}

#[test]
fn entity_file_errors_name_line_and_field() {
    let app = App::indexed();
    let path = app.corpus.join("entities.toml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    let lines = text.lines().count();
    text.push_str("\n[[entity]]\nid = \"apple\"\nname = \"Apple\"\nkind = \"fruit\"\n");
    std::fs::write(&path, text).unwrap();
    let run = app.run(&["index"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!("entities.toml:{}:", lines + 5)),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("fruit"), "{}", run.stderr);
    assert!(
        !app.ask_json("How much did the US government invest in Intel?")
            .abstained
    );
}

#[test]
fn deals_table_has_a_total_line() {
    let app = App::indexed();
    let run = app.run(&["deals", "--party", "intel", "--sort", "amount"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines[0].starts_with("ID ") && lines[0].contains("AMOUNT"),
        "{}",
        run.stdout
    );
    assert!(
        lines[1].starts_with("us-government-intel-2025-08"),
        "largest first: {}",
        run.stdout
    );
    assert!(
        lines[2].starts_with("softbank-intel-2025-08"),
        "{}",
        run.stdout
    );
    assert_eq!(
        lines[1].find("$8.9 billion"),
        lines[2].find("$2 billion"),
        "aligned columns: {}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("TOTAL: 2 deal(s), 2 with a USD amount, $10.9 billion in all"),
        "{}",
        run.stdout
    );
}

#[test]
fn deals_json_and_csv_parse() {
    let app = App::indexed();
    let run = app.run(&["deals", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let records: Vec<dealdesk_core::wire::DealRecord> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(records.len(), 8);
    let shipped = std::fs::read_to_string(app.corpus.join("deals.jsonl")).unwrap();
    for line in shipped.lines() {
        let original: dealdesk_core::wire::DealRecord = serde_json::from_str(line).unwrap();
        assert!(records.contains(&original), "round trip of {}", original.id);
    }

    let run = app.run(&[
        "deals",
        "--csv",
        "--min-amount",
        "5 billion",
        "--sort",
        "amount",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "id");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let ids: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(
        ids,
        [
            "coreweave-contracts",
            "us-government-intel-2025-08",
            "amazon-anthropic-2023-2024"
        ]
    );
}

#[test]
fn deals_filters_by_alias_kind_and_dates() {
    let app = App::indexed();
    let ids = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["deals", "--json"];
        all.extend_from_slice(args);
        let run = app.run(&all);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        let v: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
        v.iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        ids(&["--party", "gouvernement américain"]),
        ["us-government-intel-2025-08"]
    );
    assert_eq!(
        ids(&["--party", "Intell", "--party", "softbank"]),
        ["softbank-intel-2025-08"]
    );
    assert_eq!(ids(&["--kind", "contract"]), ["coreweave-contracts"]);
    assert_eq!(ids(&["--since", "2025-08"]).len(), 2);
    assert_eq!(ids(&["--until", "2024"]), ["amazon-anthropic-2023-2024"]);
    assert_eq!(
        ids(&["--since", "2025-07", "--until", "2025-07-31"]),
        ["windsurf-google-2025-07"]
    );

    for bad in [
        ["--party", "nobody"],
        ["--kind", "loan"],
        ["--since", "August"],
        ["--min-amount", "lots"],
    ] {
        let run = app.run(&["deals", bad[0], bad[1]]);
        assert_eq!(run.code, 2, "{bad:?}");
        assert!(run.stderr.contains(bad[0]), "{bad:?}: {}", run.stderr);
    }
}

#[test]
fn ask_json_lists_the_deals_used() {
    let app = App::indexed();
    let a = app.ask_json("What is the total invested in Intel?");
    let mut ids: Vec<&str> = a.deals.iter().map(|d| d.id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        ["softbank-intel-2025-08", "us-government-intel-2025-08"]
    );
    for c in &a.citations {
        assert!(a.answer.contains(&format!("[{}]", c.n)));
    }
    assert!(a.answer.contains("= $10.9 billion"), "{}", a.answer);
}

#[test]
fn a_pair_with_no_deal_never_borrows_another_deals_figure() {
    let app = App::indexed();
    let a = app.ask_json("How much did Google invest in Anthropic?");
    assert!(a.abstained);
    assert!(
        !a.answer.contains('8') && !a.answer.contains("2.4"),
        "no other deal's figure: {}",
        a.answer
    );
    assert!(a.deals.is_empty());
}

/// A copy of the shipped corpus with Lambda's funding round, reported by two articles.
fn with_lambda_round(second_record_same_as: bool) -> App {
    let app = App::shipped();
    app.write_article(
        "lambda.md",
        crate::helpers::article(
            "lambda",
            "In February, Lambda raised $480 million in a funding round led by Andra Capital, with participation from Nvidia, valuing the company at $4 billion.",
        ),
    );
    app.write_article(
        "lambda-wire.md",
        crate::helpers::article(
            "lambda-wire",
            "Lambda closed a $480 million round in February, led by Andra Capital with Nvidia.",
        ),
    );
    let entities = app.corpus.join("entities.toml");
    let mut table = std::fs::read_to_string(&entities).unwrap();
    table.push_str("\n[[entity]]\nid = \"lambda\"\nname = \"Lambda\"\nkind = \"company\"\n\n[[entity]]\nid = \"andra-capital\"\nname = \"Andra Capital\"\nkind = \"company\"\n");
    std::fs::write(&entities, table).unwrap();
    let parties = json!([
        {"entity": "lambda", "role": "target"},
        {"entity": "andra-capital", "role": "investor", "lead": true},
        {"entity": "nvidia", "role": "investor"}
    ]);
    let first = json!({
        "id": "lambda-round", "kind": "funding_round", "parties": parties,
        "amount": {"value": 480000000u64, "currency": "USD"},
        "valuation": {"value": 4000000000u64, "currency": "USD"},
        "stake_pct": null, "shares": null, "date": "2025-02", "date_inferred": true,
        "period": null, "status": "completed",
        // One summary language is enough.
        "terms": {"en": "Lambda raised $480 million in a round led by Andra Capital, with Nvidia."},
        "source": {"article": "lambda", "quote": "In February, Lambda raised $480 million in a funding round led by Andra Capital, with participation from Nvidia, valuing the company at $4 billion."}
    });
    let mut second = json!({
        "id": "lambda-round-wire", "kind": "funding_round", "parties": parties,
        "amount": {"value": 480000000u64, "currency": "USD"},
        "stake_pct": null, "shares": null, "date": "2025-02", "date_inferred": true,
        "period": null, "status": "completed",
        "terms": {"fr": "Lambda a levé 480 millions de dollars."},
        "source": {"article": "lambda-wire", "quote": "Lambda closed a $480 million round in February, led by Andra Capital with Nvidia."}
    });
    if second_record_same_as {
        second["same_as"] = json!("lambda-round");
    }
    let deals = app.corpus.join("deals.jsonl");
    let mut text = std::fs::read_to_string(&deals).unwrap();
    text.push_str(&format!("{first}\n{second}\n"));
    std::fs::write(&deals, text).unwrap();
    app
}

#[test]
fn an_investor_in_a_round_is_told_the_round_not_a_share_of_it() {
    let app = with_lambda_round(true);
    let run = app.run(&["index"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("1 deal record(s) repeat a deal"),
        "{}",
        run.stderr
    );

    let a = app.ask_json("How much did Nvidia invest in Lambda?");
    assert!(
        a.answer.contains(
            "Nvidia took part in Lambda’s $480 million funding round, led by Andra Capital"
        ) && a.answer.contains("does not state Nvidia’s share"),
        "{}",
        a.answer
    );
    assert_eq!(a.citations[0].id, "lambda#p1.s1", "{a:?}");

    let a = app.ask_json("How much is Lambda worth?");
    assert!(
        a.answer.starts_with("Valued at $4 billion — "),
        "{}",
        a.answer
    );
    assert_eq!(a.citations[0].id, "lambda#p1.s1", "{a:?}");

    // Reported by two articles, counted once.
    let a = app.ask_json("What is the total invested in Lambda?");
    assert!(
        a.answer.contains("$480 million") && !a.answer.contains("$960"),
        "{}",
        a.answer
    );
    let run = app.run(&["deals", "--party", "Lambda"]);
    assert!(
        run.stdout
            .contains("TOTAL: 1 deal(s), 1 with a USD amount, $480 million in all"),
        "{}",
        run.stdout
    );

    // The summary the record does not give is written from its fields.
    let run = app.run(&["deals", "--party", "Lambda", "--json"]);
    let records: Vec<dealdesk_core::wire::DealRecord> = serde_json::from_str(&run.stdout).unwrap();
    let round = records.iter().find(|r| r.id == "lambda-round").unwrap();
    let fr = round.terms.fr.as_deref().unwrap_or_default();
    assert!(
        fr.contains("Lambda a levé 480 millions de dollars lors d’un tour de table"),
        "{fr}"
    );
}

#[test]
fn the_same_deal_from_two_articles_is_counted_once_and_reported() {
    let app = with_lambda_round(false);
    let run = app.run(&["index"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("deal \"lambda-round-wire\" looks like the same deal as \"lambda-round\""),
        "{}",
        run.stderr
    );
    let a = app.ask_json("What is the total invested in Lambda?");
    assert!(
        a.answer.contains("$480 million") && !a.answer.contains("$960"),
        "{}",
        a.answer
    );
}

#[test]
fn a_record_summarised_in_no_language_is_rejected() {
    rejected(
        &with("terms", json!({})),
        &["field `terms`", "at least one language"],
    );
}

#[test]
fn the_schema_command_lists_every_kind_role_and_status() {
    let app = App::shipped();
    let run = app.run(&["schema"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for kind in dealdesk_core::model::DealKind::ALL {
        assert!(run.stdout.contains(kind.code()), "{}", run.stdout);
    }
    for word in [
        "acquirer",
        "licensee",
        "conditional",
        "same_as",
        "date_inferred",
        "valuation",
    ] {
        assert!(run.stdout.contains(word), "{word}: {}", run.stdout);
    }
}
