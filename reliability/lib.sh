# Shared by the reliability scripts (source it; do not run it). Starts the packaged SealGate
# (target/quarkus-app) with production-style settings, Keycloak through the project's own launcher, and
# socat TCP proxies that stand between SealGate and PostgreSQL or Keycloak so a script can cut either
# off and bring it back. Loopback only. Everything started is recorded under $WORK and stopped by
# rel_cleanup; nothing else is touched. The database is a fresh one on the shared PostgreSQL, dropped
# at the end.

REL_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REL_ROOT"
WORK=${REL_WORK:-target/reliability}
mkdir -p "$WORK"

# Ports (loopback): change REL_PORT_BASE if these are taken.
PORT_BASE=${REL_PORT_BASE:-18500}
KC_PORT=$((PORT_BASE + 80))          # Keycloak itself
KC_PUBLIC_PORT=$((PORT_BASE + 81))   # the proxy in front of it: every client, SealGate included, uses this
DB_PROXY_PORT=$((PORT_BASE + 32))    # the proxy in front of PostgreSQL
SG_PORT=$((PORT_BASE + 90))          # SealGate
SG2_PORT=$((PORT_BASE + 91))         # a second SealGate instance
KC_URL="http://localhost:$KC_PUBLIC_PORT"
# The application under test; another build (an earlier version, for a comparison) can be named here.
SEALGATE_APP_JAR=${SEALGATE_APP_JAR:-target/quarkus-app/quarkus-run.jar}
TOKEN_URL="$KC_URL/realms/egov/protocol/openid-connect/token"

# PostgreSQL: a database of its own on the shared server (trust or PGPASSWORD).
PG_HOST=${REL_PG_HOST:-127.0.0.1}
PG_PORT=${REL_PG_PORT:-5432}
PG_USER=${REL_PG_USER:-postgres}
PG_DB=${REL_PG_DB:-sealgate_reliability}

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*"; }
fail() { log "FAIL: $*"; exit 1; }

rel_require() {
  local tool
  for tool in curl jq socat psql java setsid; do
    command -v "$tool" >/dev/null 2>&1 || fail "$tool is needed (Debian: curl jq socat postgresql-client)"
  done
  [ -f "$SEALGATE_APP_JAR" ] || fail "no packaged application $SEALGATE_APP_JAR: run ./mvnw -B -ntp package -DskipTests first"
  local port
  for port in "$@"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      fail "port $port on 127.0.0.1 is taken; set REL_PORT_BASE to another base"
    fi
  done
}

# A background process in its own process group, remembered by name: rel_stop NAME ends it and its children.
rel_spawn() {
  local name=$1; shift
  setsid "$@" >"$WORK/$name.log" 2>&1 &
  echo $! >"$WORK/$name.pid"
}

rel_stop() {
  local name=$1 signal=${2:-TERM} pid
  [ -f "$WORK/$name.pid" ] || return 0
  pid=$(cat "$WORK/$name.pid")
  kill "-$signal" -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$WORK/$name.pid"
}

rel_pid() { cat "$WORK/$1.pid"; }

