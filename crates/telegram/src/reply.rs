//! What the bot says, as Telegram HTML: answers with numbered sources, deal listings, passages,
//! and the fixed messages in each language. Every piece of corpus and user text is escaped here.

use dealdesk_core::answer::Answer;
use dealdesk_core::answer::deals::format;
use dealdesk_core::kb::StoredPassage;
use dealdesk_core::model::{Citation, Deal, EntityTable};
use dealdesk_core::text::Lang;

use crate::html::{bold, code, escape, italic, link};

/// Callback data of a source button: `src:` and the citation id (at most 64 bytes in all).
pub const SOURCE_PREFIX: &str = "src:";

/// The most deals one `/deals` reply lists.
pub const MAX_DEALS_LISTED: usize = 50;

/// One source's line: `[1] <title> — ¶7 (link)`.
fn source_line(c: &Citation, lang: Lang) -> String {
    let mut line = format!("[{}] {}", c.n, bold(&c.title));
    if let Some(h) = &c.heading {
        line.push_str(" — ");
        line.push_str(&italic(h));
    }
    line.push_str(&format!(" — ¶{}", c.id.paragraph()));
    if let Some(url) = &c.url {
        line.push_str(" — ");
        line.push_str(&link(
            url,
            match lang {
                Lang::Fr => "lien",
                Lang::En => "link",
            },
        ));
    }
    line
}

/// The answer, then its numbered sources (or, for an abstention, nearby passages).
pub fn answer(a: &Answer) -> String {
    let lang = a.language;
    let mut out = String::new();
    if a.resolved_from.is_some() {
        out.push_str(&italic(&match lang {
            Lang::Fr => format!("Compris comme : {}", a.question),
            Lang::En => format!("Read as: {}", a.question),
        }));
        out.push_str("\n\n");
    }
    if a.is_abstained() {
        // Say what was not found, so the user sees how the question was read.
        out.push_str(&italic(&format!("« {} »", a.question)));
        out.push('\n');
    }
    out.push_str(&escape(&a.text));
    let (title, list) = if a.is_abstained() {
        (
            match lang {
                Lang::Fr => "Passages proches :",
                Lang::En => "Nearby passages:",
            },
            a.related(),
        )
    } else {
        (
            match lang {
                Lang::Fr => "Sources :",
                Lang::En => "Sources:",
            },
            a.citations(),
        )
    };
    if !list.is_empty() {
        out.push_str("\n\n");
        out.push_str(&bold(title));
        for c in list {
            out.push('\n');
            out.push_str(&source_line(c, lang));
        }
    }
    out
}

/// The citations that get a button, with their callback data.
pub fn source_buttons(a: &Answer) -> Vec<(String, String)> {
    let list = if a.is_abstained() {
        a.related()
    } else {
        a.citations()
    };
    list.iter()
        .map(|c| {
            (
                format!("[{}] ¶{}", c.n, c.id.paragraph()),
                format!("{SOURCE_PREFIX}{}", c.id),
            )
        })
        .filter(|(_, data)| data.len() <= 64)
        .collect()
}

/// A passage, quoted, with the cited sentence in bold when the id names one.
pub fn passage(p: &StoredPassage, sentence: Option<u32>, lang: Lang) -> String {
    let mut out = format!("{} — ¶{}", bold(&p.title), p.paragraph());
    if let Some(h) = &p.heading {
        out.push_str(" — ");
        out.push_str(&italic(h));
    }
    out.push('\n');
    let mut quote = String::new();
    for s in p.sentences() {
        let text = &p.text[s.bytes.clone()];
        if !quote.is_empty() {
            quote.push(' ');
        }
        if Some(s.n) == sentence {
            quote.push_str(&bold(text));
        } else {
            quote.push_str(&escape(text));
        }
    }
    if quote.is_empty() {
        quote = escape(&p.text);
    }
    out.push_str(&format!("<blockquote>{quote}</blockquote>"));
    if let Some(url) = &p.url {
        out.push('\n');
        out.push_str(&link(
            url,
            match lang {
                Lang::Fr => "Lire l’article",
                Lang::En => "Read the article",
            },
        ));
    }
    out
}

fn deal_line(d: &Deal, entities: &EntityTable, lang: Lang) -> String {
    let parties: Vec<&str> = d
        .parties
        .iter()
        .map(|p| entities.name(&p.entity, lang))
        .collect();
    let mut line = format!(
        "• {} — {}",
        bold(&parties.join(" / ")),
        escape(d.kind.label(lang))
    );
    if let Some(m) = &d.amount {
        line.push_str(" — ");
        line.push_str(&escape(&format::money(m.value, &m.currency, lang)));
    }
    if let Some(date) = &d.date {
        line.push_str(" — ");
        line.push_str(&escape(&format::date(date, lang)));
    }
    line.push('\n');
    line.push_str(&escape(match lang {
        Lang::Fr => &d.terms_fr,
        Lang::En => &d.terms_en,
    }));
    line.push(' ');
    line.push_str(&code(&d.cites.to_string()));
    line
}

