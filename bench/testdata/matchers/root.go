package main

import "os"

// rootDir returns $KMSWATCH_ROOT, which matchers.sh sets.
func rootDir() string { return os.Getenv("KMSWATCH_ROOT") }
