# dealdesk: one image for the API (`serve`), the Telegram bot (`bot`) and the one-shot `index`.
#
# The base images are build arguments whose defaults are the public images. Where no registry is
# reachable, scripts/docker-standins.sh makes local stand-ins (the builder with the crates
# vendored, so the build never fetches) and scripts/compose-e2e.sh passes them in:
#   docker build --build-arg BUILDER_IMAGE=... --build-arg RUNTIME_IMAGE=... -t dealdesk .
ARG BUILDER_IMAGE=rust:1.95-slim-bookworm
ARG RUNTIME_IMAGE=gcr.io/distroless/cc-debian12:nonroot

# --- build: compile the release binary ---------------------------------------------------------
FROM ${BUILDER_IMAGE} AS build
WORKDIR /src
# Dependencies first, so a source change does not rebuild them: the workspace's manifests with
# empty sources.
COPY Cargo.toml Cargo.lock ./
COPY crates/core/Cargo.toml crates/core/
COPY crates/llm/Cargo.toml crates/llm/
COPY crates/desk/Cargo.toml crates/desk/
COPY crates/http/Cargo.toml crates/http/
COPY crates/telegram/Cargo.toml crates/telegram/
COPY crates/import/Cargo.toml crates/import/
RUN mkdir -p src benches \
    && echo 'fn main() {}' > src/main.rs \
    && for b in $(sed -n '/^\[\[bench\]\]/{n;s/^name = "\(.*\)"$/\1/p}' Cargo.toml); do \
        echo 'fn main() {}' > "benches/$b.rs"; done \
    && for c in core llm desk http telegram import; do mkdir -p crates/$c/src && touch crates/$c/src/lib.rs; done \
    && cargo build --release --locked --bin dealdesk \
    && rm -rf src benches crates/*/src
COPY src src
COPY crates crates
COPY benches benches
RUN touch src/main.rs crates/*/src/lib.rs \
    && cargo build --release --locked --bin dealdesk \
    && strip target/release/dealdesk \
    && mkdir -p /out/data/index && cp target/release/dealdesk /out/dealdesk

# --- runtime: glibc, CA certificates, no shell, non-root ---------------------------------------
FROM ${RUNTIME_IMAGE}
COPY --from=build /out/dealdesk /usr/local/bin/dealdesk
# The index volume inherits this directory's owner (the nonroot user, 65532).
COPY --from=build --chown=65532:65532 /out/data /data
ENV DEALDESK_CORPUS=/corpus \
    DEALDESK_INDEX=/data/index \
    DEALDESK_ADDR=0.0.0.0:8080 \
    DEALDESK_LOG_FORMAT=json
USER nonroot
WORKDIR /data
EXPOSE 8080
# For the default command (`serve`); the compose file gives the bot its own and the one-shot
# `index` none. Exec form: the runtime has no shell.
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
    CMD ["/usr/local/bin/dealdesk", "probe"]
ENTRYPOINT ["/usr/local/bin/dealdesk"]
CMD ["serve"]
