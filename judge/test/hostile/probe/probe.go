// The probe's launcher in Go: becomes bash running the probe script (PROBE_SH, replaced by the test).
package main

import (
	"os"
	"syscall"
)

func main() {
	syscall.Exec("/bin/bash", []string{"bash", "-c", PROBE_SH}, os.Environ())
	os.Exit(111)
}
