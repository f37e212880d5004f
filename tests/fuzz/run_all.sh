#!/usr/bin/env bash
# Builds the libFuzzer targets of the readers (preset "fuzz": clang, ASan + UBSan) and runs each
# one after the other for SECONDS seconds, then prints what each did: executions, time, speed,
# corpus size and whether it crashed, hung (timeout) or ran out of memory.
#
#   tests/fuzz/run_all.sh [-t SECONDS] [-j JOBS] [--no-build] [TARGET...]
#
# TARGET: fuzz_native, fuzz_openlineage... (default: all of tests/fuzz/fuzz_*.cpp).
# Each target keeps a working corpus in build/fuzz/corpus/<target>/ that grows from run to run;
# it starts from the seeds in tests/fuzz/seeds.txt (project fixtures and files of the shared
# corpus, MESHLENS_CORPUS, default ../shared/corpus next to the source tree) and
# tests/fuzz/seeds/<target>/. The inputs in tests/fuzz/regressions/<target>/ (crashes found
# before, fixed since) are replayed first. Crashing inputs go to build/fuzz/artifacts/<target>/,
# logs to build/fuzz/logs/<target>.log. Exit status: 0 when no target failed.
#
# The targets run one at a time under `nice`, each on one core: the machine is shared.
# Reproduce a crash with: build/fuzz/tests/fuzz/<target> <artifact>
set -u -o pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$(cd "$here/../.." && pwd)"
build="$src/build/fuzz"
seconds=60
jobs=2
do_build=1
targets=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -t) seconds="$2"; shift 2 ;;
    -j) jobs="$2"; shift 2 ;;
    --no-build) do_build=0; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
corpus_root="${MESHLENS_CORPUS:-$src/../shared/corpus}"
rss_mb="${FUZZ_RSS_LIMIT_MB:-2048}"
timeout_s="${FUZZ_TIMEOUT_S:-10}"
max_len="${FUZZ_MAX_LEN:-65536}"

if [[ ${#targets[@]} -eq 0 ]]; then
  for f in "$here"/fuzz_*.cpp; do targets+=("$(basename "$f" .cpp)"); done
fi

if [[ $do_build -eq 1 ]] && ! command -v clang++ >/dev/null; then
  echo "run_all.sh: clang++ is missing: apt-get install clang libclang-rt-14-dev" >&2
  exit 2
fi
if [[ $do_build -eq 1 ]]; then
  (cd "$src" && cmake --preset fuzz >/dev/null && nice cmake --build "$build" -j "$jobs" --target "${targets[@]}") \
    || { echo "run_all.sh: the fuzz build failed" >&2; exit 2; }
fi

dict_for() {
  case "$1" in
    fuzz_datacontract|fuzz_odcs|fuzz_odps|fuzz_odps4|fuzz_dpds|fuzz_dmm|fuzz_mapping) echo "$here/yaml.dict" ;;
    *) echo "$here/json.dict" ;;
  esac
}

seed() {
  local t="$1" dir="$2" line path from
  mkdir -p "$dir"
  [[ -d "$here/seeds/$t" ]] && cp -n "$here/seeds/$t"/* "$dir"/ 2>/dev/null
  while read -r line path; do
    [[ "$line" == "$t" ]] || continue
    case "$path" in
      corpus/*) from="$corpus_root/${path#corpus/}" ;;
      *) from="$src/$path" ;;
    esac
    if [[ -f "$from" ]]; then
      cp -n "$from" "$dir/seed-$(echo "$path" | md5sum | cut -c1-12)-$(basename "$from")"
    fi
  done < <(grep -v '^#' "$here/seeds.txt")
}

mkdir -p "$build/logs"
printf '%-26s %12s %8s %9s %7s  %s\n' target executions seconds exec/s corpus result
failed=0
for t in "${targets[@]}"; do
  exe="$build/tests/fuzz/$t"
  if [[ ! -x "$exe" ]]; then
    printf '%-26s %12s %8s %9s %7s  %s\n' "$t" - - - - "not built"
    failed=1
    continue
  fi
  corpus="$build/corpus/$t"
  artifacts="$build/artifacts/$t/"
  log="$build/logs/$t.log"
  seed "$t" "$corpus"
  mkdir -p "$artifacts"
  # First the inputs that broke this target once (tests/fuzz/regressions/<target>/).
  if compgen -G "$here/regressions/$t/*" >/dev/null; then
    if ! "$exe" "$here/regressions/$t"/* >"$log.regressions" 2>&1; then
      printf '%-26s %12s %8s %9s %7s  %s\n' "$t" - - - - "regression fails again (log $log.regressions)"
      failed=1
      continue
    fi
  fi
  start=$(date +%s.%N)
  ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}" \
  UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}" \
  nice -n 10 "$exe" "$corpus" -dict="$(dict_for "$t")" -max_total_time="$seconds" \
    -rss_limit_mb="$rss_mb" -timeout="$timeout_s" -max_len="$max_len" \
    -artifact_prefix="$artifacts" -print_final_stats=1 -close_fd_mask=1 >"$log" 2>&1
  rc=$?
  end=$(date +%s.%N)
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  [[ -n "$runs" ]] || runs=$(sed -n 's/.*#\([0-9]*\).*exec\/s.*/\1/p' "$log" | tail -1)
  secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", b - a }')
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  size=$(find "$corpus" -type f | wc -l)
  result=ok
  if [[ $rc -ne 0 ]]; then
    failed=1
    if grep -q 'ERROR: libFuzzer: timeout' "$log"; then result=timeout
    elif grep -q 'ERROR: libFuzzer: out-of-memory' "$log"; then result=oom
    elif grep -q 'ERROR: LeakSanitizer' "$log"; then result=leak
    else result=crash; fi
    result="$result: $(sed -n 's/.*Test unit written to \(.*\)/\1/p' "$log" | tail -1) (log $log)"
  fi
  printf '%-26s %12s %8s %9s %7s  %s\n' "$t" "${runs:-?}" "$secs" "${speed:-?}" "$size" "$result"
done
exit $failed
