#!/usr/bin/env bash
# Scripts/bench.sh — Strata vs dbt-core on the same generated projects, one command.
#
#   Scripts/bench.sh [compile|sqlite|postgres|seed1m|sync|incremental|replicate|docs|scale|all]...  (default: all)
#
# What it does (each step is skipped when already done):
#   - installs GNU time (apt) if /usr/bin/time is missing;
#   - creates two venvs with pinned dbt (dbt-sqlite needs an older dbt-core than the newest dbt-postgres;
#     dbt-core 1.12 cannot be installed offline: its experimental parser downloads a wheel from GitHub);
#   - builds Strata with Scripts/bench/build-release.sh (`swift build -c release --static-swift-stdlib`: one
#     self-contained binary); if that fails every Strata cell is n/a;
#   - generates synth_1000 and synth_10000 with ../shared/bench/gen_project.py (cached by a stamp: the 10k
#     project takes ~5 min to generate) and 100k- and 1M-row seed CSVs (Scripts/bench/gen_seed_csv.py);
#   - starts a throwaway PostgreSQL on 127.0.0.1:$BENCH_PG_PORT (temp dir owned by 'postgres', stopped on exit);
#   - runs every command $BENCH_RUNS times ($BENCH_FAST_RUNS if it takes under $BENCH_FAST s; median, min, max wall time; median user+sys CPU; peak RSS = GNU time %M,
#     the largest single process of the command, in MB), prints one table with
#     ratios and writes BENCHMARKS.md at the repo root.
#
# Sections and what is compared (P = the generated project; every command gets --project-dir/--profiles-dir P):
#   compile   dbt parse --no-partial-parse (1k, 10k)  vs  strata parse (manifest only, as dbt parse) and
#               strata compile (every compiled file too); dbt compile (1k, target/ removed first)  vs  strata compile
#   sqlite    dbt seed && dbt run --threads 4 --target sqlite (1k; tests not run)  vs  strata build --threads 4
#               fresh (database file removed before each run) and re-run (database left populated)
#   postgres  the same on PostgreSQL (--target postgres): fresh (database dropped and re-created before each run)
#               and re-run; "deadlock detected" failures of dbt are counted
#   seed1m    100,000- and 1,000,000-row, 6-column CSVs into PostgreSQL: dbt seed  vs  strata seed; and psql \copy
#               (the floor; into the column types dbt infers: integer, integer, text, date, float8, boolean)
#
#   sync      on the 1k project already built by each tool (SQLite, then PostgreSQL): a no-op  strata sync  vs
#               dbt build --select state:modified+ --state <manifest of the build>; and the same after editing one
#               mid-graph model (a comment appended before each run: the intermediate model most often ref'd)
#   incremental  one incremental model (events_inc: unique_key id, incremental_strategy merge, is_incremental()
#               filter on updated_at) over a 1,000,000-row, 9-column source table raw.events made by psql, each tool
#               in its own PostgreSQL database (bench_incr_dbt, bench_incr_strata):  dbt run -s events_inc  vs
#               strata run --select events_inc; initial build (table dropped before each run) and merge of 100,000
#               changed rows (before each run, untimed: 10% of the source rows get amount + 1 and a newer
#               updated_at, then VACUUM ANALYZE, CHECKPOINT). For the merge, the warehouse time is the sum of the
#               execution and planning times pg_stat_statements records for the tool's database during the run
#               (the server is started with it preloaded; server-log durations if the module is missing), and the
#               overhead is wall - warehouse time: process start, project load, compile, connections and round
#               trips, plus the merge's commit (its WAL flush and the temporary table's drop come after the
#               statement ends, so no statistics count them). Then the same command with nothing changed: its
#               overhead is the tool's own. After each run the table must equal its source (count, sum(amount),
#               md5 of every row), and at the end both tools' tables must be identical, else the run counts as failed.
#   replicate  strata replicate of a 1,000,000-row, 8-column table (id bigint primary key) from one PostgreSQL
#               database into another (first run: full copy)  vs  pg_dump --data-only -t events | psql into the
#               same table created empty beforehand (untimed, primary key included); then one incremental pass after
#               10,000 source rows changed (amount + 1, newer updated_at; untimed before each run). After each run
#               the copy must equal the source (rows, sum(amount), md5 of every row). No dbt involved.
#   docs      on the 10k project, without a warehouse:  dbt docs generate --empty-catalog  vs
#               strata docs generate --empty-catalog (both compile every model and write the site); then Strata's
#               index page in headless Chromium (apt package chromium): seconds from navigation start until the
#               page's script has rendered the list and is interactive, as the page records it (body[data-ready-ms])
#   scale     strata parse and strata compile of 50,000- and 100,000-model projects ($BENCH_SCALE: renamed copies of the 10k project,
#               see sec_scale); no dbt run
#
#   Scripts/bench.sh report LOGDIR...   re-renders the table and BENCHMARKS.md from earlier runs' results (each
#     run keeps them in $BENCH_WORK/logs/<time>/); for an id measured in several, the last LOGDIR given wins.
#
# Environment (all optional):
#   BENCH_RUNS=3             runs per command (a command whose first run takes > BENCH_SLOW s is run once)
#   BENCH_SLOW=300           see above
#   BENCH_FAST=2 BENCH_FAST_RUNS=9   a command whose first run takes < BENCH_FAST s is run BENCH_FAST_RUNS times
#   BENCH_TIMEOUT=1800       per-run limit in seconds; a run that hits it is recorded as "> N s"
#   BENCH_SEED1M_TIMEOUT=900 per-run limit for seeds of >= 1M rows ("> 15 min")
#   BENCH_SEED_SIZES="100000 1000000"   seed CSV sizes (rows) of the seed1m section
#   BENCH_SMALL=1000 BENCH_BIG=10000   project sizes (models)
#   BENCH_SCALE="50000 100000"         project sizes of the scale section (multiples of BENCH_BIG)
#   BENCH_PG_PORT=55434      PostgreSQL port (127.0.0.1 only)
#   BENCH_PG_LOG_DURATIONS=1 incremental: warehouse time from server-log durations, not pg_stat_statements
#   BENCH_WORK=<repo>/../bench-projects   generated projects, logs, raw results
#   BENCH_VENVS=<repo>/../venvs          dbt venvs (dbt-sqlite, dbt-postgres)
#   BENCH_OUT=<repo>/BENCHMARKS.md
#   STRATA_BIN=path          use this binary instead of building; BENCH_NO_STRATA=1 measures dbt only
#   BENCH_NO_BUILD=1         use .build/release/strata as it is
#   BENCH_NO_DBT=1           skip every dbt command (to re-measure Strata and psql only; merge with an earlier run's
#                            dbt figures through `Scripts/bench.sh report OLD_LOGDIR NEW_LOGDIR`)
set -uo pipefail

ROOT=$(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --show-toplevel)
GEN=${BENCH_GEN:-$ROOT/../shared/bench/gen_project.py}
SEEDGEN=$ROOT/Scripts/bench/gen_seed_csv.py
WORK=${BENCH_WORK:-$ROOT/../bench-projects}
VENVS=${BENCH_VENVS:-$ROOT/../venvs}
OUT=${BENCH_OUT:-$ROOT/BENCHMARKS.md}
RUNS=${BENCH_RUNS:-3}
FAST=${BENCH_FAST:-2}
FAST_RUNS=${BENCH_FAST_RUNS:-9}
SLOW=${BENCH_SLOW:-300}
TIMEOUT=${BENCH_TIMEOUT:-1800}
SEED1M_TIMEOUT=${BENCH_SEED1M_TIMEOUT:-900}
SEED_SIZES=${BENCH_SEED_SIZES:-100000 1000000}
SMALL=${BENCH_SMALL:-1000}
BIG=${BENCH_BIG:-10000}
SCALE_SIZES=${BENCH_SCALE:-50000 100000}
PG_PORT=${BENCH_PG_PORT:-55434}
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
DBT_SQLITE_PKGS=${BENCH_DBT_SQLITE_PKGS:-"dbt-core==1.11.16 dbt-sqlite==1.10.0"}
DBT_POSTGRES_PKGS=${BENCH_DBT_POSTGRES_PKGS:-"dbt-core==1.11.16 dbt-postgres==1.11.0"}

