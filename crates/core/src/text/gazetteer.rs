//! Names of places, peoples and international bodies in French and English ("Koweït" and
//! "Kuwait", "OPEP" and "OPEC", "américaine" and "American"), so a name in a French question
//! finds an English sentence. Folded forms, words separated by single spaces.

/// Legal forms a company name may be written with or without.
pub const LEGAL_FORMS: &[&str] = &[
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "cos",
    "ltd",
    "limited",
    "plc",
    "sa",
    "ag",
    "nv",
    "lp",
    "llc",
    "spa",
    "ab",
    "kk",
    "gmbh",
    "bv",
    "cie",
    "sarl",
    "sas",
];

/// (French, English) forms of one name; several rows may share a side.
const PAIRS: &[(&str, &str)] = &[
    // International bodies.
    ("opep", "opec"),
    ("ocde", "oecd"),
    ("fmi", "imf"),
    (
        "fonds monetaire international",
        "international monetary fund",
    ),
    ("banque mondiale", "world bank"),
    ("onu", "un"),
    ("nations unies", "united nations"),
    ("union europeenne", "european union"),
    ("communaute europeenne", "european community"),
    ("cee", "eec"),
    ("otan", "nato"),
    ("reserve federale", "federal reserve"),
    ("bourse de new york", "new york stock exchange"),
    // Countries and regions.
    ("etats unis", "united states"),
    ("etats unis", "u s"),
    ("etats unis", "us"),
    ("etats unis", "america"),
    ("royaume uni", "united kingdom"),
    ("royaume uni", "britain"),
    ("grande bretagne", "britain"),
    ("allemagne", "germany"),
    ("allemagne de l ouest", "west germany"),
    ("italie", "italy"),
    ("espagne", "spain"),
    ("suede", "sweden"),
    ("norvege", "norway"),
    ("danemark", "denmark"),
    ("finlande", "finland"),
    ("suisse", "switzerland"),
    ("belgique", "belgium"),
    ("pays bas", "netherlands"),
    ("hollande", "holland"),
    ("autriche", "austria"),
    ("grece", "greece"),
    ("irlande", "ireland"),
    ("pologne", "poland"),
    ("russie", "russia"),
    ("union sovietique", "soviet union"),
    ("urss", "ussr"),
    ("turquie", "turkey"),
    ("japon", "japan"),
    ("chine", "china"),
    ("coree du sud", "south korea"),
    ("coree", "korea"),
    ("inde", "india"),
    ("indonesie", "indonesia"),
    ("malaisie", "malaysia"),
    ("singapour", "singapore"),
    ("thailande", "thailand"),
    ("philippines", "philippines"),
    ("australie", "australia"),
    ("nouvelle zelande", "new zealand"),
    ("canada", "canada"),
    ("mexique", "mexico"),
    ("bresil", "brazil"),
    ("argentine", "argentina"),
    ("chili", "chile"),
    ("perou", "peru"),
    ("colombie", "colombia"),
    ("venezuela", "venezuela"),
    ("equateur", "ecuador"),
    ("arabie saoudite", "saudi arabia"),
    ("arabie", "saudi"),
    ("koweit", "kuwait"),
    ("irak", "iraq"),
    ("iran", "iran"),
    ("qatar", "qatar"),
    ("bahrein", "bahrain"),
    ("oman", "oman"),
    ("emirats arabes unis", "united arab emirates"),
    ("emirats arabes unis", "uae"),
    ("emirats", "emirates"),
    ("egypte", "egypt"),
    ("libye", "libya"),
    ("algerie", "algeria"),
    ("maroc", "morocco"),
    ("tunisie", "tunisia"),
    ("nigeria", "nigeria"),
    ("gabon", "gabon"),
    ("afrique du sud", "south africa"),
    ("israel", "israel"),
    ("syrie", "syria"),
    ("liban", "lebanon"),
    ("jordanie", "jordan"),
    ("golfe", "gulf"),
    ("golfe persique", "persian gulf"),
    ("mer du nord", "north sea"),
    ("pacifique", "pacific"),
    ("atlantique", "atlantic"),
    ("mediterranee", "mediterranean"),
    ("moyen orient", "middle east"),
    ("proche orient", "middle east"),
    ("europe", "europe"),
    ("asie", "asia"),
    ("afrique", "africa"),
    ("amerique latine", "latin america"),
    ("amerique du sud", "south america"),
    ("amerique du nord", "north america"),
    // Cities.
    ("londres", "london"),
    ("new york", "new york"),
    ("philadelphie", "philadelphia"),
    ("la nouvelle orleans", "new orleans"),
    ("le caire", "cairo"),
    ("geneve", "geneva"),
    ("vienne", "vienna"),
    ("bruxelles", "brussels"),
    ("moscou", "moscow"),
    ("pekin", "beijing"),
    ("tokyo", "tokyo"),
    ("hong kong", "hong kong"),
    ("stockholm", "stockholm"),
    ("zurich", "zurich"),
    ("lisbonne", "lisbon"),
    ("varsovie", "warsaw"),
    ("riyad", "riyadh"),
    ("koweit city", "kuwait city"),
    ("djakarta", "jakarta"),
];

