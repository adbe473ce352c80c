#!/usr/bin/env bash
# Soak: SOAK_SECONDS (default 600) of mixed traffic on loopback against one SealGate on PostgreSQL:
# two civil-servant signers (CAdES and JAdES in turn), one partner verifying a signature, one partner
# asking for a citizen record (share). Tokens are renewed before they expire. Every SAMPLE_SECONDS
# the JVM's RSS and heap are sampled. Checks: no answer other than the expected success or 429; the
# heap retained after a full GC grows by at most SOAK_MAX_HEAP_GROWTH_MB; RSS stays under
# SOAK_MAX_RSS_MB. Prints requests by kind and status, p50/p99 latency, RSS start/end/max.
# Usage: SOAK_SECONDS=60 reliability/soak.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
SOAK_SECONDS=${SOAK_SECONDS:-600}
SAMPLE_SECONDS=${SAMPLE_SECONDS:-10}
SOAK_MAX_HEAP_GROWTH_MB=${SOAK_MAX_HEAP_GROWTH_MB:-64}
SOAK_MAX_RSS_MB=${SOAK_MAX_RSS_MB:-1024}
rel_require "$KC_PORT" "$KC_PUBLIC_PORT" "$SG_PORT"
command -v jcmd >/dev/null && command -v jstat >/dev/null || fail "jcmd and jstat (JDK) are needed"
trap rel_cleanup EXIT
rm -f "$WORK"/soak-*.txt "$WORK/stop" "$WORK"/sealgate-signer-keys.p12
BASE="http://localhost:$SG_PORT"

db_create
keycloak_start
sealgate_start sealgate "$SG_PORT"
PID=$(sealgate_jvm_pid sealgate)

renew_tokens() {
  token servant1 >"$WORK/soak-servant.tmp" && mv "$WORK/soak-servant.tmp" "$WORK/soak-servant.token"
  partner_token partner-tax-bureau >"$WORK/soak-tax.tmp" && mv "$WORK/soak-tax.tmp" "$WORK/soak-tax.token"
  partner_token partner-health-commission >"$WORK/soak-health.tmp" && mv "$WORK/soak-health.tmp" "$WORK/soak-health.token"
}
renew_tokens || fail "no tokens from Keycloak"

# A civil-affairs record for citizen1 (made-up data), so that the tax bureau has something to receive.
curl -sf -o /dev/null -X POST -H "Authorization: Bearer $(cat "$WORK/soak-servant.token")" -H "Content-Type: application/json" \
  -d '{"nationalId":"11010519491231002X","employer":"Soak Test Tea Co.","bankCard":"6217000000000000004",
       "monthlyContributions":[{"month":"2026-10","amount":1180.5}],"remarks":"no remarks"}' \
  "$BASE/api/v1/datasets/social-insurance/records" || fail "publishing the record to share failed"
printf 'a decision to verify\n' >"$WORK/soak-original.txt"
curl -sf -o "$WORK/soak-signed.p7s" -X POST --data-binary @"$WORK/soak-original.txt" \
  -H "Authorization: Bearer $(cat "$WORK/soak-servant.token")" -H "Content-Type: application/octet-stream" \
  "$BASE/api/v1/signatures?format=cades&packaging=detached&level=B-T" || fail "the signature to verify could not be made"

# One line per request: "<kind> <status> <seconds>".
soak_sign() {
  local n=0 result
  while [ ! -e "$WORK/stop" ]; do
    n=$((n + 1))
    if [ $((n % 2)) -eq 0 ]; then
      result=$(printf '{"decision":"%s-%s"}' "$BASHPID" "$n" | curl -s -o /dev/null -m 30 -X POST --data-binary @- \
        -H "Authorization: Bearer $(cat "$WORK/soak-servant.token")" -H "Content-Type: application/json" \
        -w '%{http_code} %{time_total}' "$BASE/api/v1/signatures?format=jades&level=B-B") || true
    else
      result=$(printf 'document %s-%s\n' "$BASHPID" "$n" | curl -s -o /dev/null -m 30 -X POST --data-binary @- \
        -H "Authorization: Bearer $(cat "$WORK/soak-servant.token")" -H "Content-Type: application/octet-stream" \
        -w '%{http_code} %{time_total}' "$BASE/api/v1/signatures?format=cades&packaging=detached&level=B-B") || true
    fi
    printf 'sign %s\n' "$result" >>"$1"
  done
}
soak_verify() {
  local result
  while [ ! -e "$WORK/stop" ]; do
    result=$(curl -s -o /dev/null -m 30 -H "Authorization: Bearer $(cat "$WORK/soak-health.token")" \
      -F signed=@"$WORK/soak-signed.p7s" -F original=@"$WORK/soak-original.txt" \
      -w '%{http_code} %{time_total}' "$BASE/api/v1/verifications") || true
    printf 'verify %s\n' "$result" >>"$1"
    if [ "${result%% *}" = 429 ]; then sleep 0.5; fi
  done
}
soak_share() {
  local n=0 result
  while [ ! -e "$WORK/stop" ]; do
    n=$((n + 1))
    result=$(curl -s -o /dev/null -m 30 -X POST -H "Authorization: Bearer $(cat "$WORK/soak-tax.token")" \
      -H "Content-Type: application/json" -w '%{http_code} %{time_total}' \
      -d "{\"dataset\":\"social-insurance\",\"nationalId\":\"11010519491231002X\",\"purpose\":\"income-verification\",\"caseReference\":\"SOAK-$n\"}" \
      "$BASE/api/v1/shares") || true
    printf 'share %s\n' "$result" >>"$1"
    if [ "${result%% *}" = 429 ]; then sleep 0.5; fi
  done
}
renewer() { # tokens live 300 s in the dev realm
  while [ ! -e "$WORK/stop" ]; do
    for _ in $(seq 1 240); do [ -e "$WORK/stop" ] && return 0; sleep 1; done
    renew_tokens || log "token renewal failed"
  done
}
heap_used_mb() { # S0U + S1U + EU + OU from jstat -gc, in MB
  jstat -gc "$PID" | awk 'NR == 1 {for (i = 1; i <= NF; i++) col[$i] = i}
    NR == 2 {printf "%d", ($(col["S0U"]) + $(col["S1U"]) + $(col["EU"]) + $(col["OU"])) / 1024}'
}
rss_mb() { awk '/^VmRSS:/ {printf "%d", $2 / 1024}' "/proc/$PID/status"; }
retained_mb() { jcmd "$PID" GC.run >/dev/null; sleep 1; heap_used_mb; }
sampler() {
  while [ ! -e "$WORK/stop" ]; do
    printf '%s %s %s\n' "$(date +%s)" "$(rss_mb)" "$(heap_used_mb)" >>"$WORK/soak-memory.txt"
    sleep "$SAMPLE_SECONDS"
  done
}

