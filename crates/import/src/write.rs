//! Placing drafts in the corpus: the slug, the article text (front matter and body), the
//! duplicate checks and the write, which never replaces a file.
//!
//! A [`Shelf`] knows the articles already in `articles/` (and those placed since): their ids
//! and file names, URLs, body hashes, and titles with sources. A draft is a duplicate when an
//! article has its URL, or its body text (whitespace aside), or — for drafts without a URL — its
//! title and source (an imported file edited since). Otherwise it gets a free slug; a file is
//! only ever created, never replaced.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use dealdesk_core::corpus::articles;
use dealdesk_core::corpus::hash_bytes;
use dealdesk_core::model::article::Article;
use dealdesk_core::text::{detect, fold};

use crate::draft::{Block, Draft};
use crate::error::ImportError;
use crate::input::MAX_BYTES;

/// Slugs are cut to this many bytes (at a hyphen when there is one), before any `-N` suffix.
pub const MAX_SLUG: usize = 60;

/// Why a draft is a duplicate of an article already there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Same {
    Url,
    Text,
    /// Same title and source, different text: an imported article edited since.
    TitleAndSource,
}

/// What placing a draft did (or would do, in a dry run).
#[derive(Debug)]
pub(crate) enum Placement {
    Added { file: String, article: Box<Article> },
    Duplicate { of: String, same: Same },
}

/// The articles of a corpus, as far as placing new ones needs to know them.
#[derive(Debug)]
pub(crate) struct Shelf {
    dir: PathBuf,
    /// Ids and file stems in use.
    taken: HashSet<String>,
    by_url: HashMap<String, String>,
    by_text: HashMap<String, String>,
    by_title_source: HashMap<(String, String), String>,
}

impl Shelf {
    /// The articles in `dir` (`<corpus>/articles`; it need not exist yet). Files that do not
    /// load keep their names, and take no part in the duplicate checks.
    pub fn open(dir: &Path) -> Result<Shelf, ImportError> {
        let mut shelf = Shelf {
            dir: dir.to_path_buf(),
            taken: HashSet::new(),
            by_url: HashMap::new(),
            by_text: HashMap::new(),
            by_title_source: HashMap::new(),
        };
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(shelf),
            Err(source) => {
                return Err(ImportError::Corpus {
                    path: dir.to_path_buf(),
                    source,
                });
            }
        };
        let mut paths = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|source| ImportError::Corpus {
                path: dir.to_path_buf(),
                source,
            })?;
            paths.push(entry.path());
        }
        paths.sort();
        for path in paths {
            if let Some(stem) = path.file_stem() {
                shelf.taken.insert(stem.to_string_lossy().into_owned());
            }
            if path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let small = std::fs::metadata(&path).is_ok_and(|m| m.is_file() && m.len() <= MAX_BYTES);
            let Some(bytes) = small.then(|| std::fs::read(&path).ok()).flatten() else {
                continue;
            };
            if let Ok(article) = articles::parse(&path, &bytes) {
                shelf.remember(&file_name(&path), &article);
            }
        }
        Ok(shelf)
    }

    /// Places a draft: a duplicate, or a new article written under a free slug (nothing is
    /// written when `dry_run`).
    pub fn place(&mut self, draft: &Draft, dry_run: bool) -> Result<Placement, ImportError> {
        let base = slug(&draft.title);
        // The article as it would load, to compare with those already there.
        let probe = self.load(&base, &render(draft, &base)?, draft)?;
        if let Some((of, same)) = self.duplicate(&probe) {
            return Ok(Placement::Duplicate { of, same });
        }
        for n in 1..=10_000 {
            let id = if n == 1 {
                base.clone()
            } else {
                suffixed(&base, n)
            };
            if self.taken.contains(&id) {
                continue;
            }
            let text = render(draft, &id)?;
            let article = self.load(&id, &text, draft)?;
            if !dry_run && !self.create(&id, text.as_bytes())? {
                // Someone created it meanwhile: it is not ours to replace.
                self.taken.insert(id);
                continue;
            }
            return Ok(self.added(&id, Box::new(article)));
        }
        Err(ImportError::NoFreeSlug(base))
    }

    /// Places a Markdown file that already has valid front matter, byte for byte, under its id.
    pub fn place_ready(
        &mut self,
        article: Article,
        bytes: &[u8],
        dry_run: bool,
    ) -> Result<Placement, ImportError> {
        if let Some((of, same)) = self.duplicate(&article) {
            return Ok(Placement::Duplicate { of, same });
        }
        let id = article.id.to_string();
        if self.taken.contains(&id) || (!dry_run && !self.create(&id, bytes)?) {
            return Err(ImportError::IdTaken {
                existing: format!("articles/{id}.md"),
                id,
            });
        }
        Ok(self.added(&id, Box::new(article)))
    }

    fn added(&mut self, id: &str, article: Box<Article>) -> Placement {
        let file = format!("articles/{id}.md");
        self.taken.insert(id.to_string());
        self.remember(&file, &article);
        Placement::Added { file, article }
    }

    fn remember(&mut self, file: &str, article: &Article) {
        self.taken.insert(article.id.to_string());
        if let Some(url) = &article.url {
            self.by_url
                .entry(url_key(url))
                .or_insert_with(|| file.to_string());
        }
        self.by_text
            .entry(body_hash(article))
            .or_insert_with(|| file.to_string());
        if let Some(source) = &article.source {
            self.by_title_source
                .entry((article.title.clone(), source.clone()))
                .or_insert_with(|| file.to_string());
        }
    }

    /// The article `article` duplicates, and why. Title and source count only for articles
    /// without a URL (two items of a feed may share a title).
    fn duplicate(&self, article: &Article) -> Option<(String, Same)> {
        if let Some(of) = article
            .url
            .as_ref()
            .and_then(|u| self.by_url.get(&url_key(u)))
        {
            return Some((of.clone(), Same::Url));
        }
        if let Some(of) = self.by_text.get(&body_hash(article)) {
            return Some((of.clone(), Same::Text));
        }
        let source = article.source.clone()?;
        self.by_title_source
            .get(&(article.title.clone(), source))
            .filter(|_| article.url.is_none())
            .map(|of| (of.clone(), Same::TitleAndSource))
    }

    /// Loads `text` the way the corpus loader will; it must load, with every paragraph.
    fn load(&self, id: &str, text: &str, draft: &Draft) -> Result<Article, ImportError> {
        let path = self.dir.join(format!("{id}.md"));
        let article = articles::parse(&path, text.as_bytes())
            .map_err(|p| ImportError::Unloadable(p.to_string()))?;
        let paragraphs = draft
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::Paragraph(_)))
            .count();
        if article.paragraphs.len() != paragraphs {
            return Err(ImportError::Unloadable(format!(
                "{} paragraphs read back instead of {paragraphs}",
                article.paragraphs.len()
            )));
        }
        Ok(article)
    }

    /// Creates `<id>.md` with `bytes`; `false` when the file already exists (it is left alone).
    fn create(&self, id: &str, bytes: &[u8]) -> Result<bool, ImportError> {
        let path = self.dir.join(format!("{id}.md"));
        let error = |source| ImportError::Write {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(&self.dir).map_err(error)?;
        let mut file = match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(false),
            Err(e) => return Err(error(e)),
        };
        if let Err(e) = file.write_all(bytes).and_then(|()| file.sync_all()) {
            drop(file);
            // Ours, created just now: remove what was half-written.
            let _ = std::fs::remove_file(&path);
            return Err(error(e));
        }
        Ok(true)
    }
}

