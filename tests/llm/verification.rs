//! What the model writes is checked before anyone sees it (library API, in process).

use dealdesk_desk::{Ask, Mode, Produced, Reply as Answered};

use crate::helpers::{
    AMAZON_EN, AMAZON_SOURCE, FakeOpenAi, Reply, config, desk, shared_kb, source_with,
};

async fn ask(server: &FakeOpenAi, question: &str) -> Answered {
    desk(&config(&server.base_url))
        .ask(Ask::new(question).mode(Some(Mode::Auto)))
        .await
        .unwrap()
}

fn assert_fallback(v: &Answered, reason: &str) {
    assert_eq!(v.mode, Produced::Extractive, "{v:?}");
    assert_eq!(v.fallback_code(), Some(reason), "{v:?}");
    let extractive = dealdesk_core::answer::ask(&shared_kb(), &v.answer.question).unwrap();
    assert_eq!(
        v.answer, extractive,
        "the fallback is the extractive answer"
    );
}

#[tokio::test]
async fn an_unknown_marker_falls_back() {
    let server = FakeOpenAi::replying(Reply::Text("Amazon invested $8 billion [42].".into()));
    assert_fallback(&ask(&server, AMAZON_EN).await, "unknown_citation");
}

#[tokio::test]
async fn an_uncited_answer_falls_back() {
    let server = FakeOpenAi::replying(Reply::Text(
        "Amazon invested $8 billion in Anthropic.".into(),
    ));
    assert_fallback(&ask(&server, AMAZON_EN).await, "no_citation");
}

#[tokio::test]
async fn a_hallucinated_figure_falls_back() {
    let server = FakeOpenAi::start(|_, req| {
        let n = source_with(req, AMAZON_SOURCE);
        Reply::Text(format!("Amazon invested 8 billion dollars in 2019 [{n}]."))
    });
    assert_fallback(&ask(&server, AMAZON_EN).await, "unsupported_figure");
}

#[tokio::test]
async fn a_claim_about_a_party_its_source_never_names_falls_back() {
    // The Amazon sentence, cited for Google: the figure is the source's, the party is not.
    let server = FakeOpenAi::start(|_, req| {
        let n = source_with(req, AMAZON_SOURCE);
        Reply::Text(format!("Google invested $8 billion in Anthropic [{n}]."))
    });
    let v = ask(&server, "How much did Google invest in Anthropic?").await;
    assert_eq!(v.mode, Produced::Extractive, "{v:?}");
    assert_eq!(v.fallback_code(), Some("unsupported_entity"), "{v:?}");
    assert!(
        !v.answer.text.contains("Google invested"),
        "{}",
        v.answer.text
    );
}

#[tokio::test]
async fn a_denial_its_source_does_not_make_falls_back() {
    let server = FakeOpenAi::start(|_, req| {
        let n = source_with(req, AMAZON_SOURCE);
        Reply::Text(format!(
            "Amazon never invested $8 billion in Anthropic [{n}]."
        ))
    });
    assert_fallback(&ask(&server, AMAZON_EN).await, "unsupported_negation");
}

#[tokio::test]
async fn a_refusal_that_carries_a_claim_falls_back() {
    let server = FakeOpenAi::replying(Reply::Text(
        "The sources do not give an amount, but Google controls Anthropic.".into(),
    ));
    let v = ask(&server, "How much did Google invest in Anthropic?").await;
    assert_eq!(v.mode, Produced::Extractive, "{v:?}");
    assert_eq!(v.fallback_code(), Some("claim_in_refusal"), "{v:?}");
    assert!(!v.answer.text.contains("controls"), "{}", v.answer.text);
}

#[tokio::test]
async fn figures_in_words_or_full_width_digits_are_checked_like_digits() {
    for claim in [
        "Amazon invested eighty billion dollars in Anthropic",
        "Amazon invested $８０ billion in Anthropic",
        "Amazon holds ninety percent of Anthropic",
    ] {
        let server = FakeOpenAi::start(move |_, req| {
            let n = source_with(req, AMAZON_SOURCE);
            Reply::Text(format!("{claim} [{n}]."))
        });
        let v = ask(&server, AMAZON_EN).await;
        assert_fallback(&v, "unsupported_figure");
    }
}

