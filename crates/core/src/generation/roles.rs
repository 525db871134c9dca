//! Who did what to whom, where a sentence says it plainly: "A invested in B" names A as the
//! party that acts and B as the one acted on; "B was acquired by A" says the same. A claim that
//! swaps the roles its source gives ("Anthropic invested $8 billion in Amazon [1]", citing
//! "Amazon invested $8 billion in Anthropic") names parties and a figure its source holds, and
//! is false: the figure and name checks alone would let it through.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::model::{EntityId, EntityTable};

/// Verbs by which one party invests in, buys, funds or backs another (English and French).
static DEAL_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)\b(
            invest(?:s|ed|ing)? | (?:has|have|had|will|would|plans?\ to)\ invest(?:ed)?
          | acquir(?:e|es|ed|ing) | bought | buys? | purchas(?:e|es|ed)
          | (?:took|takes|take|taking)\ (?:a\ )?(?:\w+\ )?stake
          | back(?:s|ed) | funded | financ(?:es|ed)
          | (?:raised|raises|increased|increases)\ (?:its|their)\ (?:investment|stake)
          | (?:a|ont|avait|va|vont)\ (?:investi|acquis|racheté|financé|soutenu)
          | (?:a|ont)\ été\ (?:financée?s?|rachetée?s?|acquise?s?|soutenue?s?)
          | investi(?:t|ssent|ra|ront) | acquiert | rachète | finance | soutient
          | (?:a|ont)\ pris\ une\ participation | prend\ une\ participation
          | (?:a|ont)\ porté\ (?:son|sa|leur)\ (?:investissement|participation)
        )\b",
    )
    .expect("a valid pattern") // ok: a constant pattern, checked by the tests below
});

/// "by" / "par" right after the verb: the party that acts comes after it.
static PASSIVE_AGENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:[,]\s*)?(?:by|par)\b").expect("a valid pattern") // ok: constant
});

/// (acting party, party acted on) pairs `text` states with its first deal verb.
pub fn acts(text: &str, entities: &EntityTable) -> HashSet<(EntityId, EntityId)> {
    let Some(verb) = DEAL_VERB.find(text) else {
        return HashSet::new();
    };
    let named = |from: usize, to: usize| -> Vec<EntityId> {
        entities
            .link(&text[from..to])
            .into_iter()
            .filter(|l| l.exact)
            .map(|l| l.entity)
            .collect()
    };
    let before = named(0, verb.start());
    let after = named(verb.end(), text.len());
    let passive = PASSIVE_AGENT.is_match(&text[verb.end()..]);
    let (agents, objects) = if passive {
        (after, before)
    } else {
        (before, after)
    };
    agents
        .iter()
        .flat_map(|a| objects.iter().map(move |o| (a.clone(), o.clone())))
        .filter(|(a, o)| a != o)
        .collect()
}

/// A pair the claim states whose reverse its sources state, and not the pair itself.
pub fn swapped(
    claim: &HashSet<(EntityId, EntityId)>,
    sources: &HashSet<(EntityId, EntityId)>,
) -> Option<(EntityId, EntityId)> {
    claim
        .iter()
        .find(|(a, o)| {
            !sources.contains(&(a.clone(), o.clone())) && sources.contains(&(o.clone(), a.clone()))
        })
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::entity::{Entity, EntityKind};

    fn table() -> EntityTable {
        let entity = |id: &str, name: &str| Entity {
            id: EntityId::parse(id).expect("an id"),
            name: name.to_string(),
            name_fr: None,
            aliases: vec![],
            kind: EntityKind::Company,
        };
        EntityTable::from_entities(vec![
            entity("amazon", "Amazon"),
            entity("anthropic", "Anthropic"),
        ])
    }

    fn pair(a: &str, o: &str) -> (EntityId, EntityId) {
        (
            EntityId::parse(a).expect("an id"),
            EntityId::parse(o).expect("an id"),
        )
    }

    #[test]
    fn active_and_passive_sentences_give_the_same_roles() {
        let t = table();
        for text in [
            "Amazon invested $8 billion in Anthropic.",
            "Amazon, pour sa part, a porté son investissement dans la start-up Anthropic à 8 milliards.",
            "Anthropic was backed by Amazon.",
            "Anthropic a été financé par Amazon.",
        ] {
            let acts = acts(text, &t);
            assert_eq!(acts, HashSet::from([pair("amazon", "anthropic")]), "{text}");
        }
        assert!(acts("Amazon and Anthropic met.", &t).is_empty());
    }

    #[test]
    fn a_claim_that_swaps_its_sources_roles_is_caught() {
        let t = table();
        let source = acts("Amazon invested $8 billion in Anthropic.", &t);
        let swapped_claim = acts("Anthropic invested $8 billion in Amazon.", &t);
        assert_eq!(
            swapped(&swapped_claim, &source),
            Some(pair("anthropic", "amazon"))
        );
        let same = acts("Amazon invested $8 billion in Anthropic, Amazon said.", &t);
        assert_eq!(swapped(&same, &source), None);
    }
}
