#!/usr/bin/env bash
# OFD sealing and verifying: SealGate (dev.sealgate.bench.OfdBenchmark) beside ofdrw 2.3.3 doing the same
# work (src/test/ofdrw/OfdrwBenchmark.java), both with JMH, each in its own JVM, then one markdown table.
#
# Usage, from anywhere (the script runs from the repository root):
#   ./mvnw generate-test-resources    # once: copies ofdrw's class path to target/ofdrw/
#   bench/ofd-vs-ofdrw.sh
#
# 1. SealGate's side first: ./mvnw -q test-compile exec:java ... OfdBenchmark, which seals in its setup
#    and writes the sealed packages to <its PKI dir>/bench-sealed-<size>.ofd. exec:java runs the benchmark
#    inside Maven's own JVM, so that JVM's flags come from MAVEN_OPTS: the script sets
#    MAVEN_OPTS="$MAVEN_OPTS $JVM_OPTS -Djava.io.tmpdir=target/ofdrw-bench/tmp" (Maven's own work, the
#    test-compile, shares that JVM and its heap). The PKI dir is a temporary directory, hence the
#    java.io.tmpdir: the script finds it there (sealgate-bench-*) and copies the packages to
#    target/ofdrw-bench/sealgate-sealed/.
# 2. ofdrw's side: OfdrwBenchmark compiled with javac against target/ofdrw/* and JMH (jars from
#    ~/.m2/repository, the version in pom.xml; Maven is not asked for them) with JMH's annotation
#    processor into target/ofdrw-bench/, run by `java $JVM_OPTS -Djava.io.tmpdir=target/ofdrw-bench/tmp`
#    on ofdrw's class path only (its BouncyCastle 1.68 clashes with SealGate's). Its verification runs on
#    SealGate's sealed packages (-Dofdrw.bench.sealed=<SealGate's PKI dir>), so both verify the very same
#    bytes; ofdrw's setup fails if ofdrw does not verify them.
# Both JVMs get the same JVM_OPTS and the same java.io.tmpdir (ofdrw unzips every package into a
# temporary directory there; SealGate spools into its PKI dir there).
# Both runs add -foe true: a failed setup (e.g. ofdrw refusing SealGate's package) stops the script.
# Results: target/ofdrw-bench/sealgate.json, target/ofdrw-bench/ofdrw.json (JMH JSON), the table on stdout.
#
# Environment:
#   JMH_ARGS       JMH flags for both sides (default: -f 0 -wi 2 -w 2s -i 4 -r 2s); e.g. add -p size=10240
#   JVM_OPTS       flags of both JVMs (default: -Xmx1g)
#   SKIP_SEALGATE  1: run ofdrw's side only; it verifies the package it sealed itself, or SealGate's from
#                  SEALGATE_SEALED; the SealGate column is read from an earlier sealgate.json if there is one
#   SEALGATE_SEALED  with SKIP_SEALGATE=1: a directory holding bench-sealed-<size>.ofd to verify
#   M2_REPO        the local Maven repository (default: ~/.m2/repository)
# Do not run it while another Maven build or benchmark runs on the machine: both would be slowed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/target/ofdrw-bench
TMPDIR_BENCH=$OUT/tmp
JMH_ARGS=${JMH_ARGS:--f 0 -wi 2 -w 2s -i 4 -r 2s}
JVM_OPTS=${JVM_OPTS:--Xmx1g}
M2=${M2_REPO:-$HOME/.m2/repository}

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'ofd-vs-ofdrw: %s\n' "$*" >&2; exit 1; }

compgen -G "target/ofdrw/ofdrw-sign-*.jar" >/dev/null || die "no ofdrw in target/ofdrw/: run ./mvnw generate-test-resources first"
command -v python3 >/dev/null || die "python3 is needed to read JMH's JSON"

