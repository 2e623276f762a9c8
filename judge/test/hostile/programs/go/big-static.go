// Compile amplification in Go: a 120 MiB initialised array in the executable.
package main

import "os"

var big = [120 << 20]byte{1, 2, 3}

func main() {
	os.Exit(int(big[0]) - 1)
}
