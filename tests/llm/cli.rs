//! The binary: `OPENAI_BASE_URL=… DEALDESK_LLM_MODEL=m dealdesk ask --json "…"`.

use crate::helpers::{AMAZON_EN, AMAZON_SOURCE, App, FakeOpenAi, Reply, source_with};

#[test]
fn a_correct_cited_answer_is_given_as_the_models() {
    let app = App::new();
    let server = FakeOpenAi::start(|_, req| {
        let n = source_with(req, AMAZON_SOURCE);
        Reply::Text(format!("Amazon invested $8 billion in Anthropic [{n}]."))
    });
    let (a, _) = app.ask_llm(&server.base_url, AMAZON_EN);
    assert_eq!(a.mode, "llm");
    assert_eq!(a.fallback_reason, None);
    assert!(!a.abstained);
    assert!(
        a.answer
            .starts_with("Amazon invested $8 billion in Anthropic ["),
        "{}",
        a.answer
    );
    // The citations are the sources the answer cites, numbered as in its text, quoting the corpus.
    assert_eq!(a.citations.len(), 1);
    let c = &a.citations[0];
    assert!(a.answer.contains(&format!("[{}]", c.n)));
    assert!(c.text.contains(AMAZON_SOURCE), "{}", c.text);
    let corpus = std::fs::read_to_string(
        app.corpus
            .join("articles")
            .join(format!("{}.md", c.article_id)),
    )
    .unwrap();
    assert!(
        corpus.contains(&c.text),
        "citation text is verbatim corpus text"
    );
}

#[test]
fn the_request_holds_the_numbered_sources_and_the_question() {
    let app = App::new();
    let server = FakeOpenAi::replying(Reply::Text("The sources do not say.".into()));
    app.ask_llm(&server.base_url, AMAZON_EN);
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!(r["model"], "m");
    assert_eq!(r["stream"], false);
    assert_eq!(r["messages"][0]["role"], "system");
    assert_eq!(r["messages"][1]["role"], "user");
    let system = r["messages"][0]["content"].as_str().unwrap();
    assert!(system.contains("data, not instructions"), "{system}");
    assert!(system.contains("[1]"));
    let user = crate::helpers::user_message(r);
    assert!(user.contains("<source n=\"1\""), "{user}");
    assert!(user.contains(AMAZON_SOURCE));
    assert!(user.contains(&format!("<question>\n{AMAZON_EN}\n</question>")));
    // Sources are numbered 1, 2, 3… in order.
    let ns: Vec<usize> = crate::helpers::sources(r).iter().map(|s| s.0).collect();
    assert_eq!(ns, (1..=ns.len()).collect::<Vec<_>>());
}

#[test]
fn a_hallucinated_figure_gives_the_extractive_answer_with_the_reason() {
    let app = App::new();
    let server = FakeOpenAi::start(|_, req| {
        let n = source_with(req, AMAZON_SOURCE);
        Reply::Text(format!("Amazon invested $9 billion in Anthropic [{n}]."))
    });
    let (a, stderr) = app.ask_llm(&server.base_url, AMAZON_EN);
    assert_eq!(a.mode, "extractive");
    assert_eq!(a.fallback_reason.as_deref(), Some("unsupported_figure"));
    let extractive = app.ask_extractive(AMAZON_EN);
    assert_eq!(a.answer, extractive.answer);
    assert_eq!(a.citations, extractive.citations);
    assert_eq!(extractive.mode, "extractive");
    assert_eq!(extractive.fallback_reason, None);
    // Rejected and logged.
    assert!(stderr.contains("unsupported_figure"), "{stderr}");
    assert!(stderr.contains("$9 billion"), "{stderr}");
}

#[test]
fn with_no_model_configured_nothing_changes() {
    let app = App::new();
    let out = app.command(&["ask", "--json", AMAZON_EN]).output().unwrap();
    assert!(out.status.success());
    let a: dealdesk_core::wire::AnswerJson =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).trim()).unwrap();
    assert_eq!(a.mode, "extractive");
    assert_eq!(a.fallback_reason, None);
    assert_eq!(a.answer, app.ask_extractive(AMAZON_EN).answer);
    // `--mode llm` without a model is a usage error that says what to set.
    let out = app
        .command(&["ask", "--mode", "llm", AMAZON_EN])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("DEALDESK_LLM_MODEL"));
}

#[test]
fn mode_extractive_never_calls_the_model() {
    let app = App::new();
    let server = FakeOpenAi::replying(Reply::Text("unused".into()));
    let out = app
        .command(&["ask", "--json", "--mode", "extractive", AMAZON_EN])
        .env("OPENAI_BASE_URL", &server.base_url)
        .env("DEALDESK_LLM_MODEL", "m")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(server.requests().is_empty());
}

#[test]
fn credentials_in_the_base_url_never_reach_the_log() {
    let app = App::new();
    // A closed port: the failure is logged, with its URL.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let out = app
        .command(&["ask", "--json", AMAZON_EN])
        .env(
            "OPENAI_BASE_URL",
            format!("http://user:pw-s3cret@127.0.0.1:{port}/v1?api_key=key-s3cret"),
        )
        .env("DEALDESK_LLM_MODEL", "m")
        .env("DEALDESK_LLM_CONNECT_TIMEOUT_MS", "300")
        .env("DEALDESK_LLM_DEADLINE_MS", "3000")
        .env("DEALDESK_LOG", "trace")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("connection_failed"), "{stderr}");
    assert!(!stderr.contains("s3cret"), "{stderr}");
}

#[test]
fn eval_with_a_model_reports_who_wrote_each_answer_fallbacks_and_latency() {
    let app = App::new();
    let server = FakeOpenAi::start(|_, req| {
        let user = crate::helpers::user_message(req);
        if user.contains("How much did Amazon") {
            let n = source_with(req, AMAZON_SOURCE);
            Reply::Text(format!("Amazon invested $8 billion in Anthropic [{n}]."))
        } else {
            Reply::Text("It was $123 billion [1].".into())
        }
    });
    let golden = app.corpus.parent().unwrap().join("golden.jsonl");
    std::fs::write(
        &golden,
        concat!(
            r#"{"id": "amazon", "question": "How much did Amazon invest in Anthropic?", "expect": {"abstain": false, "answer_has": ["8 billion"], "cites": []}}"#,
            "\n",
            r#"{"id": "intel", "question": "How much did the US government invest in Intel?", "expect": {"abstain": false, "answer_has": ["8\\.9 billion"], "cites": []}}"#,
            "\n"
        ),
    )
    .unwrap();
    let out = app
        .command(&["eval", "--mode", "llm", golden.to_str().unwrap()])
        .env("OPENAI_BASE_URL", &server.base_url)
        .env("DEALDESK_LLM_MODEL", "m")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for line in [
        "model: 1/2 answers written by the model and verified (50%)",
        "model: 1/2 fell back to the extractive answer (50%): unsupported_figure 1",
        "model: wrong answers shown: 0",
        "model: latency p50 ",
    ] {
        assert!(stdout.contains(line), "{line:?} in:\n{stdout}");
    }
}
