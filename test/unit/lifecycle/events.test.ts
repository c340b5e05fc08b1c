// vmEvents' requests and merging, against a recorded fake server (the simulator does not filter events by
// involvedObject yet).
import * as assert from 'node:assert/strict';
import { withQuery } from '../../../src/cluster/apiClient';
import { vmEvents } from '../../../src/cluster/events';
import { KubeHttp, type Reply, type SendOptions } from '../../../src/cluster/kubeHttp';
import { offlineConfig } from '../cluster/simSupport';

class RecordedHttp extends KubeHttp {
  readonly requests: string[] = [];
  constructor(private readonly answers: Record<string, unknown>) {
    super(offlineConfig());
  }

  override async send(method: string, path: string, options: SendOptions = {}): Promise<Reply> {
    const key = `${method} ${withQuery(path, options.query)}`;
    this.requests.push(key);
    return key in this.answers ? { code: 200, body: this.answers[key] } : { code: 404, body: { message: 'not found' } };
  }
}

const event = (name: string, kind: string, object: string, time: string, uid?: string) => ({
  metadata: { name }, involvedObject: { kind, name: object, uid }, reason: name, message: name, type: 'Normal', lastTimestamp: time,
});

describe('events for a VM', () => {
  it('asks for the VM/VMI name and the launcher pod name, and merges in time order', async () => {
    const byName = 'GET /api/v1/namespaces/team-a/events?fieldSelector=involvedObject.name%3D';
    const http = new RecordedHttp({
      'GET /apis/kubevirt.io/v1/namespaces/team-a/virtualmachineinstances/web-1': { metadata: { name: 'web-1', uid: 'vmi-2' } },
      'GET /api/v1/namespaces/team-a/pods?labelSelector=kubevirt.io%2Fcreated-by%3Dvmi-2': {
        items: [{ metadata: { name: 'virt-launcher-web-1-abcde', uid: 'pod-1', creationTimestamp: '2026-11-22T10:00:02Z' } }],
      },
      [`${byName}web-1`]: {
        items: [
          event('Started', 'VirtualMachineInstance', 'web-1', '2026-11-22T10:00:09Z', 'vmi-2'),
          event('SuccessfulCreate', 'VirtualMachine', 'web-1', '2026-11-22T10:00:01Z', 'vm-1'),
          event('OldRun', 'VirtualMachineInstance', 'web-1', '2026-11-21T09:00:00Z', 'vmi-1'),
        ],
      },
      [`${byName}virt-launcher-web-1-abcde`]: { items: [event('Pulled', 'Pod', 'virt-launcher-web-1-abcde', '2026-11-22T10:00:05Z', 'pod-1')] },
    });
    const rows = await vmEvents(http, 'team-a', 'web-1');
    assert.deepEqual(rows.map((r) => `${r.time} ${r.object} ${r.reason}`), [
      '2026-11-22T10:00:01Z VirtualMachine/web-1 SuccessfulCreate',
      '2026-11-22T10:00:05Z Pod/virt-launcher-web-1-abcde Pulled',
      '2026-11-22T10:00:09Z VirtualMachineInstance/web-1 Started',
    ]);
  });

  it('a stopped VM (no VMI) still gets its own events', async () => {
    const http = new RecordedHttp({
      'GET /api/v1/namespaces/team-a/events?fieldSelector=involvedObject.name%3Dweb-1': { items: [event('Stopped', 'VirtualMachine', 'web-1', '2026-11-22T10:00:01Z')] },
    });
    assert.deepEqual((await vmEvents(http, 'team-a', 'web-1')).map((r) => r.reason), ['Stopped']);
    assert.equal(http.requests.length, 2);
  });
});
