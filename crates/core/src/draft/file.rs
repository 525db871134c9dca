//! `drafts.jsonl`: the drafts waiting for review, one [`Draft`] a line (the record in the
//! `deals.jsonl` format, with the new entities it needs). `index` never reads it.
//!
//! Accepting a draft appends its record to `deals.jsonl` and its new entities to
//! `entities.toml` (in the style of the file), after the record passes the checks every
//! record passes; rejecting removes it. Every file is written whole to a temporary file
//! first and then renamed over the old one, so a crash leaves the old file or the new one,
//! never half of one. A draft that fails its checks stays pending, and the problem names
//! `drafts.jsonl` and its line.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::Draft;
use crate::corpus::deals_file::{self, DealRecord};
use crate::corpus::{Corpus, CorpusError, DEALS_FILE, ENTITIES_FILE};
use crate::model::entity::{Entity, EntityKind, EntityTable};
use crate::problem::Problem;

pub const DRAFTS_FILE: &str = "drafts.jsonl";

#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    #[error("{} problem(s) in {}:\n{}", .0.len(), DRAFTS_FILE, .0.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n"))]
    Drafts(Vec<Problem>),
    #[error("cannot write {}: {source}", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// The pending drafts of `dir`, each with its line in `drafts.jsonl`; none when the file is
/// absent.
pub fn load(dir: &Path) -> Result<Vec<(usize, Draft)>, ReviewError> {
    let path = dir.join(DRAFTS_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(ReviewError::Drafts(vec![Problem {
                path,
                line: None,
                message: format!("cannot read: {e}"),
            }]));
        }
    };
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Draft>(line) {
            Ok(d) => out.push((i + 1, d)),
            Err(e) => problems.push(Problem {
                path: path.clone(),
                line: Some(i + 1),
                message: format!("not a draft: {e}"),
            }),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(ReviewError::Drafts(problems))
    }
}

/// Writes `bytes` to `path` through a temporary file renamed over it.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ReviewError> {
    let fail = |source| ReviewError::Write {
        path: path.to_path_buf(),
        source,
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(fail)
}

/// JSON with a space after each `:` and `,`, as `deals.jsonl` is written.
struct Spaced;

impl serde_json::ser::Formatter for Spaced {
    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        if first { Ok(()) } else { w.write_all(b", ") }
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        if first { Ok(()) } else { w.write_all(b", ") }
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    /// Whole numbers without a fraction ("8900000000", not "8900000000.0").
    fn write_f64<W: ?Sized + Write>(&mut self, w: &mut W, value: f64) -> std::io::Result<()> {
        if value.fract() == 0.0 && value.abs() < 9.0e15 {
            write!(w, "{}", value as i64)
        } else {
            serde_json::ser::CompactFormatter.write_f64(w, value)
        }
    }
}

