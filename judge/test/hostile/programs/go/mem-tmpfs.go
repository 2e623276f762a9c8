// Memory hidden in /tmp (tmpfs is RAM): 3x the memory limit written as files
// of 16 MiB each (under the file size limit); the process itself stays small.
// stdin: the memory limit in MiB.
package main

import (
	"bytes"
	"fmt"
	"os"
)

func main() {
	var mb int
	fmt.Scan(&mb)
	chunk := bytes.Repeat([]byte{1}, 1<<20)
	written := 0
	for i := 0; i < 3*mb/16; i++ {
		f, err := os.Create(fmt.Sprintf("/tmp/hoard-%d", i))
		if err != nil {
			fmt.Println("stopped:", err)
			break
		}
		for j := 0; j < 16; j++ {
			if _, err := f.Write(chunk); err == nil {
				written++
			}
		}
		f.Close()
	}
	fmt.Println("wrote", written, "MiB to /tmp")
}
