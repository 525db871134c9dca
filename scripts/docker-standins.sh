#!/usr/bin/env bash
# Local stand-ins for the public images the Dockerfile and docker-compose.yml pull, made offline
# (no registry) from Debian's mirror with debootstrap, for machines that cannot reach Docker Hub:
#
#   dealdesk-standin/rust:<rustc>-<Cargo.lock hash>  like rust:*-slim-bookworm (gcc, libc6-dev,
#       CA certificates), with this machine's Rust toolchain and the workspace's crates vendored,
#       so the image build never fetches a crate;
#   dealdesk-standin/distroless-cc:bookworm-nonroot   like gcr.io/distroless/cc-debian12:nonroot:
#       glibc, libgcc, CA certificates, the nonroot user (65532), and no shell;
#   dealdesk-standin/redis:7-bookworm                  like redis:7-bookworm, as the redis user.
#
# Each image is kept in Docker's store and made again only when missing (or with --rebuild); the
# builder's tag changes with the toolchain and Cargo.lock, so a dependency change vendors again.
# Prints the three tags as KEY=value lines on stdout for scripts/compose-e2e.sh.
# Needs root (debootstrap, chroot), debootstrap and a running Docker engine.
set -euo pipefail
cd "$(dirname "$0")/.."

rebuild=false
[ "${1:-}" = "--rebuild" ] && rebuild=true
mirror=${DEALDESK_DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=bookworm
prefix=dealdesk-standin

log() { echo "docker-standins: $*" >&2; }
have_image() { ! $rebuild && docker image inspect "$1" >/dev/null 2>&1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A minimal Debian root filesystem with the given extra packages.
bootstrap() {
    local root=$1 include=$2
    log "debootstrap $suite ($include) into $root"
    debootstrap --variant=minbase --include="$include" "$suite" "$root" "$mirror" \
        >"$root.log" 2>&1 || {
        tail -20 "$root.log" >&2
        log "debootstrap failed (full log above); is $mirror reachable?"
        exit 1
    }
    # apt's package lists and downloaded archives are of no use in an image.
    rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/archives/*.deb
}

rustc_version=$(rustc --version | awk '{print $2}')
lock_hash=$(sha256sum Cargo.lock | cut -c1-12)
builder=$prefix/rust:$rustc_version-$lock_hash
runtime=$prefix/distroless-cc:$suite-nonroot
redis=$prefix/redis:7-$suite

# --- builder: gcc + libc6-dev + CA certificates, the toolchain, the vendored crates ----------
if ! have_image "$builder"; then
    base=$prefix/debian-build:$suite
    if ! have_image "$base"; then
        bootstrap "$work/build-root" ca-certificates,gcc,libc6-dev
        tar -C "$work/build-root" -c . | docker import - "$base" >/dev/null
        rm -rf "$work/build-root"
    fi
    ctx=$work/builder
    mkdir -p "$ctx/rust"
    sysroot=$(rustc --print sysroot)
    log "copying the Rust toolchain $rustc_version from $sysroot"
    # Hard links when the toolchain shares the file system, a copy otherwise.
    cp -al "$sysroot/bin" "$sysroot/lib" "$ctx/rust/" 2>/dev/null \
        || cp -a "$sysroot/bin" "$sysroot/lib" "$ctx/rust/"
    log "vendoring the crates of Cargo.lock"
    cargo vendor --locked --versioned-dirs --quiet "$ctx/vendor" >/dev/null
    cat >"$ctx/config.toml" <<'EOF'
# The crates of the workspace's Cargo.lock, vendored: image builds never reach crates.io.
[source.crates-io]
replace-with = "vendored-sources"

[source.vendored-sources]
directory = "/usr/local/cargo/vendor"

[net]
offline = true
EOF
    docker build --quiet -t "$builder" -f - "$ctx" >/dev/null <<EOF
FROM $base
ENV CARGO_HOME=/usr/local/cargo \
    PATH=/usr/local/cargo/bin:/usr/local/rust/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
COPY rust /usr/local/rust
COPY vendor /usr/local/cargo/vendor
COPY config.toml /usr/local/cargo/config.toml
RUN cargo --version && rustc --version
EOF
    log "built $builder"
fi

# --- redis and the distroless runtime, from one root with redis-server ----------------------
if ! have_image "$redis" || ! have_image "$runtime"; then
    root=$work/service-root
    bootstrap "$root" ca-certificates,netbase,redis-server
    # As the official image's entry point does: a server started without a configuration file
    # answers other containers (protected mode would refuse every connection from outside).
    cat >"$root/usr/local/bin/docker-entrypoint.sh" <<'SCRIPT'
#!/bin/sh
set -e
if [ "$1" = redis-server ] && ! echo "$*" | grep -q -- '--protected-mode'; then
    set -- "$@" --protected-mode no
fi
exec "$@"
SCRIPT
    chmod 755 "$root/usr/local/bin/docker-entrypoint.sh"
    tar -C "$root" -c . | docker import \
        --change 'USER redis' \
        --change 'WORKDIR /var/lib/redis' \
        --change 'EXPOSE 6379' \
        --change 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' \
        --change 'CMD ["redis-server"]' \
        - "$redis" >/dev/null
    log "built $redis"

    # The runtime: only the files of the packages distroless/cc carries that the binary uses,
    # so no shell, no package manager, nothing to log in with.
    stage=$work/runtime
    mkdir -p "$stage"
    chroot "$root" dpkg-query -L base-files netbase libc6 libgcc-s1 ca-certificates \
        | sort -u >"$work/paths"
    : >"$work/members"
    while IFS= read -r path; do
        [ -n "$path" ] && [ "$path" != "/." ] || continue
        # Through merged-/usr links (/lib -> usr/lib) to the real directory, keeping the name.
        dir=$(readlink -f "$root$(dirname "$path")")
        member=${dir#"$root"}/$(basename "$path")
        if [ -e "$root$member" ] || [ -L "$root$member" ]; then
            echo ".$member" >>"$work/members"
        fi
    done <"$work/paths"
    # The merged-/usr links themselves, the certificate bundle update-ca-certificates wrote.
    for link in bin lib lib64 sbin; do
        [ -L "$root/$link" ] && echo "./$link" >>"$work/members"
    done
    find "$root/etc/ssl/certs" -mindepth 1 -printf './etc/ssl/certs/%P\n' >>"$work/members"
    sort -u "$work/members" | tar -C "$root" -c --no-recursion -T - | tar -C "$stage" -x
    mkdir -p "$stage/etc" "$stage/home/nonroot" "$stage/tmp"
    chmod 1777 "$stage/tmp"
    chown 65532:65532 "$stage/home/nonroot"
    cat >"$stage/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
EOF
    cat >"$stage/etc/group" <<'EOF'
root:x:0:
nobody:x:65534:
nonroot:x:65532:
EOF
    if find "$stage" -name sh -o -name bash -o -name dash | grep -q .; then
        log "the runtime stand-in carries a shell; it must not"
        exit 1
    fi
    tar -C "$stage" -c . | docker import \
        --change 'USER nonroot' \
        --change 'WORKDIR /home/nonroot' \
        - "$runtime" >/dev/null
    log "built $runtime ($(du -sh "$stage" | cut -f1))"
fi

echo "BUILDER_IMAGE=$builder"
echo "RUNTIME_IMAGE=$runtime"
echo "REDIS_IMAGE=$redis"