/// Places that name no party: U.S. states and regions, as wire copy writes them.
const PLACES: &[&str] = &[
    "alabama",
    "alaska",
    "arizona",
    "arkansas",
    "california",
    "colorado",
    "connecticut",
    "delaware",
    "florida",
    "georgia",
    "hawaii",
    "idaho",
    "illinois",
    "indiana",
    "iowa",
    "kansas",
    "kentucky",
    "louisiana",
    "maine",
    "maryland",
    "massachusetts",
    "michigan",
    "minnesota",
    "mississippi",
    "missouri",
    "montana",
    "nebraska",
    "nevada",
    "new hampshire",
    "new jersey",
    "new mexico",
    "new york",
    "north carolina",
    "north dakota",
    "ohio",
    "oklahoma",
    "oregon",
    "pennsylvania",
    "rhode island",
    "south carolina",
    "south dakota",
    "tennessee",
    "texas",
    "utah",
    "vermont",
    "virginia",
    "washington",
    "west virginia",
    "wisconsin",
    "wyoming",
    "houston",
    "dallas",
    "chicago",
    "los angeles",
    "san francisco",
    "boston",
    "miami",
    "detroit",
    "denver",
    "atlanta",
    "toronto",
    "montreal",
    "vancouver",
    "calgary",
    "edmonton",
    "ill",
    "tex",
    "calif",
    "mass",
    "conn",
    "fla",
    "mich",
    "minn",
    "wis",
    "ind",
    "mo",
    "n j",
    "n y",
    "pa",
    "va",
    "ga",
    "md",
    "colo",
    "ariz",
    "okla",
    "la",
    "switzerland",
    "lugano",
];

/// Whether folded words name a place that is never a party to a deal (a U.S. state, a city).
/// Countries are not such places: in oil news they are the parties.
pub fn is_place(words: &[String]) -> bool {
    tables().places.contains(words.join(" ").as_str())
}

/// The tables split into words once: these functions run for every sentence read.
struct Tables {
    /// (French words, English words) of each pair.
    pairs: Vec<(Vec<&'static str>, Vec<&'static str>)>,
    /// Names of several words, longest first.
    phrases: Vec<Vec<&'static str>>,
    places: std::collections::HashSet<&'static str>,
    countries: std::collections::HashSet<&'static str>,
    /// The pairs (by index) with a side that starts with a word: only they can occur in a
    /// text without that word.
    pairs_by_first_word: std::collections::HashMap<&'static str, Vec<usize>>,
}

