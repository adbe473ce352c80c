#!/usr/bin/env bash
# Keycloak down: SealGate and every client reach Keycloak through a TCP proxy that this script stops
# for OUTAGE_SECONDS. Checks: tokens issued before keep working (signing, verification, /api/v1/me)
# because the realm's keys are cached; a new login (token request) fails; a token SealGate cannot
# check is a 401 problem; admin lookups are 503 identity-provider-unavailable with Retry-After;
# readiness is DOWN. When Keycloak returns: new logins work, admin lookups and readiness recover, no
# restart. Then the same with SealGate started while Keycloak is down: it starts, and serves tokens
# as soon as Keycloak is back. Exit status 0 only if all of that holds.
# Usage: reliability/keycloak-down.sh   (env: OUTAGE_SECONDS=20)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
OUTAGE_SECONDS=${OUTAGE_SECONDS:-20}
rel_require "$KC_PORT" "$KC_PUBLIC_PORT" "$SG_PORT"
trap rel_cleanup EXIT
rm -f "$WORK"/sealgate-signer-keys.p12
BASE="http://localhost:$SG_PORT"
NATIONAL_ID=11010519491231002X   # citizen1 of the dev realm (made up)

db_create
keycloak_start
sealgate_start sealgate "$SG_PORT"
SERVANT=$(token servant1) && AUDITOR=$(token auditor1) && PARTNER=$(partner_token partner-tax-bureau) \
  || fail "no tokens from Keycloak"
printf 'decision %s\n' "$(date +%s%N)" >"$WORK/decision.txt"
sign() {
  curl -s -o "$WORK/decision.p7s" -w '%{http_code}' -X POST --data-binary @"$WORK/decision.txt" \
    -H "Authorization: Bearer $1" -H "Content-Type: application/octet-stream" \
    "$BASE/api/v1/signatures?format=cades&packaging=detached&level=B-B"
}
[ "$(sign "$SERVANT")" = 201 ] || fail "signing before the outage failed"
expect_status "admin lookup before the outage" 200 -H "Authorization: Bearer $AUDITOR" "$BASE/api/v1/admin/users?nationalId=$NATIONAL_ID"

log "Keycloak down: stopping its proxy"
proxy_stop kc-proxy
outage_started=$(date +%s)
if curl -s -m 10 -o /dev/null -d grant_type=password -d client_id=dev-cli -d username=servant1 -d password=servant1 "$TOKEN_URL"; then
  log "FAIL a token request succeeded while Keycloak was down"; failures=$((failures + 1))
else
  log "ok   new login (token request) fails: connection refused"
fi
expect_status "existing token: GET /api/v1/me" 200 -H "Authorization: Bearer $SERVANT" "$BASE/api/v1/me"
code=$(sign "$SERVANT")
[ "$code" = 201 ] && log "ok   existing token: signing 201" || { log "FAIL existing token: signing $code"; failures=$((failures + 1)); }
expect_status "existing partner token: verification" 200 -H "Authorization: Bearer $PARTNER" \
  -F signed=@"$WORK/decision.p7s" -F original=@"$WORK/decision.txt" "$BASE/api/v1/verifications"
expect_problem "admin lookup" 503 urn:sealgate:problem:identity-provider-unavailable retry \
  -H "Authorization: Bearer $AUDITOR" "$BASE/api/v1/admin/users?nationalId=$NATIONAL_ID"
# A token with a key id SealGate has never seen makes it try to refresh the realm's keys, which fails.
header=$(printf '{"alg":"RS256","typ":"JWT","kid":"unknown-key"}' | base64 -w0 | tr '+/' '-_' | tr -d '=')
expect_problem "token signed by an unknown key" 401 urn:sealgate:problem:unauthorized - \
  -H "Authorization: Bearer $header.${SERVANT#*.}" "$BASE/api/v1/me"
ready=$(curl -s -m 30 -w ' %{http_code}' "$BASE/q/health/ready")
if [ "${ready##* }" = 503 ] && jq -e '.checks[] | select(.name == "keycloak") | .status == "DOWN"' <<<"${ready% *}" >/dev/null; then
  log "ok   readiness: 503 $(jq -c '[.checks[] | {name, status}]' <<<"${ready% *}")"
else
  log "FAIL readiness during the outage: ${ready##* }"; failures=$((failures + 1))
fi
remaining=$((OUTAGE_SECONDS - ($(date +%s) - outage_started)))
[ "$remaining" -gt 0 ] && sleep "$remaining"

log "Keycloak back: starting its proxy"
proxy_start kc-proxy "$KC_PUBLIC_PORT" "$KC_PORT"
back=$(date +%s)
recovered=""
for _ in $(seq 1 60); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $AUDITOR" "$BASE/api/v1/admin/users?nationalId=$NATIONAL_ID")
  if [ "$code" = 200 ]; then recovered=$(( $(date +%s) - back )); break; fi
  sleep 1
done
[ -n "$recovered" ] && log "ok   admin lookups again ${recovered} s after Keycloak returned" \
  || { log "FAIL admin lookup still failing 60 s after Keycloak returned"; failures=$((failures + 1)); }
NEW=$(token servant1) || fail "no new token after Keycloak returned"
code=$(sign "$NEW")
[ "$code" = 201 ] && log "ok   new login and signing with the new token: 201" || { log "FAIL signing with a new token: $code"; failures=$((failures + 1)); }
expect_status "readiness after Keycloak returned" 200 "$BASE/q/health/ready"

log "SealGate started while Keycloak is down"
proxy_stop kc-proxy
rel_stop sealgate TERM
sealgate_start sealgate "$SG_PORT" "$PG_PORT" live
expect_status "readiness while Keycloak is down" 503 "$BASE/q/health/ready"
expect_problem "valid token before SealGate could fetch the realm's keys" 503 \
  urn:sealgate:problem:identity-provider-unavailable retry -H "Authorization: Bearer $NEW" "$BASE/api/v1/me"
proxy_start kc-proxy "$KC_PUBLIC_PORT" "$KC_PORT"
back=$(date +%s)
late=""
for _ in $(seq 1 60); do
  if [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $NEW" "$BASE/api/v1/me")" = 200 ]; then
    late=$(( $(date +%s) - back )); break
  fi
  sleep 1
done
[ -n "$late" ] && log "ok   tokens accepted ${late} s after Keycloak came up, without a restart" \
  || { log "FAIL tokens still refused 60 s after Keycloak came up"; failures=$((failures + 1)); }

[ "$failures" -eq 0 ] || fail "Keycloak down: $failures checks failed"
log "PASS Keycloak down: outage ${OUTAGE_SECONDS} s; recovered ${recovered} s after Keycloak returned; late start recovered in ${late} s"
