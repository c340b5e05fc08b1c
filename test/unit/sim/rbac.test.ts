import * as assert from 'node:assert/strict';
import { Rbac, bootstrapPolicy, type Attributes } from '../../sim/rbac';
import { Store, type KubeObject } from '../../sim/store';

const RBAC = 'rbac.authorization.k8s.io';

function storeWith(objects: KubeObject[]): Store {
  const store = new Store();
  for (const o of [...bootstrapPolicy(), ...objects]) store.create(`${o.kind!.toLowerCase()}s.${RBAC}`, o);
  return store;
}

const role = (kind: 'Role' | 'ClusterRole', name: string, rules: unknown[], namespace?: string): KubeObject =>
  ({ apiVersion: `${RBAC}/v1`, kind, metadata: { name, namespace }, rules });
const binding = (kind: 'RoleBinding' | 'ClusterRoleBinding', name: string, roleKind: string, roleName: string, subjects: unknown[], namespace?: string): KubeObject =>
  ({ apiVersion: `${RBAC}/v1`, kind, metadata: { name, namespace }, roleRef: { apiGroup: RBAC, kind: roleKind, name: roleName }, subjects });

const alice = { name: 'alice', groups: ['devs', 'system:authenticated'] };
const ask = (rbac: Rbac, a: Partial<Attributes>) => rbac.authorize({ user: alice, resourceRequest: true, verb: 'get', apiGroup: '', resource: 'pods', ...a });

describe('sim RBAC evaluator', () => {
  const store = storeWith([
    role('Role', 'vm-user', [
      { apiGroups: ['kubevirt.io'], resources: ['virtualmachines'], verbs: ['get', 'list'] },
      { apiGroups: ['subresources.kubevirt.io'], resources: ['virtualmachines/start'], verbs: ['update'] },
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['settings'], verbs: ['*'] },
    ], 'team-a'),
    binding('RoleBinding', 'alice-vm-user', 'Role', 'vm-user', [{ kind: 'User', name: 'alice' }], 'team-a'),
    role('ClusterRole', 'pod-reader', [{ apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] }]),
    binding('RoleBinding', 'devs-read-pods', 'ClusterRole', 'pod-reader', [{ kind: 'Group', name: 'devs' }], 'team-b'),
    role('ClusterRole', 'scaler', [{ apiGroups: ['*'], resources: ['*/scale'], verbs: ['update'] }]),
    binding('ClusterRoleBinding', 'devs-scale', 'ClusterRole', 'scaler', [{ kind: 'Group', name: 'devs' }]),
    binding('RoleBinding', 'sa-pods', 'ClusterRole', 'pod-reader', [{ kind: 'ServiceAccount', name: 'robot' }], 'team-c'),
    binding('RoleBinding', 'dangling', 'Role', 'missing', [{ kind: 'User', name: 'alice' }], 'team-d'),
  ]);
  const rbac = new Rbac(store);

  it('allows what a RoleBinding grants in its namespace only, with kube-apiserver reasons', () => {
    assert.deepEqual(ask(rbac, { verb: 'list', apiGroup: 'kubevirt.io', resource: 'virtualmachines', namespace: 'team-a' }),
      { allowed: true, reason: 'RBAC: allowed by RoleBinding "alice-vm-user/team-a" of Role "vm-user" to User "alice"' });
    assert.equal(ask(rbac, { verb: 'list', apiGroup: 'kubevirt.io', resource: 'virtualmachines', namespace: 'team-b' }).allowed, false);
    assert.equal(ask(rbac, { verb: 'list', apiGroup: 'kubevirt.io', resource: 'virtualmachines' }).allowed, false, 'not cluster-wide');
    assert.equal(ask(rbac, { verb: 'delete', apiGroup: 'kubevirt.io', resource: 'virtualmachines', namespace: 'team-a' }).allowed, false);
  });

  it('matches subresources exactly, and */subresource', () => {
    const start = { verb: 'update', apiGroup: 'subresources.kubevirt.io', resource: 'virtualmachines', subresource: 'start', namespace: 'team-a', name: 'vm1' };
    assert.equal(ask(rbac, start).allowed, true);
    assert.equal(ask(rbac, { ...start, subresource: 'stop' }).allowed, false);
    assert.equal(ask(rbac, { ...start, apiGroup: 'kubevirt.io' }).allowed, false, 'the group matters');
    assert.deepEqual(ask(rbac, { verb: 'update', apiGroup: 'apps', resource: 'deployments', subresource: 'scale', namespace: 'x' }),
      { allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "devs-scale" of ClusterRole "scaler" to Group "devs"' });
    assert.equal(ask(rbac, { verb: 'update', apiGroup: 'apps', resource: 'deployments', namespace: 'x' }).allowed, false);
  });

  it('restricts by resourceNames', () => {
    const cm = { verb: 'update', resource: 'configmaps', namespace: 'team-a' };
    assert.equal(ask(rbac, { ...cm, name: 'settings' }).allowed, true);
    assert.equal(ask(rbac, { ...cm, name: 'other' }).allowed, false);
    assert.equal(ask(rbac, { ...cm, verb: 'list' }).allowed, false, 'a list has no name');
  });

  it('binds ClusterRoles through RoleBindings to groups and service accounts', () => {
    assert.equal(ask(rbac, { verb: 'get', resource: 'pods', subresource: 'log', namespace: 'team-b' }).allowed, true);
    const robot = { name: 'system:serviceaccount:team-c:robot', groups: ['system:serviceaccounts', 'system:authenticated'] };
    assert.equal(rbac.authorize({ user: robot, resourceRequest: true, verb: 'list', apiGroup: '', resource: 'pods', namespace: 'team-c' }).allowed, true);
    assert.equal(rbac.authorize({ user: robot, resourceRequest: true, verb: 'list', apiGroup: '', resource: 'pods', namespace: 'team-b' }).allowed, false);
  });

  it('reports a missing role as an evaluation error', () => {
    assert.deepEqual(ask(rbac, { namespace: 'team-d' }), { allowed: false, reason: 'RBAC: [role.rbac.authorization.k8s.io "missing" not found]' });
  });

  it('lets every authenticated user read discovery, and system:masters everything', () => {
    const path = (p: string, verb = 'get') => rbac.authorize({ user: alice, resourceRequest: false, verb, path: p });
    assert.equal(path('/apis').allowed, true);
    assert.equal(path('/apis/kubevirt.io/v1').allowed, true);
    assert.equal(path('/version').allowed, true);
    assert.equal(path('/metrics').allowed, false);
    assert.equal(path('/apis', 'post').allowed, false);
    const root = { name: 'root', groups: ['system:masters', 'system:authenticated'] };
    assert.equal(rbac.authorize({ user: root, resourceRequest: true, verb: 'delete', apiGroup: 'x', resource: 'y', namespace: 'z' }).allowed, true);
  });

  it('answers rules reviews from the same bindings', () => {
    const rules = rbac.rules(alice, 'team-a');
    assert.equal(rules.incomplete, false);
    assert.ok(rules.resourceRules.some((r) => r.resources?.includes('virtualmachines') && r.verbs.includes('list')));
    assert.ok(rules.resourceRules.some((r) => r.resourceNames?.includes('settings')));
    assert.ok(rules.resourceRules.some((r) => r.resources?.includes('selfsubjectaccessreviews')));
    assert.ok(rules.nonResourceRules.some((r) => r.nonResourceURLs?.includes('/apis/*')));
    assert.ok(!rbac.rules(alice, 'team-b').resourceRules.some((r) => r.resources?.includes('virtualmachines')));
  });
});
