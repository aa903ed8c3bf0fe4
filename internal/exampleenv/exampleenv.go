// Package exampleenv is the plumbing the programs under examples/ share, so
// that each program's main.go shows the library calls and its own flow, not
// the same process setup again. It is for those programs and their tests only.
package exampleenv

import (
	"context"
	"errors"
	"flag"
	"io"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
)

// Run is an example program: it parses args, writes its report to w and
// stops early when ctx ends. Tests call it directly.
type Run func(ctx context.Context, w io.Writer, args []string) error

// Main runs run with the command-line arguments and standard output, on a
// context that ends on an interrupt (Ctrl-C), and exits: with status 0 on
// success or on -h (the flag package has printed the usage), and with
// status 1 after printing "name: error" on standard error otherwise.
func Main(name string, run Run) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Stdout, os.Args[1:])
	stop()
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		log.SetFlags(0)
		log.SetPrefix(name + ": ")
		log.Fatal(err)
	}
}

// FakeAWS returns the environment that points the SDK's default
// configuration (config.LoadDefaultConfig) at in-process fakes, for tests
// of a program's AWS mode: region, static credentials, empty shared config
// and credentials files in dir, and one AWS_ENDPOINT_URL_<SERVICE> per entry
// of endpoints (keyed by the service's identifier, such as "CloudWatch").
// It also clears what the caller's own environment could add (a profile, a
// session token, an endpoint for every service), so nothing reaches AWS.
func FakeAWS(dir, region string, endpoints map[string]string) map[string]string {
	env := map[string]string{
		"AWS_REGION":                          region,
		"AWS_ACCESS_KEY_ID":                   "AKIDEXAMPLE",
		"AWS_SECRET_ACCESS_KEY":               "secret",
		"AWS_SESSION_TOKEN":                   "",
		"AWS_CONFIG_FILE":                     filepath.Join(dir, "config"),
		"AWS_SHARED_CREDENTIALS_FILE":         filepath.Join(dir, "credentials"),
		"AWS_PROFILE":                         "",
		"AWS_ENDPOINT_URL":                    "",
		"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "false",
	}
	for service, url := range endpoints {
		env["AWS_ENDPOINT_URL_"+strings.ToUpper(strings.ReplaceAll(service, " ", "_"))] = url
	}
	return env
}
