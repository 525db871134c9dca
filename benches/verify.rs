//! The latency verification adds to a model answer, and what preparing the prompt costs.
//! Run with `cargo bench --bench verify`.
//!
//! - `verify/*`: checking markers and figures of a model answer against its sources (the only
//!   work added between the model's last token and the answer being shown);
//! - `judge/*`: verification plus building the answer to show;
//! - `prepare/*`: the extractive answer, retrieval and the prompt (runs before the model call).

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

use dealdesk_core::generation::{self as llm, verify};
use dealdesk_core::kb::open_fresh;

fn bench_verify(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus"));
    let fresh = open_fresh(corpus, dir.path()).expect("index the shipped corpus");
    let kb = &fresh.kb;
    for (name, q) in [
        ("en", "How much did Amazon invest in Anthropic?"),
        ("fr", "Combien Amazon a-t-il investi dans Anthropic ?"),
    ] {
        let prepared = llm::prepare(kb, q).expect("prepare");
        let n = prepared
            .sources
            .iter()
            .find(|s| s.citation.text.contains("8 milliards de dollars"))
            .expect("a source with the figure")
            .citation
            .n;
        let lang = prepared.extractive.language;
        let good = format!(
            "Amazon invested $8 billion in Anthropic [{n}]. The investment was made in several \
             steps, according to the article [{n}]. Both companies describe a long partnership [1]."
        );
        assert!(matches!(
            verify::verify(&good, lang, &prepared.sources, &prepared.entities),
            Ok(verify::Verdict::Cited(_))
        ));
        let bad = format!("Amazon invested $9 billion in Anthropic [{n}].");
        c.bench_function(&format!("verify/{name}_accepted"), |b| {
            b.iter(|| verify::verify(&good, lang, &prepared.sources, &prepared.entities))
        });
        c.bench_function(&format!("verify/{name}_rejected"), |b| {
            b.iter(|| verify::verify(&bad, lang, &prepared.sources, &prepared.entities))
        });
        c.bench_function(&format!("judge/{name}"), |b| {
            b.iter(|| llm::judge(prepared.clone(), Ok(good.clone())))
        });
        c.bench_function(&format!("prepare/{name}"), |b| {
            b.iter(|| llm::prepare(kb, q).expect("prepare"))
        });
    }
}

criterion_group!(benches, bench_verify);
criterion_main!(benches);