fn file_name(path: &Path) -> String {
    format!(
        "articles/{}",
        path.file_name().unwrap_or_default().to_string_lossy()
    )
}

/// The slug of a title: ASCII lowercase letters and digits, single hyphens, at most
/// [`MAX_SLUG`] bytes; `article` when the title has no Latin letter or digit.
pub fn slug(title: &str) -> String {
    let mut slug = String::new();
    for c in fold(title).chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    if slug.len() > MAX_SLUG {
        let cut = &slug[..MAX_SLUG];
        slug = match cut.rfind('-') {
            Some(i) if i >= MAX_SLUG / 2 => cut[..i].to_string(),
            _ => cut.to_string(),
        };
    }
    let slug = slug.trim_matches('-');
    if slug.is_empty() {
        "article".to_string()
    } else {
        slug.to_string()
    }
}

fn suffixed(base: &str, n: u32) -> String {
    format!("{base}-{n}")
}

/// A URL as compared for duplicates: no fragment, no trailing slash, scheme and host in
/// lowercase, `http` and `https` alike.
fn url_key(url: &str) -> String {
    let url = url.trim();
    let url = url.split_once('#').map_or(url, |(u, _)| u);
    let url = url.trim_end_matches('/');
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    match rest.split_once('/') {
        Some((host, path)) => format!("{}/{path}", host.to_ascii_lowercase()),
        None => rest.to_ascii_lowercase(),
    }
}

/// The hash of an article's paragraphs with whitespace normalised.
fn body_hash(article: &Article) -> String {
    let mut text = String::new();
    for p in &article.paragraphs {
        for word in p.text.split_whitespace() {
            text.push_str(word);
            text.push(' ');
        }
    }
    hash_bytes(text.as_bytes())
}

/// The front matter, in the corpus's field order.
#[derive(Serialize)]
struct FrontMatter<'a> {
    id: &'a str,
    title: &'a str,
    language: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    source: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<&'a str>,
}

