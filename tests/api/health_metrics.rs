use serde_json::{Value, json};

use crate::helpers::{metric, spawn_app};

#[tokio::test]
async fn healthz_reports_a_searchable_index() {
    let app = spawn_app();
    let r = app.get("/healthz").await;
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert!(body["passages"].as_u64().unwrap() > 0);
    assert!(body["indexed_at"].as_u64().unwrap() > 0);
}

#[tokio::test]
async fn metrics_count_requests_latency_answers_and_the_index() {
    let app = spawn_app();
    app.ask(json!({"question": "How much did Amazon invest in Anthropic?"}))
        .await;
    let _ = app.post_json("/v1/ask", &json!({})).await;
    let r = app.get("/metrics").await;
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let text = r.text().await.unwrap();
    let get = |name: &str| metric(&text, name).unwrap_or_else(|| panic!("{name} in\n{text}"));
    assert_eq!(
        get("dealdesk_http_requests_total{route=\"/v1/ask\",method=\"POST\",status=\"200\"}"),
        1.0
    );
    assert_eq!(
        get("dealdesk_http_requests_total{route=\"/v1/ask\",method=\"POST\",status=\"422\"}"),
        1.0
    );
    assert_eq!(
        get("dealdesk_http_request_duration_seconds_count{route=\"/v1/ask\"}"),
        2.0
    );
    assert_eq!(
        get("dealdesk_http_request_duration_seconds_bucket{route=\"/v1/ask\",le=\"+Inf\"}"),
        2.0
    );
    assert_eq!(get("dealdesk_answers_total{outcome=\"answered\"}"), 1.0);
    assert_eq!(get("dealdesk_answers_total{outcome=\"abstained\"}"), 0.0);
    assert_eq!(get("dealdesk_llm_fallbacks_total"), 0.0);
    assert!(get("dealdesk_index_passages") > 0.0);
    assert!(get("dealdesk_index_last_reindex_timestamp_seconds") > 1.7e9);
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let value = line.rsplit(' ').next().unwrap();
        assert!(value.parse::<f64>().is_ok(), "not a sample: {line}");
    }
}

#[tokio::test]
async fn each_request_is_logged_with_its_latency_as_json_when_configured() {
    let app = crate::helpers::spawn_app_with(&[], &[("DEALDESK_LOG_FORMAT", "json")]);
    assert_eq!(app.get("/healthz").await.status(), 200);
    // The log line is written after the response: poll the file with a deadline.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let line = loop {
        let log = app.log();
        if let Some(l) = log.lines().find(|l| l.contains("request done")) {
            break l.to_string();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no request log in:\n{log}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };
    let event: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(event["status"], 200);
    assert!(event["latency_ms"].as_f64().is_some());
    assert_eq!(event["span"]["route"], "/healthz");
    assert_eq!(event["span"]["method"], "GET");
}

#[tokio::test]
async fn probe_exits_zero_only_for_a_healthy_server() {
    let app = spawn_app();
    let host_port = app.address.strip_prefix("http://").unwrap().to_string();
    // Its own working directory: the app's goes away with it.
    let cwd = std::sync::Arc::new(tempfile::tempdir().unwrap());
    let probe = move |env_addr: String, url: Option<String>| {
        let mut cmd = crate::helpers::dealdesk(cwd.path());
        cmd.arg("probe").env("DEALDESK_ADDR", env_addr);
        if let Some(u) = url {
            cmd.args(["--url", &u]);
        }
        cmd.output().unwrap().status.success()
    };
    let p = probe.clone();
    let addr = host_port.clone();
    assert!(
        tokio::task::spawn_blocking(move || p(addr, None))
            .await
            .unwrap()
    );
    // A path that is not healthy, and a port nobody listens on.
    let p = probe.clone();
    let url = format!("http://{host_port}/nothing");
    assert!(
        !tokio::task::spawn_blocking(move || p("127.0.0.1:9".into(), Some(url)))
            .await
            .unwrap()
    );
    drop(app);
    assert!(
        !tokio::task::spawn_blocking(move || probe(host_port, None))
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn invented_method_names_do_not_grow_the_metrics() {
    let app = spawn_app();
    let flood = |from: usize| {
        let app = &app;
        async move {
            for i in from..from + 50 {
                let name = format!("FLOOD{i}{}", "X".repeat(2000));
                let method = reqwest::Method::from_bytes(name.as_bytes()).unwrap();
                let r = app
                    .client
                    .request(method, app.url("/v1/ask"))
                    .send()
                    .await
                    .unwrap();
                assert!(r.status().is_client_error(), "{}", r.status());
            }
        }
    };
    flood(0).await;
    // The first scrape adds its own series (GET /metrics): read after it.
    app.metrics().await;
    let after_one = app.metrics().await;
    flood(50).await;
    let after_two = app.metrics().await;
    assert!(!after_two.contains("FLOOD"), "a series per invented method");
    assert!(after_two.contains("method=\"other\""), "{after_two}");
    // The same series, counted higher: a few more digits at most.
    assert!(
        after_two.len() < after_one.len() + 100,
        "{} → {} bytes",
        after_one.len(),
        after_two.len()
    );
    assert!(
        !app.log().contains("FLOOD"),
        "invented methods are not logged verbatim"
    );
}
