// Command backtest answers "would this rule have caught it?": it replays
// CloudTrail log files through EventBridge event patterns and counts the
// events each pattern matches.
//
// Usage:
//
//	backtest [-tsv] -rules rules.json PATH...
//
// rules.json is a JSON object that maps rule names to event patterns (a
// pattern may also be given as a string holding its JSON, as PutRule takes
// it):
//
//	{
//	  "pending-deletion-use": {"source": ["aws.kms"], "detail": {"errorMessage": [{"suffix": " is pending deletion."}]}},
//	  "key-deletion-scheduled": {"source": ["aws.kms"], "detail": {"eventName": ["ScheduleKeyDeletion"]}},
//	  "root-sign-in": {"detail-type": ["AWS Console Sign In via CloudTrail"], "detail": {"userIdentity": {"type": ["Root"]}}}
//	}
//
// Copy a trail's archive down and run it over the copy:
//
//	aws s3 sync s3://my-trail-bucket/AWSLogs/111122223333/CloudTrail/ trail/
//	go run ./examples/backtest -rules rules.json trail/
//
// Each PATH is a CloudTrail log file, gzip-compressed or plain JSON, or a
// directory, which is walked for *.json and *.json.gz files; digest and
// Insights files (names containing _CloudTrail-Digest_ or
// _CloudTrail-Insight_) are not log files of events and are skipped in
// directories.
//
// Each record becomes the EventBridge event CloudTrail would have delivered
// for it (see package events/cloudtrail for the mapping; the event id is the
// record's eventID). The output lists every rule with its match count,
// including rules that matched nothing, and the ids of its first matches in
// archive order. With -tsv it is exactly one "name<TAB>count" line per
// rule, in the order of rules.json; without it the output reads:
//
//	RULE                    MATCHES  FIRST EVENT IDS
//	pending-deletion-use    2285     42cd26ee-078a-4687-83f3-f1acf5668a83 …
//	key-deletion-scheduled  2286     42cd25ee-078a-44d4-80d8-c634a35d5b3c …
//	root-sign-in            0
//
//	16 files, 16000 records (12.3 MB of JSON); 0 records skipped, 0 files unreadable or malformed
//
// Two things a backtest cannot see: EventBridge delivers read-only
// management events (such as Decrypt and DescribeKey) only to rules in
// state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS, and a trail holds
// only what its event selectors kept. The backtest counts every record,
// whatever the rule's state.
//
// Files are read in parallel, one per core. A file that cannot be read or
// is malformed is reported on standard error with its path and counted, and
// the run goes on; so is a record that cannot be mapped. The exit status is
// then 1, after the full output; 2 means bad usage or rules. While standard
// error is a terminal it shows progress: files, records and MB/s of JSON.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/kmswatch/kmswatch/events/cloudtrail"
	"github.com/kmswatch/kmswatch/rules"
)

// samplesPerRule is how many matching event ids the text output shows per
// rule: enough to look a few up, few enough to keep one line per rule.
const samplesPerRule = 3

// reportsPerFile bounds the skipped-record messages printed for one file;
// the rest are counted in one line.
const reportsPerFile = 3

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, isTerminal(os.Stderr)))
}

// isTerminal reports whether f is a character device, such as a terminal.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// run is the whole program, with its environment passed in so that tests
// can drive it. progress turns on the progress line on stderr. It returns
// the exit status.
func run(args []string, stdout, stderr io.Writer, progress bool) int {
	flags := flag.NewFlagSet("backtest", flag.ContinueOnError)
	flags.SetOutput(stderr)
	tsv := flags.Bool("tsv", false, "print one name<TAB>count line per rule and nothing else")
	rulesFile := flags.String("rules", "", "JSON object mapping rule names to event patterns (required)")
	flags.Usage = func() {
		fmt.Fprintln(stderr, "usage: backtest [-tsv] -rules rules.json PATH...")
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if *rulesFile == "" || flags.NArg() == 0 {
		flags.Usage()
		return 2
	}
	names, set, err := loadRules(*rulesFile)
	if err != nil {
		fmt.Fprintln(stderr, "backtest:", err)
		return 2
	}

	b := &backtest{names: names, set: set, stderr: stderr, progress: progress}
	files := b.collect(flags.Args())
	start := time.Now()
	var stop func()
	if progress {
		stop = b.showProgress(start)
	}
	total := b.readAll(files)
	if stop != nil {
		stop()
	}
	b.print(stdout, total, *tsv)
	if b.badFiles.Load() > 0 || total.skipped > 0 {
		return 1
	}
	return 0
}

// loadRules reads rules.json, keeping the order of its names.
func loadRules(path string) ([]string, *rules.Set, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, nil, fmt.Errorf("%s: want a JSON object mapping rule names to event patterns", path)
	}
	set := rules.NewSet()
	var names []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
		name := tok.(string) // object keys are always strings
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, nil, fmt.Errorf("%s: rule %q: %w", path, name, err)
		}
		pattern := rules.JSON(raw)
		var s string
		if json.Unmarshal(raw, &s) == nil {
			pattern = rules.JSON(s) // the pattern as a string, as PutRule takes it
		}
		if slices.Contains(names, name) {
			return nil, nil, fmt.Errorf("%s: rule %q is given twice", path, name)
		}
		if err := set.Add(name, pattern); err != nil {
			return nil, nil, fmt.Errorf("%s: rule %q: %w", path, name, err)
		}
		names = append(names, name)
	}
	if _, err := dec.Token(); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	if dec.More() {
		return nil, nil, fmt.Errorf("%s: data after the rules object", path)
	}
	return names, set, nil
}

