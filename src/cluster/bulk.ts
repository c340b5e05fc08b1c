// One action on many VMs (e.g. stop every VM of a namespace), a few requests at a time.
import { settleBounded, summarize, type BulkSummary } from '../model/bulk';
import type { KubeHttp } from './kubeHttp';
import { runAction, type ActionRequest } from './lifecycle';

export async function bulk(http: KubeHttp, requests: readonly ActionRequest[], concurrency = 4): Promise<BulkSummary> {
  const results = await settleBounded(requests, concurrency, (request) => runAction(http, request));
  return summarize(requests, results, (r) => `${r.namespace}/${r.name}`);
}
