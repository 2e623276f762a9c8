// A daemon in its own session: the program starts itself again with setsid
// and without waiting; the daemon keeps writing files into /tmp and /dev/shm.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) > 1 {
		for i := 0; ; i++ {
			os.WriteFile(fmt.Sprintf("/tmp/daemon-%d", i%100), []byte("alive"), 0o644)
			os.WriteFile(fmt.Sprintf("/dev/shm/daemon-%d", i%100), []byte("alive"), 0o644)
			time.Sleep(5 * time.Millisecond)
		}
	}
	cmd := exec.Command(os.Args[0], "daemon")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		fmt.Println("start:", err)
		return
	}
	time.Sleep(100 * time.Millisecond)
	fmt.Println("daemon started")
}