/// A value as one line of JSON in the style of `deals.jsonl`.
pub fn json_line<T: serde::Serialize>(value: &T) -> String {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Spaced);
    // Serialising plain data structures to memory cannot fail.
    if value.serialize(&mut ser).is_err() {
        return String::new();
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the pending drafts, one a line.
pub fn save(dir: &Path, drafts: &[Draft]) -> Result<(), ReviewError> {
    let mut text = String::new();
    for d in drafts {
        text.push_str(&json_line(d));
        text.push('\n');
    }
    write_atomic(&dir.join(DRAFTS_FILE), text.as_bytes())
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// An entity as a `[[entity]]` table in the style of `entities.toml`.
pub fn entity_toml(e: &Entity) -> String {
    let kind = match e.kind {
        EntityKind::Company => "company",
        EntityKind::Government => "government",
        EntityKind::Project => "project",
        EntityKind::Person => "person",
    };
    let mut out = format!(
        "[[entity]]\nid = {}\nname = {}\n",
        toml_string(e.id.as_str()),
        toml_string(&e.name)
    );
    if let Some(fr) = &e.name_fr {
        out.push_str(&format!("name_fr = {}\n", toml_string(fr)));
    }
    out.push_str(&format!("kind = \"{kind}\"\n"));
    if !e.aliases.is_empty() {
        let list: Vec<String> = e.aliases.iter().map(|a| toml_string(a)).collect();
        out.push_str(&format!("aliases = [{}]\n", list.join(", ")));
    }
    out
}

/// What a review did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Ids of the drafts accepted (or rejected), in order.
    pub done: Vec<String>,
    /// Entities added to `entities.toml`.
    pub entities: Vec<Entity>,
    /// Drafts that stay pending, and why.
    pub problems: Vec<Problem>,
}

/// Checks a draft against the corpus as it would be with `extra` entities: the record's
/// checks, and entities that fit in the table.
pub fn check(draft: &Draft, corpus: &Corpus, extra: &[Entity]) -> Result<Vec<Entity>, String> {
    let mut added: Vec<Entity> = Vec::new();
    for e in &draft.entities {
        let known = corpus
            .entities
            .get(&e.id)
            .or_else(|| extra.iter().find(|x| x.id == e.id));
        match known {
            Some(k) if k.name == e.name => {}
            Some(_) => {
                return Err(format!(
                    "field `entities`: the id {:?} is already another entity's; give the new entity another id",
                    e.id.as_str()
                ));
            }
            None => added.push(e.clone()),
        }
    }
    let mut all: Vec<Entity> = corpus.entities.all().to_vec();
    all.extend(extra.iter().cloned());
    all.extend(added.iter().cloned());
    let table = EntityTable::build(all).map_err(|conflicts| {
        format!(
            "field `entities`: {}",
            conflicts
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        )
    })?;
    if corpus.deals.iter().any(|d| d.id == draft.record.id) {
        return Err(format!(
            "field `record.id`: {:?} is already the id of a deal record; give the draft another id",
            draft.record.id
        ));
    }
    deals_file::validate(draft.record.clone(), &table, &corpus.articles)
        .map(|_| added)
        .map_err(|m| m.replace("field `", "field `record."))
}

fn problem(dir: &Path, line: usize, message: String) -> Problem {
    Problem {
        path: dir.join(DRAFTS_FILE),
        line: Some(line),
        message,
    }
}

/// Moves the drafts `ids` to `deals.jsonl` (and their new entities to `entities.toml`);
/// drafts that fail their checks stay pending, with the problem.
pub fn accept(dir: &Path, ids: &[String]) -> Result<Outcome, ReviewError> {
    let corpus = Corpus::load(dir)?;
    let mut pending = load(dir)?;
    let mut outcome = Outcome::default();
    let mut records: Vec<DealRecord> = Vec::new();
    for id in ids {
        let Some(at) = pending.iter().position(|(_, d)| d.id() == id) else {
            outcome.problems.push(Problem {
                path: dir.join(DRAFTS_FILE),
                line: None,
                message: format!(
                    "no pending draft has the id {id:?}: `dealdesk review` lists them"
                ),
            });
            continue;
        };
        let (line, draft) = &pending[at];
        if records.iter().any(|r| r.id == draft.record.id) {
            outcome.problems.push(problem(
                dir,
                *line,
                format!("the id {id:?} is accepted twice"),
            ));
            continue;
        }
        match check(draft, &corpus, &outcome.entities) {
            Ok(added) => {
                outcome.entities.extend(added);
                records.push(draft.record.clone());
                outcome.done.push(id.clone());
                pending.remove(at);
            }
            Err(message) => outcome.problems.push(problem(dir, *line, message)),
        }
    }
    if outcome.done.is_empty() {
        return Ok(outcome);
    }
    if !outcome.entities.is_empty() {
        let path = dir.join(ENTITIES_FILE);
        let mut text = std::fs::read_to_string(&path).unwrap_or_default();
        for e in &outcome.entities {
            if !text.is_empty() && !text.ends_with("\n\n") {
                text.push_str(if text.ends_with('\n') { "\n" } else { "\n\n" });
            }
            text.push_str(&entity_toml(e));
        }
        write_atomic(&path, text.as_bytes())?;
    }
    let path = dir.join(DEALS_FILE);
    let mut text = std::fs::read_to_string(&path).unwrap_or_default();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    for r in &records {
        text.push_str(&json_line(r));
        text.push('\n');
    }
    write_atomic(&path, text.as_bytes())?;
    let rest: Vec<Draft> = pending.into_iter().map(|(_, d)| d).collect();
    save(dir, &rest)?;
    Ok(outcome)
}

/// Removes the drafts `ids`.
pub fn reject(dir: &Path, ids: &[String]) -> Result<Outcome, ReviewError> {
    let mut pending = load(dir)?;
    let mut outcome = Outcome::default();
    for id in ids {
        match pending.iter().position(|(_, d)| d.id() == id) {
            Some(at) => {
                pending.remove(at);
                outcome.done.push(id.clone());
            }
            None => outcome.problems.push(Problem {
                path: dir.join(DRAFTS_FILE),
                line: None,
                message: format!(
                    "no pending draft has the id {id:?}: `dealdesk review` lists them"
                ),
            }),
        }
    }
    if !outcome.done.is_empty() {
        let rest: Vec<Draft> = pending.into_iter().map(|(_, d)| d).collect();
        save(dir, &rest)?;
    }
    Ok(outcome)
}

/// Puts `edited` in place of the draft `id` (it stays pending either way, so no edit is
/// lost) and checks it: the problem, if any, names its line.
pub fn replace(dir: &Path, id: &str, edited: Draft) -> Result<Option<Problem>, ReviewError> {
    let mut pending = load(dir)?;
    let Some(at) = pending.iter().position(|(_, d)| d.id() == id) else {
        return Ok(Some(Problem {
            path: dir.join(DRAFTS_FILE),
            line: None,
            message: format!("no pending draft has the id {id:?}: `dealdesk review` lists them"),
        }));
    };
    let line = pending[at].0;
    if edited.id() != id && pending.iter().any(|(_, d)| d.id() == edited.id()) {
        return Ok(Some(problem(
            dir,
            line,
            format!(
                "field `record.id`: another draft already has the id {:?}; the edit was not kept",
                edited.id()
            ),
        )));
    }
    pending[at].1 = edited;
    let rest: Vec<Draft> = pending.iter().map(|(_, d)| d.clone()).collect();
    save(dir, &rest)?;
    // The edit is saved before the corpus is read: a corpus with problems loses no edit.
    let corpus = Corpus::load(dir)?;
    Ok(check(&pending[at].1, &corpus, &[])
        .err()
        .map(|m| problem(dir, line, m)))
}

/// Adds drafts after the pending ones.
pub fn append(dir: &Path, drafts: &[Draft]) -> Result<(), ReviewError> {
    let mut all: Vec<Draft> = load(dir)?.into_iter().map(|(_, d)| d).collect();
    all.extend(drafts.iter().cloned());
    save(dir, &all)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::entity::EntityId;

    #[test]
    fn entities_are_written_in_the_files_style() {
        let e = Entity {
            id: EntityId::parse("senior-engineering-group").unwrap(),
            name: "Senior Engineering Group Plc".into(),
            name_fr: None,
            kind: EntityKind::Company,
            aliases: vec!["Senior Engineering Group".into(), "Senior \"SE\"".into()],
        };
        assert!(
            entity_toml(&e).starts_with(
                "[[entity]]\nid = \"senior-engineering-group\"\nname = \"Senior Engineering Group Plc\"\nkind = \"company\"\naliases = [\"Senior Engineering Group\", "
            ),
            "{}",
            entity_toml(&e)
        );
        let parsed: toml::Value = toml::from_str(&entity_toml(&e)).unwrap();
        assert_eq!(
            parsed["entity"][0]["aliases"][1].as_str(),
            Some("Senior \"SE\"")
        );
    }

    #[test]
    fn json_lines_have_the_files_spacing() {
        let v = serde_json::json!({"id": "a", "parties": [{"entity": "x"}, {"entity": "y"}]});
        assert_eq!(
            json_line(&v),
            r#"{"id": "a", "parties": [{"entity": "x"}, {"entity": "y"}]}"#
        );
    }

    #[test]
    fn writes_replace_the_file_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.txt");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "two");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file is left behind");
    }
}
