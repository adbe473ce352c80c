#!/usr/bin/env bash
# Sign and verify throughput and latency over HTTP against the packaged SealGate on PostgreSQL
# (loopback only): for each concurrency level, that many clients send back-to-back requests with a
# real Keycloak token for LEVEL_SECONDS; prints requests/s, p50/p99/max latency, non-2xx answers and the
# service's peak RSS. Uses the reliability scripts' start-up (reliability/lib.sh): Keycloak, a fresh
# database on 127.0.0.1:5432, the dev PKI. INSTANCES=2 starts a second instance on the same database
# and spreads the clients over both. At the end: how long audit entries waited for their place in the
# audit tree and for a signed tree head. SEALGATE_APP_JAR=<other build>/quarkus-app/quarkus-run.jar
# measures another build (an earlier version) with the same tools. While the load runs, the
# database's sessions are sampled ten times a second (pg_stat_activity): what the service's active
# queries were waiting for, so a lock in the request path shows as Lock waits, the disk as IO/WAL.
# A level is a number of clients (closed loop), a rate (600/s: requests leave at that rate whatever the
# answers, each timed from its planned departure) or a share of the best rate so far (80%).
# Usage: ./mvnw -B -ntp package -DskipTests && LEVEL_SECONDS=20 bench/http-load.sh [levels...]
#        (env: OPERATIONS="sign verify", INSTANCES=1; other operations: pades, pades-visible — PAdES of a
#        10 KB one-page PDF with the seal key, invisible or visible, at SIGNATURE_LEVEL, default B-B)
set -euo pipefail
source "$(dirname "$0")/../reliability/lib.sh"
LEVEL_SECONDS=${LEVEL_SECONDS:-20}
OPERATIONS=${OPERATIONS:-sign verify}
INSTANCES=${INSTANCES:-1}
LEVELS=("$@")
[ ${#LEVELS[@]} -gt 0 ] || LEVELS=(1 4 16 64)
rel_require "$KC_PORT" "$KC_PUBLIC_PORT" "$SG_PORT" "$SG2_PORT"
trap rel_cleanup EXIT
rm -f "$WORK"/sealgate-signer-keys.p12 "$WORK"/sealgate2-signer-keys.p12
[ -f target/test-classpath.txt ] || ./mvnw -q -B -ntp test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test-classpath.txt
CP="target/test-classes:target/classes:$(cat target/test-classpath.txt)"

db_create
keycloak_start
SEALGATE_JAVA_OPTS="${SEALGATE_JAVA_OPTS:--Xmx256m}" sealgate_start sealgate "$SG_PORT"
URLS="http://localhost:$SG_PORT"
PIDS=$(sealgate_jvm_pid sealgate)
if [ "$INSTANCES" = 2 ]; then
  SEALGATE_JAVA_OPTS="${SEALGATE_JAVA_OPTS:--Xmx256m}" sealgate_start sealgate2 "$SG2_PORT"
  URLS="$URLS,http://localhost:$SG2_PORT"
  PIDS="$PIDS,$(sealgate_jvm_pid sealgate2)"
fi
log "SealGate ($SEALGATE_APP_JAR) x $INSTANCES, pids $PIDS"

# Samples the service's active sessions until the file $WORK/waits.stop appears.
sample_waits() {
  local samples=0
  : > "$WORK/waits.txt"
  while [ ! -f "$WORK/waits.stop" ]; do
    sql "select coalesce(wait_event_type, 'CPU') || ':' || coalesce(wait_event, '-') from pg_stat_activity
         where datname = current_database() and state = 'active' and pid <> pg_backend_pid()" >> "$WORK/waits.txt" || true
    samples=$((samples + 1))
    echo "$samples" > "$WORK/waits.samples"
    sleep 0.1
  done
}
rm -f "$WORK/waits.stop"
sample_waits &
SAMPLER=$!

for operation in $OPERATIONS; do
  case $operation in
    pades) what="PAdES ${SIGNATURE_LEVEL:-B-B} of a 10 KB PDF with the seal key, invisible" ;;
    pades-visible) what="PAdES ${SIGNATURE_LEVEL:-B-B} of a 10 KB PDF with the seal key, visible (seal, time, QR code)" ;;
    *) what="CAdES detached B-B of a 2.3 KB document" ;;
  esac
  log "== $operation: $what, ${LEVEL_SECONDS} s per level =="
  java -Dsealgate.bench.level="${SIGNATURE_LEVEL:-B-B}" -cp "$CP" dev.sealgate.bench.HttpLoad "$URLS" "$KC_URL" "$operation" "$LEVEL_SECONDS" "$PIDS" "${LEVELS[@]}"
done

touch "$WORK/waits.stop"
wait "$SAMPLER" || true
log "the service's database sessions while under load, $(cat "$WORK/waits.samples") samples (active sessions by what they waited for; CPU = not waiting):"
sort "$WORK/waits.txt" | uniq -c | sort -rn | head -12

if [ "$(sql "select count(*) from information_schema.columns where table_name = 'audit_entry' and column_name = 'sequenced_at'")" = 1 ]; then
  audit_settled "$SG_PORT" | jq -c '{intact, entries, pending, treeHeads}' | sed 's/^/audit log after the run: /'
  log "waiting for a place in the tree (ms; sequenced - written):"
  sql "select 'p50 ' || round(percentile_cont(0.5) within group (order by d)) || '  p99 ' || round(percentile_cont(0.99) within group (order by d)) || '  max ' || round(max(d)) || '  entries ' || count(*) from (select extract(epoch from (sequenced_at - occurred_at)) * 1000 d from audit_entry where version = 2) x"
  log "waiting for a signed tree head (ms; first head that covers the entry - written):"
  sql "select 'p50 ' || round(percentile_cont(0.5) within group (order by d)) || '  p99 ' || round(percentile_cont(0.99) within group (order by d)) || '  max ' || round(max(d)) || '  heads ' || (select count(*) from audit_tree_head) from (select extract(epoch from ((select h.created_at from audit_tree_head h where h.tree_size >= e.seq order by h.tree_size limit 1) - e.occurred_at)) * 1000 d from audit_entry e where e.version = 2 and e.seq <= (select max(tree_size) from audit_tree_head)) x"
fi
