// CPU spread over goroutines (threads of one process): four workers burn
// 3x the time limit together.
// stdin: the time limit in ms.
package main

import (
	"fmt"
	"runtime"
	"sync"
	"syscall"
	"time"
)

func cpu() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func main() {
	var limit int
	fmt.Scan(&limit)
	runtime.GOMAXPROCS(4)
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x := 0
			for cpu() < time.Duration(3*limit)*time.Millisecond {
				for i := 0; i < 100000; i++ {
					x += i
				}
			}
			_ = x
		}()
	}
	wg.Wait()
	fmt.Println("done")
}