proxy_start() { # NAME LISTEN_PORT TARGET_PORT
  rel_spawn "$1" socat "TCP-LISTEN:$2,bind=127.0.0.1,reuseaddr,fork" "TCP:127.0.0.1:$3"
  for _ in $(seq 1 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null && return 0
    sleep 0.1
  done
  fail "proxy $1 did not listen on $2"
}

# Stopping the proxy's process group also ends every connection it carries: the service sees the peer vanish.
proxy_stop() { rel_stop "$1" TERM; }

keycloak_start() {
  log "starting Keycloak on $KC_PORT (clients use $KC_URL)"
  proxy_start kc-proxy "$KC_PUBLIC_PORT" "$KC_PORT"
  rel_spawn keycloak java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "target/classes:target/quarkus-app/lib/boot/*:target/quarkus-app/lib/main/*" \
    dev.sealgate.identity.devkeycloak.KeycloakLauncher "$KC_PORT" "$KC_PUBLIC_PORT"
  for _ in $(seq 1 240); do
    grep -q "Keycloak ready" "$WORK/keycloak.log" 2>/dev/null && return 0
    kill -0 "$(rel_pid keycloak)" 2>/dev/null || { tail -20 "$WORK/keycloak.log"; fail "Keycloak did not start"; }
    sleep 1
  done
  fail "Keycloak not ready after 240 s"
}

db_create() {
  psql -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -v ON_ERROR_STOP=1 \
    -c "drop database if exists $PG_DB" -c "create database $PG_DB" >/dev/null
}

db_drop() {
  psql -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -c "drop database if exists $PG_DB with (force)" >/dev/null 2>&1 || true
}

# Direct SQL (not through any proxy): counts for the consistency checks.
sql() { psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" -tAq -v ON_ERROR_STOP=1 -c "$1"; }

# sealgate_start NAME PORT [DB_PORT] [ready|live]: the packaged application with production settings and
# the dev PKI; returns when it is ready (or, with "live", merely running).
sealgate_start() {
  local name=$1 port=$2 db_port=${3:-$PG_PORT} await=${4:-ready}
  log "starting SealGate $name on $port (database via port $db_port)"
  rel_spawn "$name" env \
    SEALGATE_HTTP_PORT="$port" \
    SEALGATE_PUBLIC_URL="http://localhost:$port" \
    SEALGATE_KEYCLOAK_URL="$KC_URL" \
    SEALGATE_ADMIN_CLIENT_SECRET=sealgate-gateway-dev-secret \
    SEALGATE_PORTAL_STATE_SECRET=reliability-only-state-secret-of-32-chars \
    SEALGATE_DB_URL="jdbc:postgresql://$PG_HOST:$db_port/$PG_DB" \
    SEALGATE_DB_USER="$PG_USER" SEALGATE_DB_PASSWORD="${PGPASSWORD:-}" \
    SEALGATE_PKI_KEYSTORE=certs-dev/dev-pki.p12 SEALGATE_PKI_KEYSTORE_PASSWORD=sealgate-dev \
    SEALGATE_PKI_ROOT_CA_ALIAS=root-ca \
    SEALGATE_SIGNER_KEYSTORE="$WORK/$name-signer-keys.p12" SEALGATE_SIGNER_KEYSTORE_PASSWORD=reliability-signers \
    SEALGATE_TRUST_ANCHORS=certs-dev/root-ca.pem \
    SEALGATE_PRIVACY_POLICY_DIR=privacy-policies \
    SEALGATE_PSEUDONYM_KEY=ZGV2ZWxvcG1lbnQtb25seS1wc2V1ZG9ueW0ta2V5LTMyYnl0ZXMh \
    java ${SEALGATE_JAVA_OPTS:--Xmx512m} -jar "$SEALGATE_APP_JAR"
  sealgate_await "$name" "$port" "$await"
}

sealgate_await() {
  local name=$1 port=$2 await=${3:-ready}
  for _ in $(seq 1 120); do
    curl -sf -o /dev/null "http://localhost:$port/q/health/$await" && return 0
    kill -0 "$(rel_pid "$name")" 2>/dev/null || { tail -30 "$WORK/$name.log"; fail "SealGate $name exited"; }
    sleep 1
  done
  fail "SealGate $name not $await after 120 s"
}

# The JVM itself (the recorded pid is setsid's child, which execs env, which execs java: the same pid).
sealgate_jvm_pid() { rel_pid "$1"; }

token() { # USER: a dev user's token (dev realm only): for signers and custodians a step-up login (acr 2, password and
  # one-time code through Keycloak's login form, what signing demands, good for 5 minutes), else a password grant
  case "$1" in
    servant1|servant3|servant4|custodian1|custodian4)
      java "$REL_ROOT/src/test/java/dev/sealgate/testsupport/StepUpLogin.java" "$1" "$KC_URL" ;;
    *) curl -sf -d grant_type=password -d client_id=dev-cli -d "username=$1" -d "password=$1" "$TOKEN_URL" | jq -er .access_token ;;
  esac
}

partner_token() { # CLIENT: client credentials
  curl -sf -d grant_type=client_credentials -d "client_id=$1" -d "client_secret=$1-dev-secret" "$TOKEN_URL" | jq -er .access_token
}

# Counts failed expect_* checks; a script fails at the end when it is not 0.
failures=0

