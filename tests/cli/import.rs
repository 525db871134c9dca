//! `dealdesk import`: each kind of input becomes a valid article with its metadata, a second
//! import adds nothing, no file is ever replaced, bad inputs are reported while the others are
//! imported, and imported articles are indexed and cited.

use std::path::{Path, PathBuf};

use dealdesk_core::corpus::articles;
use dealdesk_core::model::Article;
use serde_json::Value;

use crate::helpers::{App, Run};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import")
}

fn fixture(name: &str) -> String {
    fixtures().join(name).display().to_string()
}

fn import(app: &App, args: &[&str]) -> Run {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    app.run(&all)
}

fn imported(app: &App, args: &[&str]) -> Run {
    let run = import(app, args);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    run
}

fn load(app: &App, id: &str) -> Article {
    let path = app.article_path(&format!("{id}.md"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    articles::parse(&path, &bytes).unwrap_or_else(|p| panic!("{p}"))
}

/// The article a fixture gives.
struct Expected {
    id: &'static str,
    title: &'static str,
    language: &'static str,
    url: Option<&'static str>,
    published: Option<&'static str>,
    author: Option<&'static str>,
    source: &'static str,
}

const EXPECTED: &[Expected] = &[
    Expected {
        id: "nimbus-corp-to-invest-3-billion-in-cirrus-labs",
        title: "Nimbus Corp to invest $3 billion in Cirrus Labs",
        language: "en",
        url: Some("https://infrawire.example.com/2025/09/nimbus-cirrus"),
        // 21:30 at -04:00 on the 30th: the publisher's day, not UTC's.
        published: Some("2025-09-30"),
        author: Some("Jane Doe"),
        source: "Infra Wire",
    },
    Expected {
        id: "helio-grid-buys-stratus-power-for-1-2-billion",
        title: "Helio Grid buys Stratus Power for $1.2 billion",
        language: "en",
        url: Some("https://infrawire.example.com/2025/09/helio-stratus"),
        published: Some("2025-09-29"),
        author: Some("John Smith"),
        source: "Infra Wire",
    },
    Expected {
        id: "veridia-capital-investit-500-millions-d-euros-dans-quantix",
        title: "Veridia Capital investit 500 millions d'euros dans Quantix",
        language: "fr",
        url: Some("https://depeches.example.fr/2025/10/veridia-quantix"),
        published: Some("2025-10-02"),
        author: Some("Marie Dupont"),
        source: "Dépêches Infra",
    },
    Expected {
        id: "orion-networks-raises-750-million-for-ai-data-centers",
        title: "Orion Networks raises $750 million for AI data centers",
        language: "en",
        url: Some("https://www.example.org/business/orion-networks-raises-750-million"),
        published: Some("2025-08-14"),
        author: Some("Alex Chen"),
        source: "page-jsonld.html",
    },
    Expected {
        id: "lumen-cloud-acquiert-40-de-datanord-pour-2-milliards-d-euros",
        title: "Lumen Cloud acquiert 40 % de Datanord pour 2 milliards d'euros",
        language: "fr",
        url: Some("https://www.journal-tech.example.fr/entreprises/lumen-cloud-datanord"),
        published: Some("2025-09-12"),
        author: Some("Claire Martin"),
        source: "page-og.html",
    },
    Expected {
        id: "kestrel-robotics-signs-90-million-deal-with-atlas-foundry",
        title: "Kestrel Robotics signs $90 million deal with Atlas Foundry",
        language: "en",
        url: None,
        published: None,
        author: None,
        source: "note.txt",
    },
    Expected {
        id: "borealis-energy-takes-25-stake-in-polar-compute",
        title: "Borealis Energy takes 25% stake in Polar Compute",
        language: "en",
        url: None,
        published: None,
        author: None,
        source: "brief.markdown",
    },
    Expected {
        id: "quasar-fabs-secures-1-5-billion-loan",
        title: "Quasar Fabs secures $1.5 billion loan",
        language: "en",
        url: Some("https://wire.example.net/quasar-fabs-loan"),
        published: Some("2025-07-21"),
        author: Some("Sam Lee"),
        source: "Example Wire",
    },
];

#[test]
fn each_kind_of_input_becomes_a_valid_article_with_its_metadata() {
    let app = App::shipped();
    let run = imported(&app, &[&fixture("")]);
    assert!(
        run.stdout.contains("import: 8 added, 0 skipped, 0 failed"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("dealdesk index"), "{}", run.stderr);
    for e in EXPECTED {
        let Expected {
            id,
            title,
            language,
            url,
            published,
            author,
            source,
        } = *e;
        let a = load(&app, id);
        assert_eq!(a.id.as_str(), id);
        assert_eq!(a.title, title, "{id}");
        assert_eq!(a.language.code(), language, "{id}");
        assert_eq!(a.url.as_deref(), url, "{id}");
        assert_eq!(
            a.published.map(|d| d.to_string()).as_deref(),
            published,
            "{id}"
        );
        assert_eq!(a.author.as_deref(), author, "{id}");
        assert_eq!(a.source.as_deref(), Some(source), "{id}");
        for p in &a.paragraphs {
            assert!(
                !p.text.contains(['<', '>', '\n', '\t']),
                "{id}: {:?}",
                p.text
            );
            assert!(
                !p.text.contains("  ") && !p.text.contains("**"),
                "{id}: {:?}",
                p.text
            );
        }
        let line = format!("added articles/{id}.md  (from ");
        assert!(run.stdout.contains(&line), "{line}\n{}", run.stdout);
    }

    // The feed item's HTML content: its paragraphs, entities decoded, no markup.
    let nimbus = load(&app, EXPECTED[0].id);
    assert_eq!(nimbus.paragraphs.len(), 3);
    assert!(
        nimbus.paragraphs[1]
            .text
            .contains("Cirrus Labs & a seat on its board. Regulators")
    );
    // The page: its text without menu, byline, advertisement or footer, its heading kept.
    let orion = load(&app, EXPECTED[3].id);
    let body: Vec<&str> = orion.paragraphs.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(body.len(), 4, "{body:?}");
    assert!(body[0].starts_with("Orion Networks has raised $750 million in a new funding round"));
    assert!(
        !body
            .iter()
            .any(|p| p.contains("Advertisement") || p.contains("Subscribe"))
    );
    assert_eq!(
        orion.paragraphs[2].heading.as_deref(),
        Some("Expansion plans")
    );
    // Hard-wrapped text is one paragraph per block; the title is not repeated in the body.
    let kestrel = load(&app, EXPECTED[5].id);
    assert_eq!(kestrel.paragraphs.len(), 2);
    assert!(
        kestrel.paragraphs[0]
            .text
            .contains("Atlas Foundry to manufacture the custom chips")
    );
    let borealis = load(&app, EXPECTED[6].id);
    assert_eq!(
        borealis.paragraphs[1].heading.as_deref(),
        Some("Background")
    );
    // A Markdown file with front matter is copied as it is.
    assert_eq!(
        std::fs::read(app.article_path("quasar-fabs-secures-1-5-billion-loan.md")).unwrap(),
        std::fs::read(fixtures().join("ready.md")).unwrap()
    );
}

#[test]
fn a_second_import_adds_nothing_and_says_duplicate() {
    let app = App::shipped();
    imported(&app, &[&fixture("")]);
    let before = app.corpus_text();
    let run = imported(&app, &[&fixture("")]);
    assert!(
        run.stdout.contains("import: 0 added, 8 skipped, 0 failed"),
        "{}",
        run.stdout
    );
    for line in run.stdout.lines().filter(|l| !l.starts_with("import:")) {
        assert!(
            line.starts_with("skipped ") && line.contains(": duplicate of articles/"),
            "{line}"
        );
    }
    assert!(run.stdout.contains(
        "page-jsonld.html (\"Orion Networks raises $750 million for AI data centers\"): duplicate of articles/orion-networks-raises-750-million-for-ai-data-centers.md (same URL)"
    ));
    assert!(run.stdout.contains(
        "note.txt (\"Kestrel Robotics signs $90 million deal with Atlas Foundry\"): duplicate of articles/kestrel-robotics-signs-90-million-deal-with-atlas-foundry.md (same text)"
    ));
    assert!(!run.stderr.contains("dealdesk index"), "{}", run.stderr);
    assert_eq!(app.corpus_text(), before);

    // The same text under another name and URL is a duplicate too.
    let dir = tempfile::tempdir().unwrap();
    let html = std::fs::read_to_string(fixtures().join("page-jsonld.html"))
        .unwrap()
        .replace("orion-networks-raises-750-million", "mirror/orion");
    std::fs::write(dir.path().join("mirror.html"), html).unwrap();
    let run = imported(
        &app,
        &[&dir.path().join("mirror.html").display().to_string()],
    );
    assert!(run.stdout.contains("(same text)"), "{}", run.stdout);
}

#[test]
fn an_existing_file_is_never_overwritten() {
    let app = App::shipped();
    imported(&app, &[&fixture("note.txt"), &fixture("feed.xml")]);

    // Edited by someone since: the import recognises its article and leaves the file alone.
    let kestrel = "kestrel-robotics-signs-90-million-deal-with-atlas-foundry.md";
    let nimbus = "nimbus-corp-to-invest-3-billion-in-cirrus-labs.md";
    let mut edited = Vec::new();
    for file in [kestrel, nimbus] {
        let text = std::fs::read_to_string(app.article_path(file)).unwrap();
        let text = text.replace("Arizona", "Nevada") + "\nA paragraph added by an editor.\n";
        app.write_article(file, &text);
        edited.push(text);
    }
    let run = imported(&app, &[&fixture("note.txt"), &fixture("feed.xml")]);
    assert!(
        run.stdout.contains("import: 0 added, 3 skipped"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(&format!(
        "duplicate of articles/{kestrel} (same title and source; that file was edited since and is left as it is)"
    )), "{}", run.stdout);
    assert!(
        run.stdout
            .contains(&format!("duplicate of articles/{nimbus} (same URL)"))
    );
    for (file, text) in [kestrel, nimbus].iter().zip(&edited) {
        assert_eq!(
            &std::fs::read_to_string(app.article_path(file)).unwrap(),
            text
        );
    }

    // A different article already has the slug: it stays, and the import takes the next one.
    let orion = "orion-networks-raises-750-million-for-ai-data-centers";
    let foreign = crate::helpers::article(orion, "Someone else's story about Orion Networks.");
    app.write_article(&format!("{orion}.md"), &foreign);
    let run = imported(&app, &[&fixture("page-jsonld.html")]);
    assert!(
        run.stdout.contains(&format!("added articles/{orion}-2.md")),
        "{}",
        run.stdout
    );
    assert_eq!(
        std::fs::read_to_string(app.article_path(&format!("{orion}.md"))).unwrap(),
        foreign
    );
    assert_eq!(
        load(&app, &format!("{orion}-2")).id.as_str(),
        format!("{orion}-2")
    );
}

#[test]
fn imported_articles_are_indexed_and_answer_with_citations() {
    let app = App::shipped();
    imported(&app, &[&fixture("")]);
    let run = app.run(&["index"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("index: 9 added"), "{}", run.stdout);

    let a = app.ask_json("How much did Orion Networks raise?");
    assert!(!a.abstained && a.answer.contains("$750 million"), "{a:?}");
    let c = &a.citations[0];
    assert_eq!(
        c.article_id,
        "orion-networks-raises-750-million-for-ai-data-centers"
    );
    assert!(c.id.starts_with("orion-networks-raises-750-million-for-ai-data-centers#p1"));
    assert_eq!(
        c.url.as_deref(),
        Some("https://www.example.org/business/orion-networks-raises-750-million")
    );

    let a = app.ask_json("Quelle participation Lumen Cloud a-t-il acquise dans Datanord ?");
    assert!(!a.abstained && a.answer.contains("40 %"), "{a:?}");
    assert_eq!(
        a.citations[0].article_id,
        "lumen-cloud-acquiert-40-de-datanord-pour-2-milliards-d-euros"
    );
}

#[test]
fn bad_inputs_are_reported_and_the_others_imported() {
    let app = App::shipped();
    let dir = tempfile::tempdir().unwrap();
    let put = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).unwrap();
    put("report.pdf", b"%PDF-1.4 not for us");
    put(
        "broken.xml",
        b"<rss version=\"2.0\"><channel><item><title>cut",
    );
    put("junk.html", &[0xff, 0xfe, 0x00, 0x9c, 0x80, b'<', 0x00]);
    put("empty.txt", b"");
    put("title-only.md", b"# Just a title\n");
    put(
        "bad-front-matter.md",
        b"+++\nid = \"x\"\ntitle = \"X\"\ncolour = \"red\"\n+++\nText.\n",
    );
    std::fs::File::create(dir.path().join("huge.html"))
        .unwrap()
        .set_len(20_000_001)
        .unwrap();
    std::fs::copy(fixtures().join("note.txt"), dir.path().join("note.txt")).unwrap();
    let missing = dir.path().join("missing.html").display().to_string();

    let run = import(&app, &[&dir.path().display().to_string(), &missing]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let line = |start: &str, name: &str| {
        run.stdout
            .lines()
            .find(|l| l.starts_with(start) && l.contains(name))
            .unwrap_or_else(|| panic!("no `{start} …{name}` line:\n{}", run.stdout))
            .to_string()
    };
    assert!(line("skipped", "report.pdf").ends_with(
        "report.pdf: unsupported file type (.pdf; import .html, .htm, .xml, .rss, .atom, .txt, .md or .markdown files)"
    ));
    assert!(line("failed", "broken.xml").contains("malformed feed"));
    assert!(line("failed", "junk.html").contains("not UTF-8"));
    assert!(line("failed", "empty.txt").contains("empty file"));
    assert!(line("failed", "title-only.md").contains("no article text found"));
    assert!(line("failed", "bad-front-matter.md").contains("colour"));
    assert!(line("failed", "huge.html").contains("larger than 20 MB"));
    assert!(line("failed", "missing.html").contains("cannot read"));
    assert!(line("added", "note.txt").starts_with("added articles/kestrel-robotics"));
    assert!(
        run.stdout.contains("import: 1 added, 1 skipped, 7 failed"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("7 input(s) could not be imported")
            && run.stderr.contains("the others were imported"),
        "{}",
        run.stderr
    );
    // What was imported loads: the corpus still indexes.
    let run = app.run(&["index"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn dry_run_writes_nothing_and_json_reports_for_scripts() {
    let app = App::shipped();
    let before = app.corpus_text();
    let run = imported(&app, &["--dry-run", &fixture("feed.xml")]);
    assert!(
        run.stdout.contains(
            "would add articles/nimbus-corp-to-invest-3-billion-in-cirrus-labs.md  (from "
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("    language en, published 2025-09-30, author Jane Doe, url https://infrawire.example.com/2025/09/nimbus-cirrus"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("import (dry run, nothing written): 2 to add, 0 skipped, 0 failed")
    );
    assert_eq!(app.corpus_text(), before);

    imported(&app, &[&fixture("page-og.html")]);
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("notes.pdf");
    std::fs::write(&pdf, "x").unwrap();
    let run = imported(
        &app,
        &[
            "--json",
            "--dry-run",
            &fixture("atom.xml"),
            &fixture("page-og.html"),
            &pdf.display().to_string(),
        ],
    );
    let json: Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert_eq!(json["dry_run"], true);
    let added = json["added"].as_array().unwrap();
    assert_eq!(added.len(), 1);
    assert_eq!(
        added[0]["file"],
        "articles/veridia-capital-investit-500-millions-d-euros-dans-quantix.md"
    );
    assert_eq!(added[0]["language"], "fr");
    assert_eq!(added[0]["published"], "2025-10-02");
    assert_eq!(added[0]["author"], "Marie Dupont");
    let skipped = json["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 2);
    assert_eq!(skipped[0]["reason"], "duplicate");
    assert_eq!(skipped[0]["same"], "url");
    assert_eq!(
        skipped[0]["duplicate_of"],
        "articles/lumen-cloud-acquiert-40-de-datanord-pour-2-milliards-d-euros.md"
    );
    assert_eq!(skipped[1]["reason"], "unsupported");
    assert_eq!(json["failed"].as_array().unwrap().len(), 0);
    assert!(
        !app.article_path("veridia-capital-investit-500-millions-d-euros-dans-quantix.md")
            .exists()
    );
}

#[test]
fn a_missing_corpus_or_no_path_is_refused() {
    let run: Run = std::process::Command::new(env!("CARGO_BIN_EXE_dealdesk"))
        .args([
            "--corpus",
            "/nonexistent/corpus",
            "import",
            &fixture("note.txt"),
        ])
        .env_remove("DEALDESK_CORPUS")
        .output()
        .unwrap()
        .into();
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("does not exist"), "{}", run.stderr);
    let run = App::shipped().run(&["import"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}
