//! The deployment's structure, checked with a real compose-file parser (`compose_spec`): the
//! services, their image or build, volumes, healthchecks and the optional `llm` profile.
//! `.ci/run` runs this as part of `cargo test`.

use compose_spec::service::healthcheck::Test;
use compose_spec::service::ports;
use compose_spec::service::volumes::{Mount, into_long_iter};
use compose_spec::service::{Condition, Healthcheck};
use compose_spec::{Compose, Service, ShortOrLong};

/// The compose file as `docker compose` reads it with none of its variables set: each
/// `${NAME:-default}` is its default (compose_spec does not interpolate).
fn compose() -> Compose {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docker-compose.yml");
    let text = std::fs::read_to_string(path).unwrap();
    let text = with_defaults(&text);
    let compose = Compose::options().from_yaml_str(&text).unwrap();
    compose.validate_all().unwrap();
    compose
}

fn with_defaults(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}').expect("an unclosed ${") + start;
        let (_, default) = rest[start + 2..end]
            .split_once(":-")
            .unwrap_or_else(|| panic!("{} has no default", &rest[start..=end]));
        out.push_str(default);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

fn service<'a>(c: &'a Compose, name: &str) -> &'a Service {
    c.services
        .iter()
        .find(|(k, _)| *k == name)
        .unwrap_or_else(|| panic!("no service {name}"))
        .1
}

fn env(s: &Service, key: &str) -> Option<String> {
    let map = s.environment.as_map()?;
    map.iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.as_ref().map(|v| v.to_string()).unwrap_or_default())
}

/// (target, named volume or host path, read-only) of each mount.
fn mounts(s: &Service) -> Vec<(String, String, bool)> {
    into_long_iter(s.volumes.clone())
        .map(|m| match m {
            Mount::Volume(v) => (
                v.common.target.as_path().display().to_string(),
                v.source.map(|s| s.to_string()).unwrap_or_default(),
                v.common.read_only,
            ),
            Mount::Bind(b) => (
                b.common.target.as_path().display().to_string(),
                b.source.as_path().display().to_string(),
                b.common.read_only,
            ),
            other => panic!("unexpected mount {other:?}"),
        })
        .collect()
}

fn healthcheck(s: &Service) -> Vec<String> {
    match &s.healthcheck {
        Some(Healthcheck::Command(c)) => match &c.test {
            Some(Test::Command(args)) => args.clone(),
            other => panic!("healthcheck test should be an exec form, got {other:?}"),
        },
        other => panic!("missing healthcheck: {other:?}"),
    }
}