# expect_problem NAME STATUS TYPE RETRY curl-args...: the answer's status, media type, problem type, and
# a Retry-After header when RETRY is "retry".
expect_problem() {
  local name=$1 status=$2 type=$3 want_retry=$4; shift 4
  local headers body got ctype got_type retry seconds
  headers=$(mktemp); body=$(mktemp)
  seconds=$(curl -s -m 30 -D "$headers" -o "$body" -w '%{time_total}' "$@") || true
  got=$(awk 'NR == 1 {print $2}' "$headers")
  ctype=$(grep -i '^content-type:' "$headers" | tr -d '\r' | awk '{print $2}' || true)
  retry=$(grep -i '^retry-after:' "$headers" | tr -d '\r' | awk '{print $2}' || true)
  got_type=$(jq -r '.type // empty' "$body" 2>/dev/null || true)
  if [ "$got" = "$status" ] && [ "$ctype" = application/problem+json ] && [ "$got_type" = "$type" ] \
    && { [ "$want_retry" != retry ] || [ -n "$retry" ]; }; then
    log "ok   $name: $got $got_type${retry:+ Retry-After $retry} in ${seconds}s"
  else
    log "FAIL $name: status $got ($status expected), $ctype, type '$got_type', Retry-After '$retry', in ${seconds}s"
    failures=$((failures + 1))
  fi
  rm -f "$headers" "$body"
}
# expect_status NAME STATUS curl-args...: just the status.
expect_status() {
  local name=$1 status=$2 got; shift 2
  got=$(curl -s -m 30 -o /dev/null -w '%{http_code}' "$@") || true
  if [ "$got" = "$status" ]; then log "ok   $name: $got"; else log "FAIL $name: $got ($status expected)"; failures=$((failures + 1)); fi
}

# Background request loops a script started (sign_loop and the like): rel_cleanup ends them too.
REL_LOOPS=()

rel_cleanup() {
  local name pid
  touch "$WORK/stop"
  for pid in "${REL_LOOPS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for name in sealgate sealgate2 db-proxy keycloak kc-proxy; do
    rel_stop "$name" TERM
  done
  [ -n "${REL_KEEP_DB:-}" ] || db_drop
}

# sign_loop ACKFILE PORT TOKENFILE STOPFILE: signs small distinct documents until STOPFILE exists;
# one line per request: "<http status> <record id or -> <seconds>". The token is re-read from TOKENFILE.
sign_loop() {
  local ack=$1 port=$2 tokenfile=$3 stop=$4 n=0 out status id seconds
  while [ ! -e "$stop" ]; do
    n=$((n + 1))
    out=$(printf 'document %s-%s-%s\n' "$BASHPID" "$n" "$RANDOM" | curl -s -o /dev/null -m 30 -X POST --data-binary @- \
      -H "Authorization: Bearer $(cat "$tokenfile")" -H "Content-Type: application/octet-stream" \
      -w '%{http_code}|%header{location}|%{time_total}' \
      "http://localhost:$port/api/v1/signatures?format=cades&packaging=detached&level=B-B") || true
    IFS='|' read -r status id seconds <<<"$out"
    id=${id##*/}
    printf '%s %s %s\n' "${status:-000}" "${id:--}" "${seconds:-0}" >>"$ack"
    # no connection (000) or 503: back off a little instead of spinning
    case "$status" in 000 | 503) sleep 0.2 ;; esac
  done
}

# verify_loop OUT PORT TOKENFILE STOPFILE SIGNED ORIGINAL: a partner verifies one detached signature
# until STOPFILE exists; one line per request: "<http status> - <seconds>".
verify_loop() {
  local out=$1 port=$2 tokenfile=$3 stop=$4 signed=$5 original=$6 result
  while [ ! -e "$stop" ]; do
    result=$(curl -s -o /dev/null -m 30 -H "Authorization: Bearer $(cat "$tokenfile")" \
      -F signed=@"$signed" -F original=@"$original" -w '%{http_code} - %{time_total}' \
      "http://localhost:$port/api/v1/verifications") || true
    printf '%s\n' "$result" >>"$out"
    case "${result%% *}" in 000 | 503 | 429) sleep 0.2 ;; esac
  done
}

