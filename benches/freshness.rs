//! What every command pays before answering: opening the index and checking it against the
//! corpus (a `stat` per file, the stamps, the commit's digest). Run with
//! `cargo bench --bench freshness`.
//!
//! By default on 10,000 generated articles. `DEALDESK_BENCH_CORPUS` and
//! `DEALDESK_BENCH_INDEX` name another corpus and its index folder (built first when missing
//! or stale), e.g. the 100,000-article corpus of `scripts/scale-bench.sh`.

use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};

use dealdesk_core::kb::fresh::{is_fresh, stamped_fingerprint};
use dealdesk_core::kb::open_fresh;

const GENERATED: usize = 10_000;

fn generated_corpus(dir: &std::path::Path) {
    let articles = dir.join("articles");
    std::fs::create_dir_all(&articles).expect("articles folder");
    for n in 0..GENERATED {
        let text = format!(
            "+++\nid = \"gen-{n:05}\"\ntitle = \"Deal {n}\"\nlanguage = \"en\"\n+++\n\n\
             Company {n} raised ${} million from Investor {} for data centers.\n",
            n % 900 + 10,
            n % 37
        );
        std::fs::write(articles.join(format!("gen-{n:05}.md")), text).expect("article");
    }
}

fn bench_freshness(c: &mut Criterion) {
    let temp = tempfile::tempdir().expect("temp dir");
    let (corpus, index) = match (
        std::env::var_os("DEALDESK_BENCH_CORPUS"),
        std::env::var_os("DEALDESK_BENCH_INDEX"),
    ) {
        (Some(corpus), Some(index)) => (PathBuf::from(corpus), PathBuf::from(index)),
        _ => {
            generated_corpus(&temp.path().join("corpus"));
            (temp.path().join("corpus"), temp.path().join("index"))
        }
    };
    // Built or brought up to date once, and stamped twice, so that every stamp is settled
    // as it is for an index in service.
    drop(open_fresh(&corpus, &index).expect("index the corpus"));
    std::thread::sleep(dealdesk_core::corpus::look::RACY);
    drop(open_fresh(&corpus, &index).expect("open the index"));

    let mut group = c.benchmark_group("freshness");
    group.sample_size(20);
    group.bench_function("open_and_check", |b| {
        b.iter(|| {
            let fresh = open_fresh(&corpus, &index).expect("open the index");
            assert!(fresh.notes.is_empty(), "{:?}", fresh.notes);
        })
    });
    let fresh = open_fresh(&corpus, &index).expect("open the index");
    group.bench_function("check", |b| {
        b.iter(|| {
            let stamps = stamped_fingerprint(&corpus, &index).expect("stamp the corpus");
            assert!(is_fresh(&fresh.kb, &stamps));
        })
    });
    group.finish();
}

criterion_group!(benches, bench_freshness);
criterion_main!(benches);