fn tables() -> &'static Tables {
    static TABLES: std::sync::LazyLock<Tables> = std::sync::LazyLock::new(|| {
        let split = |s: &'static str| s.split(' ').collect::<Vec<_>>();
        let mut phrases: Vec<&'static str> = PAIRS
            .iter()
            .flat_map(|&(fr, en)| [fr, en])
            .chain(PLACES.iter().copied())
            .filter(|n| n.contains(' '))
            .collect();
        phrases.sort_by_key(|n| std::cmp::Reverse(n.len()));
        phrases.dedup();
        let pairs: Vec<(Vec<&'static str>, Vec<&'static str>)> = PAIRS
            .iter()
            .map(|&(fr, en)| (split(fr), split(en)))
            .collect();
        let mut pairs_by_first_word: std::collections::HashMap<&'static str, Vec<usize>> =
            std::collections::HashMap::new();
        for (i, (fr, en)) in pairs.iter().enumerate() {
            for first in [fr[0], en[0]] {
                let list = pairs_by_first_word.entry(first).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        Tables {
            pairs,
            pairs_by_first_word,
            phrases: phrases.into_iter().map(split).collect(),
            places: PLACES.iter().copied().collect(),
            countries: PAIRS.iter().flat_map(|&(fr, en)| [fr, en]).collect(),
        }
    });
    &TABLES
}

/// Where `part` occurs in `words`.
fn find_in(words: &[String], part: &[&str]) -> Option<usize> {
    if part.is_empty() || part.len() > words.len() {
        return None;
    }
    (0..=words.len() - part.len()).find(|&i| {
        words[i..i + part.len()]
            .iter()
            .zip(part)
            .all(|(w, p)| w == p)
    })
}

/// Where `words` (folded) hold a name of several words ("emirats arabes unis", "world bank"):
/// index ranges, longest first where they overlap.
pub fn phrases(words: &[String]) -> Vec<std::ops::Range<usize>> {
    let mut found: Vec<std::ops::Range<usize>> = Vec::new();
    for parts in &tables().phrases {
        for start in 0..words.len() {
            let end = start + parts.len();
            if end <= words.len()
                && words[start..end].iter().zip(parts).all(|(w, p)| w == p)
                && !found.iter().any(|r| r.start < end && start < r.end)
            {
                found.push(start..end);
            }
        }
    }
    found
}

/// Whether folded words name a country, a region or an international body, in either language.
pub fn is_country(words: &[String]) -> bool {
    tables().countries.contains(words.join(" ").as_str())
}

/// Peoples' and countries' adjectives: French forms (all genders and numbers) → English.
const DEMONYMS: &[(&[&str], &str)] = &[
    (
        &["americain", "americaine", "americains", "americaines"],
        "american",
    ),
    (
        &["canadien", "canadienne", "canadiens", "canadiennes"],
        "canadian",
    ),
    (&["britannique", "britanniques"], "british"),
    (&["anglais", "anglaise", "anglaises"], "british"),
    (&["francais", "francaise", "francaises"], "french"),
    (
        &["allemand", "allemande", "allemands", "allemandes"],
        "german",
    ),
    (
        &["italien", "italienne", "italiens", "italiennes"],
        "italian",
    ),
    (
        &["espagnol", "espagnole", "espagnols", "espagnoles"],
        "spanish",
    ),
    (&["suedois", "suedoise", "suedoises"], "swedish"),
    (
        &["norvegien", "norvegienne", "norvegiens", "norvegiennes"],
        "norwegian",
    ),
    (&["suisse", "suisses"], "swiss"),
    (&["neerlandais", "neerlandaise", "neerlandaises"], "dutch"),
    (&["japonais", "japonaise", "japonaises"], "japanese"),
    (&["chinois", "chinoise", "chinoises"], "chinese"),
    (&["coreen", "coreenne", "coreens", "coreennes"], "korean"),
    (
        &["indonesien", "indonesienne", "indonesiens", "indonesiennes"],
        "indonesian",
    ),
    (
        &["australien", "australienne", "australiens", "australiennes"],
        "australian",
    ),
    (
        &["mexicain", "mexicaine", "mexicains", "mexicaines"],
        "mexican",
    ),
    (
        &["bresilien", "bresilienne", "bresiliens", "bresiliennes"],
        "brazilian",
    ),
    (
        &["argentin", "argentine", "argentins", "argentines"],
        "argentine",
    ),
    (
        &[
            "venezuelien",
            "venezuelienne",
            "venezueliens",
            "venezueliennes",
        ],
        "venezuelan",
    ),
    (
        &["equatorien", "equatorienne", "equatoriens", "equatoriennes"],
        "ecuadorean",
    ),
    (
        &["saoudien", "saoudienne", "saoudiens", "saoudiennes"],
        "saudi",
    ),
    (
        &["koweitien", "koweitienne", "koweitiens", "koweitiennes"],
        "kuwaiti",
    ),
    (&["irakien", "irakienne", "irakiens", "irakiennes"], "iraqi"),
    (
        &["iranien", "iranienne", "iraniens", "iraniennes"],
        "iranian",
    ),
    (&["qatari", "qataris", "qatarie", "qataries"], "qatari"),
    (&["emirati", "emiratis", "emiratie"], "emirati"),
    (
        &["nigerian", "nigeriane", "nigerians", "nigerianes"],
        "nigerian",
    ),
    (
        &["egyptien", "egyptienne", "egyptiens", "egyptiennes"],
        "egyptian",
    ),
    (&["russe", "russes"], "russian"),
    (&["sovietique", "sovietiques"], "soviet"),
    (
        &["europeen", "europeenne", "europeens", "europeennes"],
        "european",
    ),
    (&["arabe", "arabes"], "arab"),
    (
        &["israelien", "israelienne", "israeliens", "israeliennes"],
        "israeli",
    ),
    (&["turc", "turque", "turcs", "turques"], "turkish"),
    (&["indien", "indienne", "indiens", "indiennes"], "indian"),
    (&["portugais", "portugaise", "portugaises"], "portuguese"),
    (&["belge", "belges"], "belgian"),
    (
        &["autrichien", "autrichienne", "autrichiens", "autrichiennes"],
        "austrian",
    ),
    (&["danois", "danoise", "danoises"], "danish"),
    (&["finlandais", "finlandaise", "finlandaises"], "finnish"),
    (&["grec", "grecque", "grecs", "grecques"], "greek"),
    (&["irlandais", "irlandaise", "irlandaises"], "irish"),
    (&["ecossais", "ecossaise", "ecossaises"], "scottish"),
    (&["polonais", "polonaise", "polonaises"], "polish"),
    (&["taiwanais", "taiwanaise", "taiwanaises"], "taiwanese"),
    (&["thailandais", "thailandaise", "thailandaises"], "thai"),
    (
        &["malaisien", "malaisienne", "malaisiens", "malaisiennes"],
        "malaysian",
    ),
    (&["libyen", "libyenne", "libyens", "libyennes"], "libyan"),
    (
        &["algerien", "algerienne", "algeriens", "algeriennes"],
        "algerian",
    ),
    (
        &["colombien", "colombienne", "colombiens", "colombiennes"],
        "colombian",
    ),
    (
        &["chilien", "chilienne", "chiliens", "chiliennes"],
        "chilean",
    ),
    (
        &["ukrainien", "ukrainienne", "ukrainiens", "ukrainiennes"],
        "ukrainian",
    ),
];

/// The English adjective of a French demonym ("américaines" → "american").
pub fn demonym(folded: &str) -> Option<&'static str> {
    DEMONYMS
        .iter()
        .find(|(forms, _)| forms.contains(&folded))
        .map(|&(_, en)| en)
}

