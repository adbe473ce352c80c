#!/usr/bin/env bash
# Signs one large document (default 1 GiB) through the REST API with SealGate's heap capped at
# 256 MB, beside plain sha256sum of the same file. Loopback only; stops everything it started.
# Usage: bench/large-document.sh [size-in-MiB]
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB=${1:-1024}
WORK=target/bench
mkdir -p "$WORK"
DOC="$WORK/document-${SIZE_MB}m.bin"
[ -f "$DOC" ] || dd if=/dev/urandom of="$DOC" bs=1M count="$SIZE_MB" status=none

echo "== sha256sum of ${SIZE_MB} MiB =="
/usr/bin/time -f "sha256sum: %e s" sha256sum "$DOC" >/dev/null

echo "== starting SealGate (dev mode, -Xmx256m) with Keycloak =="
./mvnw -q quarkus:dev -Dquarkus.console.enabled=false \
  -Djvm.args="-Xmx256m -Xlog:gc:file=$WORK/gc.log" >"$WORK/sealgate.log" 2>&1 &
DEV=$!
trap 'kill $DEV 2>/dev/null; pkill -TERM -f "quarkus-internal.serialized-app-model" 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do
  curl -sf http://localhost:8080/q/health/ready >/dev/null 2>&1 && break
  sleep 1
done
TOKEN=$(curl -sf -d grant_type=password -d client_id=dev-cli -d username=servant1 -d password=servant1 \
  http://localhost:8180/realms/egov/protocol/openid-connect/token | sed -E 's/.*"access_token":"([^"]+)".*/\1/')

echo "== signing ${SIZE_MB} MiB as CAdES detached B-B =="
/usr/bin/time -f "sign over HTTP: %e s" curl -sS -f -X POST -T "$DOC" -o "$WORK/document.p7s" \
  -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/octet-stream" \
  "http://localhost:8080/api/v1/signatures?format=cades&packaging=detached&level=B-B"
openssl cms -verify -binary -inform DER -in "$WORK/document.p7s" -content "$DOC" \
  -CAfile certs-dev/root-ca.pem -purpose any -out /dev/null
echo "peak heap after GC (MB): $(grep -oE -- '->[0-9]+M' "$WORK/gc.log" | tr -d '>M-' | sort -n | tail -1)"
echo "heap limit: 256 MB; GC log: $WORK/gc.log"