# ---- JMH's jars, from the local repository --------------------------------------------------------------
JMH_VERSION=$(sed -n 's:.*<jmh.version>\(.*\)</jmh.version>.*:\1:p' pom.xml | head -1)
[ -n "$JMH_VERSION" ] || die "no jmh.version in pom.xml"
JMH_PARENT=$M2/org/openjdk/jmh/jmh-parent/$JMH_VERSION/jmh-parent-$JMH_VERSION.pom
dep_version() { # the version jmh-parent manages for artifact $1
  grep -A2 "<artifactId>$1</artifactId>" "$JMH_PARENT" | sed -n 's:.*<version>\(.*\)</version>.*:\1:p' | head -1
}
[ -f "$JMH_PARENT" ] || die "$JMH_PARENT missing: JMH $JMH_VERSION is not in $M2 (./mvnw test-compile fetches it)"
JOPT_VERSION=$(dep_version jopt-simple)
MATH_VERSION=$(dep_version commons-math3)
JMH_CORE=$M2/org/openjdk/jmh/jmh-core/$JMH_VERSION/jmh-core-$JMH_VERSION.jar
JMH_APT=$M2/org/openjdk/jmh/jmh-generator-annprocess/$JMH_VERSION/jmh-generator-annprocess-$JMH_VERSION.jar
JOPT=$M2/net/sf/jopt-simple/jopt-simple/$JOPT_VERSION/jopt-simple-$JOPT_VERSION.jar
MATH=$M2/org/apache/commons/commons-math3/$MATH_VERSION/commons-math3-$MATH_VERSION.jar
for jar in "$JMH_CORE" "$JMH_APT" "$JOPT" "$MATH"; do
  [ -f "$jar" ] || die "$jar missing (./mvnw test-compile fetches JMH and its dependencies)"
done
JMH_CP=$JMH_CORE:$JOPT:$MATH

mkdir -p "$OUT" "$TMPDIR_BENCH"

# ---- 1. SealGate ------------------------------------------------------------------------------------------
SEALED_DIR=
SEALGATE_JSON=$OUT/sealgate.json
SEALGATE_NOTE=
if [ "${SKIP_SEALGATE:-}" = 1 ]; then
  SEALED_DIR=${SEALGATE_SEALED:-}
  if [ -f "$SEALGATE_JSON" ]; then
    SEALGATE_NOTE="SealGate column from an earlier run ($SEALGATE_JSON, $(date -r "$SEALGATE_JSON" '+%F %T'))"
  fi
else
  # the PKI directories of earlier runs (this script's own temporary directory only)
  rm -rf "$TMPDIR_BENCH"/sealgate-bench-*
  rm -f "$SEALGATE_JSON"
  log "SealGate: OfdBenchmark $JMH_ARGS (Maven's JVM: MAVEN_OPTS=${MAVEN_OPTS:+$MAVEN_OPTS }$JVM_OPTS)"
  MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }$JVM_OPTS -Djava.io.tmpdir=$TMPDIR_BENCH" \
    ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.openjdk.jmh.Main \
    -Dexec.args="OfdBenchmark $JMH_ARGS -foe true -rf json -rff $SEALGATE_JSON"
  # SealGate's PKI dir (one per JVM: several when JMH_ARGS fork); the newest package of each size, which
  # is the one sealGateVerify verified (JMH runs it after sealGateSeal), copied to one directory
  SEALED_DIR=$OUT/sealgate-sealed
  rm -rf "$SEALED_DIR"
  mkdir -p "$SEALED_DIR"
  compgen -G "$TMPDIR_BENCH/sealgate-bench-*/bench-sealed-*.ofd" >/dev/null \
    || die "SealGate's benchmark left no bench-sealed-*.ofd in $TMPDIR_BENCH/sealgate-bench-*"
  # shellcheck disable=SC2012 # the names are the benchmark's own (bench-sealed-<size>.ofd)
  for sealed in $(ls -t "$TMPDIR_BENCH"/sealgate-bench-*/bench-sealed-*.ofd); do
    [ -e "$SEALED_DIR/${sealed##*/}" ] || cp "$sealed" "$SEALED_DIR/"
  done