// backtest holds one run's rules and shared counters.
type backtest struct {
	names    []string
	set      *rules.Set
	stderr   io.Writer
	progress bool // stderr is a terminal showing a progress line

	mu       sync.Mutex // serialises writes to stderr
	badFiles atomic.Int64
	// Progress counters, updated in batches by the workers.
	filesDone, recordsDone, bytesDone atomic.Int64
}

// report prints one problem on stderr.
func (b *backtest) report(format string, args ...any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.progress {
		fmt.Fprint(b.stderr, clearLine)
	}
	fmt.Fprintf(b.stderr, "backtest: "+format+"\n", args...)
}

// collect expands the command-line paths into the files to read, in order:
// each directory is walked in lexical order. A path that cannot be read is
// reported and counted as a bad file.
func (b *backtest) collect(paths []string) []string {
	var files []string
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			b.badFile(p, err)
			continue
		}
		if !fi.IsDir() {
			files = append(files, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				b.badFile(path, err)
				return nil
			}
			if !d.IsDir() && isLogFile(d.Name()) {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			b.badFile(p, err)
		}
	}
	return files
}

// isLogFile reports whether a file met in a directory walk is a log file of
// events: named *.json or *.json.gz, and not a digest or Insights file.
func isLogFile(name string) bool {
	if !strings.HasSuffix(name, ".json") && !strings.HasSuffix(name, ".json.gz") {
		return false
	}
	return !strings.Contains(name, "_CloudTrail-Digest_") && !strings.Contains(name, "_CloudTrail-Insight_")
}

func (b *backtest) badFile(path string, err error) {
	b.badFiles.Add(1)
	b.report("%s: %v", path, err)
}

// tally is what one worker found.
type tally struct {
	counts  []int64    // by rule
	samples [][]sample // by rule, the first matches in archive order
	files   int64      // files read to the end
	records int64      // records matched against the rules
	skipped int64      // records that could not be read or mapped
	bytes   int64      // bytes of JSON read
}

// sample is a matching event and its place in the archive.
type sample struct {
	file, record int
	id           string
}

func newTally(rules int) *tally {
	return &tally{counts: make([]int64, rules), samples: make([][]sample, rules)}
}

