// The cluster-layer suites written once against TestFleet (test/backends/fleet.ts), run here on real control
// planes with the KubeVirt simulation on them; the unit layer runs the same files on the in-process simulator.
// What only the simulator can do (fault injection, dropped watches) is marked there and skipped here.
import { BACKEND_ENV } from '../backends/fleet';
import '../unit/cluster/namespaceCaches-sim.test';
import '../unit/lifecycle/access-sim.test';
import '../unit/lifecycle/demo-sim.test';
import '../unit/lifecycle/lifecycle-sim.test';
import '../unit/lifecycle/manifests-sim.test';
import '../unit/lifecycle/sessions-sim.test';
import '../unit/operations/diagnosis-sim.test';
import '../unit/operations/everyday-sim.test';
import '../unit/operations/migration-sim.test';
import '../unit/operations/snapshots-sim.test';
import '../unit/operations/vnc-portforward-sim.test';
import '../unit/operations/vncRelay-sim.test';

// Read by startTestFleet when the suites' `before` hooks run, after every file has been loaded.
process.env[BACKEND_ENV] = 'real';
