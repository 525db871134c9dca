use serde_json::Value;

use crate::helpers::App;

#[test]
fn search_ranks_passages_with_highlights() {
    let app = App::indexed();
    let run = app.run(&["search", "--json", "--limit", "2", "Intel SoftBank"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: Value = serde_json::from_str(run.stdout.trim()).unwrap();
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 2, "{v}");
    assert_eq!(
        hits[0]["id"], "geants-tech-milliards-infrastructure-ia#p5",
        "both names rank first: {v}"
    );
    assert_eq!(hits[0]["rank"], 1);
    assert_eq!(hits[1]["id"], "geants-tech-milliards-infrastructure-ia#p4");
    let text = hits[0]["text"].as_str().unwrap();
    let marked: Vec<String> = hits[0]["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            text.chars()
                .skip(r[0].as_u64().unwrap() as usize)
                .take((r[1].as_u64().unwrap() - r[0].as_u64().unwrap()) as usize)
                .collect()
        })
        .collect();
    assert_eq!(marked, ["Intel", "SoftBank", "Intel"]);
}

#[test]
fn search_text_output_marks_matches() {
    let app = App::indexed();
    let run = app.run(&["search", "investment Anthropic"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let first = run.stdout.lines().next().unwrap();
    assert!(
        first.starts_with("1. ") && first.contains("#p7"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("**Anthropic**"), "{}", run.stdout);
    assert!(
        run.stdout.contains("**investissement**"),
        "cross-language match highlighted: {}",
        run.stdout
    );
}

#[test]
fn search_limit_is_validated() {
    let app = App::indexed();
    let run = app.run(&["search", "--limit", "0", "Intel"]);
    assert_eq!(run.code, 2);
    let run = app.run(&["search", "--limit", "abc", "Intel"]);
    assert_eq!(run.code, 2);
}

#[test]
fn search_batch_prints_one_line_per_query() {
    let app = App::indexed();
    let run = app.run_with_stdin(
        &["search", "--batch", "-", "--latency"],
        "Intel\nAnthropic\n",
    );
    assert!(
        run.stderr.contains("latency: 2 lines, p50 "),
        "{}",
        run.stderr
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["query"], "Anthropic");
    assert!(
        lines[1]["hits"][0]["text"]
            .as_str()
            .unwrap()
            .contains("Anthropic")
    );
}

#[test]
fn show_prints_a_sentence_with_its_neighbours() {
    let app = App::indexed();
    let run = app.run(&[
        "show",
        "--json",
        "geants-tech-milliards-infrastructure-ia#p5.s2",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert!(
        v["text"]
            .as_str()
            .unwrap()
            .starts_with("Le même mois, SoftBank Group")
    );
    assert_eq!(
        v["heading"],
        "Des partenariats croisés entre acteurs du cloud et des semi-conducteurs"
    );
    assert_eq!(
        v["previous"]["id"],
        "geants-tech-milliards-infrastructure-ia#p5.s1"
    );
    assert!(v["next"].is_null());
    let start = v["chars"][0].as_u64().unwrap();
    assert_eq!(start, "En août, le gouvernement américain a investi 8,9 milliards de dollars dans Intel, acquérant 9,9 % du capital du fabricant de puces. ".chars().count() as u64);
}

#[test]
fn show_prints_a_passage_in_text() {
    let app = App::indexed();
    let run = app.run(&["show", "geants-tech-milliards-infrastructure-ia#p7"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("## CoreWeave, Meta, Amazon et Tesla dans la course à l’IA"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("> [geants-tech-milliards-infrastructure-ia#p7] Amazon, pour sa part"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("[geants-tech-milliards-infrastructure-ia#p6]")
    );
    assert!(
        run.stdout
            .contains("[geants-tech-milliards-infrastructure-ia#p8]")
    );
}

#[test]
fn show_rejects_bad_and_unknown_ids() {
    let app = App::indexed();
    let run = app.run(&["show", "not an id"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("invalid citation id"), "{}", run.stderr);
    let run = app.run(&["show", "geants-tech-milliards-infrastructure-ia#p99"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("no passage"), "{}", run.stderr);
    let run = app.run(&["show", "geants-tech-milliards-infrastructure-ia#p7.s9"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("1 sentence"), "{}", run.stderr);
}

#[test]
fn amounts_written_three_ways_find_the_same_passage() {
    let app = App::indexed();
    for q in ["$8.9B", "8.9 billion dollars", "8,9 milliards de dollars"] {
        let run = app.run(&["search", "--json", "--limit", "1", "--", q]);
        assert_eq!(run.code, 0, "{q}: {}", run.stderr);
        let v: Value = serde_json::from_str(run.stdout.trim()).unwrap();
        assert_eq!(
            v["hits"][0]["id"], "geants-tech-milliards-infrastructure-ia#p5",
            "{q}: {v}"
        );
    }
}
