#!/usr/bin/env bash
# Two SealGate instances on one PostgreSQL database: WORKERS signers and one partner verifier against
# each, concurrently, for LOAD_SECONDS. Then: every 201 has its record and audit entry, and the audit
# log (written by both instances without a shared lock, sequenced by one of them) verifies from both instances and
# holds exactly one entry per acknowledged signature and per answered partner verification.
# Exit status 0 only if all of that holds.
# Usage: reliability/two-instances.sh   (env: WORKERS=3 LOAD_SECONDS=45)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
WORKERS=${WORKERS:-3}
LOAD_SECONDS=${LOAD_SECONDS:-45}
rel_require "$KC_PORT" "$KC_PUBLIC_PORT" "$SG_PORT" "$SG2_PORT"
trap rel_cleanup EXIT
rm -f "$WORK"/two-*.txt "$WORK/stop" "$WORK"/sealgate-signer-keys.p12 "$WORK"/sealgate2-signer-keys.p12

db_create
keycloak_start
# One after the other: the first migrates the schema, the second finds it migrated.
sealgate_start sealgate "$SG_PORT"
sealgate_start sealgate2 "$SG2_PORT"
token servant1 >"$WORK/servant.token" || fail "no token for servant1"
partner_token partner-tax-bureau >"$WORK/partner.token" || fail "no token for partner-tax-bureau"
printf 'a decision to verify\n' >"$WORK/two-original.txt"
curl -sf -o "$WORK/two-signed.p7s" -X POST --data-binary @"$WORK/two-original.txt" -w '201 %header{location} 0\n' \
  -H "Authorization: Bearer $(cat "$WORK/servant.token")" -H "Content-Type: application/octet-stream" \
  "http://localhost:$SG_PORT/api/v1/signatures?format=cades&packaging=detached&level=B-B" \
  | awk '{n = split($2, path, "/"); print $1, path[n], $3}' >"$WORK/two-ack-first.txt" || fail "first signature failed"

log "load: $WORKERS signers and 1 verifier on each of ports $SG_PORT and $SG2_PORT for $LOAD_SECONDS s"
loops=()
for port in "$SG_PORT" "$SG2_PORT"; do
  for w in $(seq 1 "$WORKERS"); do
    sign_loop "$WORK/two-ack-$port-$w.txt" "$port" "$WORK/servant.token" "$WORK/stop" &
    loops+=($!); REL_LOOPS+=($!)
  done
  verify_loop "$WORK/two-verify-$port.txt" "$port" "$WORK/partner.token" "$WORK/stop" "$WORK/two-signed.p7s" "$WORK/two-original.txt" &
  loops+=($!); REL_LOOPS+=($!)
done
sleep "$LOAD_SECONDS"
touch "$WORK/stop"; wait "${loops[@]}"
rm -f "$WORK/stop"

for port in "$SG_PORT" "$SG2_PORT"; do
  log "instance on $port: signing $(cat "$WORK"/two-ack-"$port"-*.txt | awk '{print $1}' | sort | uniq -c | awk '{printf "%s×%s ", $2, $1}')" \
    "verification $(awk '{print $1}' "$WORK/two-verify-$port.txt" | sort | uniq -c | awk '{printf "%s×%s ", $2, $1}')"
done
bad=$(cat "$WORK"/two-ack-*.txt | awk '$1 != 201' | wc -l)
bad_verify=$(cat "$WORK"/two-verify-*.txt | awk '$1 != 200 && $1 != 429' | wc -l)
[ "$bad" -eq 0 ] && [ "$bad_verify" -eq 0 ] || { log "FAIL $bad signing and $bad_verify verification answers were errors"; failures=$((failures + 1)); }
verified=$(cat "$WORK"/two-verify-*.txt | awk '$1 == 200' | wc -l)
check_signatures "$SG_PORT" "$WORK"/two-ack-*.txt || failures=$((failures + 1))
log "audit entries by action: $(sql "select string_agg(action || '=' || n, ', ' order by action) from (select action, count(*) n from audit_entry group by action) a")"
expected=$((CHECK_ACKED + verified))
if [ "$CHECK_ENTRIES_TOTAL" -eq "$expected" ]; then
  log "ok   audit entries $CHECK_ENTRIES_TOTAL = $CHECK_ACKED signatures (201) + $verified partner verifications (200)"
else
  log "FAIL audit entries $CHECK_ENTRIES_TOTAL, expected $CHECK_ACKED signatures + $verified verifications = $expected"
  failures=$((failures + 1))
fi
second=$(curl -sf -H "Authorization: Bearer $(token auditor1)" "http://localhost:$SG2_PORT/api/v1/audit/verify" | jq -c '{intact, entries}')
[ "$(jq -r .intact <<<"$second")" = true ] && log "ok   the second instance verifies the audit tree too: $second" \
  || { log "FAIL second instance: $second"; failures=$((failures + 1)); }
[ "$failures" -eq 0 ] || fail "two instances: $failures checks failed"
log "PASS two instances: $CHECK_ACKED signatures and $verified verifications, $CHECK_ENTRIES_TOTAL audit entries, intact"
