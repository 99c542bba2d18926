#!/usr/bin/env bash
#
# Switchboard benchmark: the upstream stub called directly and the same requests through the built
# distribution, side by side in one run, then JMH of the in-process hot path.
#
#   bench/run.sh              full run (~20 min): results in bench/results/latest.{md,json}, profile.md, jmh.{md,json}
#   bench/run.sh --quick      a few seconds per row (~4-7 min), results in bench/target/results-quick/
#   bench/run.sh --jmh        only the JMH benchmarks
#   bench/run.sh --no-jmh     skip JMH
#   bench/run.sh --profile    profile in --quick mode too (a full run always profiles the gateway under load:
#                             async-profiler from Maven Central, JFR where it cannot attach)
#   bench/run.sh --rebuild    rebuild the distribution even if it looks current
#   bench/run.sh --no-stack-probe   skip the stack-probe rows (minimal Jetty 9.4 / Jetty 12 pass-through proxies)
#   bench/run.sh --only-stack-probe only the stack-probe rows (direct, nginx, jetty9-proxy, jetty12-proxy; no
#                             distribution, no gateway, no JMH; full-run lengths, ~12 min; add --quick for ~1 min)
#
# BENCH_TARBALL=<path> runs against that distribution instead (no build); BENCH_MAVEN_OFFLINE=true adds -o.
# BENCH_NGINX=<path to nginx> uses that binary for the reverse-proxy rows; BENCH_NGINX=none skips them.
# Everything listens on 127.0.0.1 on free ports; every load loop is bounded in time.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

QUICK=false; JMH=auto; PROFILE=false; REBUILD=false; STACK_PROBE=on
for arg in "$@"; do
    case "$arg" in
        --quick) QUICK=true ;;
        --jmh) JMH=only ;;
        --no-jmh) JMH=no ;;
        --profile) PROFILE=true ;;
        --rebuild) REBUILD=true ;;
        --no-stack-probe) STACK_PROBE=off ;;
        --only-stack-probe) STACK_PROBE=only; JMH=no ;;
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
        *) echo "unknown option: $arg" >&2; exit 2 ;;
    esac
done

# test sources are not compiled: the bench measures the product and must not stop on a test mid-edit
MVN=(mvn -q -B -Dmaven.test.skip=true)
if [ "${BENCH_MAVEN_OFFLINE:-}" = "true" ]; then MVN+=(-o); fi

if $QUICK; then OUT="bench/target/results-quick"; else OUT="bench/results"; fi
mkdir -p bench/target "$OUT"

log() { echo "[bench $(date +%H:%M:%S)] $*"; }

tarball() { ls -t karaf-assembly/target/switchboard-karaf-assembly-*.tar.gz 2>/dev/null | head -1 || true; }

# 1. the distribution, rebuilt when missing or older than any source it is made of
TARBALL="${BENCH_TARBALL:-$(tarball)}"
if [ "$JMH" != "only" ] && [ "$STACK_PROBE" != "only" ] && [ -z "${BENCH_TARBALL:-}" ]; then
    if $REBUILD || [ -z "$TARBALL" ] || [ -n "$(find plugins-sdk bundles features karaf-assembly/src pom.xml \
            -newer "$TARBALL" -type f -not -path '*/target/*' -print -quit)" ]; then
        log "building the distribution (mvn install -pl karaf-assembly -am, tests not compiled)"
        "${MVN[@]}" install -pl karaf-assembly -am
        TARBALL="$(tarball)"
    fi
fi

# 2. the bench itself (needs the core, rest and openai jars in the local repository for JMH)
log "building bench/"
if ! "${MVN[@]}" -f bench/pom.xml package 2>bench/target/build.err; then
    log "bench build failed; installing the modules JMH uses and retrying"
    "${MVN[@]}" install -pl bundles/rest,bundles/core,bundles/providers/openai -am
    "${MVN[@]}" -f bench/pom.xml package
fi
CP="bench/target/classes:bench/target/lib/*"

# the Jetty 12 stack probe: a Maven project of its own (Jetty 12's packages clash with 9.4's on one classpath). A
# failed build (offline without its jars, say) only drops its rows, with a note in the report.
PROBE12=""; PROBE12_NOTE=""
if [ "$JMH" != "only" ] && [ "$STACK_PROBE" != "off" ]; then
    log "building bench/jetty12-probe"
    if "${MVN[@]}" -f bench/jetty12-probe/pom.xml package >bench/target/jetty12-probe-build.log 2>&1; then
        PROBE12="bench/jetty12-probe/target"
    else
        PROBE12_NOTE="No jetty12-proxy rows: bench/jetty12-probe did not build (see bench/target/jetty12-probe-build.log)."
        log "$PROBE12_NOTE"
    fi
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
COMMIT="$(git describe --always --dirty 2>/dev/null || echo unknown)"

