// Package parentwatch ends the process when the process that started it goes away, so a test runner killed
// with SIGKILL (which cannot clean up) leaves no etcd or kube-apiserver behind. It is active only when the
// launcher sets KUBEVIRT_WORKBENCH_EXIT_WITH_PARENT=1; run by hand, the binaries behave as upstream's.
package parentwatch

import (
	"os"
	"time"
)

// Start polls the parent process id once a second; when it changes (the parent died and the process was
// re-parented), the process exits with status 1.
func Start() {
	if os.Getenv("KUBEVIRT_WORKBENCH_EXIT_WITH_PARENT") != "1" {
		return
	}
	parent := os.Getppid()
	go func() {
		for range time.Tick(time.Second) {
			if os.Getppid() != parent {
				os.Exit(1)
			}
		}
	}()
}
