import * as assert from 'node:assert/strict';
import { grantsRead, namespacesNamedIn } from '../../../src/model/rbacRules';

const workloads = [{ group: '', resource: 'pods' }, { group: 'kubevirt.io', resource: 'virtualmachines' }];

describe('rules of a SelfSubjectRulesReview', () => {
  it('finds read access to a workload resource, by name or wildcard', () => {
    assert.ok(grantsRead([{ verbs: ['list'], apiGroups: [''], resources: ['pods'] }], workloads));
    assert.ok(grantsRead([{ verbs: ['get'], apiGroups: ['kubevirt.io'], resources: ['virtualmachines'] }], workloads));
    assert.ok(grantsRead([{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], workloads));
  });

  it('does not count write-only verbs, other groups or the discovery rules every user has', () => {
    assert.ok(!grantsRead([{ verbs: ['create'], apiGroups: [''], resources: ['pods'] }], workloads));
    assert.ok(!grantsRead([{ verbs: ['list'], apiGroups: ['apps'], resources: ['pods'] }], workloads));
    assert.ok(!grantsRead([{ verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] }], workloads));
  });

  it('collects namespace names granted by resourceNames', () => {
    const rules = [
      { verbs: ['get'], apiGroups: [''], resources: ['namespaces'], resourceNames: ['team-b', 'team-a'] },
      { verbs: ['get', 'list'], apiGroups: [''], resources: ['namespaces'], resourceNames: ['team-a'] },
      { verbs: ['delete'], apiGroups: [''], resources: ['namespaces'], resourceNames: ['not-readable'] },
      { verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['a-pod'] },
    ];
    assert.deepEqual(namespacesNamedIn(rules), ['team-a', 'team-b']);
  });
});
