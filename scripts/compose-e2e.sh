#!/usr/bin/env bash
# The compose stack built and run for real, end to end, as an operator would run it:
#   1. starts dockerd when none answers (installs docker.io, docker-compose and debootstrap
#      when missing), makes the offline base-image stand-ins (scripts/docker-standins.sh) and
#      builds dealdesk:latest from the shipped Dockerfile with them;
#   2. `docker-compose up -d` on a copy of the corpus, waits for the healthchecks, and checks
#      that the `index` one-shot filled the index volume;
#   3. asks through 127.0.0.1 with the bearer token and checks the citation;
#   4. edits a corpus file and sees the answer change through the API and, against a fake Bot
#      API server (scripts/fake-bot-api.py), through the bot;
#   5. times a graceful `docker stop` of the api and the bot (each must exit 0 within 10 s);
#   6. ends with `docker-compose down -v`, also on failure.
# Prints the figures (image size, build time, up to healthy, stop times) at the end.
#
# Environment: DEALDESK_E2E_PORT (the API's host port, default 18080),
# DEALDESK_E2E_PUBLIC_IMAGES=1 to build from the public base images instead of the stand-ins.
# Needs root (dockerd, debootstrap): run as another user, it asks sudo for root.
set -euo pipefail
[ "$(id -u)" -eq 0 ] || exec sudo -E "$0" "$@"
cd "$(dirname "$0")/.."
repo=$(pwd)
started=$(date +%s)

say() { echo "compose-e2e: $*" >&2; }
fail() {
    say "FAILED: $*"
    exit 1
}
now_ms() { date +%s%3N; }

