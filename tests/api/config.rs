//! `dealdesk config` and `--config`: defaults, then the file, then the environment, then flags.

use crate::helpers::dealdesk;

fn config(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let out = dealdesk(dir)
        .args(args)
        .arg("config")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn value(toml_text: &str, section: &str, key: &str) -> toml::Value {
    let table: toml::Table = toml_text.parse().unwrap();
    table[section][key].clone()
}

#[test]
fn defaults_file_environment_and_flags_layer_in_that_order() {
    let dir = tempfile::tempdir().unwrap();
    let defaults = config(dir.path(), &[], &[]);
    assert_eq!(
        value(&defaults, "server", "addr").as_str(),
        Some("127.0.0.1:8080")
    );
    assert_eq!(value(&defaults, "paths", "corpus").as_str(), Some("corpus"));
    assert_eq!(
        value(&defaults, "server", "body_limit").as_integer(),
        Some(65536)
    );

    std::fs::write(
        dir.path().join("dealdesk.toml"),
        "[paths]\ncorpus = \"from-file\"\nindex = \"index-from-file\"\n\n[server]\naddr = \"127.0.0.1:9000\"\napi_token = \"file-secret\"\nmax_conversations = 5\n",
    )
    .unwrap();
    let from_file = config(dir.path(), &[], &[]);
    assert_eq!(
        value(&from_file, "paths", "corpus").as_str(),
        Some("from-file")
    );
    assert_eq!(
        value(&from_file, "server", "addr").as_str(),
        Some("127.0.0.1:9000")
    );
    assert_eq!(
        value(&from_file, "server", "max_conversations").as_integer(),
        Some(5)
    );

    let layered = config(
        dir.path(),
        &["--corpus", "from-flag"],
        &[
            ("DEALDESK_CORPUS", "from-env"),
            ("DEALDESK_INDEX", "index-from-env"),
            ("DEALDESK_ADDR", "127.0.0.1:9100"),
        ],
    );
    assert_eq!(
        value(&layered, "paths", "corpus").as_str(),
        Some("from-flag")
    );
    assert_eq!(
        value(&layered, "paths", "index").as_str(),
        Some("index-from-env")
    );
    assert_eq!(
        value(&layered, "server", "addr").as_str(),
        Some("127.0.0.1:9100")
    );

    // Secrets are masked, from the file or the environment.
    assert!(!from_file.contains("file-secret"));
    assert_eq!(
        value(&from_file, "server", "api_token").as_str(),
        Some("********")
    );
    let env_secret = config(dir.path(), &[], &[("DEALDESK_API_TOKEN", "env-secret")]);
    assert!(!env_secret.contains("env-secret"));
}

#[test]
fn a_named_file_is_read_and_its_mistakes_are_reported_with_a_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("other.toml");
    std::fs::write(&file, "[server]\nwatch = true\n").unwrap();
    let shown = config(dir.path(), &["--config", file.to_str().unwrap()], &[]);
    assert_eq!(value(&shown, "server", "watch").as_bool(), Some(true));

    std::fs::write(&file, "[server]\naddr = \"127.0.0.1:1\"\nbogus = 1\n").unwrap();
    let out = dealdesk(dir.path())
        .args(["--config", file.to_str().unwrap(), "config"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("other.toml:3"), "{err}");

    let out = dealdesk(dir.path())
        .arg("config")
        .env("DEALDESK_BODY_LIMIT", "big")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("DEALDESK_BODY_LIMIT"));
}
