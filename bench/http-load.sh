#!/usr/bin/env bash
# Sign and verify throughput and latency over HTTP against the packaged SealGate on PostgreSQL
# (loopback only): for each concurrency level, that many clients send back-to-back requests with a
# real Keycloak token for LEVEL_SECONDS; prints requests/s, p50/p99/max latency, non-2xx answers and the
# service's peak RSS. Uses the reliability scripts' start-up (reliability/lib.sh): Keycloak, a fresh
# database on 127.0.0.1:5432, the dev PKI.
# Usage: ./mvnw -B -ntp package -DskipTests && LEVEL_SECONDS=20 bench/http-load.sh [levels...]
set -euo pipefail
source "$(dirname "$0")/../reliability/lib.sh"
LEVEL_SECONDS=${LEVEL_SECONDS:-20}
LEVELS=("$@")
[ ${#LEVELS[@]} -gt 0 ] || LEVELS=(1 4 16 64)
rel_require "$KC_PORT" "$KC_PUBLIC_PORT" "$SG_PORT"
trap rel_cleanup EXIT
rm -f "$WORK"/sealgate-signer-keys.p12
[ -f target/test-classpath.txt ] || ./mvnw -q -B -ntp test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test-classpath.txt
CP="target/test-classes:target/classes:$(cat target/test-classpath.txt)"

db_create
keycloak_start
SEALGATE_JAVA_OPTS="${SEALGATE_JAVA_OPTS:--Xmx256m}" sealgate_start sealgate "$SG_PORT"
PID=$(sealgate_jvm_pid sealgate)
log "SealGate pid $PID, RSS at start $(awk '/VmRSS/ {print int($2/1024)}' /proc/"$PID"/status) MB"

for operation in sign verify; do
  log "== $operation: CAdES detached B-B of a 2.3 KB document, ${LEVEL_SECONDS} s per level =="
  java -cp "$CP" dev.sealgate.bench.HttpLoad "http://localhost:$SG_PORT" "$KC_URL" "$operation" "$LEVEL_SECONDS" "$PID" "${LEVELS[@]}"
done
