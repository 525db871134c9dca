//! Stems already made on this thread, so each word is stemmed once, not at every occurrence.
//!
//! A word's stem never changes, and running the Snowball stemmers on every word of every
//! paragraph was a sixth of an index build's time. News repeats its words: at 100,000
//! articles, 16,000 words make nine tenths of the text. The memory is bounded in two
//! generations: when the young one is full it becomes the old one, and the old one is
//! dropped; a word found among the old is remembered again among the young. The common words
//! stay, the rare ones go, and a thread never holds more than twice [`GENERATION`] words per
//! language.

use std::cell::RefCell;

use rustc_hash::FxHashMap;

use super::{Lang, stem_lowercase};

/// How many words a generation holds, per language.
const GENERATION: usize = 1 << 14;

type Stems = FxHashMap<Box<str>, Box<str>>;

#[derive(Default)]
struct Memo {
    young: Stems,
    old: Stems,
}

thread_local! {
    /// By language, [`Lang::Fr`] first.
    static MEMO: RefCell<[Memo; 2]> = RefCell::default();
}

/// [`stem_lowercase`]: the stem of a lowercase word by `lang`'s rules, folded.
pub(super) fn stem(lower: &str, lang: Lang) -> String {
    MEMO.with_borrow_mut(|memo| {
        let memo = &mut memo[usize::from(lang == Lang::En)];
        if let Some(stem) = memo.young.get(lower) {
            return stem.to_string();
        }
        let stem: Box<str> = match memo.old.remove(lower) {
            Some(stem) => stem,
            None => stem_lowercase(lower, lang).into(),
        };
        if memo.young.len() >= GENERATION {
            memo.old = std::mem::take(&mut memo.young);
        }
        let text = stem.to_string();
        memo.young.insert(lower.into(), stem);
        text
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_remembered_stem_is_the_stemmers() {
        for word in ["investit", "électricité", "investments", "milliards", "the"] {
            for lang in [Lang::Fr, Lang::En] {
                let first = stem(word, lang);
                assert_eq!(first, stem_lowercase(word, lang), "{word}");
                assert_eq!(stem(word, lang), first, "{word}, remembered");
            }
        }
    }

    #[test]
    fn the_memory_stays_bounded_and_keeps_what_comes_back() {
        stem("acquisitions", Lang::En);
        for n in 0..3 * GENERATION {
            stem(&format!("word{n}s"), Lang::En);
            // A common word keeps coming back: it is never forgotten.
            if n % 100 == 0 {
                stem("acquisitions", Lang::En);
            }
        }
        MEMO.with_borrow(|memo| {
            let english = &memo[1];
            assert!(english.young.len() + english.old.len() <= 2 * GENERATION);
            assert!(
                english.young.contains_key("acquisitions")
                    || english.old.contains_key("acquisitions")
            );
        });
        assert_eq!(stem("word5s", Lang::En), stem_lowercase("word5s", Lang::En));
    }
}
