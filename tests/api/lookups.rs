//! `/v1/search`, `/v1/deals`, `/v1/sources/{id}`.

use serde_json::{Value, json};

use dealdesk_core::wire::{SearchJson, ShowJson};

use crate::helpers::{error_code, spawn_app};

#[tokio::test]
async fn search_lists_ranked_passages_with_highlights() {
    let app = spawn_app();
    let response = app.get("/v1/search?q=Intel%20SoftBank&limit=2").await;
    assert_eq!(response.status(), 200);
    let found: SearchJson = response.json().await.unwrap();
    assert_eq!(found.query, "Intel SoftBank");
    assert!(!found.hits.is_empty() && found.hits.len() <= 2);
    assert_eq!(found.hits[0].rank, 1);
    assert!(found.hits[0].text.contains("Intel"));
    assert!(!found.hits[0].highlights.is_empty());

    assert_eq!(
        error_code(app.get("/v1/search").await, 400).await,
        "missing_query"
    );
    for limit in ["0", "101", "many"] {
        let r = app.get(&format!("/v1/search?q=Intel&limit={limit}")).await;
        assert_eq!(error_code(r, 400).await, "invalid_limit");
    }
}

#[tokio::test]
async fn deals_filter_by_party_kind_date_and_amount() {
    let app = spawn_app();
    let all: Value = app.get("/v1/deals").await.json().await.unwrap();
    let total = all["count"].as_u64().unwrap();
    assert!(total >= 2);

    // A party by any of its names, accents and case aside.
    let intel: Value = app
        .get("/v1/deals?party=intel&sort=amount")
        .await
        .json()
        .await
        .unwrap();
    let deals = intel["deals"].as_array().unwrap();
    assert!(!deals.is_empty() && (deals.len() as u64) < total);
    for d in deals {
        assert!(
            d["parties"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["entity"] == "intel")
        );
    }
    let amounts: Vec<u64> = deals
        .iter()
        .filter_map(|d| d["amount"]["value"].as_u64())
        .collect();
    assert!(amounts.windows(2).all(|w| w[0] >= w[1]), "{amounts:?}");

    let big: Value = app
        .get("/v1/deals?min_amount=5000000000")
        .await
        .json()
        .await
        .unwrap();
    for d in big["deals"].as_array().unwrap() {
        assert!(d["amount"]["value"].as_f64().unwrap() >= 5e9, "{d}");
    }
    let stakes: Value = app
        .get("/v1/deals?kind=equity_stake&since=2025-01&until=2025-12")
        .await
        .json()
        .await
        .unwrap();
    assert!(stakes["count"].as_u64().unwrap() >= 1);
    for d in stakes["deals"].as_array().unwrap() {
        assert_eq!(d["kind"], "equity_stake");
    }

    for (query, code) in [
        ("kind=loan", "invalid_kind"),
        ("since=last-year", "invalid_date"),
        ("min_amount=lots", "invalid_min_amount"),
        ("sort=size", "invalid_sort"),
        ("party=Zorglub%20Industries", "unknown_party"),
    ] {
        let r = app.get(&format!("/v1/deals?{query}")).await;
        assert_eq!(error_code(r, 400).await, code, "{query}");
    }
}

#[tokio::test]
async fn sources_show_the_cited_sentence() {
    let app = spawn_app();
    let a = app
        .ask(json!({"question": "Combien Amazon a-t-il investi dans Anthropic ?"}))
        .await;
    let citation = &a["citations"][0];
    let id = citation["id"].as_str().unwrap();
    let response = app
        .get(&format!("/v1/sources/{}", id.replace('#', "%23")))
        .await;
    assert_eq!(response.status(), 200);
    let shown: ShowJson = response.json().await.unwrap();
    assert_eq!(shown.id, id);
    assert_eq!(shown.text, citation["text"].as_str().unwrap());

    let passage = id.split('.').next().unwrap();
    let whole: ShowJson = app
        .get(&format!("/v1/sources/{}", passage.replace('#', "%23")))
        .await
        .json()
        .await
        .unwrap();
    assert!(whole.text.contains(&shown.text));

    let r = app
        .get("/v1/sources/geants-tech-milliards-infrastructure-ia%23p999")
        .await;
    assert_eq!(error_code(r, 404).await, "unknown_source");
    let r = app.get("/v1/sources/no-such-article%23p1").await;
    assert_eq!(error_code(r, 404).await, "unknown_source");
    let r = app.get("/v1/sources/not%20an%20id").await;
    assert_eq!(error_code(r, 400).await, "invalid_id");
}