/// A `/deals` listing.
pub fn deals(found: &[Deal], entities: &EntityTable, lang: Lang) -> String {
    if found.is_empty() {
        return escape(match lang {
            Lang::Fr => "Aucun accord ne correspond.",
            Lang::En => "No deal matches.",
        });
    }
    let mut out = bold(&match lang {
        Lang::Fr => format!("{} accord(s) :", found.len()),
        Lang::En => format!("{} deal(s):", found.len()),
    });
    for d in found.iter().take(MAX_DEALS_LISTED) {
        out.push_str("\n\n");
        out.push_str(&deal_line(d, entities, lang));
    }
    if found.len() > MAX_DEALS_LISTED {
        out.push_str("\n\n");
        out.push_str(&italic(&match lang {
            Lang::Fr => format!(
                "… et {} autres : précisez le filtre.",
                found.len() - MAX_DEALS_LISTED
            ),
            Lang::En => format!(
                "… and {} more: narrow the filter.",
                found.len() - MAX_DEALS_LISTED
            ),
        }));
    }
    out
}

/// `/start` and `/help`.
pub fn help(lang: Lang, passages: u64, deals: usize) -> String {
    match lang {
        Lang::Fr => format!(
            "{}\nJe réponds aux questions sur les accords d’infrastructure IA ({passages} passages, {deals} accords), en citant mes sources, ou je dis que je ne sais pas.\n\n{}\n• Combien le gouvernement américain a-t-il investi dans Intel ?\n• Et SoftBank ?\n• Quels accords concernent Intel ?\n\n{}\n/ask &lt;question&gt; — poser une question (dans un groupe : /ask ou mentionnez-moi)\n/deals [filtre] — lister les accords, p. ex. /deals Intel\n/source &lt;id&gt; — citer un passage, p. ex. /source article#p7\n/lang fr|en — langue des messages\n/help — cette aide",
            bold("dealdesk"),
            bold("Exemples :"),
            bold("Commandes :")
        ),
        Lang::En => format!(
            "{}\nI answer questions about AI-infrastructure deals ({passages} passages, {deals} deals), citing my sources, or I say I don't know.\n\n{}\n• How much did Amazon invest in Anthropic?\n• Which deals involve Intel?\n• How much did the US government invest in Intel? Then: What about SoftBank?\n\n{}\n/ask &lt;question&gt; — ask a question (in a group: /ask or mention me)\n/deals [filter] — list deals, e.g. /deals Intel\n/source &lt;id&gt; — quote a passage, e.g. /source article#p7\n/lang fr|en — language of my messages\n/help — this help",
            bold("dealdesk"),
            bold("Examples:"),
            bold("Commands:")
        ),
    }
}

/// Fixed messages.
#[derive(Debug, Clone, Copy)]
pub enum Says {
    Refused,
    RateLimited,
    Failed,
    UnknownCommand,
    AskWhat,
    SourceWhat,
    NoSuchSource,
    LangWhat,
    LangSet,
    AdminOnly,
    Empty,
    TooLong(usize),
}

pub fn says(what: Says, lang: Lang) -> String {
    let text = match (what, lang) {
        (Says::Refused, Lang::Fr) => "Désolé, ce bot est privé : je ne peux pas vous répondre.".to_string(),
        (Says::Refused, Lang::En) => "Sorry, this bot is private: I can't answer you.".to_string(),
        (Says::RateLimited, Lang::Fr) => "Doucement : vous posez beaucoup de questions. Réessayez dans une minute.".to_string(),
        (Says::RateLimited, Lang::En) => "Easy: that's a lot of questions. Try again in a minute.".to_string(),
        (Says::Failed, Lang::Fr) => "Quelque chose s’est mal passé, réessayez.".to_string(),
        (Says::Failed, Lang::En) => "Something went wrong, try again.".to_string(),
        (Says::UnknownCommand, Lang::Fr) => "Je ne connais pas cette commande. /help liste les commandes.".to_string(),
        (Says::UnknownCommand, Lang::En) => "I don't know that command. /help lists the commands.".to_string(),
        (Says::AskWhat, Lang::Fr) => "Posez votre question après /ask, p. ex. /ask Combien Amazon a-t-il investi dans Anthropic ?".to_string(),
        (Says::AskWhat, Lang::En) => "Put your question after /ask, e.g. /ask How much did Amazon invest in Anthropic?".to_string(),
        (Says::SourceWhat, Lang::Fr) => "Donnez un identifiant de source, p. ex. /source article#p7.s1".to_string(),
        (Says::SourceWhat, Lang::En) => "Give a source id, e.g. /source article#p7.s1".to_string(),
        (Says::NoSuchSource, Lang::Fr) => "Je ne trouve pas ce passage.".to_string(),
        (Says::NoSuchSource, Lang::En) => "I can't find that passage.".to_string(),
        (Says::LangWhat, Lang::Fr) => "Utilisation : /lang fr ou /lang en".to_string(),
        (Says::LangWhat, Lang::En) => "Usage: /lang fr or /lang en".to_string(),
        (Says::LangSet, Lang::Fr) => "D’accord, je vous parle en français.".to_string(),
        (Says::LangSet, Lang::En) => "OK, I'll speak English.".to_string(),
        (Says::AdminOnly, Lang::Fr) => "Cette commande est réservée aux administrateurs.".to_string(),
        (Says::AdminOnly, Lang::En) => "This command is for administrators.".to_string(),
        (Says::Empty, Lang::Fr) => "Votre question est vide.".to_string(),
        (Says::Empty, Lang::En) => "Your question is empty.".to_string(),
        (Says::TooLong(n), Lang::Fr) => format!("Votre question fait {n} caractères : raccourcissez-la."),
        (Says::TooLong(n), Lang::En) => format!("Your question is {n} characters long: shorten it."),
    };
    escape(&text)
}
