#!/usr/bin/env bash
# Compares the rule-set engines (BENCHMARKS.md, "Rule sets" and "CL2"):
# rules.Set against quamina and against a baseline revision's Set, and
# Pattern.Match against a baseline revision's, in paired
# rounds in one process. Quamina is not served by the Go module proxy and
# nothing of it is committed: the comparison builds a temporary module with a
# replace directive to a local copy, ../shared/peers/quamina beside the
# repository (or $QUAMINA_DIR), and skips when there is none.
#
#   bench/matchers.sh [-rounds=N] [-cl2]   (-cl2: the CL2 tables only)
#
# BASELINE (default bea1ef1, the last revision that decoded events into
# map[string]any) is the revision Pattern.Match is compared with;
# SET_BASELINE (default 2260d6f, rules.Set before the CL2 speed work) the one
# rules.Set is compared with on the CL2 rules.
set -euo pipefail
cd "$(dirname "$0")"
here=$(pwd)
root=$(cd .. && pwd)
quamina=${QUAMINA_DIR:-$root/../shared/peers/quamina}
baseline=${BASELINE:-bea1ef1}
setbaseline=${SET_BASELINE:-2260d6f}
if [ ! -f "$quamina/go.mod" ]; then
	echo "matchers: skipped: no quamina source at $quamina (set QUAMINA_DIR)"
	exit 0
fi
quamina=$(cd "$quamina" && pwd)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/matchers"

# revision REV DIR: the library at revision REV, renamed to module
# github.com/kmswatch/kmswatch/bench/DIR so that it can sit beside this one.
revision() {
	local mod=github.com/kmswatch/kmswatch/bench/$2
	mkdir "$tmp/$2"
	# shellcheck disable=SC2046 # one path per word
	git -C "$root" archive "$1" $(git -C "$root" ls-tree --name-only "$1" go.mod go.sum errors.go doc.go events rules internal) | tar -x -C "$tmp/$2"
	find "$tmp/$2" -name '*.go' -exec sed -i -e "s#\"github.com/kmswatch/kmswatch/#\"$mod/#g" -e "s#\"github.com/kmswatch/kmswatch\"#\"$mod\"#g" {} +
	sed -i "s#^module .*#module $mod#" "$tmp/$2/go.mod"
	find "$tmp/$2" -name '*_test.go' -delete
}
revision "$baseline" baseline
revision "$setbaseline" setbaseline

cp "$here"/testdata/matchers/*.go "$tmp/matchers/"
cat "$here/go.sum" "$root/go.sum" | sort -u > "$tmp/matchers/go.sum"
cat > "$tmp/matchers/go.mod" <<MOD
module github.com/kmswatch/kmswatch/bench/matchers

go 1.24

require (
	github.com/kmswatch/kmswatch v0.0.0-00010101000000-000000000000
	github.com/kmswatch/kmswatch/bench v0.0.0-00010101000000-000000000000
	github.com/kmswatch/kmswatch/bench/baseline v0.0.0-00010101000000-000000000000
	github.com/kmswatch/kmswatch/bench/setbaseline v0.0.0-00010101000000-000000000000
	quamina.net/go/quamina/v2 v2.0.0-00010101000000-000000000000
)

replace (
	github.com/kmswatch/kmswatch => $root
	github.com/kmswatch/kmswatch/bench => $here
	github.com/kmswatch/kmswatch/bench/baseline => $tmp/baseline
	github.com/kmswatch/kmswatch/bench/setbaseline => $tmp/setbaseline
	quamina.net/go/quamina/v2 => $quamina
)
MOD
cd "$tmp/matchers"
export KMSWATCH_ROOT=$root GOFLAGS=-mod=mod
go mod tidy >/dev/null
echo "## go version"
go version
echo
echo "## quamina $(cat "$quamina/SNAPSHOT" 2>/dev/null | head -c 40)…; baseline $baseline; Set baseline $setbaseline"
go test -count=1 -run EnginesAgree .
echo
go run . "$@"