#[tokio::test]
async fn a_figure_held_only_by_a_source_the_claim_does_not_cite_falls_back() {
    let server = FakeOpenAi::start(|_, req| {
        let n = source_with(req, AMAZON_SOURCE);
        let other = crate::helpers::sources(req)
            .into_iter()
            .find(|(_, t)| !t.contains("8 milliards") && !t.contains("8 billion"))
            .expect("another source")
            .0;
        // The right figure, but the claim cites only a source that does not hold it.
        Reply::Text(format!(
            "Amazon invested $8 billion [{other}]. See also [{n}]."
        ))
    });
    assert_fallback(&ask(&server, AMAZON_EN).await, "unsupported_figure");
}

#[tokio::test]
async fn a_french_answer_matches_french_figures() {
    let server = FakeOpenAi::start(|_, req| {
        let n = source_with(req, AMAZON_SOURCE);
        Reply::Text(format!(
            "Amazon a investi 8 milliards de dollars dans Anthropic [{n}]."
        ))
    });
    let v = ask(&server, "Combien Amazon a-t-il investi dans Anthropic ?").await;
    assert_eq!(v.mode, Produced::Llm, "{v:?}");
    assert_eq!(v.answer.citations().len(), 1);
}

#[tokio::test]
async fn an_abstention_is_accepted_only_where_the_sources_do_not_answer() {
    let server = FakeOpenAi::replying(Reply::Text(
        "The sources do not answer this question.".into(),
    ));
    // Where the extractive answerer abstains too, its refusal is given: it says what the
    // knowledge base holds nearby, the model's only that the sources do not answer. Nothing
    // failed, so no fallback reason.
    let v = ask(&server, "How much did Apple invest in Mistral?").await;
    assert_eq!(v.mode, Produced::Extractive, "{v:?}");
    assert_eq!(v.fallback_code(), None, "{v:?}");
    assert!(v.answer.is_abstained());
    assert!(
        v.answer.text.contains("Apple"),
        "says what it looked for: {}",
        v.answer.text
    );
    assert!(v.answer.citations().is_empty());
    // Where the sources hold the answer, the extractive answer is given instead.
    assert_fallback(&ask(&server, AMAZON_EN).await, "model_abstained");
}

#[tokio::test]
async fn the_inferred_year_of_a_cited_deal_record_is_supported() {
    const INTEL: &str = "8,9 milliards de dollars dans Intel";
    let server = FakeOpenAi::start(|_, req| {
        let n = source_with(req, INTEL);
        // The quote says "En août"; 2025 is the year the deal record infers from the article.
        Reply::Text(format!(
            "In August 2025 the US government invested $8.9 billion in Intel [{n}]."
        ))
    });
    let v = ask(&server, "When did the US government invest in Intel?").await;
    assert_eq!(v.mode, Produced::Llm, "{v:?}");
    assert!(!v.answer.citations()[0].text.contains("2025"));
    assert_eq!(
        v.answer.deals().len(),
        1,
        "the cited deal record comes along"
    );
    let request = &server.requests()[0];
    let user = crate::helpers::user_message(request);
    assert!(
        user.contains("year inferred from the article's date"),
        "{user}"
    );
    // The same year in a claim that cites another source is not supported.
    let server = FakeOpenAi::start(|_, req| {
        let n = source_with(req, INTEL);
        let other = crate::helpers::sources(req)
            .into_iter()
            .find(|(_, t)| !t.contains("2025") && !t.contains(INTEL))
            .expect("another source")
            .0;
        Reply::Text(format!(
            "The US government invested $8.9 billion in Intel [{n}], in 2025 [{other}]."
        ))
    });
    let v = ask(&server, "When did the US government invest in Intel?").await;
    assert_eq!(v.fallback_code(), Some("unsupported_figure"), "{v:?}");
}

#[tokio::test]
async fn a_claim_that_swaps_the_roles_its_source_gives_falls_back() {
    // Names, figure and citation all the source's; who invested in whom reversed.
    let server = FakeOpenAi::start(|_, req| {
        let n = source_with(req, AMAZON_SOURCE);
        Reply::Text(format!("Anthropic invested $8 billion in Amazon [{n}]."))
    });
    assert_fallback(&ask(&server, AMAZON_EN).await, "swapped_roles");
}

#[tokio::test]
async fn an_answer_whose_sources_never_name_a_party_of_the_question_falls_back() {
    // True of the source, and no answer to the question asked.
    let server = FakeOpenAi::start(|_, req| {
        let n = source_with(req, AMAZON_SOURCE);
        Reply::Text(format!("Amazon invested $8 billion in Anthropic [{n}]."))
    });
    let v = ask(&server, "How much did Google invest in Anthropic?").await;
    assert_fallback(&v, "missing_party");
    assert!(v.answer.is_abstained(), "{v:?}");
}

