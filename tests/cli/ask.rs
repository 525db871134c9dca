use serde_json::Value;

use crate::helpers::{self, App};

#[test]
fn french_question_gets_a_cited_answer_in_the_contract_shape() {
    let app = App::indexed();
    let run = app.run(&[
        "ask",
        "--json",
        "Combien Amazon a-t-il investi dans Anthropic ?",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "exactly one JSON object: {}", run.stdout);
    let v: Value = serde_json::from_str(lines[0]).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    for key in [
        "question",
        "language",
        "answer",
        "abstained",
        "citations",
        "related",
    ] {
        assert!(keys.contains(&key), "missing {key}: {v}");
    }
    assert_eq!(v["language"], "fr");
    assert_eq!(v["abstained"], false);
    let c = &v["citations"][0];
    assert_eq!(c["n"], 1);
    assert_eq!(c["id"], "geants-tech-milliards-infrastructure-ia#p7.s1");
    assert_eq!(c["article_id"], "geants-tech-milliards-infrastructure-ia");
    assert!(c["url"].is_null());
    assert!(c["title"].as_str().unwrap().contains("géants de la tech"));
    assert!(
        v["answer"]
            .as_str()
            .unwrap()
            .contains("8 milliards de dollars")
    );
    assert!(v["answer"].as_str().unwrap().contains("[1]"));
}

#[test]
fn english_question_finds_the_french_article() {
    let app = App::indexed();
    let a = app.ask_json("How much did the US government invest in Intel?");
    assert_eq!(a.language, "en");
    assert!(!a.abstained, "{}", a.answer);
    assert!(
        a.citations[0]
            .text
            .contains("8,9 milliards de dollars dans Intel"),
        "{:?}",
        a.citations
    );
}

#[test]
fn every_citation_quotes_the_corpus_verbatim_and_every_figure_is_cited() {
    let app = App::indexed();
    let corpus = app.corpus_text();
    for q in [
        "Combien Amazon a-t-il investi dans Anthropic ?",
        "What stake did the US government take in Intel?",
        "How many shares can OpenAI buy from AMD?",
        "Quelle est la valeur des contrats annoncés par CoreWeave ?",
        "How much is the Windsurf agreement with Google worth?",
    ] {
        let a = app.ask_json(q);
        assert!(!a.abstained, "{q}: {}", a.answer);
        for c in &a.citations {
            assert!(
                corpus.contains(&c.text),
                "{q}: citation not verbatim: {}",
                c.text
            );
            assert!(
                a.answer.contains(&format!("[{}]", c.n)),
                "{q}: marker [{}] missing",
                c.n
            );
        }
        let lang = dealdesk_core::text::Lang::parse(&a.language).unwrap();
        let cited: String = a
            .citations
            .iter()
            .map(|c| c.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let cited_figures = dealdesk_core::text::figures(&cited, dealdesk_core::text::Lang::Fr);
        for figure in dealdesk_core::text::figures(&a.answer, lang) {
            assert!(
                cited_figures.contains(&figure),
                "{q}: figure {figure} is in no citation: {}",
                a.answer
            );
        }
    }
}

#[test]
fn abstentions_are_flagged_and_offer_related_passages() {
    let app = App::indexed();
    let a = app.ask_json("How much did Microsoft invest in OpenAI?");
    assert!(a.abstained);
    assert!(a.citations.is_empty());
    assert!(
        a.answer.starts_with("Not in the knowledge base"),
        "{}",
        a.answer
    );
    assert!(
        a.answer.contains("Microsoft") && a.answer.contains("OpenAI"),
        "says what it knows: {}",
        a.answer
    );
    assert!(!a.related.is_empty());
    assert!(
        a.related.iter().any(|r| r.text.contains("Microsoft")),
        "{:?}",
        a.related
    );

    let a = app.ask_json("Quelle est la capitale de la France ?");
    assert!(a.abstained);
    assert_eq!(a.language, "fr");
    assert!(
        a.answer.contains("pas dans la base de connaissances"),
        "{}",
        a.answer
    );
}

#[test]
fn text_output_lists_citations_under_the_answer() {
    let app = App::indexed();
    let run = app.run(&["ask", "How much did Amazon invest in Anthropic?"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines[0].contains("[1]"), "{}", run.stdout);
    let citation = lines
        .iter()
        .find(|l| l.starts_with("[1] "))
        .expect("a citation line");
    assert!(
        citation.contains(" — ¶7: «Amazon, pour sa part"),
        "{citation}"
    );
    assert!(citation.ends_with("générative.»"), "{citation}");
}

#[test]
fn batch_answers_every_line_in_order_from_a_file_and_stdin() {
    let app = App::indexed();
    let questions = "How much did Amazon invest in Anthropic?\n\nWhat is the capital of France?\nCombien le gouvernement américain a-t-il investi dans Intel ?\n";
    let file = app.corpus.join("questions.txt");
    std::fs::write(&file, questions).unwrap();
    for run in [
        app.run(&["ask", "--batch", file.to_str().unwrap()]),
        app.run_with_stdin(&["ask", "--batch", "-"], questions),
    ] {
        assert_eq!(run.code, 0, "{}", run.stderr);
        let lines: Vec<Value> = run
            .stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 4, "{}", run.stdout);
        assert_eq!(lines[0]["abstained"], false);
        assert_eq!(
            lines[1]["line"], 2,
            "a blank line keeps its place with an error"
        );
        assert!(lines[1]["error"].as_str().unwrap().contains("empty"));
        assert_eq!(lines[2]["abstained"], true);
        assert_eq!(
            lines[3]["question"],
            "Combien le gouvernement américain a-t-il investi dans Intel ?"
        );
        assert!(!run.stderr.contains("latency"), "{}", run.stderr);
    }
    // On request, the latency of every line, the blank one included, on standard error only.
    let run = app.run_with_stdin(&["ask", "--batch", "-", "--latency"], questions);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 4, "{}", run.stdout);
    let report = run
        .stderr
        .lines()
        .find(|l| l.starts_with("latency: 4 lines, p50 "))
        .unwrap_or_else(|| panic!("no latency line: {}", run.stderr));
    assert!(
        report.contains(" ms, p99 ") && report.ends_with(" ms"),
        "{report}"
    );
    // It means nothing for one question.
    let run = app.run(&[
        "ask",
        "--latency",
        "How much did Amazon invest in Anthropic?",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn missing_index_is_built_with_a_note() {
    let app = App::shipped();
    let run = app.run(&[
        "ask",
        "--json",
        "Combien Amazon a-t-il investi dans Anthropic ?",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("building it"), "{}", run.stderr);
    assert!(run.stdout.contains("\"abstained\":false"));
}

#[test]
fn deal_answers_state_only_cited_figures() {
    let app = App::indexed();
    for q in [
        "How much did the American government put into Intel?",
        "Combien a été investi au total dans Intel ?",
        "How many AMD shares can OpenAI buy?",
        "Which deals involve Intel?",
        "What is the largest deal?",
    ] {
        let a = app.ask_json(q);
        assert!(!a.abstained, "{q}: {}", a.answer);
        let lang = dealdesk_core::text::Lang::parse(&a.language).unwrap();
        let mut supported: Vec<String> = Vec::new();
        for c in &a.citations {
            supported.extend(dealdesk_core::text::figures(
                &c.text,
                dealdesk_core::text::Lang::Fr,
            ));
        }
        for d in &a.deals {
            // A year inferred from the article's date is stated as such in the answer.
            if d.date_inferred {
                supported.extend(d.date.iter().map(|x| x[..4].to_string()));
            }
        }
        // Aggregates are derived: the sum of the cited amounts and the number of deals listed.
        let sums: Vec<String> = {
            let amounts: Vec<f64> = a
                .deals
                .iter()
                .filter_map(|d| d.amount.as_ref().map(|m| m.value))
                .collect();
            vec![
                format!("{}", amounts.iter().sum::<f64>()),
                a.deals.len().to_string(),
            ]
        };
        for figure in dealdesk_core::text::figures(&a.answer, lang) {
            assert!(
                supported.contains(&figure) || sums.contains(&figure),
                "{q}: figure {figure} is in no citation: {}",
                a.answer
            );
        }
    }
}

/// A wire story nobody wrote rules for: the answer is the span asked, cited, or an abstention.
#[test]
fn a_new_article_is_read_for_the_fact_asked() {
    let app = App::shipped();
    app.write_article(
        "acme.md",
        helpers::article(
            "acme-beta",
            "Acme Widgets Inc said it agreed to acquire <Beta Tools Corp> for about 42 mln dlrs in cash.\n\nAcme said the purchase is expected to close in April.\n\nSeparately, Gamma Corp said it bought Delta Inc for an undisclosed amount.",
        ),
    );
    let amount = app.ask_json("How much will Acme Widgets pay for Beta Tools?");
    assert!(!amount.abstained, "{}", amount.answer);
    assert!(
        amount.answer.starts_with("About $42 million [1]"),
        "{}",
        amount.answer
    );
    assert!(amount.citations[0].text.contains("for about 42 mln dlrs"));

    let buyer = app.ask_json("Who is acquiring Beta Tools?");
    assert!(buyer.answer.starts_with("Acme Widgets"), "{}", buyer.answer);

    let undisclosed = app.ask_json("How much did Gamma pay for Delta?");
    assert!(!undisclosed.abstained, "{}", undisclosed.answer);
    assert!(
        undisclosed.answer.contains("not disclosed"),
        "{}",
        undisclosed.answer
    );

    let french = app.ask_json("Combien Acme Widgets paie-t-il pour Beta Tools ?");
    assert!(
        french
            .answer
            .starts_with("Environ 42 millions de dollars [1]"),
        "{}",
        french.answer
    );

    let digest = app.ask_json("What's going on with Acme Widgets?");
    assert!(
        digest
            .answer
            .starts_with("What the sources say about Acme Widgets:"),
        "{}",
        digest.answer
    );
    assert!(
        digest
            .citations
            .iter()
            .any(|c| c.text.contains("agreed to acquire"))
    );

    // Another deal's figure is never borrowed.
    let trap = app.ask_json("How much did Gamma pay for Beta Tools?");
    assert!(trap.abstained, "{}", trap.answer);
    assert!(!trap.answer.contains("42"), "{}", trap.answer);
}

/// The shipped corpus with one more article, `body` under the id `id`.
fn shipped_with(id: &str, body: &str) -> App {
    let app = App::shipped();
    app.write_article(&format!("{id}.md"), helpers::article(id, body));
    app
}

/// Each question answered (not abstained), its answer holding the figure or date given.
fn assert_answers(app: &App, cases: &[(&str, &str)]) {
    for (question, has) in cases {
        let a = app.ask_json(question);
        assert!(
            !a.abstained && a.answer.contains(has),
            "{question}: {}",
            a.answer
        );
    }
}

/// Each question's answer (or abstention) free of the figure or date given.
fn assert_never_says(app: &App, cases: &[(&str, &str)]) {
    for (question, lacks) in cases {
        let a = app.ask_json(question);
        assert!(!a.answer.contains(lacks), "{question}: {}", a.answer);
    }
}

#[test]
fn a_date_that_times_another_event_of_the_sentence_is_not_the_answer() {
    let app = shipped_with(
        "zorvex-night-trading",
        "When Zorvex Exchange announced its proposed rule change in December, its president said the expansion of night trading would bring 24-hour markets.\n\nThe Commodity Board approved the rule change in February.",
    );
    // December is when the change was announced: not when trading expands, nor when the
    // change was approved (which the other sentence dates).
    assert_never_says(
        &app,
        &[
            (
                "When will Zorvex Exchange expand its night trading?",
                "December",
            ),
            ("When was the Zorvex rule change approved?", "December"),
        ],
    );
    assert_answers(
        &app,
        &[
            (
                "When did Zorvex Exchange announce its rule change?",
                "December",
            ),
            (
                "When did the Commodity Board approve the rule change?",
                "February",
            ),
        ],
    );
}

#[test]
fn each_figure_of_a_sentence_answers_for_the_month_written_after_it() {
    let app = shipped_with(
        "zentra-output",
        "Zentra Oil crude output fell last month to an average of 2.1 mln barrels per day from 2.4 mln bpd in January, industry sources said.\n\nZentra Oil produced 9.5 mln barrels in March 2024, from 8.7 mln barrels in March 2023.",
    );
    assert_answers(
        &app,
        &[
            ("What was Zentra Oil's crude output in January?", "2.4"),
            (
                "How many barrels did Zentra Oil produce in March 2023?",
                "8.7",
            ),
            (
                "How many barrels did Zentra Oil produce in March 2024?",
                "9.5",
            ),
            (
                "Combien de barils Zentra Oil a-t-il produits en mars 2023 ?",
                "8,7",
            ),
        ],
    );
}

#[test]
fn a_figure_for_the_full_year_does_not_answer_for_a_quarter() {
    let app = shipped_with(
        "velora-results",
        "Analysts said Velora Corp's profits are concentrated at the end of the year. In 2024 Velora Corp earned 1.40 dlrs per share for the full year, and 0.52 dlrs in the fourth quarter.",
    );
    assert_never_says(
        &app,
        &[(
            "How much did Velora Corp earn in the fourth quarter?",
            "1.40",
        )],
    );
    assert_answers(
        &app,
        &[
            (
                "Combien Velora Corp a-t-il gagné au quatrième trimestre ?",
                "0,52",
            ),
            ("How much did Velora Corp earn per share in 2024?", "1.40"),
        ],
    );
}

#[test]
fn figures_shared_out_in_one_sentence_go_to_the_party_named_after_by() {
    let app = shipped_with(
        "quillon-holders",
        "Under the agreement, Quillon Energy will be held by Marden Capital and Ostrava Group.\n\nTwelve pct of Quillon Energy would be owned by members of the Varga family, and seven pct by the Bank of Lisvara.",
    );
    assert_answers(
        &app,
        &[
            (
                "What stake would the Bank of Lisvara own in Quillon Energy?",
                "7%",
            ),
            (
                "How much of Quillon Energy would the Varga family own?",
                "12%",
            ),
        ],
    );
}

#[test]
fn a_french_article_is_read_for_an_amount_in_euros() {
    let app = App::shipped();
    app.write_article(
        "veridia.md",
        "+++\nid = \"veridia-quantix\"\ntitle = \"Veridia Capital mise sur Quantix\"\nlanguage = \"fr\"\npublished = \"2025-10-02\"\n+++\n\nLe fonds Veridia Capital a investi 500 millions d'euros dans Quantix, une start-up de l'informatique quantique.\n",
    );
    let fr = app.ask_json("Combien Veridia Capital a-t-il investi dans Quantix ?");
    assert!(
        fr.answer.starts_with("500 millions d’euros [1]"),
        "{}",
        fr.answer
    );
    assert_eq!(fr.citations[0].id, "veridia-quantix#p1.s1");
    let en = app.ask_json("How much did Veridia Capital invest in Quantix?");
    assert!(en.answer.starts_with("€500 million [1]"), "{}", en.answer);
}

/// An exchange named in full once, then by its initials ("NYMEX President Rosemary McFadden"),
/// among paragraphs that name it in full without the fact.
const VARENNE: &str = "The Varenne Grain Futures Exchange said it would open a night session for wheat futures in April.\n\nGrain traders said the Varenne exchange would draw more futures business from Asia.\n\nThe Lisvara Grain Exchange, a rival exchange, said its president would study a night session too.\n\nFutures volume on the Varenne Grain Futures Exchange rose by a fifth last year, the exchange said.\n\nThe president of the Lisvara Grain Exchange, Tomas Orban, said grain futures needed longer hours.\n\nBrokers in Varenne said the grain futures session would start at eight in the evening.\n\nThe exchange's grain futures contracts are the most traded in Varenne, according to brokers.\n\nA grain exchange president in Lisvara said night trading had doubled futures volume there.\n\nVarenne grain merchants welcomed the exchange's plan for futures trading at night.\n\n\"Asian buyers will trade with us at their own hours,\" VGFEX President Helena Marsh said.";

#[test]
fn a_name_the_article_shortens_to_its_initials_is_found_by_them() {
    let app = shipped_with("varenne-night-session", VARENNE);
    assert_answers(
        &app,
        &[(
            "Who is the president of the Varenne Grain Futures Exchange?",
            "Helena Marsh",
        )],
    );
}

#[test]
fn an_abstention_names_whole_names_and_claims_no_missing_connection() {
    let app = shipped_with("varenne-night-session", VARENNE);
    app.write_article(
        "ferries.md",
        helpers::article(
            "ferries-pacific",
            "Marden Shipping Corp agreed to take over the Pacific service of U.K. Ferries Ltd.\n\nU.K. Ferries said the transfer would be completed within a month.",
        ),
    );
    // One sentence names both: what is missing is the amount.
    let paid = app.ask_json("How much did Marden pay U.K. Ferries?");
    assert!(paid.abstained, "{}", paid.answer);
    assert!(
        paid.answer.contains("Marden and U.K. Ferries")
            && paid.answer.contains("gives the amount")
            && !paid.answer.contains("connects"),
        "{}",
        paid.answer
    );
    // Four words, one name: not four names that no passage connects.
    let chairman = app.ask_json("Who is the chairman of the Varenne Grain Futures Exchange?");
    assert!(chairman.abstained, "{}", chairman.answer);
    assert!(
        !chairman.answer.contains("Varenne, Grain"),
        "{}",
        chairman.answer
    );
}

#[test]
fn a_budget_is_read_figure_by_figure_for_what_each_is_an_amount_of() {
    let app = App::shipped();
    app.write_article(
        "lisvara.md",
        "+++\nid = \"lisvara-budget\"\ntitle = \"Lisvara Unveils Budget For 1991/92\"\nlanguage = \"en\"\npublished = \"1991-04-01\"\n+++\n\nThe island state of Lisvara announced its first budget since 1989 and projected a deficit of 2.4 billion dlrs.\n\nFinance Minister Arno Vell said the government expected to spend 9.8 billion dlrs in the fiscal year 1991/92.\n\nProjected expenditure in the 1989/90 budget had been 11.2 billion dlrs.\n\nVell said government revenue would be about 7.4 billion dlrs, down by about 20 pct on the 1989/90 projected revenue of 9.3 billion.\n\nNo figure was revealed for expenditure on defence and security.\n",
    );
    assert_answers(
        &app,
        &[
            // The sentence that names defence says no figure was given.
            ("How much will Lisvara spend on defence?", "not disclosed"),
            ("Combien Lisvara prévoit-il de dépenser ?", "9,8 milliards"),
            ("What deficit did Lisvara project?", "$2.4 billion"),
        ],
    );
    assert_never_says(
        &app,
        &[
            ("How much will Lisvara spend on defence?", "9.8"),
            ("How much will Lisvara spend on defence?", "11.2"),
            // 2.4 billion is a deficit; 7.4 billion is next year's revenue.
            ("What was Lisvara's projected revenue for 1989/90?", "2.4"),
            ("What was Lisvara's projected revenue for 1989/90?", "7.4"),
        ],
    );
}

#[test]
fn a_stake_is_read_with_the_verb_that_holds_it() {
    let app = App::shipped();
    app.write_article(
        "keltic.md",
        "+++\nid = \"keltic-brisa\"\ntitle = \"Keltic Group To Buy Rest Of Brisa\"\nlanguage = \"en\"\npublished = \"1987-03-02\"\n+++\n\nThe unit will repay a loan of 200,000 dlrs to Brisa Holdings Ltd, which is 30 pct owned by Keltic Group.\n\nKeltic Group previously said it agreed to acquire the remaining 70 pct of Brisa it does not already own.\n",
    );
    assert_answers(
        &app,
        &[
            ("What stake in Brisa will Keltic Group acquire?", "70%"),
            ("How much of Brisa does Keltic Group own?", "30%"),
            ("Quelle part de Brisa Keltic Group détient-il ?", "30 %"),
        ],
    );
}

#[test]
fn a_cost_per_ounce_in_us_dollars_answers_what_gold_costs() {
    let app = App::shipped();
    app.write_article(
        "orla.md",
        "+++\nid = \"orla-gold\"\ntitle = \"Orla Mining Sees Higher Gold Output\"\nlanguage = \"en\"\npublished = \"1987-03-02\"\n+++\n\nOrla Mining earned 9 mln Canadian dlrs in 1986 and expects to produce 30,000 ounces of gold in 1987 at a cost of 180 U.S. dlrs an ounce, the company said.\n",
    );
    assert_answers(
        &app,
        &[
            // "U.S. dlrs" is a currency, and an ounce's cost is what gold costs.
            (
                "At what cost will Orla Mining produce gold?",
                "$180 an ounce",
            ),
            (
                "How much did Orla Mining earn in 1986?",
                "9 million Canadian",
            ),
        ],
    );
}

#[test]
fn elections_held_are_dated_by_a_sentence_that_does_not_say_hold() {
    let app = App::shipped();
    app.write_article(
        "vote.md",
        "+++\nid = \"lisvara-vote\"\ntitle = \"Lisvara Seen At Crossroads\"\nlanguage = \"en\"\npublished = \"1987-03-02\"\n+++\n\nLisvara, the largest island state in the region with a population of 4 million, is facing general elections in May.\n",
    );
    // "Hold" elections owns nothing: the sentence need not say it.
    assert_answers(
        &app,
        &[("When will Lisvara hold general elections?", "May")],
    );
}

/// A buyout: the price of the company, what each share gets, and a unit sold earlier, named
/// in a sentence that refers back to the seller with "It".
const VALTRION: &str = "Valtrion Freight Corp said it has agreed to be acquired for about 410 mln dlrs by a company formed by Brenmoor Capital and managers of its rail business.\n\nIf all the shares of Valtrion are tendered, shareholders would receive for each share 31 dlrs cash, four dlrs in notes, and a warrant.\n\nThis follows sales of two other Valtrion units. It agreed recently to sell its Nordic Haulage unit to Ostlake Partners for 95 mln dlrs.";

#[test]
fn a_price_per_share_is_not_the_price_of_the_company() {
    let app = shipped_with("valtrion-buyout", VALTRION);
    app.write_article(
        "kesselt.md",
        helpers::article(
            "kesselt-merger",
            "Under the terms of the merger, each Kesselt shareholder will receive .25 shares of Brenmoor stock for each Kesselt share.",
        ),
    );
    assert_answers(
        &app,
        &[
            ("How much is Valtrion being acquired for?", "$410 million"),
            ("Pour combien Valtrion est-il racheté ?", "410 millions"),
            (
                "How much cash would Valtrion shareholders receive per share?",
                "$31 a share",
            ),
            // Stock for stock is a price per share, when the question asks no cash.
            (
                "How much will Kesselt shareholders receive for each Kesselt share?",
                "0.25 shares",
            ),
        ],
    );
}

#[test]
fn a_sentence_opening_on_it_speaks_for_the_name_before_it() {
    let app = shipped_with("valtrion-buyout", VALTRION);
    assert_answers(
        &app,
        &[
            (
                "For how much did Valtrion sell its Nordic Haulage unit?",
                "$95 million",
            ),
            (
                "To whom did Valtrion sell its Nordic Haulage unit?",
                "Ostlake Partners",
            ),
        ],
    );
}

#[test]
fn a_weekday_answers_when_an_event_happens_but_not_when_it_was_said() {
    let app = shipped_with(
        "orvane-dellmar",
        "Orvane Freight said its tender offer for Dellmar Lines will begin Thursday, subject to clearances from the commission.\n\nOrvane said on Sunday that it would not comment on rumors.\n\nOrvane remained silent last Thursday and Friday, as rumors drove Dellmar stock up by 3 dlrs.\n\nOrvane earned 12 mln dlrs in 1986.",
    );
    assert_answers(
        &app,
        &[
            (
                "When will Orvane's tender offer for Dellmar Lines begin?",
                "Thursday",
            ),
            (
                "Quand l'offre publique d'Orvane sur Dellmar Lines commencera-t-elle ?",
                "Jeudi",
            ),
            ("When did Orvane remain silent?", "Last Thursday and Friday"),
            (
                "Quand Orvane est-il resté silencieux ?",
                "Jeudi et vendredi derniers",
            ),
        ],
    );
    // Sunday is when Orvane spoke, not when the offer begins; and a question whose verb
    // the knowledge base never uses ("déménagé") gets no date of some other event.
    assert_never_says(
        &app,
        &[
            (
                "When will Orvane's tender offer for Dellmar Lines begin?",
                "Sunday",
            ),
            ("Quand Orvane a-t-il déménagé ?", "1986"),
        ],
    );
}

#[test]
fn what_a_unit_brings_its_parent_is_read_in_either_language() {
    let app = shipped_with(
        "varrick-ostlake",
        "Varrick Brokerage contributed 41 mln dlrs of Ostlake Group's 212 mln dlr net in 1990.",
    );
    assert_answers(
        &app,
        &[
            (
                "Combien Varrick Brokerage a-t-il rapporté à Ostlake Group en 1990 ?",
                "41 millions",
            ),
            (
                "How much did Varrick Brokerage contribute to Ostlake Group in 1990?",
                "$41 million",
            ),
            (
                "What was Ostlake Group's net income in 1990?",
                "$212 million",
            ),
        ],
    );
}

/// Percentages of different things in one sentence, a premium beside a stake, and tickers
/// as Reuters writes them, once with a parenthesis for the angle bracket.
const TORSK: &str = "The statement said the deal increased Halvard's stake to 41.2 pct of the voting rights and 12.8 pct of the share capital while Brennick Holdings is left holding 30.5 pct of the voting rights and 11.5 pct of the share capital in Torsk Match.\n\nThe Lindqvists paid Norvik Industrier <NORV ST>, in which Penrose group has a 64 pct stake, about 15 pct over the market price for the Torsk Match option, the statement said.\n\nSince then, the Lindqvists were ousted as the largest shareholders in TKF (TKFR ST> by Skarn AB <SKRN ST> and Frederik Aalto wrested control of Vinco AB from them.\n\nThe Lindqvists originally sold Norvik Industrier, an arms and chemicals group, to Penrose in 1981 to pay for buying Volmar out of two other group companies.";

#[test]
fn a_percentage_is_read_for_what_it_is_of() {
    let app = shipped_with("torsk-match", TORSK);
    assert_answers(
        &app,
        &[
            (
                "What share of the share capital does Brennick Holdings hold in Torsk Match?",
                "11.5%",
            ),
            (
                "Quelle part du capital Brennick Holdings détient-elle dans Torsk Match ?",
                "11,5 %",
            ),
            (
                "What share of the voting rights does Brennick Holdings hold in Torsk Match?",
                "30.5%",
            ),
            // "About 15 pct over the market price" is the premium; 64 pct is a stake.
            (
                "What premium did the Lindqvists pay Norvik Industrier for the option?",
                "15%",
            ),
            (
                "What stake does Penrose group have in Norvik Industrier?",
                "64%",
            ),
        ],
    );
}

#[test]
fn a_ticker_is_not_a_party() {
    let app = shipped_with("torsk-match", TORSK);
    assert_answers(
        &app,
        &[(
            "Who ousted the Lindqvists as the largest shareholders in TKF?",
            "Skarn AB",
        )],
    );
}

#[test]
fn a_date_right_after_a_party_dates_the_verb_before_it() {
    let app = shipped_with("torsk-match", TORSK);
    assert_answers(
        &app,
        &[
            (
                "When did the Lindqvists sell Norvik Industrier to Penrose?",
                "1981",
            ),
            (
                "Quand les Lindqvists ont-ils vendu Norvik Industrier à Penrose ?",
                "1981",
            ),
        ],
    );
}

#[test]
fn a_percentage_goes_to_the_company_named_after_it() {
    let app = shipped_with(
        "harlow-mining",
        "Harlow Mining also agreed to acquire a 22 pct stake in Vesta Gold, a private company, and a 14 pct interest in Corran River Mining, increasing Harlow's ownership to 48 pct.",
    );
    assert_answers(
        &app,
        &[
            (
                "What stake in Corran River Mining will Harlow Mining acquire?",
                "14%",
            ),
            (
                "Quelle part de Corran River Mining Harlow Mining va-t-il acquérir ?",
                "14 %",
            ),
            (
                "What stake in Vesta Gold will Harlow Mining acquire?",
                "22%",
            ),
        ],
    );
}

#[test]
fn a_price_per_barrel_answers_a_price_question_about_opec() {
    let app = shipped_with(
        "opec-pact",
        "Lisvara was a main architect of the pact under which OPEC agreed to cut its output ceiling by 6.5 pct and return to fixed prices of around 21 dollars a barrel.",
    );
    assert_answers(
        &app,
        &[("What fixed price did OPEC return to?", "$21 a barrel")],
    );
}

#[test]
fn a_percentage_owned_by_someone_belongs_to_the_name_its_clause_describes() {
    let app = shipped_with(
        "kessel-steel",
        "Brannock Steel, owned 38.2 pct by Kessel Works, and Ildor Steel, owned 36.4 pct by Kessel Works, are expected to decide on a merger by the end of May.",
    );
    assert_answers(
        &app,
        &[
            ("What stake does Kessel Works own in Ildor Steel?", "36.4%"),
            (
                "Quelle participation Kessel Works détient-elle dans Ildor Steel ?",
                "36,4 %",
            ),
            (
                "What stake does Kessel Works own in Brannock Steel?",
                "38.2%",
            ),
        ],
    );
}

#[test]
fn what_is_offered_for_stock_is_a_price_not_the_unit_priced() {
    let app = shipped_with(
        "marlow-gas",
        "Veldhoven Holding said it was making a tender offer for up to 21 mln ordinary shares in Marlow Gas.\n\nIt said in a statement the offer was on the basis of 640p for each Marlow Gas ordinary and 231p for every one stg nominal of Marlow Gas loan stock.\n\nVeldhoven already holds 4.2 mln Marlow Gas ordinary stock units representing around 3.6 pct of the issued share capital.",
    );
    assert_answers(
        &app,
        &[
            (
                "How much does Veldhoven offer for Marlow Gas loan stock?",
                "231p",
            ),
            (
                "Combien Veldhoven offre-t-il par action Marlow Gas ?",
                "640",
            ),
        ],
    );
    assert_never_says(
        &app,
        &[
            (
                "How much does Veldhoven offer for Marlow Gas loan stock?",
                "4.2",
            ),
            (
                "How much does Veldhoven offer for Marlow Gas loan stock?",
                "£1",
            ),
        ],
    );
}

#[test]
fn a_go_between_is_the_name_written_after_through() {
    let app = shipped_with(
        "veldhoven-tender",
        "<Veldhoven (Netherlands) Holding Co Ltd> said it was making a tender offer for up to 21 mln ordinary shares in Marlow Gas.\n\nIt said it was tendering for both ordinary stock and loan stock. It is making the tender offer through J.K. Ravensworths.",
    );
    assert_answers(
        &app,
        &[(
            "Through whom is Veldhoven making the tender offer?",
            "J.K. Ravensworths",
        )],
    );
    // A sentence that names no go-between answers nothing: not the first name it has.
    let a = app.ask_json("Through whom is Veldhoven buying Marlow Gas loan stock?");
    assert!(a.abstained, "{}", a.answer);
}

#[test]
fn a_fall_is_the_change_and_gas_is_measured_by_volume() {
    let app = shipped_with(
        "norland-output",
        "Norland crude oil production was down 8.4 pct in March 1987 to 10.25 mln barrels, from 11.19 mln barrels in March 1986, Empresa Petrolera Nacional said.\n\nMarch 1987 natural gas output totalled 2.35 billion cubic metres, 4.1 pct higher than 2.26 billion cubic metres produced in March 1986, Empresa Petrolera Nacional added.",
    );
    assert_answers(
        &app,
        &[
            (
                "How much did Norland crude oil production fall in March 1987?",
                "8.4%",
            ),
            (
                "What was Norland crude oil production in March 1987?",
                "10.25 million barrels",
            ),
            // The next paragraph, the same story: the source named after what it says is
            // no other party.
            (
                "How much natural gas did Norland produce in March 1987?",
                "2.35 billion cubic metres",
            ),
        ],
    );
}

#[test]
fn the_shares_tendered_are_neither_those_held_already_nor_the_total_after() {
    let app = shipped_with(
        "veldhoven-marlow",
        "Veldhoven Holding said it was making a tender offer for ordinary shares in Marlow Gas.\n\nIt said it was tendering for both ordinary stock and loan stock, which when fully converted, gave a total of 21 mln Marlow Gas ordinary.\n\nVeldhoven already holds 4.2 mln Marlow Gas ordinary stock units representing around 3.6 pct of the issued share capital.\n\nSuccessful completion of the offer would increase Veldhoven's stake in Marlow Gas to 25.2 mln shares, representing around 21.6 pct of issued share capital, it said.",
    );
    assert_answers(
        &app,
        &[
            (
                "How many Marlow Gas shares is Veldhoven tendering for?",
                "21 million ordinary shares",
            ),
            (
                "How many Marlow Gas shares does Veldhoven already hold?",
                "4.2 million",
            ),
            // What the offer would bring, in either language's conditional.
            (
                "What stake would Veldhoven hold in Marlow Gas after the offer?",
                "21.6%",
            ),
            (
                "Quelle part de Marlow Gas Veldhoven détiendrait-il après l'offre ?",
                "21,6 %",
            ),
        ],
    );
    assert_never_says(
        &app,
        &[
            (
                "How many Marlow Gas shares is Veldhoven tendering for?",
                "4.2",
            ),
            (
                "How many Marlow Gas shares is Veldhoven tendering for?",
                "25.2",
            ),
        ],
    );
}

#[test]
fn a_figure_with_a_thousands_comma_keeps_its_year_and_its_clause() {
    let app = shipped_with(
        "brisant-valves",
        "Colmar Systems Inc said it has bought all of the stock of Brisant Industries Inc.\n\nBrisant, a maker of valves, had revenues of 7.2 mln dlrs and pretax profits of 318,000 dlrs in 1986, up from revenues of 5.1 mln and pretax profits of 241,000 dlrs in 1985, Colmar Systems said.",
    );
    assert_answers(
        &app,
        &[
            ("What were Brisant's revenues in 1986?", "$7.2 million"),
            ("What were Brisant's pretax profits in 1985?", "$241,000"),
        ],
    );
}

#[test]
fn the_buyer_is_whose_application_to_acquire_was_approved() {
    let app = shipped_with(
        "harwick-tidewater",
        "Harwick Financial Corp said the Federal Reserve Board approved its application to acquire Tidewater Bancorp <TWBK>, Bangor, Me.\n\nHarwick said it still needs the approval of the superintendent of Maine's banking department.",
    );
    assert_answers(
        &app,
        &[
            (
                "Which company does Harwick Financial want to acquire?",
                "Tidewater Bancorp",
            ),
            (
                "Quelle société Harwick Financial veut-elle racheter ?",
                "Tidewater Bancorp",
            ),
            ("Who is acquiring Tidewater Bancorp?", "Harwick Financial"),
        ],
    );
    assert_never_says(
        &app,
        &[("Who is acquiring Tidewater Bancorp?", "Federal Reserve")],
    );
}

#[test]
fn a_quota_a_capacity_and_a_postponed_meeting_are_read_for_what_they_are() {
    let app = shipped_with(
        "korvath-opec",
        "Korvath's Oil Minister said there were no plans for an emergency OPEC meeting.\n\nHe was referring apparently to the Gulf state of Varkia, which industry sources said was selling less than 140,000 bpd of its 230,000 bpd quota.\n\nThe minister has said before that Korvath had the ability to produce up to 3.2 mln bpd.\n\nHe reaffirmed that the planned meeting March 9 of OPEC's pricing committee has been postponed until the start of May.\n\nKorvath's economy grew slowly last year. A new World Bank loan of 250 mln dlrs last month was given partly to help the government maintain the momentum of reform, the Bank said.",
    );
    assert_answers(
        &app,
        &[
            ("What quota does Varkia have?", "230,000"),
            (
                "How much oil was Varkia selling out of its quota?",
                "140,000",
            ),
            ("What is Korvath's production capacity?", "3.2 million"),
            ("When will OPEC's pricing committee meet?", "May"),
            (
                "When was the meeting of OPEC's pricing committee originally planned?",
                "March 9",
            ),
            (
                "Quel montant la Banque mondiale a-t-elle prêté au Korvath ?",
                "250 millions",
            ),
        ],
    );
}

#[test]
fn a_loss_asked_by_name_and_a_payment_for_shares_are_amounts() {
    let app = shipped_with(
        "tarn-ladders",
        "Tarn Products also said it will pay 640,000 dlrs to cancel 512,330 of its own shares, which will be acquired from Owen Marsh.\n\nTarn Products had a 483,215 dlr loss for the six months ended December 31.",
    );
    assert_answers(
        &app,
        &[
            (
                "What loss did Tarn Products report for the six months ended December 31?",
                "$483,215",
            ),
            (
                "Combien Tarn Products paiera-t-il pour annuler ses actions ?",
                "640\u{202f}000 dollars",
            ),
        ],
    );
}

#[test]
fn who_did_it_is_the_name_right_before_the_verb_and_a_missing_fact_is_no_missing_link() {
    let app = shipped_with(
        "norvale-husky",
        "Norvale said the Minister of Regional Expansion, Pierre Lavoie, ruled that Silver Bay's purchase of the Kestrel stake would not result in Kestrel ceding control.\n\nBrightwell Systems said it has made an offer to acquire all outstanding shares of Ostmark Corp for 19 dlrs a share cash, or about 41 mln dlrs.\n\nBrightwell, a sensor maker, said the deal is subject to approval by the Ostmark board.",
    );
    assert_answers(
        &app,
        &[(
            "Who ruled on Silver Bay's purchase of the Kestrel stake?",
            "Pierre Lavoie",
        )],
    );
    // One passage names both: the refusal may not say that none connects them.
    let a = app.ask_json("What is the total value of the Brightwell offer for Ostmark?");
    assert!(!a.answer.contains("connects"), "{}", a.answer);
}

#[test]
fn a_price_is_the_level_a_cut_brings_and_before_is_the_figure_a_change_started_from() {
    let app = shipped_with(
        "halvern-stake",
        "A group of affiliated Boston investment firms said they lowered their stake in Halvern Corp to 412,300 shares, or 7.1 pct of the total outstanding common stock, from 530,300 shares, or 9.3 pct.\n\nIn a filing with the Securities and Exchange Commission, the group said it sold 118,000 Halvern common shares on March 3 for 4.2 mln dlrs.\n\nPeltra Oil Co said it lowered its posted prices for crude oil. Louisiana Sweet also was lowered 1.25 dlrs to 17.10 dlrs, the company said.",
    );
    assert_answers(
        &app,
        &[
            ("What stake in Halvern did the group hold before?", "9.3%"),
            ("What stake does the group hold in Halvern?", "7.1%"),
            (
                "How many Halvern shares does the investment group hold now?",
                "412,300",
            ),
            ("How many Halvern shares did the group sell?", "118,000"),
            (
                "Combien le groupe a-t-il tiré de la vente des actions Halvern ?",
                "4,2 millions",
            ),
            ("What is Peltra's price for Louisiana Sweet?", "$17.10"),
            (
                "Quel est le nouveau prix de Peltra pour le Louisiana Sweet ?",
                "17,10",
            ),
            (
                "How much did Peltra lower its Louisiana Sweet price?",
                "$1.25",
            ),
        ],
    );
}

#[test]
fn who_leads_is_the_name_after_led_by_and_a_nationality_only_describes_a_name() {
    let app = shipped_with(
        "dorrance-stake",
        "A group of affiliated Chicago investment firms said they lowered their stake in Dorrance Corp to 301,200 shares, or 5.8 pct of the total outstanding common stock.\n\nIn a filing with the Securities and Exchange Commission, the group, led by Halberd Capital Corp, said it sold 95,000 Dorrance common shares on April 2.\n\nValtera Spa said it has concluded its negotiations with Portuguese textile company <Tessil SA>.\n\nHarrow Holdings Inc's Brenner Lines Inc subsidiary said it has agreed in principle to transfer its Pacific service by arranging for the transfer of certain charters to <Ostrava Shipping Corp>'s Pacific Lines Inc subsidiary.",
    );
    assert_answers(
        &app,
        &[
            (
                "Who leads the group that cut its Dorrance stake?",
                "Halberd Capital",
            ),
            (
                "Qui dirige le groupe qui a réduit sa participation dans Dorrance ?",
                "Halberd Capital",
            ),
            ("With whom did Valtera conclude negotiations?", "Tessil SA"),
            (
                "To whom is Brenner Lines transferring its Pacific service?",
                "Ostrava Shipping",
            ),
            (
                "À qui Brenner Lines transfère-t-elle son service Pacifique ?",
                "Ostrava Shipping",
            ),
            ("Who owns Pacific Lines?", "Ostrava Shipping"),
        ],
    );
    assert_never_says(
        &app,
        &[
            (
                "Who leads the group that cut its Dorrance stake?",
                "Chicago",
            ),
            ("With whom did Valtera conclude negotiations?", "Portuguese"),
        ],
    );
}

#[test]
fn the_end_of_a_period_a_record_date_and_a_past_date_do_not_date_what_will_happen() {
    let app = shipped_with(
        "marbury-quarter",
        "Marbury Bedding Co said its second quarter, ending August 30, profits may be below the 3.1 mln dlrs earned in the second quarter of fiscal 2024.\n\nNoting that it typically reports second quarter results in late September, it said the report is likely to be issued in mid-October this year.\n\nVelden Glass said the prospectus regarding the merger is expected to be mailed to all Orlin holders of record August 22.",
    );
    assert_answers(
        &app,
        &[
            (
                "When will Marbury Bedding report its second quarter results?",
                "October",
            ),
            (
                "When does Marbury Bedding's second quarter end?",
                "August 30",
            ),
        ],
    );
    assert_never_says(
        &app,
        &[
            (
                "When will Marbury Bedding report its second quarter results?",
                "August",
            ),
            (
                "When will Marbury Bedding report its second quarter results?",
                "2024",
            ),
            ("When will the Velden prospectus be mailed?", "August 22"),
        ],
    );
}

#[test]
fn a_figure_said_again_between_commas_keeps_the_year_of_its_clause() {
    let app = shipped_with(
        "corliss-quarter",
        "Corliss Foods Co said its third quarter profits may be below the 5.6 mln dlrs, or 41 cts a share, earned in the third quarter of fiscal 2024.",
    );
    assert_answers(
        &app,
        &[
            (
                "What profit did Corliss Foods earn in the third quarter of fiscal 2024?",
                "$5.6 million",
            ),
            (
                "How much did Corliss Foods earn per share in the third quarter of fiscal 2024?",
                "41 cents",
            ),
        ],
    );
}

#[test]
fn a_refusal_writes_initials_whole() {
    let app = shipped_with(
        "varkia-embassy",
        "Varkia appears to be nearing a political crossroads over measures to deregulate its economy, the U.S. Embassy says in a new report.",
    );
    let a = app.ask_json("What growth rate does the U.S. embassy report expect for Varkia?");
    assert!(a.abstained, "{}", a.answer);
    assert!(a.answer.contains("U.S."), "{}", a.answer);
    assert!(!a.answer.contains(" U and"), "{}", a.answer);
}

#[test]
fn who_did_what_was_asked_is_the_name_before_its_verb_even_in_another_sentence() {
    let app = shipped_with(
        "hfx-rule",
        "HFX will allow grain traders that do not hold a futures position to initiate a transaction after the exchange closes.\n\nWhen HFX announced its proposed rule change in January, HFX President Clara Voss, said, \"This will add to globalization of the grain markets.\"\n\nThe Commodity Futures Trading Commission approved the rule change in March, according to a CFTC spokeswoman.",
    );
    assert_answers(
        &app,
        &[(
            "Who approved the HFX rule change?",
            "Commodity Futures Trading Commission",
        )],
    );
}

#[test]
fn who_a_person_is_is_what_the_sentence_says_of_them_not_another_name() {
    let app = shipped_with(
        "harlow-people",
        "The expanded program \"will serve the industry because the grain market does not close when Harlow does,\" said Ilse Marten, secretary of Brookfield Grain Inc.\n\nWhen Harlow announced its proposed rule change in January, Harlow President Joan Pike, said, \"This will add to globalization of the grain markets.\"",
    );
    assert_answers(
        &app,
        &[
            ("Who is Ilse Marten?", "ecretary of Brookfield Grain"),
            ("Who is Joan Pike?", "Harlow President"),
        ],
    );
    assert_never_says(&app, &[("Who is Ilse Marten?", "Harlow")]);
}
