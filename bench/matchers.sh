#!/usr/bin/env bash
# Compares the rule-set engines (BENCHMARKS.md, "Rule sets"): rules.Set
# against quamina, and Pattern.Match against a baseline revision's, in paired
# rounds in one process. Quamina is not served by the Go module proxy and
# nothing of it is committed: the comparison builds a temporary module with a
# replace directive to a local copy, ../shared/peers/quamina beside the
# repository (or $QUAMINA_DIR), and skips when there is none.
#
#   bench/matchers.sh [-rounds=N]
#
# BASELINE (default 2260d6f, rules.Set before the CL2 speed work) is the
# revision rules.Set and Pattern.Match are compared with.
set -euo pipefail
cd "$(dirname "$0")"
here=$(pwd)
root=$(cd .. && pwd)
quamina=${QUAMINA_DIR:-$root/../shared/peers/quamina}
baseline=${BASELINE:-2260d6f}
if [ ! -f "$quamina/go.mod" ]; then
	echo "matchers: skipped: no quamina source at $quamina (set QUAMINA_DIR)"
	exit 0
fi
quamina=$(cd "$quamina" && pwd)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/baseline" "$tmp/matchers"

# The baseline revision, renamed so that it can sit beside this one.
git -C "$root" archive "$baseline" go.mod go.sum errors.go doc.go events rules internal | tar -x -C "$tmp/baseline"
find "$tmp/baseline" -name '*.go' -exec sed -i 's#github.com/kmswatch/kmswatch/#github.com/kmswatch/kmswatch/bench/baseline/#g' {} +
sed -i 's#^module .*#module github.com/kmswatch/kmswatch/bench/baseline#' "$tmp/baseline/go.mod"
find "$tmp/baseline" -name '*_test.go' -delete

cp "$here"/testdata/matchers/*.go "$tmp/matchers/"
cat "$here/go.sum" "$root/go.sum" | sort -u > "$tmp/matchers/go.sum"
cat > "$tmp/matchers/go.mod" <<MOD
module github.com/kmswatch/kmswatch/bench/matchers

go 1.24

require (
	github.com/kmswatch/kmswatch v0.0.0-00010101000000-000000000000
	github.com/kmswatch/kmswatch/bench v0.0.0-00010101000000-000000000000
	github.com/kmswatch/kmswatch/bench/baseline v0.0.0-00010101000000-000000000000
	quamina.net/go/quamina/v2 v2.0.0-00010101000000-000000000000
)

replace (
	github.com/kmswatch/kmswatch => $root
	github.com/kmswatch/kmswatch/bench => $here
	github.com/kmswatch/kmswatch/bench/baseline => $tmp/baseline
	quamina.net/go/quamina/v2 => $quamina
)
MOD
cd "$tmp/matchers"
export KMSWATCH_ROOT=$root GOFLAGS=-mod=mod
go mod tidy >/dev/null
echo "## go version"
go version
echo
echo "## quamina $(cat "$quamina/SNAPSHOT" 2>/dev/null | head -c 40)…; baseline $baseline"
go test -count=1 -run EnginesAgree .
echo
go run . "$@"