# nginx for the reverse-proxy rows: one on the PATH, else Debian's package unpacked into bench/target/nginx-pkg
# (apt-get download + dpkg-deb -x: no root, no system service, nothing installed system-wide). BenchRun runs it
# as its own process with a generated config. Where neither works the rows are skipped and the report says why.
NGINX=""; NGINX_NOTE=""
find_nginx() {
    NGINX=""; NGINX_NOTE=""
    if [ -n "${BENCH_NGINX:-}" ]; then
        [ "$BENCH_NGINX" = "none" ] && { NGINX_NOTE="No reverse-proxy (nginx) rows: BENCH_NGINX=none."; return; }
        NGINX="$BENCH_NGINX"; return
    fi
    NGINX="$(command -v nginx 2>/dev/null || true)"
    [ -z "$NGINX" ] && [ -x /usr/sbin/nginx ] && NGINX=/usr/sbin/nginx
    [ -n "$NGINX" ] && return
    local pkg="bench/target/nginx-pkg"
    if [ ! -x "$pkg/usr/sbin/nginx" ] && command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null; then
        log "fetching Debian's nginx package (apt-get download nginx) into $pkg"
        mkdir -p "$pkg"
        # short network timeouts: a machine without the archive (CI offline) loses seconds here, not minutes
        local apt=(apt-get -q -o Acquire::http::Timeout=10 -o Acquire::https::Timeout=10 -o Acquire::Retries=0)
        if ! (cd "$pkg" && timeout 60 "${apt[@]}" download nginx >download.log 2>&1); then
            # stale or missing package lists (not a network failure): refresh them once when we may
            if [ "$(id -u)" = "0" ] && grep -qE "Unable to locate|404" "$pkg/download.log"; then
                timeout 90 "${apt[@]}" update >"$pkg/update.log" 2>&1 || true
                (cd "$pkg" && timeout 60 "${apt[@]}" download nginx >download.log 2>&1) || true
            fi
        fi
        local deb; deb="$(ls "$pkg"/nginx_*.deb 2>/dev/null | head -1 || true)"
        [ -n "$deb" ] && dpkg-deb -x "$deb" "$pkg" || true
    fi
    if [ -x "$pkg/usr/sbin/nginx" ] && "$pkg/usr/sbin/nginx" -v >/dev/null 2>&1; then
        NGINX="$pkg/usr/sbin/nginx"
    else
        NGINX_NOTE="No reverse-proxy (nginx) rows: no nginx on the PATH and Debian's package could not be fetched or run here (see $pkg/download.log)."
    fi
}

# 3. the side-by-side run against a freshly unpacked distribution
if [ "$JMH" != "only" ]; then
    find_nginx
    if [ -n "$NGINX" ]; then log "nginx: $NGINX"; else log "$NGINX_NOTE"; fi
    if [ "$STACK_PROBE" = "only" ]; then
        # no gateway: nothing to unpack; its own results folder, never over latest.md
        OUT="bench/target/results-stack-probe"; mkdir -p "$OUT"
        ARGS=(--out "$OUT")
        TARBALL="(no distribution: stack-probe rows only)"
    else
        DIST="bench/target/dist"
        rm -rf "$DIST"
        mkdir -p "$DIST"
        tar xzf "$TARBALL" -C "$DIST" --strip-components=1
        ARGS=(--dist "$DIST" --out "$OUT")
    fi
    $QUICK && ARGS+=(--quick)
    $PROFILE && ARGS+=(--profile)
    case "$STACK_PROBE" in
        off) ARGS+=(--no-stack-probe) ;;
        only) ARGS+=(--only stack-probe) ;;
    esac
    if [ -n "$PROBE12" ]; then ARGS+=(--jetty12-probe "$PROBE12"); elif [ -n "$PROBE12_NOTE" ]; then ARGS+=(--jetty12-probe-note "$PROBE12_NOTE"); fi
    if [ -n "$NGINX" ]; then ARGS+=(--nginx "$NGINX"); else ARGS+=(--nginx-note "$NGINX_NOTE"); fi
    # the Node.js mock upstream rows need node on the PATH; BenchRun notes their absence in the report
    ARGS+=(--node-script bench/node/upstream-mock.js)
    log "running against $TARBALL"
    "$JAVA" -Xmx512m -Dbench.commit="$COMMIT" -cp "$CP" dev.switchboard.bench.BenchRun "${ARGS[@]}"
fi

# 4. JMH: the in-process hot path, allocation per operation with -prof gc
if [ "$JMH" != "no" ]; then
    if $QUICK; then JMH_OPTS=(-f 1 -wi 1 -w 1s -i 1 -r 1s); else JMH_OPTS=(-f 2 -wi 5 -w 2s -i 5 -r 2s); fi
    log "JMH ${JMH_OPTS[*]}"
    # -foe: a benchmark that fails (e.g. a class missing from the bench's classpath) fails the run, never an empty table
    "$JAVA" -cp "$CP" org.openjdk.jmh.Main 'dev.switchboard.bench.jmh.*' "${JMH_OPTS[@]}" -foe true -prof gc \
        -rf json -rff "$OUT/jmh.json" > bench/target/jmh.log 2>&1 \
        || { tail -30 bench/target/jmh.log; exit 1; }
    "$JAVA" -cp "$CP" dev.switchboard.bench.JmhReport "$OUT/jmh.json" "$OUT/jmh.md" "$COMMIT"
    log "JMH results: $OUT/jmh.md"
fi