export DBT_SEND_ANONYMOUS_USAGE_STATS=False DBT_USE_COLORS=False DO_NOT_TRACK=1

say() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { say "error: $*"; exit 1; }

SECTIONS=()
REPORT_DIRS=()
if [ "${1:-}" = report ]; then
  shift
  [ $# -gt 0 ] || die "report needs one or more log directories"
  REPORT_DIRS=("$@")
  set --
  SECTIONS=(report)
fi
for a in "${@:-all}"; do
  [ ${#REPORT_DIRS[@]} -gt 0 ] && break
  case $a in
    all) SECTIONS+=(compile sqlite postgres seed1m sync incremental replicate docs scale) ;;
    compile | sqlite | postgres | seed1m | sync | incremental | replicate | docs | scale) SECTIONS+=("$a") ;;
    -h | --help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown section '$a' (compile, sqlite, postgres, seed1m, sync, incremental, replicate, docs, scale, all)" ;;
  esac
done
want() { local s; for s in "${SECTIONS[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }

mkdir -p "$WORK" "$VENVS" || die "cannot create $WORK or $VENVS"
WORK=$(cd "$WORK" && pwd); VENVS=$(cd "$VENVS" && pwd)
STAMP=$(date +%Y%m%d-%H%M%S)
LOGS=$WORK/logs/$STAMP
mkdir -p "$LOGS"
RESULTS=$LOGS/results.tsv   # id, tool, run, rc, wall_s, rss_kb, cpu_s, note, 1-min load average after the run
: >"$RESULTS"

# ---------------------------------------------------------------------------------------------- prerequisites
DBT_SQLITE=$VENVS/dbt-sqlite/bin/dbt
DBT_PG=$VENVS/dbt-postgres/bin/dbt
STRATA=""

ensure_venv() { # name, packages...
  local v=$VENVS/$1; shift
  local names=("${@%%[=<>~]*}") # package names without version pins; pip show works offline
  if [ -x "$v/bin/dbt" ] && "$v/bin/pip" show -q "${names[@]}" >/dev/null 2>&1; then return 0; fi
  say "creating venv $v ($*)"
  if ! python3 -m venv --help >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    { apt-get install -y -qq python3-venv || { apt-get update -qq && apt-get install -y -qq python3-venv; }; } >/dev/null 2>&1
  fi
  rm -rf "$v"
  python3 -m venv "$v" && "$v/bin/pip" install -q "$@" >"$LOGS/pip-$(basename "$v").log" 2>&1 ||
    die "pip install failed, see $LOGS/pip-$(basename "$v").log"
  "$v/bin/python" -m compileall -q "$v/lib" >/dev/null 2>&1 || true # no first-run .pyc cost in the timings
}
dbt_versions() { # venv dir
  "$1/bin/python" -c 'import importlib.metadata as m
print(", ".join(f"{p} {m.version(p)}" for p in ("dbt-core", "dbt-adapters", "dbt-sqlite", "dbt-postgres", "agate") if any(d.metadata["Name"].lower() == p for d in m.distributions())))' 2>/dev/null
}
find_strata() {
  if [ -n "${BENCH_NO_STRATA:-}" ]; then
    say "BENCH_NO_STRATA set: measuring dbt only"; return 0
  elif [ -n "${STRATA_BIN:-}" ]; then
    STRATA=$STRATA_BIN
  else
    if [ -z "${BENCH_NO_BUILD:-}" ]; then
      say "building Strata (swift build -c release --static-swift-stdlib), log: $LOGS/swift-build.log"
      if ! timeout 3600 "$ROOT/Scripts/bench/build-release.sh" >"$LOGS/swift-build.log" 2>&1; then
        say "swift build failed (tail of the log follows); Strata cells will be n/a"
        tail -n 15 "$LOGS/swift-build.log" >&2
      fi
    fi
    [ -x "$ROOT/.build/release/strata" ] && STRATA=$ROOT/.build/release/strata
  fi
  if [ -n "$STRATA" ] && [ ! -x "$STRATA" ]; then say "strata binary $STRATA not executable"; STRATA=""; fi
  if [ -n "$STRATA" ]; then say "strata: $STRATA"; else say "strata: n/a (no binary)"; fi
}

if [ ${#REPORT_DIRS[@]} -eq 0 ]; then
  if [ ! -x /usr/bin/time ]; then
    say "installing GNU time"
    { apt-get install -y -qq time || { apt-get update -qq && apt-get install -y -qq time; }; } >/dev/null 2>&1 ||
      die "/usr/bin/time is missing and apt-get install time failed"
  fi
  command -v timeout >/dev/null || die "coreutils timeout is missing"
  if [ "${SECTIONS[*]}" != replicate ]; then # the replicate section alone needs no dbt
    # shellcheck disable=SC2086
    ensure_venv dbt-sqlite $DBT_SQLITE_PKGS
    # shellcheck disable=SC2086
    ensure_venv dbt-postgres $DBT_POSTGRES_PKGS
  fi
  find_strata
fi

# ---------------------------------------------------------------------------------------------- projects
write_profiles() { # project dir [database [profiles dir]]
  local p=$1 db=${2:-bench} dir=${3:-$1}
  mkdir -p "$p/sqlite_db" "$dir"
  cat >"$dir/profiles.yml" <<EOF
# written by Scripts/bench.sh
synth:
  target: sqlite
  outputs:
    postgres:
      type: postgres
      host: 127.0.0.1
      port: $PG_PORT
      user: postgres
      password: ""
      dbname: $db
      schema: synth
      threads: 4
    sqlite:
      type: sqlite
      threads: 1
      database: database
      schema: main
      schemas_and_paths:
        main: $p/sqlite_db/main.db
      schema_directory: $p/sqlite_db
EOF
}

P="" # the project of the current section (set by gen_project / gen_seed)
gen_project() { # models -> sets P
  local n=$1 d=$WORK/synth_$1
  local args="--models $n --out $d --seed-rows 1000 --random-seed 42 --strict-nullability"
  local stamp
  stamp="$(sha256sum "$GEN" | cut -c1-16) $args"
  if [ ! -f "$d/.bench-stamp" ] || [ "$(cat "$d/.bench-stamp")" != "$stamp" ]; then
    [ -f "$GEN" ] || die "project generator not found: $GEN"
    say "generating $d (gen_project.py $args)"
    # shellcheck disable=SC2086
    timeout $((1800 + n / 25)) python3 "$GEN" $args >"$LOGS/gen_$n.log" 2>&1 || die "gen_project.py failed, see $LOGS/gen_$n.log"
    echo "$stamp" >"$d/.bench-stamp"
  fi
  write_profiles "$d"
  P=$d
}

gen_seed() { # rows dir-name -> sets P (a project with one seed, seeds/big_seed.csv)
  local rows=$1 d=$WORK/$2
  local stamp
  stamp="$(sha256sum "$SEEDGEN" | cut -c1-16) rows=$rows"
  if [ ! -f "$d/.bench-stamp" ] || [ "$(cat "$d/.bench-stamp")" != "$stamp" ]; then
    say "generating $d ($rows-row seed CSV)"
    rm -rf "$d"; mkdir -p "$d/seeds" "$d/models"
    cat >"$d/dbt_project.yml" <<'EOF2'
name: 'seedbench'
version: '1.0'
config-version: 2
profile: 'synth'
seed-paths: ["seeds"]
model-paths: ["models"]
EOF2
    python3 "$SEEDGEN" --rows "$rows" --out "$d/seeds/big_seed.csv" || die "gen_seed_csv.py failed"
    echo "$stamp" >"$d/.bench-stamp"
  fi
  write_profiles "$d"
  P=$d
}

# ---------------------------------------------------------------------------------------------- PostgreSQL
PG_DIR=""
PSQL=()
cleanup() {
  if [ -n "$PG_DIR" ]; then
    as_pg "'$PG_BIN/pg_ctl' -D '$PG_DIR/data' -m fast -w stop" >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
    PG_DIR=""
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }

PG_OPTS=""     # extra server settings (-c name=value ...) of the next start_pg
PG_RUNNING_OPTS=""
start_pg() {
  [ -n "$PG_DIR" ] && [ "$PG_RUNNING_OPTS" = "$PG_OPTS" ] && return 0
  cleanup # running with other settings: restart
  [ -x "$PG_BIN/initdb" ] || die "no PostgreSQL server binaries (set PG_BIN; apt-get install postgresql)"
  if (exec 3<>"/dev/tcp/127.0.0.1/$PG_PORT") 2>/dev/null; then die "port $PG_PORT is in use (set BENCH_PG_PORT)"; fi
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home /var/lib/postgresql --shell /bin/bash postgres
  fi
  PG_DIR=$(mktemp -d /tmp/strata-bench-pg.XXXXXX)
  chmod 0755 "$PG_DIR"
  [ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
  as_pg "'$PG_BIN/initdb' -D '$PG_DIR/data' -A trust -U postgres -E UTF8 --locale=C.UTF-8" >"$LOGS/initdb.log" 2>&1 ||
    die "initdb failed, see $LOGS/initdb.log"
  as_pg "'$PG_BIN/pg_ctl' -D '$PG_DIR/data' -l '$PG_DIR/server.log' -w -t 60 -o \"-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 $PG_OPTS\" start" \
    >/dev/null 2>&1 || { cat "$PG_DIR/server.log" >&2; die "PostgreSQL did not start"; }
  PG_RUNNING_OPTS=$PG_OPTS
  PSQL=("$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres)
  "${PSQL[@]}" -d postgres -c "create database bench" >/dev/null || die "create database failed"
  say "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT ($PG_DIR)"
}
reset_pg() {
  "${PSQL[@]}" -d postgres -c "drop database if exists bench with (force)" -c "create database bench" >/dev/null 2>&1
}

# ---------------------------------------------------------------------------------------------- measuring
# measure ID TOOL TIMEOUT PREP -- command...
#   Runs the command up to RUNS times (PREP, a shell function name or "", runs untimed before each run) and
#   appends one line per run to $RESULTS. A Strata failure stops its remaining runs.
measure() {
  local id=$1 tool=$2 to=$3 prep=$4; shift 5
  local i rc log tf wall rss cpu note n=$RUNS
  if [ "$tool" = dbt ] && [ -n "${BENCH_NO_DBT:-}" ]; then say "$id: dbt skipped (BENCH_NO_DBT)"; return 0; fi
  if [ "$tool" = strata ] && [ -z "$STRATA" ]; then
    say "$id: strata: n/a"
    printf '%s\tstrata\t0\tna\t\t\t\tno binary\n' "$id" >>"$RESULTS"
    return 0
  fi
  for ((i = 1; i <= n; i++)); do
    if [ -n "$prep" ]; then $prep >"$LOGS/$id.$tool.$i.prep.log" 2>&1 || say "$id: prep '$prep' failed, see $LOGS/$id.$tool.$i.prep.log"; fi
    log=$LOGS/$id.$tool.$i.log
    tf=$LOGS/$id.$tool.$i.time
    printf '$ %s\n' "$*" >"$log"
    local t0 t1 wh=""
    t0=$(date +%s%N)
    /usr/bin/time -f '%e %M %U %S' -o "$tf" timeout -k 10 "$to" "$@" >>"$log" 2>&1
    rc=$?
    t1=$(date +%s%N)
    [ -n "$AFTER" ] && wh=$($AFTER 2>>"$log") # warehouse seconds of the run, read before CHECK queries anything
    read -r wall rss u s < <(grep -E '^[0-9.]+ [0-9]+ ' "$tf" | tail -n 1)
    cpu=$(awk -v u="${u:-0}" -v s="${s:-0}" 'BEGIN {printf "%.2f", u + s}')
    note=""
    [ "$rc" = 124 ] || [ "$rc" = 137 ] && note="timeout ${to}s"
    if [ -n "$CHECK" ] && [ "$rc" = 0 ]; then
      local got; got=$($CHECK 2>/dev/null); [ "$got" = "$EXPECT" ] || { note="check failed: got ${got:-nothing}, expected $EXPECT"; rc=99; }
    fi
    local pat # known concurrency failures of dbt-postgres / dbt-sqlite with --threads 4, counted per run
    for pat in 'deadlock detected' 'database is locked' 'database schema has changed'; do
      grep -q "$pat" "$log" && note="${note:+$note, }$pat x$(grep -c "$pat" "$log")"
    done
    [ "$rc" != 0 ] && [ -z "$note" ] && note="exit $rc"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$id" "$tool" "$i" "$rc" "$wall" "$rss" "$cpu" "$note" \
      "$(cut -d' ' -f1 /proc/loadavg)" >>"$RESULTS"
    say "$id: $tool run $i: ${wall}s wall, ${cpu}s CPU, $((${rss:-0} / 1024)) MB, rc=$rc${note:+ ($note)}"
    if [ -n "$AFTER" ]; then
      # derived rows <id>_wh (warehouse time) and <id>_oh (overhead = wall - warehouse time), in seconds with ms
      # precision: the wall time here is taken with date +%s%N around /usr/bin/time (whose %e has 10 ms steps)
      local ns=$(((t1 - t0))) whrc=$rc whnote=$note
      if [ -z "$wh" ]; then whrc=98; whnote="${note:+$note, }no statement statistics"; wh=0; fi
      local oh; oh=$(awk -v ns="$ns" -v wh="$wh" 'BEGIN {printf "%.3f", ns / 1e9 - wh}')
      printf '%s\t%s\t%s\t%s\t%s\t\t\t%s\t%s\n' "${id}_wh" "$tool" "$i" "$whrc" "$wh" "$whnote" "$(cut -d' ' -f1 /proc/loadavg)" >>"$RESULTS"
      printf '%s\t%s\t%s\t%s\t%s\t\t\t%s\t%s\n' "${id}_oh" "$tool" "$i" "$whrc" "$oh" "$whnote" "$(cut -d' ' -f1 /proc/loadavg)" >>"$RESULTS"
      say "$id: $tool run $i: warehouse ${wh}s, overhead ${oh}s (wall $(awk -v ns="$ns" 'BEGIN {printf "%.3f", ns / 1e9}')s)"
    fi
    if [ "$rc" != 0 ] && [ "$tool" = strata ]; then
      say "$id: strata: n/a (run failed, log: $log)"; tail -n 5 "$log" >&2; break
    fi
    [ -n "$note" ] && [ "${note#timeout}" != "$note" ] && break
    if [ "$i" = 1 ] && awk -v w="${wall:-0}" -v s="$SLOW" 'BEGIN {exit !(w > s)}'; then
      [ "$n" -gt 1 ] && say "$id: $tool took > ${SLOW}s, measuring it once"
      n=1
    fi
    # A run of well under a second is at the mercy of a moment's load on a shared machine: more of them, so that
    # the median is the command's and not the moment's (they cost seconds).
    if [ "$i" = 1 ] && [ "$n" -lt "$FAST_RUNS" ] && awk -v w="${wall:-0}" -v f="$FAST" 'BEGIN {exit !(w < f)}'; then
      n=$FAST_RUNS
    fi
  done
}

# summary ID TOOL -> "median|min|max|rss_mb|ok/total|notes|cpu_median"  (over successful runs; all runs if none ok)
summary() {
  awk -F'\t' -v id="$1" -v tool="$2" '
    $1 == id && $2 == tool {
      if ($4 == "na") { na = 1; next }
      if ($6 != "") hasr = 1; if ($7 != "") hasc = 1
      tot++; if ($4 == 0) { ok++; okw[ok] = $5; okc[ok] = $7; if ($6 > okr) okr = $6 }
      allw[tot] = $5; allc[tot] = $7; if ($6 > allr) allr = $6
      if ($8 != "") { notes = notes (notes ? "; " : "") "run " $3 ": " $8 }
    }
    function sortn(a, n,   i, j, t) { for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t } }
    END {
      if (na || tot == 0) { print "n/a|n/a|n/a|n/a|0/0|" (na ? "no binary" : "not run") "|n/a"; exit }
      if (ok > 0) { n = ok; for (i = 1; i <= n; i++) { w[i] = okw[i]; c[i] = okc[i] }; r = okr }
      else { n = tot; for (i = 1; i <= n; i++) { w[i] = allw[i]; c[i] = allc[i] }; r = allr }
      sortn(w, n); sortn(c, n)
      med = (n % 2) ? w[(n + 1) / 2] : (w[n / 2] + w[n / 2 + 1]) / 2
      cmed = (n % 2) ? c[(n + 1) / 2] : (c[n / 2] + c[n / 2 + 1]) / 2
      gsub(/\|/, "/", notes)
      p = (id ~ /_(wh|oh)$/) ? 3 : 2 # warehouse time and overhead rows: ms
      f = "%." p "f"
      printf f "|" f "|" f "|%s|%d/%d|%s|%s\n", med, w[1], w[n], hasr ? sprintf("%.0f", r / 1024) : "n/a", ok, tot, notes, hasc ? sprintf("%.1f", cmed) : "n/a"
    }' "$RESULTS"
}

# After each successful run, $CHECK (a function printing a count) must print $EXPECT, else the run counts as
# failed (exit 99): a tool that built nothing must not look fast.
CHECK="" EXPECT=""
# When set, $AFTER (a function printing seconds) is called right after each run: the warehouse time of the run
# (see sec_incremental); measure then also records <id>_wh and <id>_oh.
AFTER=""
count_pg_relations() { "${PSQL[@]}" -d bench -tA -c "select count(*) from information_schema.tables where table_schema like 'synth%'"; }
count_pg_big_seed() {
  local s; s=$("${PSQL[@]}" -d bench -tA -c "select table_schema from information_schema.tables where table_name = 'big_seed' limit 1")
  [ -n "$s" ] && "${PSQL[@]}" -d bench -tA -c "select count(*) from \"$s\".big_seed"
}
count_sqlite_relations() { # tables and views in every database file dbt-sqlite's profile names
  python3 - "$P/sqlite_db" <<'PY'
import glob, sqlite3, sys
n = 0
for f in glob.glob(sys.argv[1] + "/*.db"):
    c = sqlite3.connect(f)
    # Strata's own state tables ("strata.nodes", ...) are not part of the project
    n += c.execute("select count(*) from sqlite_master where type in ('table', 'view') and name not like 'sqlite_%' and name not like 'strata.%'").fetchone()[0]
print(n)
PY
}

ROWS=() # "id|label|baseline tool|baseline command|strata id|strata command"
row() { ROWS+=("$1|$2|$3|$4|$5|$6"); printf '%s|%s|%s|%s|%s|%s\n' "$@" >>"$LOGS/rows.txt"; }

# ---------------------------------------------------------------------------------------------- sections
rm_target() { rm -rf "$P/target"; }
rm_db() { rm -f "$P"/sqlite_db/*.db "$P"/target/*.sqlite; }
DBT_SEED_RUN='"$0" seed "$@" && "$0" run --threads 4 "$@"' # bash -c script: $0 = dbt, "$@" = flags

sec_compile() {
  local n
  for n in "$SMALL" "$BIG"; do
    gen_project "$n"
    local f=(--project-dir "$P" --profiles-dir "$P")
    measure "parse_$n" dbt "$TIMEOUT" "" -- "$DBT_SQLITE" parse --no-partial-parse "${f[@]}" --target sqlite
    measure "sparse_$n" strata "$TIMEOUT" "" -- "$STRATA" parse "${f[@]}"
    measure "compile_$n" strata "$TIMEOUT" "" -- "$STRATA" compile "${f[@]}"
    row "parse_$n" "parse $n models" dbt "dbt parse --no-partial-parse" "sparse_$n" "strata parse"
    row "parse_$n" "parse $n models vs compile (Strata also writes every compiled file)" dbt "dbt parse --no-partial-parse" "compile_$n" "strata compile"
    if [ "$n" = "$SMALL" ]; then
      # dbt compile as on a fresh checkout: no target/ (so no partial_parse.msgpack to reuse)
      measure "dbtcompile_$n" dbt "$TIMEOUT" rm_target -- "$DBT_SQLITE" compile "${f[@]}" --target sqlite
      row "dbtcompile_$n" "compile $n models" dbt "dbt compile (no target/)" "compile_$n" "strata compile"
    fi
  done
}

# Scale check: strata compile of very large projects, made as renamed copies of the $BIG-model project by
# Scripts/bench/replicate_project.py (gen_project.py is quadratic: 50,000 models would take over two hours).
# dbt is not run: dbt-core needs ~2 minutes for 10,000 models, so 100,000 would take most of an hour; dbt Fusion
# publishes "100,000 models parsed in under 10 s".
sec_scale() {
  local n copies d stamp
  for n in $SCALE_SIZES; do
    copies=$((n / BIG))
    [ $((copies * BIG)) = "$n" ] || die "BENCH_SCALE sizes must be multiples of BENCH_BIG ($BIG): $n"
    gen_project "$BIG"
    d=$WORK/scale_$n
    stamp="$(cat "$P/.bench-stamp") x$copies $(sha256sum "$ROOT/Scripts/bench/replicate_project.py" | cut -c1-16)"
    if [ ! -f "$d/.bench-stamp" ] || [ "$(cat "$d/.bench-stamp")" != "$stamp" ]; then
      say "making $d ($copies renamed copies of $P)"
      python3 "$ROOT/Scripts/bench/replicate_project.py" "$P" "$copies" "$d" >"$LOGS/scale_$n.log" 2>&1 ||
        die "replicate_project.py failed, see $LOGS/scale_$n.log"
      echo "$stamp" >"$d/.bench-stamp"
    fi
    write_profiles "$d"
    measure "sparse_$n" strata "$TIMEOUT" "" -- "$STRATA" parse --project-dir "$d" --profiles-dir "$d"
    measure "compile_$n" strata "$TIMEOUT" "" -- "$STRATA" compile --project-dir "$d" --profiles-dir "$d"
    row "none_$n" "parse $n models (scale check; $copies copies of the $BIG-model project)" none \
      "none (dbt Fusion publishes: 100,000 models parsed in < 10 s)" "sparse_$n" "strata parse"
    row "none_$n" "compile $n models (scale check; writes every compiled file too)" none \
      "none" "compile_$n" "strata compile"
  done
}

# Per tool: RUNS fresh runs, then RUNS re-runs on the state its own last fresh run left.
build_section() { # target id-prefix label dbt-binary reset-function count-function
  local target=$1 id=$2 label=$3 dbt=$4 reset=$5
  gen_project "$SMALL"
  local f=(--project-dir "$P" --profiles-dir "$P" --target "$target")
  CHECK=$6 EXPECT=$((SMALL + 4))
  measure "${id}_fresh" dbt "$TIMEOUT" "$reset" -- bash -c "$DBT_SEED_RUN" "$dbt" "${f[@]}"
  measure "${id}_rerun" dbt "$TIMEOUT" "" -- bash -c "$DBT_SEED_RUN" "$dbt" "${f[@]}"
  measure "${id}_fresh" strata "$TIMEOUT" "$reset" -- "$STRATA" build "${f[@]}" --threads 4
  measure "${id}_rerun" strata "$TIMEOUT" "" -- "$STRATA" build "${f[@]}" --threads 4
  row "${id}_fresh" "$label: build $SMALL models, empty db" dbt "dbt seed && dbt run --threads 4" "${id}_fresh" "strata build --threads 4"
  row "${id}_rerun" "$label: build $SMALL models, re-run" dbt "dbt seed && dbt run --threads 4" "${id}_rerun" "strata build --threads 4"
  CHECK=""
}
sec_sqlite() { build_section sqlite sqlite SQLite "$DBT_SQLITE" rm_db count_sqlite_relations; }
sec_postgres() { start_pg; build_section postgres pg PostgreSQL "$DBT_PG" reset_pg count_pg_relations; }

# The model edited by the sync section: the intermediate model most often ref'd (mid-graph, with descendants).
EDIT=""
pick_mid_model() {
  local name
  name=$(grep -rhoE "ref\('int_[a-z0-9_]+'\)" "$P/models" | sort | uniq -c | sort -rn | head -n 1 | sed -E "s/.*ref\('([^']+)'\).*/\1/")
  find "$P/models" -name "$name.sql" | head -n 1
}
edit_model() { printf -- '-- bench edit %s\n' "$(date +%s%N)" >>"$EDIT"; }

# Per engine: each tool builds the project once ("production"), then syncs it with nothing changed and after a
# one-model edit; dbt compares with the manifest of its production build, as dbt users do in CI.
sec_sync() {
  gen_project "$SMALL"
  EDIT=$(pick_mid_model)
  [ -n "$EDIT" ] || die "no mid-graph model found in $P"
  cp "$EDIT" "$LOGS/sync_edit.orig.sql"
  say "sync: edited model $(basename "$EDIT")"
  local eng dbt
  for eng in sqlite postgres; do
    local f=(--project-dir "$P" --profiles-dir "$P" --target "$eng")
    if [ "$eng" = postgres ]; then start_pg; reset_pg; dbt=$DBT_PG; else rm_db; dbt=$DBT_SQLITE; fi
    cp "$LOGS/sync_edit.orig.sql" "$EDIT"
    if [ -z "${BENCH_NO_DBT:-}" ]; then
      bash -c "$DBT_SEED_RUN" "$dbt" "${f[@]}" >"$LOGS/sync_$eng.dbt_production.log" 2>&1 || say "sync: dbt production build failed"
      rm -rf "$P/prod_state" && mkdir -p "$P/prod_state" && cp "$P/target/manifest.json" "$P/prod_state/"
      measure "sync_noop_$eng" dbt "$TIMEOUT" "" -- "$dbt" build --select state:modified+ --state "$P/prod_state" "${f[@]}" --threads 4
      measure "sync_edit_$eng" dbt "$TIMEOUT" edit_model -- "$dbt" build --select state:modified+ --state "$P/prod_state" "${f[@]}" --threads 4
      cp "$LOGS/sync_edit.orig.sql" "$EDIT"
    fi
    if [ -n "$STRATA" ]; then
      "$STRATA" build "${f[@]}" --threads 4 >"$LOGS/sync_$eng.strata_production.log" 2>&1 || say "sync: strata production build failed"
    fi
    measure "sync_noop_$eng" strata "$TIMEOUT" "" -- "$STRATA" sync "${f[@]}" --threads 4
    measure "sync_edit_$eng" strata "$TIMEOUT" edit_model -- "$STRATA" sync "${f[@]}" --threads 4
    cp "$LOGS/sync_edit.orig.sql" "$EDIT"
    local label; label=$([ "$eng" = sqlite ] && echo SQLite || echo PostgreSQL)
    row "sync_noop_$eng" "$label: no-op sync of $SMALL built models" dbt "dbt build -s state:modified+ --state prod" "sync_noop_$eng" "strata sync"
    row "sync_edit_$eng" "$label: sync after editing 1 mid-graph model" dbt "dbt build -s state:modified+ --state prod" "sync_edit_$eng" "strata sync"
  done
}

seed_rows() { # rows label-suffix timeout: dbt seed, strata seed and psql \copy of one big_seed.csv
  local rows=$1 sfx=$2 to=$3
  gen_seed "$rows" "seed$sfx"
  local f=(--project-dir "$P" --profiles-dir "$P" --target postgres)
  local csv=$P/seeds/big_seed.csv
  CHECK=count_pg_big_seed EXPECT=$rows
  local ddl="create table big_seed (id integer, quantity integer, label text, event_date date, amount float8, is_active boolean)"
  measure "seed${sfx}_psql" psql "$TIMEOUT" reset_pg -- "${PSQL[@]}" -d bench -c "$ddl" -c "\\copy big_seed from '$csv' with (format csv, header true)"
  measure "seed${sfx}_dbt" dbt "$to" reset_pg -- "$DBT_PG" seed "${f[@]}"
  measure "seed$sfx" strata "$to" reset_pg -- "$STRATA" seed "${f[@]}"
  row "seed${sfx}_dbt" "seed $sfx rows x 6 cols into PostgreSQL" dbt "dbt seed" "seed$sfx" "strata seed"
  row "seed${sfx}_psql" "seed $sfx rows x 6 cols into PostgreSQL" psql "psql \\copy (create table + COPY)" "seed$sfx" "strata seed"
  CHECK=""
}

# 100k rows first: dbt seed of 1M rows takes > 15 min here (it is stopped at BENCH_SEED1M_TIMEOUT); 100k gives a
# figure to extrapolate from.
sec_seed1m() {
  start_pg
  local n
  for n in $SEED_SIZES; do
    local sfx=$((n / 1000))k
    [ $((n % 1000000)) = 0 ] && sfx=$((n / 1000000))M
    seed_rows "$n" "$sfx" "$([ "$n" -ge 1000000 ] && echo "$SEED1M_TIMEOUT" || echo "$TIMEOUT")"
  done
}

# ---------------------------------------------------------------------------------------------- incremental
INCR_COLS="id, user_id, session_id, amount, quantity, category, status, created_at, updated_at"
INCR_DB="" INCR_K=0 INCR_LOGPOS=0 INCR_PSS=""
gen_incremental() { # -> sets P: one incremental model over raw.events, profiles per tool in profiles_<tool>/
  local d=$WORK/incremental
  rm -rf "$d/models" && mkdir -p "$d/models"
  cat >"$d/dbt_project.yml" <<'EOF2'
name: 'incrbench'
version: '1.0'
config-version: 2
profile: 'synth'
model-paths: ["models"]
EOF2
  cat >"$d/models/sources.yml" <<'EOF2'
version: 2
sources:
  - name: raw
    schema: raw
    tables:
      - name: events
EOF2
  cat >"$d/models/events_inc.sql" <<EOF2
{{ config(materialized='incremental', unique_key='id', incremental_strategy='merge') }}
select $INCR_COLS
from {{ source('raw', 'events') }}
{% if is_incremental() %}
where updated_at > (select max(updated_at) from {{ this }})
{% endif %}
EOF2
  write_profiles "$d" bench_incr_dbt "$d/profiles_dbt"
  write_profiles "$d" bench_incr_strata "$d/profiles_strata"
  P=$d
}
incr_psql() { "${PSQL[@]}" -d "$INCR_DB" "$@"; }
incr_create_source() { # database: 1,000,000 rows, deterministic
  PGOPTIONS="-c client_min_messages=warning" "${PSQL[@]}" -d postgres -c "drop database if exists $1 with (force)" -c "create database $1" >/dev/null || die "create database $1 failed"
  INCR_DB=$1 incr_psql -c "create schema raw" -c "create table raw.events (
      id bigint primary key, user_id integer not null, session_id integer not null, amount numeric(12,2) not null,
      quantity integer not null, category text not null, status text not null, created_at timestamp not null,
      updated_at timestamp not null)" \
    -c "insert into raw.events select g, g % 50000, g % 300000, ((g::bigint * 7919) % 100000) / 100.0, g % 17,
      'category_' || (g % 40), (array['new', 'paid', 'shipped', 'returned'])[1 + g % 4],
      timestamp '2024-01-01' + g * interval '1 second', timestamp '2024-01-01' + g * interval '1 second'
      from generate_series(1, 1000000) g" \
    -c "vacuum analyze raw.events" >/dev/null || die "creating raw.events in $1 failed"
}
incr_table() { # schema-qualified name of events_inc in $INCR_DB (the schema is the tool's choice)
  incr_psql -tA -c "select quote_ident(table_schema) || '.events_inc' from information_schema.tables where table_name = 'events_inc' and table_type = 'BASE TABLE' limit 1"
}
incr_digest() { # relation -> "rows sum(amount) md5 of every row in id order"
  incr_psql -tA -F' ' -c "select count(*), sum(amount), md5(string_agg(md5(row($INCR_COLS)::text), '' order by id)) from $1"
}
incr_check() { local t; t=$(incr_table); [ -n "$t" ] && incr_digest "$t"; }
incr_stats_start() { # after the rest of the preparation: forget the statements run so far
  if [ -n "$INCR_PSS" ]; then "${PSQL[@]}" -d postgres -tA -c "select pg_stat_statements_reset()" >/dev/null
  else INCR_LOGPOS=$(stat -c %s "$PG_DIR/server.log"); fi
}
incr_warehouse_s() { # seconds the server spent in the statements of $INCR_DB since incr_stats_start
  if [ -n "$INCR_PSS" ]; then
    { echo "--- pg_stat_statements of $INCR_DB (ms, calls, statement), slowest first:"
      "${PSQL[@]}" -d postgres -tA -F' | ' -c "select round((s.total_exec_time + s.total_plan_time)::numeric, 1), s.calls,
        left(regexp_replace(regexp_replace(s.query, '^/\*.*?\*/', ''), '\s+', ' ', 'g'), 200) from pg_stat_statements s join pg_database d on d.oid = s.dbid
        where d.datname = '$INCR_DB' order by 1 desc"; } >&2 # into the run's log
    "${PSQL[@]}" -d postgres -tA -c "select round((coalesce(sum(s.total_exec_time + s.total_plan_time), 0) / 1000)::numeric, 4)
      from pg_stat_statements s join pg_database d on d.oid = s.dbid where d.datname = '$INCR_DB'"
  else # log_min_duration_statement = 0, log_line_prefix = '%d@': durations of this database's statements
    tail -c +"$((INCR_LOGPOS + 1))" "$PG_DIR/server.log" |
      awk -v db="$INCR_DB@" 'index($0, db) == 1 && match($0, /duration: [0-9.]+ ms/) { t += substr($0, RSTART + 10, RLENGTH - 13) } END { printf "%.4f\n", t / 1000 }'
  fi
}
incr_prep_initial() { # untimed: no table, so the run builds it from scratch
  local t; t=$(incr_table)
  [ -n "$t" ] && incr_psql -c "drop table $t" >/dev/null
  incr_psql -c "checkpoint" >/dev/null
  EXPECT=$(incr_digest raw.events)
  incr_stats_start
}
incr_prep_merge() { # untimed: 100,000 source rows changed, with an updated_at newer than any before
  INCR_K=$((INCR_K + 1))
  incr_psql -c "update raw.events set amount = amount + 1, updated_at = timestamp '2030-01-01' + $INCR_K * interval '1 hour' where id % 10 = 0" >/dev/null
  incr_psql -c "vacuum analyze raw.events" -c "vacuum analyze $(incr_table)" -c "checkpoint" >/dev/null
  EXPECT=$(incr_digest raw.events)
  incr_stats_start
}
incr_prep_noop() { # untimed: nothing changed since the last merge, so the warehouse has almost nothing to do and
  # the overhead is the tool's own, without the commit of 100k updated rows (whose WAL flush and the temporary
  # table's drop happen after the statement ends, so no statement statistics count them)
  incr_psql -c "checkpoint" >/dev/null
  EXPECT=$(incr_digest raw.events)
  incr_stats_start
}

sec_incremental() {
  INCR_PSS=""
  if [ -z "${BENCH_PG_LOG_DURATIONS:-}" ] && [ -f "$("$PG_BIN/pg_config" --pkglibdir 2>/dev/null || echo "$PG_BIN/../lib")/pg_stat_statements.so" ]; then
    INCR_PSS=1
    PG_OPTS="-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=top -c pg_stat_statements.track_planning=on"
  else
    say "incremental: warehouse time from the server log (log_min_duration_statement = 0): $([ -n "${BENCH_PG_LOG_DURATIONS:-}" ] && echo BENCH_PG_LOG_DURATIONS is set || echo pg_stat_statements is not installed)"
    PG_OPTS="-c log_min_duration_statement=0 -c log_line_prefix=%d@"
  fi
  start_pg
  # the statistics of every database, read (and reset) from the postgres database
  [ -n "$INCR_PSS" ] && { "${PSQL[@]}" -d postgres -c "create extension if not exists pg_stat_statements" >/dev/null || die "create extension pg_stat_statements failed"; }
  gen_incremental
  local tool dbt_final="" strata_final=""
  for tool in dbt strata; do
    if [ "$tool" = dbt ] && [ -n "${BENCH_NO_DBT:-}" ]; then say "incremental: dbt skipped (BENCH_NO_DBT)"; continue; fi
    if [ "$tool" = strata ] && [ -z "$STRATA" ]; then
      local id; for id in incr_init incr_merge incr_merge_wh incr_merge_oh incr_noop incr_noop_wh incr_noop_oh; do measure "$id" strata "$TIMEOUT" "" -- true; done
      continue
    fi
    INCR_DB=bench_incr_$tool INCR_K=0
    say "incremental: $INCR_DB: creating raw.events (1,000,000 rows)"
    incr_create_source "$INCR_DB"
    local f=(--project-dir "$P" --profiles-dir "$P/profiles_$tool" --target postgres) cmd
    if [ "$tool" = dbt ]; then cmd=("$DBT_PG" run -s events_inc "${f[@]}"); else cmd=("$STRATA" run --select events_inc "${f[@]}"); fi
    # untimed warm-up build (dbt: its full parse, then partial parsing as in day-to-day use)
    "${cmd[@]}" >"$LOGS/incr_warmup.$tool.log" 2>&1 || say "incremental: $tool warm-up build failed, see $LOGS/incr_warmup.$tool.log"
    CHECK=incr_check
    measure incr_init "$tool" "$TIMEOUT" incr_prep_initial -- "${cmd[@]}"
    AFTER=incr_warehouse_s
    measure incr_merge "$tool" "$TIMEOUT" incr_prep_merge -- "${cmd[@]}"
    measure incr_noop "$tool" "$TIMEOUT" incr_prep_noop -- "${cmd[@]}"
    AFTER="" CHECK=""
    local final; final="$INCR_K $(incr_check)"
    if [ "$tool" = dbt ]; then dbt_final=$final; else strata_final=$final; fi
    say "incremental: $tool table after $INCR_K merges: $(cut -d' ' -f2- <<<"$final")"
  done
  # both tables went through the same changes: they must be identical (rows, sum(amount), md5 of every row)
  if [ -n "$dbt_final" ] && [ -n "$strata_final" ] && [ "$dbt_final" != "$strata_final" ]; then
    say "incremental: the tables differ: dbt ${dbt_final#* } vs strata ${strata_final#* } (after ${dbt_final%% *} / ${strata_final%% *} merges)"
    awk -F'\t' -v OFS='\t' -v note="table differs from dbt's: ${strata_final#* } vs ${dbt_final#* }" \
      '$1 ~ /^incr_(merge|noop)(_wh|_oh)?$/ && $2 == "strata" && $4 == 0 { $4 = 99; $8 = ($8 == "" ? note : $8 ", " note) } { print }' \
      "$RESULTS" >"$RESULTS.tmp" && mv "$RESULTS.tmp" "$RESULTS"
  fi
  local l="PostgreSQL incremental model (1M rows)"
  row incr_init "$l: initial build" dbt "dbt run -s events_inc" incr_init "strata run --select events_inc"
  row incr_merge "$l: merge of 100k changed rows, wall" dbt "dbt run -s events_inc" incr_merge "strata run --select events_inc"
  row incr_merge_wh "$l: merge, warehouse time (statements)" dbt "dbt run -s events_inc" incr_merge_wh "strata run --select events_inc"
  row incr_merge_oh "$l: merge, overhead (wall − warehouse)" dbt "dbt run -s events_inc" incr_merge_oh "strata run --select events_inc"
  row incr_noop "$l: run with no changed rows, wall" dbt "dbt run -s events_inc" incr_noop "strata run --select events_inc"
  row incr_noop_oh "$l: run with no changed rows, overhead (wall − warehouse)" dbt "dbt run -s events_inc" incr_noop_oh "strata run --select events_inc"
  PG_OPTS="" # a later section gets the default server again
}

sec_docs() {
  gen_project "$BIG"
  local f=(--project-dir "$P" --profiles-dir "$P")
  measure "docs_$BIG" dbt "$TIMEOUT" rm_target -- "$DBT_SQLITE" docs generate "${f[@]}" --target sqlite --empty-catalog
  measure "docs_$BIG" strata "$TIMEOUT" "" -- "$STRATA" docs generate "${f[@]}" --empty-catalog
  row "docs_$BIG" "docs site of $BIG models, no warehouse" dbt "dbt docs generate --empty-catalog" "docs_$BIG" "strata docs generate --empty-catalog"
  [ -n "$STRATA" ] && [ -f "$P/target/docs/index.html" ] || return 0
  local chromium i ms profile
  chromium=$(command -v chromium || command -v chromium-browser || true)
  if [ -z "$chromium" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "docs: installing chromium"
    { apt-get install -y -qq --no-install-recommends chromium || { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium; }; } >/dev/null 2>&1
    chromium=$(command -v chromium || true)
  fi
  [ -n "$chromium" ] || { say "docs: no chromium, page load not measured"; return 0; }
  for ((i = 1; i <= RUNS; i++)); do
    profile=$(mktemp -d)
    ms=$(timeout 300 "$chromium" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
      --user-data-dir="$profile" --dump-dom "file://$P/target/docs/index.html" 2>/dev/null | grep -o 'data-ready-ms="[0-9]*"' | grep -o '[0-9]*')
    rm -rf "$profile"
    if [ -n "$ms" ]; then
      printf '%s\tstrata\t%s\t0\t%s\t\t\t\t%s\n' "docs_page_$BIG" "$i" "$(awk -v m="$ms" 'BEGIN {printf "%.3f", m / 1000}')" "$(cut -d' ' -f1 /proc/loadavg)" >>"$RESULTS"
      say "docs page: run $i: interactive after ${ms} ms"
    else
      printf '%s\tstrata\t%s\t1\t\t\t\tpage did not finish\t%s\n' "docs_page_$BIG" "$i" "$(cut -d' ' -f1 /proc/loadavg)" >>"$RESULTS"
    fi
  done
  row "docs_page_$BIG" "docs index page of $BIG models: navigation start until interactive (goal < 2 s)" none "(no dbt counterpart: its site fetches JSON, which file:// forbids)" "docs_page_$BIG" "headless chromium, file://…/index.html"
}

# ---------------------------------------------------------------------------------------------- replicate
REPL_COLS="id, user_id, amount, quantity, category, status, created_at, updated_at"
REPL_DDL="create table public.events (id bigint primary key, user_id integer not null, amount numeric(12,2) not null,
  quantity integer not null, category text not null, status text not null, created_at timestamptz not null,
  updated_at timestamptz not null)"
REPL_URL="" REPL_K=0
repl_psql() { local db=$1; shift; "${PSQL[@]}" -d "$db" "$@"; }
repl_recreate() { # database
  PGOPTIONS="-c client_min_messages=warning" "${PSQL[@]}" -d postgres -c "drop database if exists $1 with (force)" -c "create database $1" >/dev/null
}
repl_digest() { # database relation -> "rows sum(amount) md5 of every row in id order"
  repl_psql "$1" -tA -F' ' -c "select count(*), sum(amount), md5(string_agg(md5(row($REPL_COLS)::text), '' order by id)) from $2"
}
repl_source_digest() { repl_digest bench_repl_src public.events; }
repl_check_strata() { repl_digest bench_repl_dst raw.events; }
repl_check_dump() { repl_digest bench_repl_dump public.events; }
repl_prep_dump() { repl_recreate bench_repl_dump && repl_psql bench_repl_dump -c "$REPL_DDL"; }
repl_prep_full() { repl_recreate bench_repl_dst; }
repl_prep_incr() { # 10,000 source rows change (a different tenth of a percent each time)
  REPL_K=$((REPL_K + 1))
  repl_psql bench_repl_src -c "update public.events set amount = amount + 1, updated_at = now() where id % 100 = $((REPL_K % 100))" \
    -c "vacuum analyze public.events" -c "checkpoint" >/dev/null
  EXPECT=$(repl_source_digest)
}
sec_replicate() {
  start_pg
  say "replicate: bench_repl_src: creating public.events (1,000,000 rows x 8 columns)"
  repl_recreate bench_repl_src || die "create database bench_repl_src failed"
  repl_psql bench_repl_src -c "$REPL_DDL" \
    -c "insert into public.events select g, g % 50000, ((g::bigint * 7919) % 100000) / 100.0, g % 17, 'category_' || (g % 40),
      (array['new', 'paid', 'shipped', 'returned'])[1 + g % 4], timestamptz '2024-01-01' + g * interval '1 second',
      timestamptz '2024-01-01' + g * interval '1 second' from generate_series(1, 1000000) g" \
    -c "vacuum analyze public.events" >/dev/null || die "creating public.events failed"
  local d=$WORK/replicate
  mkdir -p "$d/models"
  printf 'source:\n  url: postgresql://postgres@127.0.0.1:%s/bench_repl_src\ntarget_schema: raw\ntables:\n  - source: public.events\n    cursor: updated_at\n' "$PG_PORT" >"$d/replication.yml"
  local url=postgresql://postgres@127.0.0.1:$PG_PORT/bench_repl_dst
  EXPECT=$(repl_source_digest)
  CHECK=repl_check_dump
  measure repl_dump pg_dump "$TIMEOUT" repl_prep_dump -- bash -c "'$PG_BIN/pg_dump' -h 127.0.0.1 -p $PG_PORT -U postgres --data-only -t public.events bench_repl_src | '$PG_BIN/psql' -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p $PG_PORT -U postgres -d bench_repl_dump"
  CHECK=repl_check_strata
  measure repl_full strata "$TIMEOUT" repl_prep_full -- "$STRATA" replicate --project-dir "$d" --target-url "$url"
  measure repl_incr strata "$TIMEOUT" repl_prep_incr -- "$STRATA" replicate --project-dir "$d" --target-url "$url"
  CHECK="" EXPECT=""
  local l="replicate 1M rows x 8 cols, PostgreSQL to PostgreSQL"
  row repl_dump "$l: full copy" pg_dump "pg_dump --data-only -t events, piped into psql" repl_full "strata replicate (first run)"
  row repl_dump "$l: incremental pass, 10k changed rows" pg_dump "pg_dump --data-only -t events, piped into psql" repl_incr "strata replicate (incremental)"
}

START=$(date +%s)
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
for s in compile sqlite postgres seed1m sync incremental replicate docs scale; do
  want "$s" || continue
  say "=== section $s"
  "sec_$s"
done
cleanup
END=$(date +%s)
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)

if [ ${#REPORT_DIRS[@]} -gt 0 ]; then
  # merge: per (id, tool), the runs of the last directory that has any; rows in first-seen order
  awk -F'\t' 'FNR == 1 { file++ } { k = $1 FS $2; if (owner[k] != file) { owner[k] = file; n[k] = 0; if (!(k in seen)) { seen[k] = 1; order[++m] = k } }
    line[k, ++n[k]] = $0 } END { for (i = 1; i <= m; i++) for (j = 1; j <= n[order[i]]; j++) print line[order[i], j] }' \
    $(for d in "${REPORT_DIRS[@]}"; do [ -f "$d/results.tsv" ] || die "$d/results.tsv not found"; echo "$d/results.tsv"; done) >"$RESULTS"
  # rows: for each baseline id, the rows of the last directory that defines it (a later run may redefine what an
  # id is compared with), in the order ids first appear
  while IFS= read -r r; do ROWS+=("$r"); done < <(
    for i in "${!REPORT_DIRS[@]}"; do
      [ -f "${REPORT_DIRS[$i]}/rows.txt" ] && awk -v f="$i" '{ print f "\t" $0 }' "${REPORT_DIRS[$i]}/rows.txt"
    done | awk -F'\t' '{ id = $2; sub(/\|.*/, "", id); file[NR] = $1; key[NR] = id; text[NR] = $2
        if (!(id in first)) first[id] = NR; if ($1 + 0 >= owner[id] + 0) owner[id] = $1 }
      END { for (i = 1; i <= NR; i++) if (file[i] == owner[key[i]] && !seen[text[i]]++) print first[key[i]] "\t" i "\t" text[i] }' |
      sort -t$'\t' -k1,1n -k2,2n | cut -f3-)
  cp "$RESULTS" "$LOGS/results.tsv" 2>/dev/null || true
  say "report from ${REPORT_DIRS[*]}"
fi

# ---------------------------------------------------------------------------------------------- report
cell() { # summary -> "median s (min–max)" with timeout marking
  local med mn mx rss ok notes cpu
  IFS='|' read -r med mn mx rss ok notes cpu <<<"$1"
  if [ "$med" = n/a ]; then echo "n/a"; return; fi
  if [ "${ok%/*}" = 0 ] && [ "${2:-}" = strata ]; then echo "n/a (failed: ${notes#run 1: })"; return; fi
  local t="$med s ($mn–$mx)"
  [ "${ok%/*}" = 0 ] && t="$t FAILED"
  case $notes in *timeout*) t="> $med s (timed out)" ;; esac
  echo "$t"
}
ratio() { # baseline strata field(1=time,4=rss,7=cpu)
  local a b
  a=$(cut -d'|' -f"$3" <<<"$1"); b=$(cut -d'|' -f"$3" <<<"$2")
  case "$(cut -d'|' -f5 <<<"$1") $(cut -d'|' -f5 <<<"$2")" in 0/* | *" 0/"*) echo "n/a"; return ;; esac
  awk -v a="$a" -v b="$b" 'BEGIN { if (a == "n/a" || b == "n/a" || b + 0 == 0) print "n/a"; else printf "%.1fx\n", a / b }'
}

TABLE=$LOGS/table.md
{
  echo "| benchmark | baseline command | baseline wall, median (min–max) | CPU | peak RSS | strata command | strata wall, median (min–max) | CPU | peak RSS | speed-up (wall) | CPU ratio | memory ratio |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  for r in "${ROWS[@]}"; do
    IFS='|' read -r id label btool bcmd sid scmd <<<"$r"
    b=$(summary "$id" "$btool"); s=$(summary "$sid" strata)
    brss=$(cut -d'|' -f4 <<<"$b"); srss=$(cut -d'|' -f4 <<<"$s")
    bcpu=$(cut -d'|' -f7 <<<"$b"); scpu=$(cut -d'|' -f7 <<<"$s")
    printf '| %s | `%s` | %s | %s | %s | `%s` | %s | %s | %s | %s | %s | %s |\n' "$label" "$bcmd" "$(cell "$b")" \
      "$([ "$bcpu" = n/a ] && echo n/a || echo "$bcpu s")" "$([ "$brss" = n/a ] && echo n/a || echo "$brss MB")" \
      "$scmd" "$(cell "$s" strata)" "$([ "$scpu" = n/a ] || [ "$(cut -d'|' -f5 <<<"$s")" = 0/1 ] && echo n/a || echo "$scpu s")" \
      "$([ "$srss" = n/a ] || [ "$(cut -d'|' -f5 <<<"$s")" = 0/1 ] && echo n/a || echo "$srss MB")" \
      "$(ratio "$b" "$s" 1)" "$(ratio "$b" "$s" 7)" "$(ratio "$b" "$s" 4)"
  done
} >"$TABLE"
NOTES=$LOGS/notes.md
{
  for r in "${ROWS[@]}"; do
    IFS='|' read -r id label btool bcmd sid scmd <<<"$r"
    for pair in "$id $btool" "$sid strata"; do
      set -- $pair
      [ "$2" = none ] && continue # a row with no baseline command (the scale check)
      s=$(summary "$1" "$2"); ok=$(cut -d'|' -f5 <<<"$s"); notes=$(cut -d'|' -f6 <<<"$s")
      [ -n "$notes" ] && [ "$notes" != "no binary" ] && echo "- $label, $2: $ok runs succeeded; $notes"
    done
  done | sort -u
} >"$NOTES"

echo
column -t -s '|' -o ' | ' <(sed 's/^| //; s/ |$//; /^|---/d' "$TABLE") 2>/dev/null || cat "$TABLE"
[ -s "$NOTES" ] && { echo; cat "$NOTES"; }

COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)$(git -C "$ROOT" diff --quiet HEAD -- Sources Package.swift 2>/dev/null || echo "+local changes")
{
  echo "# Benchmarks: Strata vs dbt-core"
  echo
  if [ ${#REPORT_DIRS[@]} -gt 0 ]; then
    echo "Rendered by \`Scripts/bench.sh report\` on $(date -u '+%Y-%m-%d %H:%M UTC') from the runs in: $(printf '`%s` ' "${REPORT_DIRS[@]}")"
    echo
    echo "- Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME"); the 1-minute load average after each run is in the raw results."
  else
    echo "Generated by \`Scripts/bench.sh ${SECTIONS[*]}\` on $(date -u '+%Y-%m-%d %H:%M UTC') at commit $COMMIT, in $(((END - START) / 60)) min."
    echo
    echo "- Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME"); load average $LOAD0 at start, $LOAD1 at end (other work on the machine inflates wall times; CPU times are steadier)."
  fi
  echo "- dbt (SQLite venv): $(dbt_versions "$VENVS/dbt-sqlite"); dbt (PostgreSQL venv): $(dbt_versions "$VENVS/dbt-postgres"); Python $(python3 -c 'import platform; print(platform.python_version())')."
  echo "- PostgreSQL: $([ -x "$PG_BIN/postgres" ] && "$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1, default settings, throwaway cluster."
  if [ ${#REPORT_DIRS[@]} -gt 0 ]; then echo "- Strata: as in the runs merged here (see their logs)."
  else echo "- Strata: $([ -n "$STRATA" ] && echo "\`$STRATA\` at commit $COMMIT ($(swift --version 2>/dev/null | head -n 1))" || echo "n/a (no binary)")."; fi
  echo "- Projects: \`gen_project.py --models N --seed-rows 1000 --random-seed 42 --strict-nullability\` (4 seeds, N models, ~1.6 tests per model; tests are not run by either tool here). Seed benchmarks: \`Scripts/bench/gen_seed_csv.py --rows N\` for N in $SEED_SIZES (id, quantity, label, event_date, amount, is_active); a run stopped at its time limit shows as \"> N s (timed out)\"."
  echo "- Each command ran up to $RUNS times (once if the first run took > ${SLOW}s, $FAST_RUNS times if it took < ${FAST}s); wall time from \`/usr/bin/time\`, median over successful runs with min–max; CPU is user + system time (median), less sensitive than wall time to other load on the machine; peak RSS is the largest resident set of any single process of the command (dbt: the Python process). dbt runs with anonymous usage stats off."
  case " ${ROWS[*]} " in *" incr_"*)
    echo "- Incremental (PostgreSQL): one model \`events_inc\` (\`materialized='incremental', unique_key='id', incremental_strategy='merge'\`, \`where updated_at > (select max(updated_at) from {{ this }})\` when incremental) over \`raw.events\` (1,000,000 rows x 9 columns, id bigint primary key), each tool in its own database; initial build = table dropped before each run; merge = 100,000 source rows (id % 10 = 0) given amount + 1 and a newer updated_at before each run (untimed, then VACUUM ANALYZE and CHECKPOINT). Warehouse time = sum of execution + planning time of the tool's statements in pg_stat_statements (track = top, so nothing is counted twice); overhead = wall time (date +%s%N around the command, so it includes a few ms of /usr/bin/time and timeout) − warehouse time: process start, project load and compile, connections, catalog queries' round trips, and also the commit of the merge's 100,000 updated rows (its WAL flush and the temporary table's drop happen once the statement has ended, so no statistics count them); run with no changed rows = the same command once more with nothing changed since (CHECKPOINT before), whose overhead is the tool's own. After each run the table must equal its source (rows, sum(amount), md5 of every row) and at the end both tools' tables must be identical, else the run counts as failed." ;;
  esac
  echo "- Fresh = empty database before each run (SQLite file removed / PostgreSQL database re-created); re-run = the database left populated by the previous run."
  echo
  cat "$TABLE"
  if [ -s "$NOTES" ]; then echo; echo "Failures and notes:"; echo; cat "$NOTES"; fi
  echo
  echo "Raw per-run results: \`$RESULTS\` (id, tool, run, exit code, wall s, max RSS KB, CPU s, note, load average); logs beside it."
} >"$OUT"
say "wrote $OUT (raw results and logs: $LOGS)"