/// The article file for `draft` under `id`: front matter, then the body.
pub(crate) fn render(draft: &Draft, id: &str) -> Result<String, ImportError> {
    let sample: Vec<&str> = draft
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p.as_str()),
            Block::Heading(_) => None,
        })
        .take(5)
        .collect();
    let front = FrontMatter {
        id,
        title: &draft.title,
        language: detect(&sample.join(" ")).code(),
        url: draft.url.as_deref(),
        source: &draft.source,
        published: draft.published.map(|d| d.to_string()),
        author: draft.author.as_deref(),
    };
    let toml = toml::to_string(&front).map_err(|e| ImportError::Unloadable(e.to_string()))?;
    let mut out = format!("+++\n{toml}+++\n");
    for block in &draft.blocks {
        out.push('\n');
        match block {
            Block::Heading(h) => {
                out.push_str("## ");
                out.push_str(h);
            }
            // A paragraph that reads as a heading keeps its `#` escaped.
            Block::Paragraph(p) if p.starts_with('#') => {
                out.push('\\');
                out.push_str(p);
            }
            Block::Paragraph(p) => out.push_str(p),
        }
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii_bounded_and_never_empty() {
        assert_eq!(
            slug("Orion Networks raises $750 million for AI data centers"),
            "orion-networks-raises-750-million-for-ai-data-centers"
        );
        assert_eq!(
            slug("Lumen Cloud acquiert 40 % de Datanord pour 2 milliards d'euros"),
            "lumen-cloud-acquiert-40-de-datanord-pour-2-milliards-d-euros"
        );
        assert_eq!(
            slug("Œuvre : l’été à Zürich — «ça»"),
            "oeuvre-l-ete-a-zurich-ca"
        );
        assert_eq!(slug("  --Hello--World--  "), "hello-world");
        assert_eq!(slug("東京"), "article");
        assert_eq!(slug(""), "article");
        let long = slug(&"abcdefghij ".repeat(20));
        assert!(long.len() <= MAX_SLUG && !long.ends_with('-'), "{long}");
        let unbroken = slug(&"x".repeat(500));
        assert_eq!(unbroken.len(), MAX_SLUG);
        for s in [long, unbroken, slug("Ünïcödé ßtraße")] {
            assert!(
                dealdesk_core::ids::ArticleId::parse(&suffixed(&s, 12)).is_ok(),
                "{s}"
            );
        }
    }

    #[test]
    fn urls_compare_without_fragment_slash_or_scheme() {
        assert_eq!(
            url_key("https://WWW.Example.org/a/B/#top"),
            url_key("http://www.example.org/a/B")
        );
        assert_ne!(url_key("https://x.org/a/B"), url_key("https://x.org/a/b"));
    }

    fn draft(blocks: Vec<Block>) -> Draft {
        Draft {
            title: "He said \"yes\" \\ no".into(),
            blocks,
            url: Some("https://x.example/a".into()),
            published: dealdesk_core::date::IsoDate::parse("2025-09-30").ok(),
            author: Some("Jane Doe".into()),
            source: "feed.xml".into(),
        }
    }

    #[test]
    fn rendered_articles_load_with_every_field() {
        let d = draft(vec![
            Block::Paragraph("# not a heading".into()),
            Block::Heading("Background".into()),
            Block::Paragraph("The government invested in the company.".into()),
        ]);
        let text = render(&d, "a").unwrap();
        let a = articles::parse(Path::new("a.md"), text.as_bytes()).unwrap();
        assert_eq!(a.title, d.title);
        assert_eq!(a.author.as_deref(), Some("Jane Doe"));
        assert_eq!(a.url, d.url);
        assert_eq!(a.source.as_deref(), Some("feed.xml"));
        assert_eq!(a.published.unwrap().to_string(), "2025-09-30");
        assert_eq!(a.paragraphs.len(), 2);
        assert_eq!(a.paragraphs[1].heading.as_deref(), Some("Background"));
    }

    #[test]
    fn a_draft_is_placed_once_and_no_file_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let articles = dir.path().join("articles");
        let mut shelf = Shelf::open(&articles).unwrap();
        let d = draft(vec![Block::Paragraph("Nimbus invested.".into())]);
        let Placement::Added { file, .. } = shelf.place(&d, false).unwrap() else {
            panic!("not added")
        };
        let first = file.clone();
        assert!(dir.path().join(&file).exists());

        // The same URL again: a duplicate, even from a fresh shelf.
        let mut shelf = Shelf::open(&articles).unwrap();
        let again = shelf.place(&d, false).unwrap();
        assert!(matches!(again, Placement::Duplicate { ref of, same: Same::Url } if *of == first));

        // Same text, another URL: a duplicate too.
        let mut other = d.clone();
        other.url = Some("https://y.example/b".into());
        assert!(matches!(
            shelf.place(&other, false).unwrap(),
            Placement::Duplicate {
                same: Same::Text,
                ..
            }
        ));

        // A different article with the same title gets the next slug.
        other.blocks = vec![Block::Paragraph("Something else entirely.".into())];
        let Placement::Added { file, .. } = shelf.place(&other, false).unwrap() else {
            panic!("not added")
        };
        assert_ne!(file, first);
        assert!(file.ends_with("-2.md"), "{file}");
    }
}
