//! Deal records a model proposes (`dealdesk draft --model`): each is held to the checks of a
//! hand-written record, and what fails is reported, never drafted.

use serde_json::json;

use crate::helpers::{App, FakeOpenAi, Reply};

const ARTICLE: &str = "+++\nid = \"orbital\"\ntitle = \"Orbital Compute to buy Helio Systems\"\nlanguage = \"en\"\npublished = \"2025-10-14\"\n+++\n\nOrbital Compute Inc said it agreed to acquire Helio Systems Corp for 350 million dollars in cash.\n\nSeparately, Orbital Compute and Stratus Labs formed a partnership to design liquid-cooled racks.\n";

#[test]
fn a_models_proposals_are_checked_like_hand_written_records() {
    let app = App::new();
    app.write_article("orbital.md", ARTICLE);
    let proposals = json!({"deals": [
        // Right: a deal the rules do not draft (no figure).
        {"sentence": "p2.s1", "kind": "partnership",
         "parties": [{"name": "Orbital Compute", "role": "partner"}, {"name": "Stratus Labs", "role": "partner"}],
         "amount": null, "stake_pct": null, "shares": null, "date": null, "status": "announced"},
        // A figure the sentence does not state.
        {"sentence": "p1.s1", "kind": "acquisition",
         "parties": [{"name": "Orbital Compute Inc", "role": "acquirer"}, {"name": "Helio Systems Corp", "role": "target"}],
         "amount": {"value": 500000000u64, "currency": "USD"}, "stake_pct": null, "shares": null, "date": null, "status": "announced"},
        // A party the sentence never names.
        {"sentence": "p1.s1", "kind": "investment",
         "parties": [{"name": "Google", "role": "investor"}, {"name": "Helio Systems Corp", "role": "target"}],
         "amount": {"value": 350000000u64, "currency": "USD"}, "stake_pct": null, "shares": null, "date": null, "status": "completed"},
        // A date the sentence does not give, not marked inferred.
        {"sentence": "p2.s1", "kind": "partnership",
         "parties": [{"name": "Orbital Compute", "role": "partner"}, {"name": "Stratus Labs", "role": "partner"}],
         "amount": null, "stake_pct": null, "shares": null, "date": "2024-03", "status": "announced"},
        // No such sentence.
        {"sentence": "p9.s9", "kind": "agreement", "parties": [], "amount": null,
         "stake_pct": null, "shares": null, "date": null, "status": "announced"}
    ]});
    // Models wrap JSON in prose and code fences.
    let reply = format!("Here are the deals:\n```json\n{proposals}\n```");
    let server = FakeOpenAi::replying(Reply::Text(reply));
    let out = app
        .command(&["draft", "--model", "--json", "orbital"])
        .env("OPENAI_BASE_URL", &server.base_url)
        .env("OPENAI_API_KEY", "sk-test")
        .env("DEALDESK_LLM_MODEL", "m")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let drafted: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let records: Vec<&serde_json::Value> = drafted["drafts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| &d["record"])
        .collect();
    // The rules' acquisition, and the model's partnership: nothing else.
    assert_eq!(records.len(), 2, "{records:?}");
    let partnership = records
        .iter()
        .find(|r| r["kind"] == "partnership")
        .expect("the model's valid proposal is drafted");
    assert_eq!(
        partnership["source"]["quote"],
        "Separately, Orbital Compute and Stratus Labs formed a partnership to design liquid-cooled racks."
    );
    let acquisition = records.iter().find(|r| r["kind"] == "acquisition").unwrap();
    assert_eq!(acquisition["amount"]["value"], 350000000.0);
    for refusal in [
        "500000000 is not a figure of the quote",
        "\"google\" is not named in the quote",
        "states no month 03",
        "no sentence p9.s9",
    ] {
        assert!(stderr.contains(refusal), "{refusal}: {stderr}");
    }
    // The model was shown the article's sentences, numbered.
    let requests = server.requests();
    let user = requests[0]["messages"][1]["content"].as_str().unwrap();
    assert!(
        user.contains("[p2.s1] Separately, Orbital Compute and Stratus Labs"),
        "{user}"
    );
}

#[test]
fn draft_model_without_a_model_is_a_usage_error() {
    let app = App::new();
    let out = app.command(&["draft", "--model"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--model needs a model"));
}
