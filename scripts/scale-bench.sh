#!/usr/bin/env bash
# dealdesk at scale, beside the raw engine, in one run (docs/performance.md): generates N
# synthetic deal-news articles (default 10,000: about a minute in all on 2 cores), runs the
# peers (raw tantivy through tantivy-py, bm25s) and dealdesk's own build, `search --batch` and
# `ask --batch` on the same corpus and queries, then their per-query p50 and p99 in one process,
# what every command pays before answering (the freshness check) and the update of one changed
# article, without and with `dealdesk watch` running, and the watch the commands start on their
# own on a large corpus (`[watch] auto_start_files`): the command that starts it, and the next.
#
#   scripts/scale-bench.sh [N]
#
# Environment:
#   DEALDESK_SCALE_DIR   where the venv, corpora and index live (~/.cache/dealdesk/scale)
#   DEALDESK_PEER_BENCH  the generator and peer scripts (default ../shared/bench)
#   DEALDESK_BIN         the dealdesk binary (default: target/release/dealdesk, built here)
# Compare ratios within one run, not absolute times: a shared machine moves them.
set -euo pipefail
cd "$(dirname "$0")/.."

n=${1:-10000}
work=${DEALDESK_SCALE_DIR:-$HOME/.cache/dealdesk/scale}
peers=${DEALDESK_PEER_BENCH:-../shared/bench}
[ -f "$peers/gen_corpus.py" ] || {
    echo "no $peers/gen_corpus.py: set DEALDESK_PEER_BENCH to the scale benchmark's directory" >&2
    exit 1
}
mkdir -p "$work"
[ -x "$work/venv/bin/python" ] || python3 -m venv "$work/venv"
py="$work/venv/bin/python"
"$py" -c 'import wordfreq, bm25s, Stemmer, tantivy' 2>/dev/null ||
    "$py" -m pip install --quiet wordfreq bm25s PyStemmer tantivy

bin=${DEALDESK_BIN:-}
if [ -z "$bin" ]; then
    cargo build --release --quiet
    bin=target/release/dealdesk
fi

# No watch the commands start on their own, but in the rows that measure it: it would run
# beside the other measurements.
export DEALDESK_AUTO_WATCH_FILES=0

data="$work/$n"
[ -f "$data/queries.jsonl" ] || "$py" "$peers/gen_corpus.py" "$n" "$data" >&2

"$py" "$peers/peer_bench.py" "$data/corpus" "$data/queries.jsonl" bm25s tantivy
"$py" "$peers/perf_dealdesk.py" "$bin" "$data"

# What every command pays before answering, and one changed article, on an index of its own.
index=$(mktemp -d)
trap 'rm -rf "$index"' EXIT
"$bin" --corpus "$data/corpus" --index "$index" index >/dev/null
ms() { "$py" -c 'import sys, time, subprocess
t = time.perf_counter(); subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
print(round((time.perf_counter() - t) * 1000, 1))' "$@"; }
fresh=$(for _ in 1 2 3; do ms "$bin" --corpus "$data/corpus" --index "$index" search --limit 1 Intel; done | sort -n | head -n 1)
# Per-query p50 and p99 inside one process (perf_dealdesk.py gives only a mean that includes
# the process start), to set beside the raw engine's.
"$py" -c 'import json, sys
print("\n".join(json.loads(l)["q"] for l in open(sys.argv[1], encoding="utf-8")))' \
    "$data/queries.jsonl" >"$index.queries"
percentiles() {
    "$bin" --corpus "$data/corpus" --index "$index" "$1" --batch "$index.queries" --json --latency 2>&1 >/dev/null |
        sed -n 's/^latency: .* p50 \([0-9.]*\) ms, p99 \([0-9.]*\) ms.*/\1 \2/p'
}
read -r search_p50 search_p99 < <(percentiles search)
read -r ask_p50 ask_p99 < <(percentiles ask)
rm -f "$index.queries"
article=$(find "$data/corpus/articles" -name '*.md' -print -quit)
cp "$article" "$index.article"
printf '\nUne phrase ajoutée pour le banc de mise à jour.\n' >>"$article"
update=$(ms "$bin" --corpus "$data/corpus" --index "$index" index)
mv "$index.article" "$article"
"$bin" --corpus "$data/corpus" --index "$index" index >/dev/null

# The same two with `dealdesk watch` running: the freshness check asks it what changed instead
# of looking at every file. Its debounce is set past the run, so that only the measured
# commands update the index. (A binary without the command, from before it, gets nulls.)
fresh_watched=null update_watched=null
if "$bin" watch --help >/dev/null 2>&1; then
    DEALDESK_WATCH_DEBOUNCE_MS=600000 "$bin" --corpus "$data/corpus" --index "$index" watch \
        >"$index.watch" 2>/dev/null &
    watch_pid=$!
    trap 'kill "$watch_pid" 2>/dev/null || true; rm -rf "$index" "$index.watch" "$index.article"' EXIT
    until grep -q '^dealdesk: watching' "$index.watch"; do
        kill -0 "$watch_pid" || { echo "dealdesk watch did not start" >&2; exit 1; }
        sleep 0.1
    done
    # The first check after the watch starts looks at every file and records the watch's token.
    "$bin" --corpus "$data/corpus" --index "$index" search --limit 1 Intel >/dev/null
    fresh_watched=$(for _ in 1 2 3; do ms "$bin" --corpus "$data/corpus" --index "$index" search --limit 1 Intel; done | sort -n | head -n 1)
    cp "$article" "$index.article"
    printf '\nUne phrase ajoutée pour le banc de mise à jour.\n' >>"$article"
    update_watched=$(ms "$bin" --corpus "$data/corpus" --index "$index" index)
    mv "$index.article" "$article"
    "$bin" --corpus "$data/corpus" --index "$index" index >/dev/null
    kill "$watch_pid"
    wait "$watch_pid" || true
fi

# The watch a command starts on its own when its check looked at many files (the threshold set
# to one file, so that it starts at any N): the first command (its check, then the watch's
# start), and the best of the three after it.
auto_first=null auto_next=null
if "$bin" watch --help 2>/dev/null | grep -q -- --stop-when-idle; then
    auto() { DEALDESK_AUTO_WATCH_FILES=1 ms "$bin" --corpus "$data/corpus" --index "$index" search --limit 1 Intel 2>/dev/null; }
    auto_first=$(auto)
    auto_next=$(for _ in 1 2 3; do auto; done | sort -n | head -n 1)
    # Stopped before its index folder goes (it would stop within 5 s of that on its own).
    pkill -TERM -f -- "--index $index watch --stop-when-idle" || true
fi
echo "{\"peer\": \"dealdesk\", \"articles\": $n, \"search_ms_p50\": $search_p50, \"search_ms_p99\": $search_p99, \"ask_ms_p50\": $ask_p50, \"ask_ms_p99\": $ask_p99, \"search_one_query_incl_freshness_ms\": $fresh, \"update_one_article_ms\": $update, \"search_one_query_incl_freshness_watched_ms\": $fresh_watched, \"update_one_article_watched_ms\": $update_watched, \"search_one_query_auto_watch_first_ms\": $auto_first, \"search_one_query_auto_watch_next_ms\": $auto_next}"
