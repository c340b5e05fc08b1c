// `npm run controlplane [-- --kubeconfig <file>]`: builds the control plane's binaries (or finds them: the
// .cache build, KUBEBUILDER_ASSETS) and prints where they are; with --kubeconfig it also starts one empty control
// plane, writes a cluster-admin kubeconfig and runs until Ctrl-C. Scenarios run on it with `npm run sim -- --backend real`.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ensureControlPlane } from './binaries';
import { ControlPlane } from './launcher';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { kubeconfig: { type: 'string' }, help: { type: 'boolean', default: false } } });
  if (values.help) {
    console.log('usage: npm run controlplane [-- --kubeconfig <file>]');
    return;
  }
  const binaries = await ensureControlPlane();
  console.log(`etcd                     ${binaries.etcd}`);
  console.log(`kube-apiserver           ${binaries.kubeApiserver} (${binaries.version}, ${binaries.origin})`);
  console.log(`kube-controller-manager  ${binaries.kubeControllerManager ?? 'none (namespace deletion, garbage collection, quota usage and service accounts will not happen)'}`);
  console.log(`kubectl                  ${binaries.kubectl ?? 'none'}`);
  if (!values.kubeconfig) return;
  const started = Date.now();
  const plane = await ControlPlane.start({ name: 'controlplane', binaries });
  writeFileSync(values.kubeconfig, plane.kubeconfig(), { mode: 0o600 });
  console.log(`Control plane ready in ${((Date.now() - started) / 1000).toFixed(1)}s at ${plane.url}; kubeconfig written to ${values.kubeconfig}`);
  console.log('Press Ctrl-C to stop.');
  const stop = () => void plane.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