fi

# ---- 2. ofdrw ---------------------------------------------------------------------------------------------
log "ofdrw: compiling OfdrwBenchmark into $OUT"
rm -rf "$OUT/ofdrwbench" "$OUT/META-INF" "$OUT/generated-sources" "$OUT/ofdrw.json"
mkdir -p "$OUT/generated-sources"
javac -nowarn -d "$OUT" -s "$OUT/generated-sources" -cp "target/ofdrw/*:$JMH_CP" -processorpath "$JMH_CORE:$JMH_APT:$JOPT:$MATH" \
  src/test/ofdrw/OfdrwBenchmark.java
SEALED_PROP=()
if [ -n "$SEALED_DIR" ]; then
  SEALED_PROP=("-Dofdrw.bench.sealed=$SEALED_DIR")
  log "ofdrw: OfdrwBenchmark $JMH_ARGS, verifying SealGate's packages in $SEALED_DIR"
else
  log "ofdrw: OfdrwBenchmark $JMH_ARGS, verifying the packages ofdrw sealed itself"
fi
# shellcheck disable=SC2086 # JVM_OPTS and JMH_ARGS are lists of flags
java $JVM_OPTS -Djava.io.tmpdir="$TMPDIR_BENCH" ${SEALED_PROP[@]+"${SEALED_PROP[@]}"} -cp "$OUT:target/ofdrw/*:$JMH_CP" \
  org.openjdk.jmh.Main OfdrwBenchmark $JMH_ARGS -foe true -rf json -rff "$OUT/ofdrw.json"

# ---- 3. the table -----------------------------------------------------------------------------------------
echo
python3 - "$SEALGATE_JSON" "$OUT/ofdrw.json" "$SEALED_DIR" "$SEALGATE_NOTE" <<'EOF'
import json, math, os, sys

sealgate_file, ofdrw_file, verified, note = sys.argv[1:5]

def load(path, prefix):
    """{(operation, size): (score, error)} for the benchmarks named prefix + Seal / Verify."""
    out = {}
    if not os.path.exists(path):
        return out
    for run in json.load(open(path)):
        method = run["benchmark"].rsplit(".", 1)[1]
        for op in ("Seal", "Verify"):
            if method == prefix + op:
                m = run["primaryMetric"]
                err = m.get("scoreError")
                err = float(err) if err not in (None, "NaN") else math.nan
                out[(op.lower(), int(run["params"]["size"]))] = (float(m["score"]), err)
    return out

def fmt(v):
    if v is None:
        return "—"
    score, err = v
    def n(x):
        if x >= 100:
            return f"{x:,.0f}".replace(",", " ")
        return f"{x:.3g}" if x >= 1 else f"{x:.2g}"
    return n(score) if math.isnan(err) else f"{n(score)} ± {n(err)}"

def size(s):
    return f"{s // 1048576} MB" if s >= 1048576 else f"{s // 1024} KB"

sg, rw = load(sealgate_file, "sealGate"), load(ofdrw_file, "ofdrw")
print("| operation | package | SealGate ops/s | ofdrw ops/s | SealGate / ofdrw |")
print("|---|---|---|---|---|")
for key in sorted(set(sg) | set(rw), key=lambda k: (k[0] != "seal", k[1])):
    a, b = sg.get(key), rw.get(key)
    ratio = f"{a[0] / b[0]:.3g}" if a and b else "—"
    print(f"| {key[0]} | {size(key[1])} | {fmt(a)} | {fmt(b)} | {ratio} |")
print()
print(f"ofdrw verified SealGate's sealed packages: {verified}/bench-sealed-<size>.ofd" if verified
      else "ofdrw verified the packages it sealed itself, not SealGate's")
if note:
    print(note)
EOF
