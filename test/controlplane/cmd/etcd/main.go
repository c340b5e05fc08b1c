// etcd, as upstream's etcd binary builds it (etcdmain), plus the parent watchdog.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"

	"kubevirt-workbench/controlplane/internal/parentwatch"
)

func main() {
	parentwatch.Start()
	etcdmain.Main(os.Args)
}
