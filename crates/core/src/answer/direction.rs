//! Who gives to whom. "How much did A invest in B?" is not answered by "B invested $6 million
//! in A": both names are there, and a figure, but the money goes the other way. A sentence that
//! tells the question's giving the other way round answers nothing.

use std::ops::Range;

use crate::text::{fold, lexicon};

/// Concepts of the lexicon whose words have their subject invest, pay or buy, and their
/// object receive or be bought: "invested", "a investi", "acquired", "racheté", "paid".
const GIVING: &[&str] = &["invest", "acquire", "buy", "pay"];

/// Words that turn a verb's subject into its object: "was acquired by", "racheté par".
const PASSIVE: &[&str] = &["by", "par"];

/// Concepts of a sale, told from the seller's side: "B completed the sale of shares, and
/// warrants to acquire more, to A" has A pay, though "acquire" stands between B and A.
const SELLING: &[&str] = &["sell", "transfer"];

/// Whether `text[span]` holds a giving word in the active voice, and nothing of a sale.
fn gives(text: &str, span: Range<usize>) -> bool {
    let Some(between) = text.get(span) else {
        return false;
    };
    let folded = fold(between);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let concepts: Vec<&str> = words.iter().filter_map(|w| lexicon::concept(w)).collect();
    concepts.iter().any(|c| GIVING.contains(c))
        && !concepts.iter().any(|c| SELLING.contains(c))
        && !words.iter().any(|w| PASSIVE.contains(w))
}

/// For a question whose first name gives to its second ("how much did A invest in B", the names
/// at `asked` in `question`), whether `sentence` (the same names at `told`) tells it the other
/// way round: the second name, a giving verb, then the first ("B invested $6 million in A").
pub(super) fn reversed(
    question: &str,
    asked: [Range<usize>; 2],
    sentence: &str,
    told: [Range<usize>; 2],
) -> bool {
    let ([qa, qb], [sa, sb]) = (asked, told);
    qa.end <= qb.start
        && gives(question, qa.end..qb.start)
        && sb.end <= sa.start
        && gives(sentence, sb.end..sa.start)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte ranges of `a` and `b` in `text`.
    fn at(text: &str, a: &str, b: &str) -> [Range<usize>; 2] {
        let span = |name: &str| {
            let start = text.find(name).unwrap();
            start..start + name.len()
        };
        [span(a), span(b)]
    }

    fn reversed_for(question: &str, sentence: &str, a: &str, b: &str) -> bool {
        reversed(question, at(question, a, b), sentence, at(sentence, a, b))
    }

    #[test]
    fn money_going_the_other_way_answers_nothing() {
        let en = "How much did Corben Energy invest in Vexcor Semiconductors?";
        let fr = "Combien Korzed Networks a-t-il investi dans Aryon Labs ?";
        for (question, sentence, a, b, expected) in [
            (
                en,
                "In November, Vexcor Semiconductors acquired a 59% stake in Corben Energy for $180 billion.",
                "Corben Energy",
                "Vexcor Semiconductors",
                true,
            ),
            (
                en,
                "Corben Energy invested $3 billion in Vexcor Semiconductors.",
                "Corben Energy",
                "Vexcor Semiconductors",
                false,
            ),
            // The passive keeps the roles: the buyer comes after "by".
            (
                en,
                "Vexcor Semiconductors was bought by Corben Energy for $2 billion.",
                "Corben Energy",
                "Vexcor Semiconductors",
                false,
            ),
            // A sale to the first name has it pay, whatever else the sentence says.
            (
                "How much did Sedio pay for the Computer Terminal Systems shares?",
                "Computer Terminal Systems Inc said it has completed the sale of 200,000 shares \
                 of its common stock, and warrants to acquire an additional one mln shares, to \
                 <Sedio N.V.> of Lugano, Switzerland for 50,000 dlrs.",
                "Sedio",
                "Computer Terminal Systems",
                false,
            ),
            // A deal between them says nothing of who pays.
            (
                en,
                "Vexcor Semiconductors signed a $2 billion deal with Corben Energy.",
                "Corben Energy",
                "Vexcor Semiconductors",
                false,
            ),
            (
                fr,
                "En novembre, Aryon Labs a investi 6,4 millions de dollars dans Korzed Networks.",
                "Korzed Networks",
                "Aryon Labs",
                true,
            ),
            (
                fr,
                "Aryon Labs a été racheté par Korzed Networks pour 3 milliards de dollars.",
                "Korzed Networks",
                "Aryon Labs",
                false,
            ),
            // A question that names no giving between its names asks nothing of direction.
            (
                "What was the deal between Korzed Networks and Aryon Labs worth?",
                "Aryon Labs invested $5 million in Korzed Networks.",
                "Korzed Networks",
                "Aryon Labs",
                false,
            ),
        ] {
            assert_eq!(
                reversed_for(question, sentence, a, b),
                expected,
                "{question} / {sentence}"
            );
        }
    }

    #[test]
    fn the_answer_gives_the_money_going_the_way_asked_or_none() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir_all(corpus.join("articles")).unwrap();
        let article = |id: &str, body: &str| {
            let text = format!(
                "+++\nid = \"{id}\"\ntitle = \"Aryon Labs and Korzed Networks\"\nlanguage = \"en\"\n+++\n\n{body}\n"
            );
            std::fs::write(corpus.join("articles").join(format!("{id}.md")), text).unwrap();
        };
        article(
            "reverse",
            "In November, Aryon Labs invested $6.4 million in Korzed Networks.",
        );
        let kb = crate::kb::open_fresh(&corpus, &dir.path().join("index"))
            .unwrap()
            .kb;
        let asked = "How much did Korzed Networks invest in Aryon Labs?";
        let answer = crate::answer::ask(&kb, asked).unwrap();
        assert!(answer.is_abstained(), "{}", answer.text);
        // Asked the way the sentence tells it, it answers.
        let answer =
            crate::answer::ask(&kb, "How much did Aryon Labs invest in Korzed Networks?").unwrap();
        assert!(answer.text.contains("6.4 million"), "{}", answer.text);

        article(
            "right",
            "In July, Korzed Networks invested $44 million in Aryon Labs.",
        );
        drop(kb);
        let kb = crate::kb::open_fresh(&corpus, &dir.path().join("index"))
            .unwrap()
            .kb;
        let answer = crate::answer::ask(&kb, asked).unwrap();
        assert!(answer.text.contains("44 million"), "{}", answer.text);
    }
}