#[tokio::test]
async fn parties_the_extractive_answer_finds_unconnected_stay_unconnected() {
    // Google from one sentence, Anthropic and the figure from another: each claim checks out
    // alone, and no source connects the two.
    let server = FakeOpenAi::start(|_, req| {
        let google = source_with(req, "accord stratégique avec Google");
        let amazon = source_with(req, AMAZON_SOURCE);
        Reply::Text(format!(
            "Google invested $8 billion in Anthropic [{google}][{amazon}]."
        ))
    });
    let v = ask(&server, "How much did Google invest in Anthropic?").await;
    assert_fallback(&v, "unconnected_parties");
    assert!(v.answer.is_abstained(), "{v:?}");
}

#[tokio::test]
async fn an_unfinished_json_answer_is_never_shown() {
    // Observed with Gemma 3 270M: the object cut off mid-string, followed by a marker.
    let server = FakeOpenAi::replying(Reply::Text(
        r#"{"answer": "The company is a leader in the field of AI-powered models [1]"#.into(),
    ));
    assert_fallback(&ask(&server, AMAZON_EN).await, "broken_json");
}

#[tokio::test]
async fn an_answer_in_another_language_than_the_question_falls_back() {
    // True, cited, and in English to a French question.
    let server = FakeOpenAi::start(|_, req| {
        let n = source_with(req, AMAZON_SOURCE);
        Reply::Text(format!("Amazon invested $8 billion in Anthropic [{n}]."))
    });
    let v = ask(&server, "Combien Amazon a-t-il investi dans Anthropic ?").await;
    assert_fallback(&v, "wrong_language");
}

#[tokio::test]
async fn an_answer_without_the_figure_the_question_asks_for_falls_back() {
    // Everything it says is in its source, and it never says how much.
    let server = FakeOpenAi::start(|_, req| {
        let n = source_with(req, AMAZON_SOURCE);
        Reply::Text(format!(
            "Amazon raised its investment in Anthropic to strengthen its position in generative AI models [{n}]."
        ))
    });
    assert_fallback(&ask(&server, AMAZON_EN).await, "not_what_was_asked");
    // "Quelle est la valeur…" asks for an amount too.
    let server = FakeOpenAi::start(|_, req| {
        let n = source_with(req, "CoreWeave");
        Reply::Text(format!(
            "Les contrats annoncés par CoreWeave sont des accords d’infrastructure [{n}]."
        ))
    });
    let v = ask(
        &server,
        "Quelle est la valeur des contrats annoncés par CoreWeave ?",
    )
    .await;
    assert_fallback(&v, "not_what_was_asked");
}

#[tokio::test]
async fn an_answer_that_names_no_one_to_a_who_question_falls_back() {
    let server = FakeOpenAi::start(|_, req| {
        let n = source_with(req, "SoftBank");
        Reply::Text(format!(
            "The company signed a $2 billion agreement with Intel to strengthen access to advanced cloud and infrastructure technologies [{n}]."
        ))
    });
    let question = "Which company signed a 2 billion dollar agreement with Intel?";
    assert_fallback(&ask(&server, question).await, "not_what_was_asked");
    // Naming the company is an answer.
    let server = FakeOpenAi::start(|_, req| {
        let n = source_with(req, "SoftBank");
        Reply::Text(format!("SoftBank Group [{n}]."))
    });
    let v = ask(&server, question).await;
    assert_eq!(v.mode, Produced::Llm, "{v:?}");
}

#[tokio::test]
async fn an_answer_to_one_side_of_a_comparison_falls_back() {
    // The extractive answer rests on both deals; the model's on the US government's alone.
    let server = FakeOpenAi::start(|_, req| {
        let n = source_with(req, "8,9 milliards de dollars dans Intel");
        Reply::Text(format!(
            "The US government invested $8.9 billion in Intel [{n}]."
        ))
    });
    let v = ask(
        &server,
        "Which is bigger, the US government's investment in Intel or Amazon's in Anthropic?",
    )
    .await;
    assert_fallback(&v, "missing_party");
}

#[tokio::test]
async fn an_overview_that_leaves_out_a_deal_falls_back() {
    // Intel has two deals in the knowledge base; the answer gives one.
    let server = FakeOpenAi::start(|_, req| {
        let n = source_with(req, "8,9 milliards de dollars dans Intel");
        Reply::Text(format!(
            "Le gouvernement américain a investi 8,9 milliards de dollars dans Intel [{n}]."
        ))
    });
    let v = ask(&server, "Que se passe-t-il avec Intel ?").await;
    assert_fallback(&v, "not_what_was_asked");
}
