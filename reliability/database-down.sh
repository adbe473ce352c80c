#!/usr/bin/env bash
# Database down: SealGate reaches PostgreSQL through a TCP proxy that this script stops for
# OUTAGE_SECONDS (every open connection is cut, new ones are refused) while two signers keep going.
# Checks: requests that need the database get 503 application/problem+json database-unavailable with
# Retry-After, quickly (a request without a token is still refused with 401); readiness is DOWN; nothing is written meanwhile; no 500 at any time; after the
# proxy returns, SealGate serves again by itself (no restart) and every 201 has its record and audit
# entry, no record lacks its entry, the chain verifies. Exit status 0 only if all of that holds.
# Usage: reliability/database-down.sh   (env: OUTAGE_SECONDS=20)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
OUTAGE_SECONDS=${OUTAGE_SECONDS:-20}
SIGNERS=2
rel_require "$KC_PORT" "$KC_PUBLIC_PORT" "$SG_PORT" "$DB_PROXY_PORT"
trap rel_cleanup EXIT
rm -f "$WORK"/dbdown-ack-*.txt "$WORK/stop" "$WORK"/sealgate-signer-keys.p12
BASE="http://localhost:$SG_PORT"

db_create
keycloak_start
proxy_start db-proxy "$DB_PROXY_PORT" "$PG_PORT"
sealgate_start sealgate "$SG_PORT" "$DB_PROXY_PORT"
token servant1 >"$WORK/servant.token" || fail "no token for servant1"
SERVANT=$(cat "$WORK/servant.token")

signers=()
for w in $(seq 1 "$SIGNERS"); do
  sign_loop "$WORK/dbdown-ack-$w.txt" "$SG_PORT" "$WORK/servant.token" "$WORK/stop" &
  signers+=($!); REL_LOOPS+=($!)
done
sleep 5
known=$(awk '$1 == 201 {print $2; exit}' "$WORK/dbdown-ack-1.txt")
[ -n "$known" ] || fail "no signature before the outage: $(head -3 "$WORK/dbdown-ack-1.txt")"

log "database down: stopping the proxy"
proxy_stop db-proxy
outage_started=$(date +%s)
sleep 2
records_at_cut=$(sql "select count(*) from signature_record")
entries_at_cut=$(sql "select count(*) from audit_entry")

DB_DOWN=urn:sealgate:problem:database-unavailable
expect_problem "sign" 503 "$DB_DOWN" retry -X POST --data-binary 'during the outage' -H "Authorization: Bearer $SERVANT" \
  -H "Content-Type: application/octet-stream" "$BASE/api/v1/signatures?format=cades&packaging=detached&level=B-B"
expect_problem "read a signature record" 503 "$DB_DOWN" retry -H "Authorization: Bearer $SERVANT" "$BASE/api/v1/signatures/$known"
# A refusal is still a refusal (its audit entry cannot be written: SealGate logs that it could not).
expect_problem "request without a token" 401 urn:sealgate:problem:unauthorized - "$BASE/api/v1/signatures/$known"
ready=$(curl -s -m 30 -w ' %{http_code}' "$BASE/q/health/ready")
if [ "${ready##* }" = 503 ] && jq -e '.status == "DOWN"' <<<"${ready% *}" >/dev/null; then
  log "ok   readiness: 503 $(jq -c '[.checks[] | {name, status}]' <<<"${ready% *}")"
else
  log "FAIL readiness during the outage: ${ready##* }"; failures=$((failures + 1))
fi
pki=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/pki/ca")
[ "$pki" = 200 ] && log "ok   the CA chain (no database needed) is still served" || { log "FAIL /pki/ca: $pki"; failures=$((failures + 1)); }

remaining=$((OUTAGE_SECONDS - ($(date +%s) - outage_started)))
[ "$remaining" -gt 0 ] && sleep "$remaining"
records_at_end=$(sql "select count(*) from signature_record")
entries_at_end=$(sql "select count(*) from audit_entry")
if [ "$records_at_end" = "$records_at_cut" ] && [ "$entries_at_end" = "$entries_at_cut" ]; then
  log "ok   nothing written during the outage ($records_at_end records, $entries_at_end audit entries)"
else
  log "FAIL written during the outage: records $records_at_cut -> $records_at_end, entries $entries_at_cut -> $entries_at_end"
  failures=$((failures + 1))
fi

log "database back: starting the proxy"
proxy_start db-proxy "$DB_PROXY_PORT" "$PG_PORT"
back=$(date +%s)
recovered=""
for _ in $(seq 1 60); do
  out=$(curl -s -o /dev/null -w '%{http_code}|%header{location}' -X POST --data-binary 'after the outage' \
    -H "Authorization: Bearer $SERVANT" -H "Content-Type: application/octet-stream" \
    "$BASE/api/v1/signatures?format=cades&packaging=detached&level=B-B")
  IFS='|' read -r code location <<<"$out"
  location=${location##*/}
  printf '%s %s 0\n' "$code" "${location:--}" >>"$WORK/dbdown-ack-probe.txt"
  if [ "$code" = 201 ]; then recovered=$(( $(date +%s) - back )); break; fi
  sleep 1
done
[ -n "$recovered" ] && log "ok   signing again ${recovered} s after the database returned, without a restart" \
  || { log "FAIL no 201 within 60 s after the database returned"; failures=$((failures + 1)); }
curl -sf -o /dev/null "$BASE/q/health/ready" && log "ok   ready again" || { log "FAIL not ready after the database returned"; failures=$((failures + 1)); }
sleep 5
touch "$WORK/stop"; wait "${signers[@]}"
rm -f "$WORK/stop"

log "signers' answers over the whole run:"
cat "$WORK"/dbdown-ack-*.txt | awk '{print $1}' | sort | uniq -c | awk '{printf "  status %s: %s\n", $2, $1}'
bad=$(cat "$WORK"/dbdown-ack-*.txt | awk '$1 != 201 && $1 != 503' | wc -l)
[ "$bad" -eq 0 ] && log "ok   every answer was 201 or 503" || { log "FAIL $bad answers other than 201/503"; failures=$((failures + 1)); }
MAX_UNACKNOWLEDGED=$SIGNERS check_signatures "$SG_PORT" "$WORK"/dbdown-ack-*.txt || failures=$((failures + 1))
[ "$failures" -eq 0 ] || fail "database down: $failures checks failed"
log "PASS database down: acknowledged $CHECK_ACKED, found $CHECK_FOUND, lost 0; outage ${OUTAGE_SECONDS} s, recovered ${recovered} s after the database returned"