// readAll reads the files in parallel, one worker per core, and sums what
// the workers found.
func (b *backtest) readAll(files []string) *tally {
	workers := min(runtime.GOMAXPROCS(0), max(len(files), 1))
	next := make(chan int)
	tallies := make([]*tally, workers)
	var wg sync.WaitGroup
	for w := range tallies {
		t := newTally(len(b.names))
		tallies[w] = t
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := reader{b: b, t: t, index: make(map[string]int, len(b.names))}
			for i, n := range b.names {
				r.index[n] = i
			}
			for i := range next {
				r.file(i, files[i])
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()

	total := newTally(len(b.names))
	for _, t := range tallies {
		total.files += t.files
		total.records += t.records
		total.skipped += t.skipped
		total.bytes += t.bytes
		for i := range b.names {
			total.counts[i] += t.counts[i]
			total.samples[i] = append(total.samples[i], t.samples[i]...)
		}
	}
	for i, s := range total.samples {
		// Each worker reads its files in archive order, so its first
		// samples are its earliest; the earliest of those are the run's.
		slices.SortFunc(s, func(a, b sample) int {
			if a.file != b.file {
				return a.file - b.file
			}
			return a.record - b.record
		})
		total.samples[i] = s[:min(len(s), samplesPerRule)]
	}
	return total
}

// reader is one worker's state, reused from file to file.
type reader struct {
	b       *backtest
	t       *tally
	index   map[string]int // rule name to position
	event   []byte
	matches []string
}

// progressEvery is how many records a worker reads between updates of the
// shared progress counters: often enough for a line redrawn five times a
// second, rarely enough to keep the counters off the hot path.
const progressEvery = 4096

// file reads one log file and matches its records.
func (r *reader) file(fileIndex int, path string) {
	f, err := os.Open(path)
	if err != nil {
		r.b.badFile(path, err)
		return
	}
	defer f.Close()
	cr := cloudtrail.NewReader(f)
	var reported, skipped, records, lastOffset int64
	flush := func() {
		off := cr.Offset()
		r.b.recordsDone.Add(records)
		r.b.bytesDone.Add(off - lastOffset)
		r.t.records += records
		r.t.bytes += off - lastOffset
		records, lastOffset = 0, off
	}
	defer func() {
		flush()
		r.t.skipped += skipped
		if skipped > reported {
			r.b.report("%s: %d more records skipped", path, skipped-reported)
		}
	}()
	skip := func(index int, err error) {
		skipped++
		if reported < reportsPerFile {
			reported++
			r.b.report("%s: record %d: %v", path, index, err)
		}
	}
	for i := 0; ; i++ {
		rec, err := cr.Next()
		if err == io.EOF {
			break
		}
		var re *cloudtrail.RecordError
		if errors.As(err, &re) {
			skip(re.Index, re.Err)
			continue
		}
		if err != nil {
			r.b.badFile(path, err)
			return
		}
		if r.event, err = cr.AppendEvent(r.event[:0]); err != nil {
			skip(i, err)
			continue
		}
		if r.matches, err = r.b.set.AppendMatches(r.matches[:0], r.event); err != nil {
			skip(i, err)
			continue
		}
		for _, name := range r.matches {
			rule := r.index[name]
			r.t.counts[rule]++
			if len(r.t.samples[rule]) < samplesPerRule {
				r.t.samples[rule] = append(r.t.samples[rule], sample{fileIndex, i, eventID(rec)})
			}
		}
		if records++; records == progressEvery {
			flush()
		}
	}
	r.t.files++
	r.b.filesDone.Add(1)
}

// eventID returns a record's eventID. It runs for the few sample matches
// only, so a full decode costs nothing measurable.
func eventID(record []byte) string {
	var r struct {
		EventID string `json:"eventID"`
	}
	_ = json.Unmarshal(record, &r) // the record was validated and mapped, so it has one
	return r.EventID
}

// clearLine returns a terminal's cursor to the start of the line and
// erases the line (carriage return, then ANSI "erase in line").
const clearLine = "\r\033[K"

// showProgress redraws a progress line on stderr five times a second until
// the returned function is called, which draws it a last time and ends it.
func (b *backtest) showProgress(start time.Time) func() {
	draw := func() {
		mb := float64(b.bytesDone.Load()) / 1e6
		b.mu.Lock()
		defer b.mu.Unlock()
		fmt.Fprintf(b.stderr, "%s%d files, %d records, %.1f MB/s", clearLine,
			b.filesDone.Load(), b.recordsDone.Load(), mb/time.Since(start).Seconds())
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				draw()
				fmt.Fprintln(b.stderr)
				return
			case <-tick.C:
				draw()
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

// print writes the result: a table, or with tsv one line per rule.
func (b *backtest) print(w io.Writer, t *tally, tsv bool) {
	if tsv {
		for i, name := range b.names {
			fmt.Fprintf(w, "%s\t%d\n", name, t.counts[i])
		}
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tMATCHES\tFIRST EVENT IDS")
	for i, name := range b.names {
		ids := make([]string, len(t.samples[i]))
		for j, s := range t.samples[i] {
			ids[j] = s.id
		}
		fmt.Fprintf(tw, "%s\t%d", name, t.counts[i])
		if len(ids) > 0 {
			fmt.Fprint(tw, "\t"+strings.Join(ids, " "))
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	fmt.Fprintf(w, "\n%d files, %d records (%s of JSON); %d records skipped, %d files unreadable or malformed\n",
		t.files, t.records, megabytes(t.bytes), t.skipped, b.badFiles.Load())
}

func megabytes(n int64) string {
	return strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64) + " MB"
}
