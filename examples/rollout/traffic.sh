#!/usr/bin/env bash
# Sends the 250 WRENCH YouTube test comments to a running `prism serve` (10 per POST /v1/signals,
# asking for spam), ROUNDS times with fresh item ids, and prints which registry version answered
# how many items (from each item's provenance, else the response's) and any HTTP failures.
# Usage: examples/rollout/traffic.sh [URL] [ROUNDS]     (needs curl and jq)
set -euo pipefail
URL="${1:-http://127.0.0.1:8080}"
ROUNDS="${2:-1}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SALT="$(date +%s%N)"
for r in $(seq 1 "$ROUNDS"); do
  jq -c --arg r "$SALT-$r" '[to_entries[] | {id: ("yt-" + $r + "-" + .key), text: .value.data.text}]
      | _nwise(10) | {signals: ["spam"], items: .}' "$ROOT/datasets/wrench_youtube/test.json" |
  while read -r body; do
    out="$(curl -sS -w '\n%{http_code}' -H 'Content-Type: application/json' -d "$body" "$URL/v1/signals")"
    code="$(tail -n1 <<<"$out")"
    if [ "$code" != 200 ]; then
      echo "HTTP $code"
      continue
    fi
    head -n -1 <<<"$out" | jq -r '.provenance["spam@1"].config["registry.version"] as $top
        | .results[] | if .errors then "item error" else (.provenance["spam@1"].config["registry.version"] // $top) end'
  done
done | sort | uniq -c