#[test]
fn compose_file_declares_the_deployment() {
    let c = compose();
    let names: Vec<String> = c.services.keys().map(|k| k.to_string()).collect();
    assert_eq!(names, ["index", "redis", "api", "bot", "llm"]);

    // One image for index, api and bot, built from this repository's Dockerfile.
    for name in ["index", "api", "bot"] {
        let s = service(&c, name);
        assert_eq!(
            s.image.as_ref().map(|i| i.to_string()).as_deref(),
            Some("dealdesk:latest"),
            "{name}"
        );
        // The corpus read-only, the index in the named volume.
        let m = mounts(s);
        assert!(
            m.contains(&("/corpus".into(), "./corpus".into(), true)),
            "{name}: {m:?}"
        );
        assert!(
            m.contains(&("/data".into(), "index".into(), false)),
            "{name}: {m:?}"
        );
        assert_eq!(
            env(s, "DEALDESK_INDEX").as_deref(),
            Some("/data/index"),
            "{name}"
        );
    }
    assert!(service(&c, "index").build.is_some());
    assert!(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("Dockerfile")
            .is_file()
    );

    // api and bot wait for the one-shot index and have healthchecks.
    for name in ["api", "bot"] {
        let s = service(&c, name);
        let ShortOrLong::Long(deps) = &s.depends_on else {
            panic!("{name}: depends_on should use the long syntax");
        };
        let deps: Vec<(String, Condition)> = deps
            .iter()
            .map(|(dep, how)| (dep.to_string(), how.condition))
            .collect();
        assert_eq!(
            deps,
            [
                ("index".to_string(), Condition::ServiceCompletedSuccessfully),
                ("redis".to_string(), Condition::ServiceHealthy)
            ],
            "{name}"
        );
        // Replicas share conversations through the redis service.
        assert_eq!(
            env(s, "DEALDESK_REDIS_URL").as_deref(),
            Some("redis://redis:6379/0"),
            "{name}"
        );
        assert!(!healthcheck(s).is_empty());
        assert!(
            env(s, "OPENAI_BASE_URL")
                .unwrap()
                .contains("http://llm:11434/v1"),
            "{name}"
        );
    }
    let api = service(&c, "api");
    assert_eq!(healthcheck(api), ["/usr/local/bin/dealdesk", "probe"]);
    assert!(api.command.is_some());
    // Published on the host's loopback only.
    let published: Vec<String> = ports::into_long_iter(api.ports.clone())
        .map(|p| format!("{:?}:{:?}", p.host_ip, p.published))
        .collect();
    assert_eq!(published.len(), 1, "{published:?}");
    assert!(published[0].starts_with("Some(127.0.0.1)"), "{published:?}");
    for name in ["index", "redis", "bot"] {
        assert!(
            service(&c, name).ports.is_empty(),
            "{name} is not published"
        );
    }
    // Nothing but the index volume is written: read-only root file systems.
    for name in ["index", "redis", "api", "bot"] {
        assert!(service(&c, name).read_only, "{name}: read_only");
    }
    // The image's healthcheck probes a server; the one-shot has none.
    assert!(
        matches!(service(&c, "index").healthcheck, Some(Healthcheck::Disable)),
        "{:?}",
        service(&c, "index").healthcheck
    );

    // Redis: health-checked, saves nothing, reachable only inside the compose network.
    let redis = service(&c, "redis");
    assert_eq!(healthcheck(redis), ["redis-cli", "ping"]);
    assert!(redis.ports.is_empty(), "redis is not published");
    assert!(redis.profiles.is_empty(), "redis runs by default");

    // The model server is optional.
    let llm = service(&c, "llm");
    let profiles: Vec<String> = llm.profiles.iter().map(|p| p.to_string()).collect();
    assert_eq!(profiles, ["llm"]);
    assert!(llm.image.is_some());
    assert!(!healthcheck(llm).is_empty());
    for name in ["index", "api", "bot"] {
        assert!(
            service(&c, name).profiles.is_empty(),
            "{name} runs by default"
        );
    }

    let volumes: Vec<String> = c.volumes.keys().map(|k| k.to_string()).collect();
    assert_eq!(volumes, ["index", "ollama"]);
}

#[test]
fn the_image_is_multi_stage_and_runs_as_a_non_root_user() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("Dockerfile");
    let text = std::fs::read_to_string(path).unwrap();
    let stages: Vec<&str> = text.lines().filter(|l| l.starts_with("FROM ")).collect();
    assert!(stages.len() >= 2, "{stages:?}");
    let user = text
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("USER "))
        .expect("a USER line");
    assert_ne!(user.trim(), "root");
    assert!(text.contains("ENTRYPOINT [\"/usr/local/bin/dealdesk\"]"));
    // The base images are build arguments (scripts/docker-standins.sh passes offline stand-ins)
    // whose defaults are the public images users pull.
    assert!(text.contains("ARG BUILDER_IMAGE=rust:"), "{text}");
    assert!(
        text.contains("ARG RUNTIME_IMAGE=gcr.io/distroless/cc-debian12:nonroot"),
        "{text}"
    );
    assert_eq!(stages[0], "FROM ${BUILDER_IMAGE} AS build");
    assert_eq!(stages.last().copied(), Some("FROM ${RUNTIME_IMAGE}"));
    // A healthcheck in exec form: the runtime has no shell to run a string.
    assert!(
        text.contains("CMD [\"/usr/local/bin/dealdesk\", \"probe\"]"),
        "{text}"
    );
}
