//! `dealdesk show ID`: a passage or sentence with its title, heading and neighbours.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::Args;

use dealdesk::ids::CitationId;
use dealdesk::refresh::Fresh;
use dealdesk::wire::{NeighbourJson, ShowJson};

use super::{UsageError, render};

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// `<article-id>#p<N>` or `<article-id>#p<N>.s<M>`.
    id: String,
    #[arg(long)]
    json: bool,
}

pub fn run(fresh: &Fresh, args: &ShowArgs) -> Result<ExitCode> {
    let id = CitationId::parse(&args.id).map_err(|e| UsageError(e.to_string()))?;
    let kb = &fresh.kb;
    let article = id.article().as_str();
    let Some(passage) = kb.passage(article, id.paragraph())? else {
        bail!(
            "no passage {} in the index: check the id with `dealdesk search`",
            id.passage_id()
        );
    };
    let neighbour = |n: u32| -> Result<Option<NeighbourJson>> {
        Ok(match n {
            0 => None,
            n => kb.passage(article, n)?.map(|p| NeighbourJson {
                id: p.id.to_string(),
                text: p.text,
            }),
        })
    };
    let shown = match id.sentence() {
        None => ShowJson {
            id: id.to_string(),
            article_id: article.to_string(),
            title: passage.title.clone(),
            heading: passage.heading.clone(),
            url: passage.url.clone(),
            chars: [0, passage.text.chars().count()],
            text: passage.text.clone(),
            previous: neighbour(id.paragraph() - 1)?,
            next: neighbour(id.paragraph() + 1)?,
        },
        Some(m) => {
            let sentences = passage.sentences();
            let Some(s) = sentences.iter().find(|s| s.n == m) else {
                bail!(
                    "{} has {} sentence(s); there is no sentence {m}",
                    id.passage_id(),
                    sentences.len()
                );
            };
            let sibling = |k: u32| {
                sentences.iter().find(|s| s.n == k).map(|s| NeighbourJson {
                    id: CitationId::sentence_of(id.article().clone(), id.paragraph(), s.n)
                        .to_string(),
                    text: passage.text[s.bytes.clone()].to_string(),
                })
            };
            ShowJson {
                id: id.to_string(),
                article_id: article.to_string(),
                title: passage.title.clone(),
                heading: passage.heading.clone(),
                url: passage.url.clone(),
                chars: [s.chars.start, s.chars.end],
                text: passage.text[s.bytes.clone()].to_string(),
                previous: sibling(m - 1),
                next: sibling(m + 1),
            }
        }
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&shown)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "{}", shown.title)?;
    if let Some(h) = &shown.heading {
        writeln!(out, "## {h}")?;
    }
    if let Some(u) = &shown.url {
        writeln!(out, "{u}")?;
    }
    writeln!(
        out,
        "{} (characters {}–{})\n",
        shown.id, shown.chars[0], shown.chars[1]
    )?;
    if let Some(p) = &shown.previous {
        writeln!(out, "  [{}] {}", p.id, render::one_line(&p.text))?;
    }
    writeln!(out, "> [{}] {}", shown.id, render::one_line(&shown.text))?;
    if let Some(n) = &shown.next {
        writeln!(out, "  [{}] {}", n.id, render::one_line(&n.text))?;
    }
    Ok(ExitCode::SUCCESS)
}
