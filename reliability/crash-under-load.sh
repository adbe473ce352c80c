#!/usr/bin/env bash
# Crash under load: WORKERS concurrent signers for LOAD_SECONDS; SealGate is killed with SIGKILL after
# KILL_AFTER seconds and restarted; the signers keep going against the new process until the end. Then
# every 201 must have its record and audit entry, no record may lack its entry (or the reverse), at
# most one record per signer may be unacknowledged (committed while the kill cut its connection), and
# the audit chain must verify. Exit status 0 only if all of that holds.
# Usage: reliability/crash-under-load.sh   (env: WORKERS=6 LOAD_SECONDS=60 KILL_AFTER=25)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
WORKERS=${WORKERS:-6}
LOAD_SECONDS=${LOAD_SECONDS:-60}
KILL_AFTER=${KILL_AFTER:-25}
rel_require "$KC_PORT" "$KC_PUBLIC_PORT" "$SG_PORT"
trap rel_cleanup EXIT
rm -f "$WORK"/crash-ack-*.txt "$WORK/stop" "$WORK"/sealgate-signer-keys.p12

db_create
keycloak_start
sealgate_start sealgate "$SG_PORT"

token servant1 >"$WORK/servant.token" || fail "no token for servant1"
# Warm-up: the first signature issues servant1's personal key; it is acknowledged like any other.
sign_loop "$WORK/crash-ack-0.txt" "$SG_PORT" "$WORK/servant.token" "$WORK/stop" &
warm=$!; REL_LOOPS+=($!)
sleep 3; touch "$WORK/stop"; wait "$warm"
rm -f "$WORK/stop"
grep -q '^201 ' "$WORK/crash-ack-0.txt" || fail "warm-up signing failed: $(head -1 "$WORK/crash-ack-0.txt")"

log "load: $WORKERS signers for $LOAD_SECONDS s; SIGKILL after $KILL_AFTER s"
signers=()
for w in $(seq 1 "$WORKERS"); do
  sign_loop "$WORK/crash-ack-$w.txt" "$SG_PORT" "$WORK/servant.token" "$WORK/stop" &
  signers+=($!); REL_LOOPS+=($!)
done
sleep "$KILL_AFTER"
before=$(cat "$WORK"/crash-ack-*.txt | grep -c '^201 ' || true)
log "SIGKILL SealGate (pid $(sealgate_jvm_pid sealgate)) after $before acknowledged signatures"
rel_stop sealgate KILL
restart_started=$(date +%s)
sealgate_start sealgate "$SG_PORT"
log "restarted in $(( $(date +%s) - restart_started )) s"
remaining=$((LOAD_SECONDS - KILL_AFTER - ($(date +%s) - restart_started)))
[ "$remaining" -gt 0 ] && sleep "$remaining"
touch "$WORK/stop"; wait "${signers[@]}"
rm -f "$WORK/stop"

cat "$WORK"/crash-ack-*.txt | awk '{print $1}' | sort | uniq -c | awk '{printf "  status %s: %s\n", $2, $1}'
MAX_UNACKNOWLEDGED=$WORKERS check_signatures "$SG_PORT" "$WORK"/crash-ack-*.txt || fail "crash under load: inconsistency (see above)"
log "PASS crash under load: acknowledged $CHECK_ACKED, found $CHECK_FOUND, lost 0, committed-unacknowledged $CHECK_UNACKED"