log "warm-up (20 s)"
loops=()
soak_sign "$WORK/soak-warmup.txt" & loops+=($!)
soak_verify "$WORK/soak-warmup.txt" & loops+=($!)
soak_share "$WORK/soak-warmup.txt" & loops+=($!)
REL_LOOPS+=("${loops[@]}")
sleep 20
touch "$WORK/stop"; wait "${loops[@]}"; rm -f "$WORK/stop"
retained_start=$(retained_mb)
rss_start=$(rss_mb)

log "soak: $SOAK_SECONDS s; 2 signers, 1 verifier, 1 share client; memory every $SAMPLE_SECONDS s"
loops=()
soak_sign "$WORK/soak-requests-1.txt" & loops+=($!)
soak_sign "$WORK/soak-requests-2.txt" & loops+=($!)
soak_verify "$WORK/soak-requests-3.txt" & loops+=($!)
soak_share "$WORK/soak-requests-4.txt" & loops+=($!)
renewer & loops+=($!)
sampler & loops+=($!)
REL_LOOPS+=("${loops[@]}")
sleep "$SOAK_SECONDS"
touch "$WORK/stop"; wait "${loops[@]}"; rm -f "$WORK/stop"
rss_end=$(rss_mb)
retained_end=$(retained_mb)

cat "$WORK"/soak-requests-*.txt >"$WORK/soak-all.txt"
log "requests by kind and status:"
awk '{print $1, $2}' "$WORK/soak-all.txt" | sort | uniq -c | awk '{printf "  %-7s %s: %d\n", $2, $3, $1}'
log "latency (seconds), successful requests:"
for kind in sign verify share; do
  awk -v k="$kind" '$1 == k && ($2 == 200 || $2 == 201) {print $3}' "$WORK/soak-all.txt" | sort -n | awk -v k="$kind" '
    {v[NR] = $1} END {if (NR == 0) {printf "  %-7s none\n", k; exit}
      p50 = v[int(NR * 0.50 + 0.999)]; p99 = v[int(NR * 0.99 + 0.999)]
      printf "  %-7s n=%d p50=%.3f p99=%.3f max=%.3f\n", k, NR, p50, p99, v[NR]}'
done
total=$(wc -l <"$WORK/soak-all.txt")
log "throughput: $total requests in $SOAK_SECONDS s ($(awk -v t="$total" -v s="$SOAK_SECONDS" 'BEGIN {printf "%.1f", t / s}') per second)"
rss_max=$(awk '{print $2}' "$WORK/soak-memory.txt" | sort -n | tail -1)
heap_max=$(awk '{print $3}' "$WORK/soak-memory.txt" | sort -n | tail -1)
log "RSS (MB): start $rss_start, end $rss_end, max $rss_max; heap used (MB) max $heap_max; retained after full GC (MB): start $retained_start, end $retained_end"
log "memory samples (time, RSS MB, heap used MB): $WORK/soak-memory.txt"

errors=$(awk '!(($1 == "sign" && $2 == 201) || ($1 != "sign" && $2 == 200) || $2 == 429)' "$WORK/soak-all.txt" | wc -l)
[ "$errors" -eq 0 ] && log "ok   no error responses other than 429" \
  || { log "FAIL $errors error responses: $(awk '!(($1 == "sign" && $2 == 201) || ($1 != "sign" && $2 == 200) || $2 == 429) {print $1, $2}' "$WORK/soak-all.txt" | sort | uniq -c | tr '\n' ' ')"; failures=$((failures + 1)); }
[ $((retained_end - retained_start)) -le "$SOAK_MAX_HEAP_GROWTH_MB" ] && log "ok   retained heap grew by $((retained_end - retained_start)) MB (limit $SOAK_MAX_HEAP_GROWTH_MB)" \
  || { log "FAIL retained heap grew by $((retained_end - retained_start)) MB (limit $SOAK_MAX_HEAP_GROWTH_MB)"; failures=$((failures + 1)); }
[ "$rss_max" -le "$SOAK_MAX_RSS_MB" ] && log "ok   RSS max $rss_max MB (limit $SOAK_MAX_RSS_MB)" \
  || { log "FAIL RSS max $rss_max MB over $SOAK_MAX_RSS_MB"; failures=$((failures + 1)); }
verify=$(curl -sf -H "Authorization: Bearer $(token auditor1)" "$BASE/api/v1/audit/verify" | jq -c '{intact, entries}')
[ "$(jq -r .intact <<<"$verify")" = true ] && log "ok   audit chain after the soak: $verify" || { log "FAIL audit chain: $verify"; failures=$((failures + 1)); }
[ "$failures" -eq 0 ] || fail "soak: $failures checks failed"
log "PASS soak"
