// Differential: authentication and RBAC — an unknown token, denials at cluster and namespace scope, by name and on
// subresources, what a Role grants — and SelfSubjectAccessReview / SelfSubjectRulesReview, against the simulator
// and kube-apiserver.
import { START_TIMEOUT_MS } from '../support';
import { DEV_NAMESPACE, assertSame, onBoth, outcome, useBackends } from './backends';

type Rule = { verbs: string[]; apiGroups?: string[]; resources?: string[]; resourceNames?: string[]; nonResourceURLs?: string[] };

/** Rules as sorted strings: the order kube-apiserver lists them in follows its bindings' order, which means nothing. */
const ruleStrings = (rules: Rule[]) => rules.map((r) => JSON.stringify({ ...r, verbs: [...r.verbs].sort() })).sort();

describe('differential: authentication, RBAC and access reviews', function () {
  this.timeout(START_TIMEOUT_MS);
  const backends = useBackends('diff-rbac');

  it('an unknown token is 401; the developer\'s denials carry RBAC\'s messages; what the Role grants works', async () => {
    const { sim, real } = await onBoth(backends(), async ({ admin, dev }) => {
      await admin.post(`/api/v1/namespaces/${DEV_NAMESPACE}/configmaps`, { metadata: { name: 'shared' } });
      return [
        outcome(await admin.as({ token: 'no-such-token' }).get('/api/v1/namespaces')),
        outcome(await dev.get('/api/v1/namespaces')),
        outcome(await dev.get('/api/v1/namespaces/default/configmaps/settings')),
        outcome(await dev.get(`/api/v1/namespaces/${DEV_NAMESPACE}/secrets`)),
        outcome(await dev.get(`/api/v1/namespaces/${DEV_NAMESPACE}/pods/p/log`)),
        outcome(await dev.delete(`/apis/instancetype.kubevirt.io/v1beta1/namespaces/${DEV_NAMESPACE}/virtualmachineinstancetypes/t`)),
        outcome(await dev.get(`/apis/kubevirt.io/v1/namespaces/${DEV_NAMESPACE}/virtualmachines?watch=1`)),
        outcome(await dev.post('/apis/rbac.authorization.k8s.io/v1/clusterroles', { metadata: { name: 'mine' }, rules: [] })),
        outcome(await dev.get('/api/v1/nodes/node-1')),
        outcome(await dev.get(`/api/v1/namespaces/${DEV_NAMESPACE}/configmaps/shared`)),
        outcome(await dev.get(`/apis/instancetype.kubevirt.io/v1beta1/namespaces/${DEV_NAMESPACE}/virtualmachineinstancetypes`)),
        outcome(await dev.get('/apis')),
        outcome(await dev.get('/version')),
        outcome(await dev.get('/logs')),
      ];
    });
    assertSame(sim, real);
  });

  it('SelfSubjectAccessReview answers allowed, denied and the reason from the binding', async () => {
    const { sim, real } = await onBoth(backends(), async ({ admin, dev }) => {
      const review = async (client: typeof dev, spec: unknown) => {
        const r = await client.post('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec });
        return r.status >= 300 ? outcome(r) : { code: r.status, status: r.json<{ status: unknown }>().status };
      };
      return [
        await review(dev, { resourceAttributes: { namespace: DEV_NAMESPACE, verb: 'update', resource: 'configmaps' } }),
        await review(dev, { resourceAttributes: { namespace: DEV_NAMESPACE, verb: 'list', group: 'instancetype.kubevirt.io', resource: 'virtualmachineinstancetypes' } }),
        await review(dev, { resourceAttributes: { namespace: 'default', verb: 'get', resource: 'configmaps' } }),
        await review(dev, { resourceAttributes: { verb: 'list', resource: 'namespaces' } }),
        await review(dev, { resourceAttributes: { namespace: DEV_NAMESPACE, verb: 'get', resource: 'pods', subresource: 'log' } }),
        await review(dev, { nonResourceAttributes: { verb: 'get', path: '/apis' } }),
        await review(dev, { nonResourceAttributes: { verb: 'get', path: '/metrics' } }),
        await review(admin, { resourceAttributes: { verb: 'delete', resource: 'nodes' } }),
        await review(dev, {}),
        await review(dev, { resourceAttributes: { verb: 'get', resource: 'pods' }, nonResourceAttributes: { verb: 'get', path: '/apis' } }),
      ];
    });
    assertSame(sim, real);
  });

  it('SelfSubjectReview names the user as authenticated', async () => {
    const { sim, real } = await onBoth(backends(), async ({ dev }) => {
      const r = await dev.post('/apis/authentication.k8s.io/v1/selfsubjectreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
      return [outcome(r), r.json<{ status: unknown }>().status];
    });
    assertSame(sim, real);
  });

  it('SelfSubjectRulesReview lists the Role\'s rules and the ones every authenticated user has', async () => {
    const { sim, real } = await onBoth(backends(), async ({ dev }) => {
      const review = async (namespace?: string) => {
        const r = await dev.post('/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: namespace ? { namespace } : {} });
        if (r.status >= 300) return outcome(r);
        const status = r.json<{ status: { resourceRules: Rule[]; nonResourceRules: Rule[]; incomplete: boolean; evaluationError?: string } }>().status;
        return { code: r.status, resourceRules: ruleStrings(status.resourceRules), nonResourceRules: ruleStrings(status.nonResourceRules), incomplete: status.incomplete, evaluationError: status.evaluationError };
      };
      return [await review(DEV_NAMESPACE), await review('default'), await review()];
    });
    assertSame(sim, real);
  });
});