/// Whether a folded English word is an adjective of a people ("canadian", "saudi").
pub fn is_english_demonym(folded: &str) -> bool {
    DEMONYMS.iter().any(|&(_, en)| en == folded)
}

/// Other spellings of a folded word sequence: the other language's form of every name it
/// contains ("banque mondiale" → "world bank"; "koweit" → "kuwait").
pub fn variants(words: &[String]) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    let tables = tables();
    let pairs = &tables.pairs;
    // Only pairs that start with one of the words, in the table's order.
    let mut candidates: Vec<usize> = words
        .iter()
        .filter_map(|w| tables.pairs_by_first_word.get(w.as_str()))
        .flatten()
        .copied()
        .collect();
    candidates.sort_unstable();
    candidates.dedup();
    for (fr, en) in candidates.into_iter().map(|i| &pairs[i]) {
        for (from, to) in [(fr, en), (en, fr)] {
            if from == to {
                continue;
            }
            let Some(at) = find_in(words, from) else {
                continue;
            };
            // Through the other language to every form of the name: "u s" → "etats unis" →
            // "united states".
            let mut targets = vec![to];
            if from == en {
                targets.extend(pairs.iter().filter(|p| &p.0 == fr).map(|p| &p.1));
            }
            for target in targets {
                let v: Vec<String> = words[..at]
                    .iter()
                    .cloned()
                    .chain(target.iter().map(|w| w.to_string()))
                    .chain(words[at + from.len()..].iter().cloned())
                    .collect();
                if !out.contains(&v) && v != words {
                    out.push(v);
                }
            }
        }
    }
    for (i, w) in words.iter().enumerate() {
        let english = demonym(w).or_else(|| is_english_demonym(w).then_some(w.as_str()));
        if let Some(en) = english {
            let mut v = words.to_vec();
            v[i] = en.to_string();
            if !out.contains(&v) && v != words {
                out.push(v);
            }
            // "Brazilian gold interests" are in Brazil.
            if let Some(country) = country_of(en) {
                let mut v = words.to_vec();
                v[i] = country.to_string();
                if !out.contains(&v) {
                    out.push(v);
                }
            }
        }
    }
    out
}

/// The country (English, one word) an English people's adjective names: "brazilian" →
/// "brazil", "canadian" → "canada", "kuwaiti" → "kuwait".
fn country_of(demonym: &str) -> Option<&'static str> {
    PAIRS
        .iter()
        .map(|&(_, en)| en)
        .filter(|en| !en.contains(' ') && en.len() >= 4)
        .find(|en| demonym.starts_with(&en[..en.len() - 1]) && demonym != *en)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn french_names_find_english_ones() {
        assert!(variants(&v("koweit")).contains(&v("kuwait")));
        assert!(variants(&v("opep")).contains(&v("opec")));
        assert!(variants(&v("banque mondiale")).contains(&v("world bank")));
        assert!(variants(&v("messagerie americaines")).contains(&v("messagerie american")));
        assert_eq!(demonym("canadienne"), Some("canadian"));
        assert!(variants(&v("brazilian gold")).contains(&v("brazil gold")));
        assert!(is_english_demonym("canadian"));
    }
}
