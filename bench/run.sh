#!/usr/bin/env bash
# Reproduces every figure in BENCHMARKS.md. Run from anywhere; takes a few
# minutes. Keep the machine otherwise idle for stable numbers.
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd .. && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "## go version"
go version

echo
echo "## Parse, every fixture, 1,000 variants each (package events)"
(cd "$root" && go test -run='^$' -bench='^BenchmarkParse$' -benchmem -count=6 -benchtime=20000x ./events) | tee "$out/parse.txt"

echo
echo "## events vs aws-lambda-go, same run (benchstat)"
go test -run='^$' -bench='^BenchmarkDecode$' -benchmem -count=6 -benchtime=20000x . > "$out/decode.txt"
# benchstat needs a newer Go than this module's directive; go run fetches it
# outside this module so the module keeps go 1.24.
(cd "$out" && GOFLAGS=-mod=mod go run golang.org/x/perf/cmd/benchstat@latest -col /decoder decode.txt) || cat "$out/decode.txt"

echo
echo "## events vs aws-lambda-go, paired rounds"
go run ./cmd/pairs -rounds=10 -root="$root"

echo
echo "## Full 6 MiB Lambda SQS batches: events.Process vs aws-lambda-go, paired rounds"
go run ./cmd/pairs -batch -rounds=5 -root="$root"

echo
echo "## SNS deliveries of CloudWatch alarm messages: events.Process vs aws-lambda-go, paired rounds"
go run ./cmd/pairs -alarms -rounds=10 -root="$root"

echo
echo "## Stripped binary size of a program decoding one event"
for p in json events lambda; do
	go build -trimpath -ldflags='-s -w' -o "$out/$p" "./size/$p"
	"$out/$p" < "$root/events/testdata/rotation-2025.json" > /dev/null
done
js=$(stat -c %s "$out/json"); ev=$(stat -c %s "$out/events"); lb=$(stat -c %s "$out/lambda")
printf '| program | bytes | over encoding/json |\n|---|---:|---:|\n'
printf '| encoding/json only | %d | 0 |\n' "$js"
printf '| package events | %d | %d |\n' "$ev" $((ev - js))
printf '| aws-lambda-go events | %d | %d |\n' "$lb" $((lb - js))

echo
echo "## Rule sets: rules.Set against quamina, Pattern.Match against the baseline"
./matchers.sh
