//! `entities.toml`: `[[entity]]` tables, each an [`Entity`], checked into an [`EntityTable`].

use std::path::Path;

use serde::Deserialize;

use crate::model::entity::{Conflict, Entity, EntityTable};
use crate::problem::Problem;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntitiesFile {
    #[serde(default)]
    entity: Vec<Entity>,
}

/// Parses `entities.toml`; problems name the file, line and field.
pub fn parse(path: &Path, text: &str) -> Result<EntityTable, Vec<Problem>> {
    let problem = |line: Option<usize>, message: String| Problem {
        path: path.to_path_buf(),
        line,
        message,
    };
    let file: EntitiesFile = toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        vec![problem(
            line,
            format!("malformed entities: {}", e.message()),
        )]
    })?;
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).map(|p| p + 1);
    EntityTable::build(file.entity).map_err(|conflicts| {
        conflicts
            .into_iter()
            .map(|c| {
                let line = match &c {
                    Conflict::DuplicateId(id) | Conflict::EmptyName(id) => {
                        line_of(&format!("\"{id}\""))
                    }
                    Conflict::NoLetters { alias, .. } | Conflict::SharedAlias { alias, .. } => {
                        line_of(alias)
                    }
                };
                problem(line, c.to_string())
            })
            .collect()
    })
}

/// Reads `entities.toml`, absent meaning no entities.
pub fn load(path: &Path) -> Result<EntityTable, Vec<Problem>> {
    match std::fs::read(path) {
        Ok(bytes) => match std::str::from_utf8(&bytes) {
            Ok(text) => parse(path, text),
            Err(_) => Err(vec![Problem {
                path: path.to_path_buf(),
                line: None,
                message: "text is not valid UTF-8".into(),
            }]),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(EntityTable::default()),
        Err(e) => Err(vec![Problem {
            path: path.to_path_buf(),
            line: None,
            message: format!("cannot read: {e}"),
        }]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOML: &str = r#"
[[entity]]
id = "us-government"
name = "US government"
kind = "government"
aliases = ["gouvernement américain", "Washington"]

[[entity]]
id = "intel"
name = "Intel"
kind = "company"
"#;

    #[test]
    fn parses_entities_with_aliases() {
        let t = parse(Path::new("entities.toml"), TOML).unwrap();
        assert_eq!(t.all().len(), 2);
        assert_eq!(t.link("le gouvernement américain").len(), 1);
    }

    #[test]
    fn problems_name_the_line() {
        let dup = format!(
            "{TOML}\n[[entity]]\nid = \"intel\"\nname = \"Intel Corp\"\nkind = \"company\"\n"
        );
        let e = parse(Path::new("entities.toml"), &dup).unwrap_err();
        assert!(e[0].message.contains("duplicate entity id"), "{e:?}");
        let shared = format!(
            "{TOML}\n[[entity]]\nid = \"other\"\nname = \"Other\"\nkind = \"company\"\naliases = [\"Washington\"]\n"
        );
        let e = parse(Path::new("entities.toml"), &shared).unwrap_err();
        assert!(e[0].message.contains("already an alias"), "{e:?}");
        let bad_kind = "[[entity]]\nid = \"x\"\nname = \"X\"\nkind = \"planet\"\n";
        let e = parse(Path::new("entities.toml"), bad_kind).unwrap_err();
        assert_eq!(e[0].line, Some(4), "{e:?}");
    }
}
