#!/usr/bin/env bash
# The log's checkpoint and a witness against the packaged SealGate in production settings (the README's
# configuration table only, SEALGATE_AUDIT_ORIGIN and SEALGATE_AUDIT_WITNESSES among them), on PostgreSQL:
# a witness made with `Witness init`, its verifier key given to SealGate; something signed; the checkpoint
# read without a token and checked with the log's published verifier key; the witness run twice as its own
# process (co-signing, then checking consistency from what it kept); the co-signature shown in the public
# checkpoint; an entry's proof against a co-signed head PROVEN offline with the witness required; and a
# split view staged by editing the stored head's root (what a second history would look like to this
# witness) reported as such. Exit status 0 only if all of that holds.
# Usage: reliability/witness.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
rel_require "$KC_PORT" "$KC_PUBLIC_PORT" "$SG_PORT"
trap rel_cleanup EXIT
rm -rf "$WORK/witness" "$WORK"/sealgate-signer-keys.p12
[ -f target/test-classpath.txt ] || ./mvnw -q -B -ntp test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test-classpath.txt
CP="target/classes:$(cat target/test-classpath.txt)"
BASE="http://localhost:$SG_PORT"
check() { # NAME CONDITION...
  local name=$1; shift
  if "$@"; then log "ok: $name"; else log "WRONG: $name"; failures=$((failures + 1)); fi
}

vkey=$(java -cp "$CP" dev.sealgate.audit.offline.Witness init "$WORK/witness" ombudsman.example.cn/witness)
log "witness key: $vkey"
export SEALGATE_AUDIT_ORIGIN=sealgate.reliability.example/audit-log
export SEALGATE_AUDIT_WITNESSES="$vkey"
db_create
keycloak_start
sealgate_start sealgate "$SG_PORT"
token servant1 >"$WORK/servant.token" || fail "no token for servant1"

sign() {
  curl -sf -D "$WORK/sign.headers" -o /dev/null -H "Authorization: Bearer $(cat "$WORK/servant.token")" -H 'Content-Type: text/plain' \
    --data-binary "minutes $RANDOM$RANDOM" "$BASE/api/v1/signatures?format=cades&packaging=enveloping"
  grep -i '^sealgate-audit-entry:' "$WORK/sign.headers" | tr -d '\r' | awk '{print $2}'
}
head_after() { # SIZE: wait for a head larger than SIZE (heads are signed every second while the log grows)
  for _ in $(seq 1 100); do
    size=$(curl -sf "$BASE/api/v1/audit/tree-heads/latest" | jq -r .treeSize 2>/dev/null || echo 0)
    [ "${size:-0}" -gt "$1" ] && return 0
    sleep 0.2
  done
  fail "no head above $1 entries within 20 s"
}

sign >/dev/null; head_after 0
log_vkey=$(curl -sf "$BASE/api/v1/audit/log-key" | jq -r .noteVerifierKey)
curl -sf "$BASE/api/v1/audit/checkpoint" >"$WORK/checkpoint.txt"
check "the checkpoint's origin is SEALGATE_AUDIT_ORIGIN" test "$(head -1 "$WORK/checkpoint.txt")" = "$SEALGATE_AUDIT_ORIGIN"
check "log-key lists the configured witness" test "$(curl -sf "$BASE/api/v1/audit/log-key" | jq -r '.witnesses[0]')" = "$vkey"

out=$(java -cp "$CP" dev.sealgate.audit.offline.Witness run "$WORK/witness" "$BASE" "$log_vkey") && code=0 || code=$?
log "witness: $out"
check "the witness co-signs" test "$code" = 0
entry=$(sign); first=$(curl -sf "$BASE/api/v1/audit/tree-heads/latest" | jq -r .treeSize); head_after "$first"
out=$(java -cp "$CP" dev.sealgate.audit.offline.Witness run "$WORK/witness" "$BASE" "$log_vkey") && code=0 || code=$?
log "witness: $out"
check "the witness checks consistency and co-signs again" test "$code" = 0
curl -sf "$BASE/api/v1/audit/checkpoint" >"$WORK/checkpoint.txt"
check "the public checkpoint carries the co-signature" grep -q '^— ombudsman.example.cn/witness ' "$WORK/checkpoint.txt"

curl -sf -H "Authorization: Bearer $(cat "$WORK/servant.token")" "$BASE/api/v1/audit/entries/$entry/proof?witnessed=1" >"$WORK/proof.json"
out=$(java -cp "$CP" dev.sealgate.audit.offline.AuditLogVerifier proof "$WORK/proof.json" certs-dev/root-ca.pem --witness "$vkey") \
  && code=0 || code=$?
log "offline: $out"
check "the signer's entry is PROVEN against a head the witness co-signed" test "$code" = 0

# the operator rewrites the latest head's root in the database and re-signs nothing: the witness must not follow
kept=$(sed -n 2p "$WORK/witness/checkpoint")
sql "update audit_tree_head set root_hash = '$(printf '%064d' 0)' where tree_size = $kept" >/dev/null
out=$(java -cp "$CP" dev.sealgate.audit.offline.Witness run "$WORK/witness" "$BASE" "$log_vkey") && code=0 || code=$?
log "witness: $out"
check "an unsigned other root is refused (not signed by the log), or reported as a split view" test "$code" = 1 -o "$code" = 3

[ "$failures" = 0 ] || fail "$failures checks wrong"
log "PASS"
