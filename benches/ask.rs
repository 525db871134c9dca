//! In-process latency of `ask` and `search` on the shipped corpus, and of a full index build.
//! Run with `cargo bench --bench ask`.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

use dealdesk_core::corpus::Corpus;
use dealdesk_core::kb::KnowledgeBase;
use dealdesk_core::kb::open_fresh;
use dealdesk_core::text::Lang;
use dealdesk_desk::{Ask, Desk, DeskOptions};

fn corpus_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus"))
}

fn bench_ask(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let fresh = open_fresh(corpus_dir(), dir.path()).expect("index the shipped corpus");
    let kb = &fresh.kb;
    let mut group = c.benchmark_group("ask");
    for (name, q) in [
        (
            "fr_answer",
            "Combien Amazon a-t-il investi dans Anthropic ?",
        ),
        (
            "en_cross_language",
            "How much did the US government invest in Intel?",
        ),
        ("en_abstain", "How much did Microsoft invest in OpenAI?"),
        (
            "fr_deal_amount",
            "Combien le gouvernement américain a-t-il investi dans Intel ?",
        ),
        ("en_deal_total", "What is the total invested in Intel?"),
        (
            "en_deal_mismatch",
            "How much did Google invest in Anthropic?",
        ),
        ("en_passage_only", "What is the Stargate project?"),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| dealdesk_core::answer::ask(kb, q).expect("answer"))
        });
    }
    group.finish();

    c.bench_function("search/en_two_names", |b| {
        b.iter(|| {
            dealdesk_core::retrieve::search(
                &kb.searcher(),
                kb.fields(),
                "Intel SoftBank agreement",
                Lang::En,
                5,
            )
            .expect("search")
        })
    });
}

/// `ask` as every adapter calls it: through the desk, on a runtime, the index work on the
/// blocking pool.
fn bench_desk(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let fresh = open_fresh(corpus_dir(), dir.path()).expect("index the shipped corpus");
    let desk = Desk::new(std::sync::Arc::new(fresh.kb), DeskOptions::default());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    c.bench_function("desk/fr_answer", |b| {
        b.iter(|| {
            runtime
                .block_on(desk.ask(Ask::new("Combien Amazon a-t-il investi dans Anthropic ?")))
                .expect("answer")
        })
    });
}

/// Highlights of a 6 MB paragraph, as `search --json` and `/v1/search` give them (byte ranges
/// found, then turned into character ranges): linear in the passage, under a second.
fn bench_highlight_large_passage(c: &mut Criterion) {
    let words = [
        "Amazon",
        "invested",
        "milliards",
        "Anthropic",
        "données",
        "cloud",
        "the",
        "of",
    ];
    let mut text = String::with_capacity(6 << 20);
    let mut i = 0usize;
    while text.len() < 6 << 20 {
        text.push_str(words[i % words.len()]);
        text.push(' ');
        i = i.wrapping_mul(31).wrapping_add(7) % 1009;
    }
    let mut group = c.benchmark_group("highlight");
    group.sample_size(10);
    group.bench_function("6mb_paragraph", |b| {
        b.iter(|| {
            let ranges =
                dealdesk_core::retrieve::highlights(&text, Lang::En, "Amazon Anthropic", Lang::En);
            dealdesk_core::wire::char_ranges(&text, &ranges)
        })
    });
    group.finish();
}

fn bench_index_build(c: &mut Criterion) {
    let corpus = Corpus::load(corpus_dir()).expect("load the shipped corpus");
    let mut group = c.benchmark_group("index");
    group.sample_size(10);
    group.bench_function("full_build", |b| {
        b.iter(|| {
            let dir = tempfile::tempdir().expect("temp dir");
            let (kb, _) = KnowledgeBase::open(dir.path()).expect("create index");
            kb.sync(&corpus, &mut |_, _| {}).expect("sync")
        })
    });
    group.finish();
}

criterion_group!(
    benches,
    bench_ask,
    bench_desk,
    bench_highlight_large_passage,
    bench_index_build
);
criterion_main!(benches);
