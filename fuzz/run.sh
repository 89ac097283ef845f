#!/usr/bin/env bash
# Builds and runs the libFuzzer targets (docs: README, "Fuzzing").
#
#   fuzz/run.sh build           configure and build $FUZZ_BUILD (default build-fuzz) with clang
#   fuzz/run.sh run [SECONDS]   each target for SECONDS (default 600), one after another, on a
#                               corpus kept in $FUZZ_BUILD/corpus/; a summary line per target
#   fuzz/run.sh smoke [SECONDS] each target for SECONDS (default 20) on a fresh corpus: the
#                               ctest entry fuzz_smoke; exits 77 (skipped) without clang
#
# FUZZ_TARGETS="fuzz_quiz" picks targets. Seeds are copied from the repository at every run
# (scenario files, the quiz bank one item per file, tests/data/fuzz/<target>/ regressions),
# never committed twice. A crash, leak or hang
# fails the run and leaves its input in $FUZZ_BUILD/{run,smoke}/<target>/artifacts/ (until the
# next run), beside libFuzzer's log.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
MODE=${1:-run}
BUILD=${FUZZ_BUILD:-build-fuzz}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
CXX_FUZZ=${CXX_FUZZ:-clang++}

# clang with libFuzzer's runtime (Debian: clang, libclang-rt-dev), or a reason it is missing.
toolchain_missing() {
  if ! command -v "$CXX_FUZZ" >/dev/null; then
    echo "no $CXX_FUZZ (Debian: apt-get install clang libclang-rt-dev)"
    return
  fi
  local tmp
  tmp=$(mktemp -d)
  echo 'extern "C" int LLVMFuzzerTestOneInput(const char*, unsigned long) { return 0; }' \
    >"$tmp/probe.cpp"
  if ! "$CXX_FUZZ" -fsanitize=fuzzer,address,undefined "$tmp/probe.cpp" -o "$tmp/probe" \
    >/dev/null 2>&1; then
    echo "$CXX_FUZZ cannot link libFuzzer (Debian: apt-get install libclang-rt-dev)"
  fi
  rm -rf "$tmp"
}

build() {
  if [ ! -f "$BUILD/CMakeCache.txt" ]; then
    cmake -S "$ROOT" -B "$BUILD" -DCMAKE_CXX_COMPILER="$CXX_FUZZ" -DSYNACK_FUZZ=ON >/dev/null
  fi
  cmake --build "$BUILD" -j "${JOBS:-$(nproc)}"
}

targets() {  # those built, of $FUZZ_TARGETS if set ("fuzz_quiz fuzz_scenario")
  local t
  for t in ${FUZZ_TARGETS:-fuzz_scenario fuzz_quiz fuzz_capture}; do
    if [ -x "$BUILD/bin/$t" ]; then echo "$t"; fi
  done
}

# Seeds for target $1 into directory $2.
seed() {
  local target=$1 dir=$2 f
  mkdir -p "$dir"
  case $target in
    fuzz_scenario)
      cp content/scenarios/*.toml "$dir/"
      find tests/data -path tests/data/fuzz -prune -o -name '*.toml' -print |
        while read -r f; do cp "$f" "$dir/data-$(echo "$f" | tr / _)"; done
      ;;
    fuzz_quiz)
      # One item a file: the bank's files are 100 KB each, too slow to mutate whole.
      for f in content/quiz/*.toml; do
        awk -v out="$dir/$(basename "$f" .toml)-" \
          '/^\[\[item\]\]/ { n++ } n { print > (out n ".toml") }' "$f"
      done
      ;;
    fuzz_capture)
      find tests/data \( -name '*.pcap' -o -name '*.pcapng' \) -exec cp {} "$dir/" \;
      ;;
  esac
  if [ -d "tests/data/fuzz/${target#fuzz_}" ]; then
    cp "tests/data/fuzz/${target#fuzz_}"/* "$dir/" 2>/dev/null || true
  fi
}

# Runs target $1 for $2 seconds on corpus $3; artifacts and log under $4. Prints one summary
# line; returns non-zero if libFuzzer found something.
fuzz_one() {
  local target=$1 seconds=$2 corpus=$3 out=$4 rc=0
  rm -rf "$out/artifacts"
  mkdir -p "$out/artifacts" "$corpus"
  seed "$target" "$corpus"
  local seeds
  seeds=$(find "$corpus" -type f | wc -l)
  # -timeout: one input running 20 s is a hang. -max_len: larger than any seed but one.
  "$BUILD/bin/$target" "$corpus" -max_total_time="$seconds" -timeout=20 -max_len=16384 \
    -dict=fuzz/synack.dict -print_final_stats=1 -artifact_prefix="$out/artifacts/" \
    >"$out/log" 2>&1 || rc=$?
  local execs rate cov ft corp files crashes
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$out/log")
  cov=$(grep -o 'cov: [0-9]*' "$out/log" | tail -1 | cut -d' ' -f2)
  ft=$(grep -o 'ft: [0-9]*' "$out/log" | tail -1 | cut -d' ' -f2)
  corp=$(grep -o 'corp: [0-9]*/[0-9]*[a-zA-Z]*' "$out/log" | tail -1 | cut -d' ' -f2)
  files=$(find "$corpus" -type f | wc -l)
  crashes=$(find "$out/artifacts" -type f | wc -l)
  # corp: the inputs libFuzzer keeps; files: the corpus folder (seeds and every new input).
  printf '%-13s %4ss  execs %8s  exec/s %5s  cov %5s  ft %6s  corp %12s  files %5s (seeds %s)  crashes %s\n' \
    "$target" "$seconds" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" \
    "$files" "$seeds" "$crashes"
  if [ "$rc" -ne 0 ]; then
    echo "  $target failed (exit $rc); log: $out/log"
    grep -m1 -E '^==[0-9]+==ERROR|^SUMMARY|deadly signal|uncaught|ALARM|out-of-memory' \
      "$out/log" | sed 's/^/  /' || true
    find "$out/artifacts" -type f | sed 's/^/  input: /'
  fi
  return "$rc"
}

run_all() {  # $1 seconds, $2 "fresh" for a new corpus each time
  local seconds=$1 fresh=$2 failed=0 target corpus out list
  list=$(targets)
  if [ -z "$list" ]; then
    echo "fuzz: no targets in $BUILD/bin" >&2
    return 1
  fi
  for target in $list; do
    if [ "$fresh" = fresh ]; then
      out=$BUILD/smoke/$target
      corpus=$out/corpus
      rm -rf "$out"
    else
      out=$BUILD/run/$target
      corpus=$BUILD/corpus/$target
    fi
    fuzz_one "$target" "$seconds" "$corpus" "$out" || failed=1
  done
  return "$failed"
}

case $MODE in
  build)
    why=$(toolchain_missing)
    if [ -n "$why" ]; then
      echo "fuzz: not building the fuzz targets: $why"
      exit 0
    fi
    build
    ;;
  smoke)
    why=$(toolchain_missing)
    if [ -n "$why" ]; then
      echo "fuzz: skipped: $why"
      exit 77
    fi
    build >/dev/null
    run_all "${2:-20}" fresh
    ;;
  run)
    why=$(toolchain_missing)
    if [ -n "$why" ]; then
      echo "fuzz: $why" >&2
      exit 1
    fi
    build
    run_all "${2:-600}" ""
    ;;
  *)
    echo "usage: fuzz/run.sh build|run [SECONDS]|smoke [SECONDS]" >&2
    exit 2
    ;;
esac
