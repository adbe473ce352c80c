#!/usr/bin/env bash
# The audit sequencer's instance dies under load: two SealGate instances on one PostgreSQL, WORKERS
# signers on each for LOAD_SECONDS; after KILL_AFTER seconds the instance holding the sequencer's
# lease is killed with SIGKILL and not restarted. Measured: how long until the other instance holds
# the lease and until it signs its first tree head. Then every 201 (from either instance) must have
# its record and audit entry, every entry must be sequenced exactly once (no gap, no entry left
# without a place), the tree must verify with every signed head (those the dead instance signed
# included), and the consistency proof from the last head signed before the kill to the latest must
# check offline. Exit status 0 only if all of that holds.
# Usage: reliability/sequencer-takeover.sh   (env: WORKERS=3 LOAD_SECONDS=40 KILL_AFTER=15)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
WORKERS=${WORKERS:-3}
LOAD_SECONDS=${LOAD_SECONDS:-40}
KILL_AFTER=${KILL_AFTER:-15}
rel_require "$KC_PORT" "$KC_PUBLIC_PORT" "$SG_PORT" "$SG2_PORT"
trap rel_cleanup EXIT
rm -f "$WORK"/takeover-*.txt "$WORK/stop" "$WORK"/sealgate-signer-keys.p12 "$WORK"/sealgate2-signer-keys.p12
[ -f target/test-classpath.txt ] || ./mvnw -q -B -ntp test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test-classpath.txt
CP="target/test-classes:target/classes:$(cat target/test-classpath.txt)"

db_create
keycloak_start
sealgate_start sealgate "$SG_PORT"
sealgate_start sealgate2 "$SG2_PORT"
token servant1 >"$WORK/servant.token" || fail "no token for servant1"

log "load: $WORKERS signers on each of ports $SG_PORT and $SG2_PORT for $LOAD_SECONDS s; the sequencer's instance killed after $KILL_AFTER s"
loops=()
for port in "$SG_PORT" "$SG2_PORT"; do
  for w in $(seq 1 "$WORKERS"); do
    sign_loop "$WORK/takeover-ack-$port-$w.txt" "$port" "$WORK/servant.token" "$WORK/stop" &
    loops+=($!); REL_LOOPS+=($!)
  done
done
sleep "$KILL_AFTER"

holder=$(sql "select holder from audit_sequencer where id = 1")
holder_pid=$(sed -E 's/^sealgate-([0-9]+)-.*/\1/' <<<"$holder")
if [ "$holder_pid" = "$(sealgate_jvm_pid sealgate)" ]; then dead=sealgate; survivor_port=$SG2_PORT;
elif [ "$holder_pid" = "$(sealgate_jvm_pid sealgate2)" ]; then dead=sealgate2; survivor_port=$SG_PORT;
else fail "the lease is held by '$holder', neither instance"; fi
last_head=$(sql "select max(tree_size) from audit_tree_head")
log "the sequencer is $dead (pid $holder_pid) at $(sql "select tree_size from audit_sequencer") entries, last head $last_head; SIGKILL"
killed_ms=$(date +%s%3N)
rel_stop "$dead" KILL
taken_ms=
for _ in $(seq 1 300); do
  now_holder=$(sql "select holder from audit_sequencer where id = 1 and lease_until > current_timestamp")
  if [ -n "$now_holder" ] && [ "$now_holder" != "$holder" ]; then taken_ms=$(date +%s%3N); break; fi
  sleep 0.1
done
[ -n "$taken_ms" ] || fail "nobody took the lease over within 30 s"
log "takeover: $now_holder holds the lease $((taken_ms - killed_ms)) ms after the kill"
killed_at=$(date -u -d "@$((killed_ms / 1000)).$((killed_ms % 1000))" '+%Y-%m-%d %H:%M:%S.%3N+00')
for _ in $(seq 1 300); do
  first_head=$(sql "select round(extract(epoch from min(created_at)) * 1000) from audit_tree_head where created_at > '$killed_at'")
  [ -n "$first_head" ] && break
  sleep 0.1
done
log "first tree head after the kill: $((first_head - killed_ms)) ms after it"
remaining=$(( LOAD_SECONDS - KILL_AFTER - (($(date +%s%3N) - killed_ms) / 1000) ))
[ "$remaining" -gt 0 ] && sleep "$remaining"
touch "$WORK/stop"; wait "${loops[@]}"
rm -f "$WORK/stop"

failures=0
for port in "$SG_PORT" "$SG2_PORT"; do
  log "instance on $port: $(cat "$WORK"/takeover-ack-"$port"-*.txt | awk '{print $1}' | sort | uniq -c | awk '{printf "%s×%s ", $2, $1}')"
done
MAX_UNACKNOWLEDGED=$WORKERS check_signatures "$survivor_port" "$WORK"/takeover-ack-*.txt || failures=$((failures + 1))
entries=$(sql "select count(*) from audit_entry")
sequenced=$(sql "select count(distinct seq) from audit_entry where seq is not null")
size=$(sql "select tree_size from audit_sequencer")
max_seq=$(sql "select coalesce(max(seq), 0) from audit_entry")
if [ "$entries" = "$sequenced" ] && [ "$sequenced" = "$size" ] && [ "$max_seq" = "$size" ]; then
  log "ok   $entries entries, each with its own place 1..$size in the tree, none without"
else
  log "FAIL entries $entries, distinct places $sequenced, tree size $size, last place $max_seq"; failures=$((failures + 1))
fi
auditor=$(token auditor1)
curl -sf -H "Authorization: Bearer $auditor" "http://localhost:$survivor_port/api/v1/audit/checkpoints" -X POST >/dev/null
curl -sf -H "Authorization: Bearer $auditor" -o "$WORK/takeover-consistency.json" \
  "http://localhost:$survivor_port/api/v1/audit/consistency?from=$last_head" || fail "no consistency proof from $last_head"
verdict=$(java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$CP" dev.sealgate.audit.offline.AuditLogVerifier consistency "$WORK/takeover-consistency.json" certs-dev/root-ca.pem) \
  && log "ok   offline: $verdict" || { log "FAIL offline: $verdict"; failures=$((failures + 1)); }
[ "$failures" -eq 0 ] || fail "sequencer takeover: $failures checks failed"
log "PASS sequencer takeover: lease moved in $((taken_ms - killed_ms)) ms, first head after $((first_head - killed_ms)) ms; $CHECK_ACKED signatures acknowledged, none lost; $entries entries sequenced once each"
