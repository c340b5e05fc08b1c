// The bench's "outside": another client that changes the scenario while a session runs. It lives on a worker
// thread of its own, as another user's tool would, so its requests never queue behind the session's work on the
// main thread (the parsing of a cluster's lists); what the session is timed for starts when the change is asked.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeHttp } from '../src/cluster/kubeHttp';
import type { KubeObject } from '../src/model/kubeObject';

type Question = { op: 'firstVm'; namespace: string } | { op: 'label'; namespace: string; vm: string; value: string };
type Ask = Question & { id: number };
type Answer = { id: number; value?: string; error?: string };

/** The scenario's clusters seen as administrator, from a worker thread. */
export class Outside {
  private readonly worker: Worker;
  private next = 0;
  private readonly waiting = new Map<number, { resolve(value?: string): void; reject(error: Error): void }>();

  constructor(kubeconfig: string, context: string) {
    this.worker = new Worker(__filename, { workerData: { kubeconfig, context } });
    this.worker.on('message', ({ id, value, error }: Answer) => {
      const waiter = this.waiting.get(id);
      this.waiting.delete(id);
      if (error) waiter?.reject(new Error(error));
      else waiter?.resolve(value);
    });
  }

  async firstVm(namespace: string): Promise<string> {
    return (await this.ask({ op: 'firstVm', namespace })) as string;
  }

  async label(namespace: string, vm: string, value: string): Promise<void> {
    await this.ask({ op: 'label', namespace, vm, value });
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }

  private ask(question: Question): Promise<string | undefined> {
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...question, id });
    });
  }
}

async function answer(http: KubeHttp, ask: Ask): Promise<string | undefined> {
  if (ask.op === 'firstVm') {
    const list = await http.call<{ items: KubeObject[] }>('GET', `/apis/kubevirt.io/v1/namespaces/${ask.namespace}/virtualmachines`, { query: { limit: 1 } });
    const name = list.items[0]?.metadata.name;
    if (!name) throw new Error(`no VM in ${ask.namespace}: the scenario needs at least as many VMs as namespaces`);
    return name;
  }
  await http.call('PATCH', `/apis/kubevirt.io/v1/namespaces/${ask.namespace}/virtualmachines/${ask.vm}`, { body: { metadata: { labels: { bench: ask.value } } }, contentType: 'application/merge-patch+json' });
  return undefined;
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const { kubeconfig, context } = workerData as { kubeconfig: string; context: string };
  const config = new KubeConfig();
  config.loadFromString(kubeconfig);
  const http = KubeHttp.forContext(config, context);
  port.on('message', (ask: Ask) => {
    answer(http, ask).then(
      (value) => port.postMessage({ id: ask.id, value }),
      (error: unknown) => port.postMessage({ id: ask.id, error: error instanceof Error ? error.message : String(error) }),
    );
  });
}
