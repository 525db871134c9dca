# syntax=docker/dockerfile:1
# dealdesk: one image for the API (`serve`), the Telegram bot (`bot`) and the one-shot `index`.

# --- build: compile the release binary ---------------------------------------------------------
FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
# Dependencies first, so a source change does not rebuild them.
COPY Cargo.toml Cargo.lock ./
RUN mkdir -p src benches \
    && echo 'fn main() {}' > src/main.rs && touch src/lib.rs && echo 'fn main() {}' > benches/ask.rs \
    && cargo build --release --locked --bin dealdesk \
    && rm -rf src benches
COPY src src
COPY benches benches
RUN touch src/main.rs src/lib.rs \
    && cargo build --release --locked --bin dealdesk \
    && strip target/release/dealdesk \
    && mkdir -p /out/data/index && cp target/release/dealdesk /out/dealdesk

# --- runtime: glibc, CA certificates, no shell, non-root ---------------------------------------
FROM gcr.io/distroless/cc-debian12:nonroot
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
ENTRYPOINT ["/usr/local/bin/dealdesk"]
CMD ["serve"]
