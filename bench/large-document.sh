#!/usr/bin/env bash
# Signs one large document (default 1 GiB) through the REST API with SealGate's heap capped at 256 MB,
# beside plain sha256sum of the same file. The packaged application on PostgreSQL with Keycloak, started
# as in reliability/lib.sh; loopback only; stops everything it started.
# Usage: ./mvnw -B -ntp package -DskipTests && bench/large-document.sh [size-in-MiB]
# LARGE_JFR=1 also records a JFR profile of SealGate to target/reliability/large-document.jfr.
set -euo pipefail
source "$(dirname "$0")/../reliability/lib.sh"
SIZE_MB=${1:-1024}
rel_require "$KC_PORT" "$KC_PUBLIC_PORT" "$SG_PORT"
trap rel_cleanup EXIT
DOC="$WORK/document-${SIZE_MB}m.bin"
[ -f "$DOC" ] || dd if=/dev/urandom of="$DOC" bs=1M count="$SIZE_MB" status=none

OPTS="-Xmx256m -Xlog:gc:file=$WORK/large-document-gc.log"
[ -z "${LARGE_JFR:-}" ] || OPTS="$OPTS -XX:StartFlightRecording=filename=$WORK/large-document.jfr,settings=profile"
db_create
keycloak_start
rm -f "$WORK"/sealgate-signer-keys.p12
SEALGATE_JAVA_OPTS="$OPTS" sealgate_start sealgate "$SG_PORT"
TOKEN=$(token servant1)

log "== sha256sum of ${SIZE_MB} MiB (file in the page cache: read once before) =="
cat "$DOC" >/dev/null
/usr/bin/time -f "sha256sum: %e s" sha256sum "$DOC" >/dev/null

# a small signature first, so the first large request does not also pay for the signer's key and certificate
curl -sf -o /dev/null -X POST --data-binary "warm-up" -H "Authorization: Bearer $TOKEN" \
  "http://localhost:$SG_PORT/api/v1/signatures?format=cades&packaging=detached&level=B-B"

log "== signing ${SIZE_MB} MiB as CAdES detached B-B =="
/usr/bin/time -f "sign over HTTP: %e s (curl: %U s user, %S s system)" curl -sS -f -X POST -T "$DOC" -o "$WORK/document.p7s" \
  -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/octet-stream" \
  "http://localhost:$SG_PORT/api/v1/signatures?format=cades&packaging=detached&level=B-B"
openssl cms -verify -binary -inform DER -in "$WORK/document.p7s" -content "$DOC" \
  -CAfile certs-dev/root-ca.pem -purpose any -out /dev/null
log "== signing ${SIZE_MB} MiB as CAdES enveloping B-B (the document spooled through the work directory and embedded) =="
/usr/bin/time -f "sign enveloping over HTTP: %e s" curl -sS -f -X POST -T "$DOC" -o "$WORK/document.p7m" \
  -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/octet-stream" \
  "http://localhost:$SG_PORT/api/v1/signatures?format=cades&packaging=enveloping&level=B-B"
openssl cms -verify -binary -inform DER -in "$WORK/document.p7m" -CAfile certs-dev/root-ca.pem -purpose any \
  -out "$WORK/document.out"
cmp -s "$DOC" "$WORK/document.out" && log "the enveloped content is the document, byte for byte"
rm -f "$WORK/document.p7m" "$WORK/document.out"
log "peak heap after GC (MB): $(grep -oE -- '->[0-9]+M' "$WORK/large-document-gc.log" | tr -d '>M-' | sort -n | tail -1)"
log "heap limit: 256 MB; GC log: $WORK/large-document-gc.log"
if [ -n "${LARGE_JFR:-}" ]; then
  jcmd "$(sealgate_jvm_pid sealgate)" JFR.dump filename="$WORK/large-document.jfr" >/dev/null
  log "JFR profile: $WORK/large-document.jfr"
fi
