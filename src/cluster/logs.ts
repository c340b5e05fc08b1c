// Following a pod's log (the VM's virt-launcher pod) line by line through client-node's Log, until the
// container ends the stream or the caller stops.
import { Writable } from 'node:stream';
import { ApiException, Log } from '@kubernetes/client-node';
import type { Pod } from '../model/objects';
import { apiLine } from './apiLog';
import { KubeApiError } from './errors';
import type { KubeHttp } from './kubeHttp';

export interface LogRequest {
  namespace: string;
  pod: string;
  container: string;
  /** Start with the last N lines instead of the whole log. */
  tailLines?: number;
  /** Defaults to true. */
  follow?: boolean;
}

export interface LogStream {
  /** Settles when the server ends the stream or `stop()` is called. */
  done: Promise<void>;
  stop(): void;
}

/** Container names to offer, the VM's `compute` container first. */
export function logContainers(pod: Pod): string[] {
  const names = (pod.spec?.containers ?? []).map((c) => c.name);
  return [...names.filter((n) => n === 'compute'), ...names.filter((n) => n !== 'compute')];
}

/** Opens the stream (rejects with a KubeApiError when the server refuses) and calls `onLine` per complete line. */
export async function followLog(http: KubeHttp, request: LogRequest, onLine: (line: string) => void): Promise<LogStream> {
  const follow = request.follow ?? true;
  const path = `/api/v1/namespaces/${request.namespace}/pods/${request.pod}/log?container=${request.container}&follow=${follow}`;
  let settle!: () => void;
  const done = new Promise<void>((resolve) => (settle = resolve));
  let partial = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) onLine(line.replace(/\r$/, ''));
      callback();
    },
    final(callback) {
      if (partial) onLine(partial);
      partial = '';
      callback();
    },
  });
  sink.on('finish', () => settle());
  sink.on('error', () => settle());
  let controller: AbortController;
  try {
    controller = await new Log(http.kubeconfig).log(request.namespace, request.pod, request.container, sink, { follow, tailLines: request.tailLines });
  } catch (error) {
    const code = error instanceof ApiException ? error.code : 0;
    http.log(apiLine('GET', path, code || `failed: ${error instanceof Error ? error.message : String(error)}`));
    if (error instanceof ApiException) throw KubeApiError.fromResponse(error.code, error.body);
    throw error;
  }
  http.log(apiLine('GET', path, 200));
  return {
    done,
    stop() {
      controller.abort();
      settle();
    },
  };
}
