#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what the tests start for real (Debian's
# redis-server, for the replicas that share conversations) when it is missing, then runs
# `cargo test` with any arguments given.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v redis-server >/dev/null 2>&1; then
    echo "installing redis-server (tests/api replicas start one on a loopback port)" >&2
    sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq redis-server >/dev/null
fi
exec cargo test "$@"