# --- the engine ---------------------------------------------------------------------------------
missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# Whatever fails, the stack goes down with its volume and what this script started stops.
fake_pid=
dockerd_pid=
compose=()
cleanup() {
    status=$?
    if [ ${#compose[@]} -gt 0 ]; then
        if [ $status -ne 0 ]; then
            say "logs of the failed run:"
            "${compose[@]}" logs --no-color --tail 40 >&2 || true
        fi
        "${compose[@]}" down -v --remove-orphans >/dev/null 2>&1 || true
    fi
    [ -z "$fake_pid" ] || kill "$fake_pid" 2>/dev/null || true
    [ -z "$dockerd_pid" ] || kill "$dockerd_pid" 2>/dev/null || true
    [ -z "${work:-}" ] || rm -rf "$work"
    exit $status
}
trap cleanup EXIT

if ! docker info >/dev/null 2>&1; then
    say "starting dockerd (log: /tmp/dealdesk-dockerd.log)"
    setsid dockerd >/tmp/dealdesk-dockerd.log 2>&1 </dev/null &
    dockerd_pid=$!
    for _ in $(seq 1 60); do
        docker info >/dev/null 2>&1 && break
        sleep 1
    done
    docker info >/dev/null 2>&1 || {
        tail -20 /tmp/dealdesk-dockerd.log >&2
        fail "dockerd did not answer within 60 s"
    }
fi

# --- the image ----------------------------------------------------------------------------------
build_args=()
redis_image=redis:7-bookworm
if [ "${DEALDESK_E2E_PUBLIC_IMAGES:-0}" != 1 ]; then
    t=$(now_ms)
    standins=$(scripts/docker-standins.sh)
    builder=$(sed -n 's/^BUILDER_IMAGE=//p' <<<"$standins")
    runtime=$(sed -n 's/^RUNTIME_IMAGE=//p' <<<"$standins")
    redis_image=$(sed -n 's/^REDIS_IMAGE=//p' <<<"$standins")
    build_args=(--build-arg "BUILDER_IMAGE=$builder" --build-arg "RUNTIME_IMAGE=$runtime")
    standins_s=$(((($(now_ms) - t) + 500) / 1000))
    say "base images ready in ${standins_s} s: $builder, $runtime, $redis_image"
fi
t=$(now_ms)
say "building dealdesk:latest (log: /tmp/dealdesk-image-build.log)"
docker build "${build_args[@]}" -t dealdesk:latest . >/tmp/dealdesk-image-build.log 2>&1 || {
    tail -40 /tmp/dealdesk-image-build.log >&2
    fail "docker build failed"
}
build_s=$(((($(now_ms) - t) + 500) / 1000))
image_bytes=$(docker image inspect -f '{{.Size}}' dealdesk:latest)
image_mb=$(((image_bytes + 500000) / 1000000)) # as `docker images` counts: 10^6 bytes
say "image built in ${build_s} s: ${image_mb} MB"
# No shell in the runtime: running one must fail.
if docker run --rm --entrypoint /bin/sh dealdesk:latest -c true >/dev/null 2>&1; then
    fail "the image carries a shell"
fi
[ "$(docker image inspect -f '{{.Config.User}}' dealdesk:latest)" != root ] \
    || fail "the image runs as root"

# --- the stack, on a copy of the corpus ---------------------------------------------------------
project=dealdesk-e2e
work=$(mktemp -d)
chmod 755 "$work"
cp docker-compose.yml "$work/"
cp -r corpus "$work/corpus"
chmod -R a+rX "$work/corpus"
port=${DEALDESK_E2E_PORT:-18080}
token=e2e-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')
# The default bridge's gateway: the host as containers reach it (host-gateway). A daemon that
# has just created the bridge (docker.io 20.10 on a fresh machine) lists its subnet without the
# gateway: then the bridge's interface holds the address.
docker_host_ip=$(docker network inspect bridge -f '{{range .IPAM.Config}}{{.Gateway}}{{end}}')
if [ -z "$docker_host_ip" ]; then
    bridge_if=$(docker network inspect bridge -f '{{index .Options "com.docker.network.bridge.name"}}')
    docker_host_ip=$(ip -4 -o addr show dev "${bridge_if:-docker0}" 2>/dev/null |
        awk '{ split($4, address, "/"); print address[1]; exit }')
fi
[ -n "$docker_host_ip" ] || fail "no bridge gateway address for the fake Bot API to listen on"
cat >"$work/docker-compose.e2e.yml" <<EOF
# What the e2e changes: the stand-in Redis image, the API port, and the bot's Bot API server.
services:
  redis:
    image: $redis_image
  bot:
    extra_hosts:
      - "host.docker.internal:host-gateway"
EOF
compose=(docker-compose -p "$project" --project-directory "$work"
    -f "$work/docker-compose.yml" -f "$work/docker-compose.e2e.yml")


# The fake Bot API listens on the Docker bridge's address, which containers reach as
# host.docker.internal, on a free port it prints once bound ("ready PORT").
coproc FAKE { exec python3 "$repo/scripts/fake-bot-api.py" "$docker_host_ip"; }
fake_pid=$FAKE_PID
ready=
bot_api_port=
read -r -t 10 ready bot_api_port <&"${FAKE[0]}" || true
[ "$ready" = ready ] && [ -n "$bot_api_port" ] || fail "the fake Bot API did not start"
bot_api=http://$docker_host_ip:$bot_api_port

export DEALDESK_API_PORT=$port DEALDESK_API_TOKEN=$token TELOXIDE_TOKEN=4242:e2e-token \
    TELOXIDE_API_URL=http://host.docker.internal:$bot_api_port
t=$(now_ms)
say "docker-compose up -d"
"${compose[@]}" up -d --no-build >/tmp/dealdesk-compose-up.log 2>&1 || {
    cat /tmp/dealdesk-compose-up.log >&2
    fail "docker-compose up failed"
}
container() { docker ps -aq --filter "label=com.docker.compose.project=$project" \
    --filter "label=com.docker.compose.service=$1" | head -1; }
health() { docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$1"; }
api_c=$(container api)
bot_c=$(container bot)
redis_c=$(container redis)
for _ in $(seq 1 240); do
    [ "$(health "$api_c")/$(health "$bot_c")/$(health "$redis_c")" = healthy/healthy/healthy ] && break
    case "$(health "$api_c")/$(health "$bot_c")" in *unhealthy* | *exited*) break ;; esac
    sleep 0.5
done
states="api $(health "$api_c"), bot $(health "$bot_c"), redis $(health "$redis_c")"
[ "$states" = "api healthy, bot healthy, redis healthy" ] || fail "not healthy after 120 s: $states"
healthy_s=$(((($(now_ms) - t) + 500) / 1000))
say "up to healthy in ${healthy_s} s"

# The one-shot filled the volume and exited 0.
index_c=$(container index)
[ "$(docker inspect -f '{{.State.ExitCode}}' "$index_c")" = 0 ] || fail "the index one-shot failed"
volume=$(docker volume inspect -f '{{.Mountpoint}}' "${project}_index")
test -s "$volume/index/meta.json" || fail "the index volume has no index/meta.json"
segments=$(find "$volume/index" -name '*.idx' | wc -l)
[ "$segments" -gt 0 ] || fail "the index volume has no segment"
say "the index one-shot filled the volume ($segments segment files)"

# --- asking, through 127.0.0.1 with the bearer token ---------------------------------------------
ask() { # question -> the answer's JSON
    curl -sS --max-time 30 "http://127.0.0.1:$port/v1/ask" \
        -H "Authorization: Bearer $token" -H 'content-type: application/json' \
        -d "$(python3 -c 'import json,sys; print(json.dumps({"question": sys.argv[1]}))' "$1")"
}
field() { python3 -c "import json,sys; a=json.load(sys.stdin); print($1)"; }
status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v1/ask" \
    -H 'content-type: application/json' -d '{"question": "Intel?"}')
[ "$status" = 401 ] || fail "an ask without the token got $status, not 401"
answer=$(ask "How much did Amazon invest in Anthropic?")
cited=$(field '" ".join(c["article_id"] for c in a["citations"])' <<<"$answer")
text=$(field 'a["answer"]' <<<"$answer")
article=geants-tech-milliards-infrastructure-ia
[[ "$cited" == *"$article"* && "$text" == *'$8 billion'* ]] \
    || fail "unexpected answer: $answer"
say "API: \"$text\" citing $cited"

# A follow-up resolves against the question before it: the conversation went through Redis
# (were Redis unreachable, the follow-up would be answered without its context).
ask_in() { # conversation question -> the answer's JSON
    curl -sS --max-time 30 "http://127.0.0.1:$port/v1/ask" \
        -H "Authorization: Bearer $token" -H 'content-type: application/json' \
        -d "$(python3 -c 'import json,sys; print(json.dumps({"conversation_id": sys.argv[1], "question": sys.argv[2]}))' "$1" "$2")"
}
ask_in e2e "Combien le gouvernement américain a-t-il investi dans Intel ?" >/dev/null
followup=$(ask_in e2e "Et SoftBank ?")
[[ "$(field 'a["question"]' <<<"$followup")" == *Intel* && "$(field 'a["answer"]' <<<"$followup")" == *"2 milliards"* ]] \
    || fail "the follow-up lost its context: $followup"
say "follow-up through Redis: \"$(field 'a["question"]' <<<"$followup")\" -> \"$(field 'a["answer"][:80]' <<<"$followup")\""

# --- an edit to the corpus changes the answer, through the API and the bot ----------------------
question="Quelle puissance a le centre de données de Zorblax ?"
before=$(ask "$question")
[ "$(field 'a["abstained"]' <<<"$before")" = True ] || fail "answered before the edit: $before"
chat=7
say_to_bot() {
    curl -sS --max-time 5 "$bot_api/control/say" -H 'content-type: application/json' \
        -d "$(python3 -c 'import json,sys; print(json.dumps({"chat": int(sys.argv[1]), "text": sys.argv[2]}))' "$chat" "$1")" >/dev/null
}
sent_to_chat() { # after wait -> the texts the bot sent to the chat from the `after`th on
    curl -sS --max-time 35 "$bot_api/control/sent?chat=$chat&after=$1&wait=$2"
}
count() { field 'len(a)'; }
bot_answer() { # question -> the text of the bot's replies to it (waits up to 30 s for the first)
    local seen
    seen=$(sent_to_chat 0 0 | count)
    say_to_bot "$1"
    sent_to_chat "$seen" 30 | field '"\n".join(a)'
}
replies=$(bot_answer "$question")
[ -n "$replies" ] || fail "the bot did not answer"
grep -q '300' <<<"$replies" && fail "the bot knew of Zorblax before the edit: $replies"
say "bot before the edit: $(tr '\n' ' ' <<<"$replies" | cut -c1-200)"

t=$(now_ms)
printf '\nLa société Zorblax a inauguré un centre de données de 300 mégawatts au Québec.\n' \
    >>"$work/corpus/articles/$article.md"
after=
for _ in $(seq 1 120); do
    after=$(ask "$question")
    [ "$(field 'a["abstained"]' <<<"$after")" = False ] && break
    sleep 0.5
done
[[ "$(field 'a["answer"]' <<<"$after")" == *300* && "$(field '" ".join(c["article_id"] for c in a["citations"])' <<<"$after")" == *"$article"* ]] \
    || fail "the API's answer did not change within 60 s of the edit: $after"
reindex_s=$(((($(now_ms) - t) + 500) / 1000))
say "API after the edit (${reindex_s} s): \"$(field 'a["answer"]' <<<"$after")\""
# The api re-indexed; the bot reads the same volume and follows the commit (tantivy's meta.json
# watch, about half a second later).
for _ in $(seq 1 10); do
    reply=$(bot_answer "$question")
    grep -q '300 mégawatts' <<<"$reply" && break
    sleep 1
done
grep -q '300 mégawatts' <<<"$reply" || fail "the bot's answer did not change: $reply"
say "bot after the edit: $(head -1 <<<"$reply")"

# --- graceful stops -----------------------------------------------------------------------------
stop_ms() { # container -> milliseconds `docker stop` took; fails unless it exited 0
    local t0 code
    t0=$(now_ms)
    docker stop -t 10 "$1" >/dev/null
    echo $(($(now_ms) - t0))
    code=$(docker inspect -f '{{.State.ExitCode}}' "$1")
    [ "$code" = 0 ] || fail "$2 exited $code on SIGTERM, not 0"
}
api_stop_ms=$(stop_ms "$api_c" api)
bot_stop_ms=$(stop_ms "$bot_c" bot)
[ "$api_stop_ms" -lt 10000 ] && [ "$bot_stop_ms" -lt 10000 ] \
    || fail "a stop took 10 s or more (api ${api_stop_ms} ms, bot ${bot_stop_ms} ms)"

if "${compose[@]}" logs --no-color 2>&1 | grep -q 'Redis is unreachable'; then
    fail "a service could not reach Redis"
fi
"${compose[@]}" down -v >/dev/null 2>&1
docker volume inspect "${project}_index" >/dev/null 2>&1 && fail "down -v left the index volume"

total_s=$(($(date +%s) - started))
cat <<EOF
compose e2e passed
  image dealdesk:latest       ${image_mb} MB (built in ${build_s} s)
  base images               ${standins_s:-public} s
  up -> healthy             ${healthy_s} s
  edit -> new answer (API)  ${reindex_s} s
  docker stop api / bot     ${api_stop_ms} ms / ${bot_stop_ms} ms
  whole check               ${total_s} s
EOF
