#!/usr/bin/env bash
# Runs every example mapping against the real public datasets (../shared/data/real by default)
# and prints each dataset's reject counts and headline KPIs.
# Usage: examples/run-real.sh [DATA_DIR] [OUTPUT_DIR]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
data="${1:-$root/../shared/data/real}"
out="${2:-$root/cx-real}"
if [[ ! -d "$data" ]]; then
  echo "no real data at $data; nothing to run" >&2
  exit 0
fi
status=0
for example in "$here"/*/; do
  name="$(basename "$example")"
  [[ -f "$example/mapping.sql" && -f "$example/run.conf" ]] || continue
  # shellcheck disable=SC1091
  source "$example/run.conf"
  args=()
  for input in $INPUTS; do args+=(--input "$data/$input"); done
  for source in $SOURCES; do args+=(--source "${source%%=*}=$data/${source#*=}"); done
  echo "=== $name"
  if ! "$root/cx" run "${args[@]}" --mapping "$example/mapping.sql" --config "$example/cx.conf" \
      --as-of "$AS_OF" --output "$out/$name"; then
    status=1
  fi
done
exit $status
