// `GET pods/{name}/log`: what a kubelet would serve, synthesised per container. virt-launcher pods log like
// virt-launcher, other pods like a small service. `follow=true` keeps the stream open and adds a line at
// every controller step (at least once a second) until the client goes away.
import { ApiError, badRequest } from '../api-error';
import type { KubeObject, Store } from '../store';
import type { SubresourceCall, SubresourceReply } from '../types';

interface PodShape {
  spec?: { containers?: { name: string; image?: string }[] };
  status?: { phase?: string };
}

const stamp = (t: number) => new Date(t).toISOString();

function logLine(pod: KubeObject, container: string, image: string | undefined, n: number, t: number): string {
  if (pod.metadata.labels?.['kubevirt.io'] === 'virt-launcher') {
    const vmi = pod.metadata.ownerReferences?.find((o) => o.kind === 'VirtualMachineInstance')?.name ?? pod.metadata.name;
    const messages = ['Domain started.', 'Synced vmi', `Processing event ${pod.metadata.namespace}_${vmi}`, 'Guest agent heartbeat', 'Domain info sent'];
    return JSON.stringify({ component: 'virt-launcher', level: 'info', msg: messages[n % messages.length], pos: 'manager.go', timestamp: stamp(t), uid: pod.metadata.uid });
  }
  const messages = ['listening on :8080', `GET /healthz 200 (${container})`, 'GET /api/items 200', 'flushed metrics', 'GET /readyz 200'];
  return `${stamp(t)} ${image ?? container} ${messages[n % messages.length]}`;
}

export function podLogHandler(store: Store, stepDelayMs: number) {
  return (call: SubresourceCall): SubresourceReply => {
    const pod = store.get('pods', call.namespace, call.name);
    if (!pod) throw new ApiError(404, 'NotFound', `pods "${call.name}" not found`, { name: call.name, kind: 'pods' });
    const containers = (pod as PodShape).spec?.containers ?? [];
    const name = call.query.get('container') ?? (containers.length === 1 ? containers[0].name : undefined);
    if (!name) {
      throw badRequest(`a container name must be specified for pod ${call.name}, choose one of: [${containers.map((c) => c.name).join(' ')}]`);
    }
    const container = containers.find((c) => c.name === name);
    if (!container) throw badRequest(`container ${name} is not valid for pod ${call.name}`);
    if ((pod as PodShape).status?.phase === 'Pending') throw badRequest(`container "${name}" in pod "${call.name}" is waiting to start: ContainerCreating`);

    const started = Date.parse(pod.metadata.creationTimestamp ?? '') || Date.now();
    const backlog = 12;
    const all = Array.from({ length: backlog }, (_, i) => logLine(pod, name, container.image, i, started + i * 1000));
    const tail = Math.min(backlog, Math.max(0, Number(call.query.get('tailLines') ?? backlog) || 0));
    const history = all.slice(backlog - tail);
    if (call.query.get('follow') !== 'true') return { code: 200, body: history.map((l) => `${l}\n`).join('') };
    const interval = Math.max(stepDelayMs, 1000);
    async function* follow(): AsyncGenerator<string> {
      yield history.map((l) => `${l}\n`).join('');
      for (let n = backlog; store.get('pods', call.namespace, call.name); n++) {
        await new Promise((resolve) => setTimeout(resolve, interval));
        yield `${logLine(pod!, name!, container!.image, n, Date.now())}\n`;
      }
    }
    return { code: 200, stream: follow() };
  };
}
