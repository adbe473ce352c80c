#!/usr/bin/env bash
# Hostile inputs against the packaged SealGate in production settings (the README's configuration table only,
# -Xmx512m, PostgreSQL, real Keycloak), loopback only and bounded: 650 half-sent uploads (300 to /verify without
# a token, 250 verifications and 100 documents to sign with valid tokens) while health and a normal verification
# are timed; eight zip bombs at once (a 4 GB page before OFD.xml, a 1 GB OFD.xml) on the API and /verify;
# 100,000-deep XML verified and signed; 600 MB chunked to /verify and to the API; a 100 MB JWS and one with a
# 40 MB header; an OFD whose central directory names another file than its local header; a JWS whose crit
# names an unknown extension; a form that does not use its boundary (reliability/Hostile.java, the JDK alone).
# Then: no OutOfMemoryError or StackOverflowError in SealGate's log, no 500, health UP, RSS and figures printed.
# The public page's rate limit is raised for this run (SEALGATE_PUBLIC_VERIFY_RATE_*) so that the bombs reach
# the page instead of its rate limit. Exit status 0 only if every case holds.
# Usage: reliability/hostile.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
rel_require "$KC_PORT" "$KC_PUBLIC_PORT" "$SG_PORT"
trap rel_cleanup EXIT
rm -f "$WORK"/sealgate-signer-keys.p12
export SEALGATE_PUBLIC_VERIFY_RATE_PER_MINUTE=100000 SEALGATE_PUBLIC_VERIFY_RATE_BURST=100000
db_create
keycloak_start
sealgate_start sealgate "$SG_PORT"
pid=$(sealgate_jvm_pid sealgate)
rss_max=0
( while kill -0 "$pid" 2>/dev/null; do ps -o rss= -p "$pid" 2>/dev/null || true; sleep 1; done ) >"$WORK/hostile-rss.txt" &
REL_LOOPS+=($!)

servant=$(token servant1) || fail "no token for servant1"
partner=$(partner_token partner-tax-bureau) || fail "no partner token"
set +e
java -Xmx1g "$REL_ROOT/reliability/Hostile.java" "http://localhost:$SG_PORT" "$partner" "$servant" | tee "$WORK/hostile.txt"
code=${PIPESTATUS[0]}
set -e
[ "$code" = 0 ] || failures=$((failures + 1))

log_file="$WORK/sealgate.log"
oom=$(grep -c 'OutOfMemoryError' "$log_file" || true)
soe=$(grep -c 'StackOverflowError' "$log_file" || true)
errors=$(grep -c ' ERROR ' "$log_file" || true)
incidents=$(grep -c 'Unhandled error, incident' "$log_file" || true)
rss_max=$(sort -n "$WORK/hostile-rss.txt" | tail -1)
log "SealGate log: OutOfMemoryError $oom, StackOverflowError $soe, ERROR lines $errors, unhandled (500) $incidents; RSS max $((rss_max / 1024)) MB"
[ "$oom" = 0 ] || { log "WRONG: OutOfMemoryError in the log"; failures=$((failures + 1)); }
[ "$soe" = 0 ] || { log "WRONG: StackOverflowError in the log"; failures=$((failures + 1)); }
[ "$incidents" = 0 ] || { log "WRONG: $incidents requests ended in a 500"; failures=$((failures + 1)); }
curl -sf "http://localhost:$SG_PORT/q/health/ready" >/dev/null || { log "WRONG: not ready after the run"; failures=$((failures + 1)); }
[ "$failures" = 0 ] || fail "$failures checks wrong"
log "PASS"