# audit_settled PORT: waits (up to 60 s) until the sequencer has numbered every committed audit entry,
# then prints the auditor's verification (JSON).
audit_settled() {
  local port=$1 auditor verify
  auditor=$(token auditor1) || fail "no token for auditor1"
  for _ in $(seq 1 60); do
    verify=$(curl -sf -H "Authorization: Bearer $auditor" "http://localhost:$port/api/v1/audit/verify") || fail "audit verify did not answer"
    [ "$(jq -r '.pending // 0' <<<"$verify")" = 0 ] && break
    sleep 1
  done
  printf '%s\n' "$verify"
}

# check_signatures PORT ACKFILE...: every 201 has its record (API and database) and its audit entry;
# no record without an audit entry or the other way round; every entry is sequenced into the audit
# tree and the tree verifies with all its signed heads. Prints the counts and
# returns non-zero when anything is lost. Records nobody was told about (committed while the client's
# connection died) are allowed up to MAX_UNACKNOWLEDGED and reported.
check_signatures() {
  local port=$1; shift
  local servant auditor acked found_api=0 lost=0 records entries orphans_r orphans_e unacked verify id code
  servant=$(token servant1) || fail "no token for servant1"
  auditor=$(token auditor1) || fail "no token for auditor1"
  cat "$@" | awk '$1 == 201 {print $2}' | sort -u >"$WORK/acknowledged.txt"
  acked=$(wc -l <"$WORK/acknowledged.txt")
  while read -r id; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $servant" "http://localhost:$port/api/v1/signatures/$id")
    if [ "$code" = 200 ]; then found_api=$((found_api + 1)); else lost=$((lost + 1)); log "lost: $id ($code)"; fi
  done <"$WORK/acknowledged.txt"
  # Audit entries through the API, page by page.
  : >"$WORK/audited.txt"
  local page=0 got
  while :; do
    got=$(curl -sf -H "Authorization: Bearer $auditor" \
      "http://localhost:$port/api/v1/audit/entries?action=signature.create&size=200&page=$page" | jq -r '.entries[].objectId')
    [ -n "$got" ] || break
    printf '%s\n' "$got" >>"$WORK/audited.txt"
    page=$((page + 1))
  done
  sort -u -o "$WORK/audited.txt" "$WORK/audited.txt"
  local acked_not_audited
  acked_not_audited=$(comm -23 "$WORK/acknowledged.txt" "$WORK/audited.txt" | wc -l)
  records=$(sql "select count(*) from signature_record")
  entries=$(sql "select count(*) from audit_entry where action = 'signature.create'")
  orphans_r=$(sql "select count(*) from signature_record r where not exists (select 1 from audit_entry e where e.action = 'signature.create' and e.object_id = r.id)")
  orphans_e=$(sql "select count(*) from audit_entry e where e.action = 'signature.create' and not exists (select 1 from signature_record r where r.id = e.object_id)")
  sql "select id from signature_record" | sort >"$WORK/records.txt"
  unacked=$(comm -13 "$WORK/acknowledged.txt" "$WORK/records.txt" | wc -l)
  verify=$(audit_settled "$port")
  CHECK_ACKED=$acked CHECK_FOUND=$found_api CHECK_RECORDS=$records CHECK_UNACKED=$unacked
  CHECK_ENTRIES_TOTAL=$(jq -r .entries <<<"$verify")
  log "acknowledged (201): $acked; found by API: $found_api; with audit entry (API): $((acked - acked_not_audited)); lost: $lost"
  log "database: $records signature records, $entries signature.create entries; record without entry: $orphans_r; entry without record: $orphans_e"
  log "committed but not acknowledged (client connection died first): $unacked (allowed: ${MAX_UNACKNOWLEDGED:-0})"
  log "audit log: $(jq -c '{intact, entries, pending, treeHeads, broken}' <<<"$verify")"
  [ "$(jq -r '.pending // 0' <<<"$verify")" = 0 ] || log "entries still not sequenced after 60 s"
  [ "$lost" -eq 0 ] && [ "$(jq -r '.pending // 0' <<<"$verify")" = 0 ] && [ "$acked_not_audited" -eq 0 ] && [ "$orphans_r" -eq 0 ] && [ "$orphans_e" -eq 0 ] \
    && [ "$unacked" -le "${MAX_UNACKNOWLEDGED:-0}" ] && [ "$(jq -r .intact <<<"$verify")" = true ]
}
