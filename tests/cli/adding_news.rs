//! The whole path of a news story into answers, as staff take it: import the page, draft its
//! deal records, accept them, index, ask.

use crate::helpers::App;

fn fixture(name: &str) -> String {
    format!(
        "{}/tests/fixtures/adding-news/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn a_new_article_with_two_deals_goes_from_import_to_cited_answers() {
    let app = App::indexed();
    let run = app.run(&["import", &fixture("two-deals.html")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let id = "orbital-compute-to-buy-helio-systems-nvidia-takes-a-stake";
    assert!(
        run.stdout.contains(&format!("articles/{id}.md")),
        "{}",
        run.stdout
    );

    let run = app.run(&["draft", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let drafted: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let ids: Vec<&str> = drafted["drafts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["record"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 2, "{}", run.stdout);
    for d in drafted["drafts"].as_array().unwrap() {
        assert_eq!(d["record"]["source"]["article"], id);
    }

    let mut accept = vec!["review", "--accept"];
    accept.extend(ids.iter().copied());
    let run = app.run(&accept);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = app.run(&["index"]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let a = app.ask_json("How much did Orbital Compute pay for Helio Systems?");
    assert!(
        !a.abstained && a.answer.contains("$350 million"),
        "{}",
        a.answer
    );
    assert_eq!(a.citations[0].id, format!("{id}#p1.s1"));
    assert_eq!(
        a.citations[0].url.as_deref(),
        Some("https://wire.example.com/2025/10/orbital-helio")
    );
    let a = app.ask_json("What stake did Nvidia buy in Orbital Compute?");
    assert!(!a.abstained && a.answer.contains("12%"), "{}", a.answer);
    assert_eq!(a.citations[0].id, format!("{id}#p3.s1"));
    // The records count in the totals, once each.
    let run = app.run(&["deals", "--party", "Orbital Compute"]);
    assert!(
        run.stdout
            .contains("TOTAL: 2 deal(s), 2 with a USD amount, $440 million in all"),
        "{}",
        run.stdout
    );
}
