// kubectl, as k8s.io/kubernetes/cmd/kubectl builds it, without the cloud providers' client auth plugins (the
// test clusters take bearer tokens and client certificates). The tests drive the control plane with it.
package main

import (
	"os"

	"k8s.io/component-base/cli"
	"k8s.io/component-base/logs"
	"k8s.io/kubectl/pkg/cmd"
	"k8s.io/kubectl/pkg/cmd/util"
)

func main() {
	// The verbosity is set before the command is built, as upstream's main does, so klog follows -v from the start.
	logs.GlogSetter(cmd.GetLogVerbosity(os.Args)) // nolint:errcheck
	if err := cli.RunNoErrOutput(cmd.NewDefaultKubectlCommand()); err != nil {
		util.CheckErr(err)
	}
}
