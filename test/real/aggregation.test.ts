// The seam for aggregated API servers (virt-api's stand-in): an APIService backed by an ExternalName Service is
// proxied by kube-apiserver's aggregator to a server on 127.0.0.1, after kube-apiserver authenticated and
// authorized the user; the server sees the front-proxy client certificate and the user in X-Remote-* headers.
import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { apiServiceNames, type ApiServiceRegistration, type ControlPlane } from '../controlplane/launcher';
import { START_TIMEOUT_MS, startControlPlane } from './support';

const GROUP = 'echo.kubevirt-workbench.io';

describe('real control plane: aggregation layer', function () {
  this.timeout(START_TIMEOUT_MS);
  let plane: ControlPlane;
  let server: Server;
  const seen: { user?: string; groups?: string[]; proxyName?: string; path?: string }[] = [];

  before(async () => {
    plane = await startControlPlane({ name: 'aggregation', users: [{ name: 'dana', token: 'dana-token', groups: ['developers'] }] });
    const registration: ApiServiceRegistration = { group: GROUP, version: 'v1', port: 0, caPem: plane.caPem };
    const cert = plane.servingCertificate(apiServiceNames(registration));
    server = createServer({ cert: cert.certPem, key: cert.keyPem, ca: plane.frontProxy.caPem, requestCert: true, rejectUnauthorized: false }, (req, res) => {
      const socket = req.socket as TLSSocket;
      const peer = socket.authorized ? socket.getPeerCertificate().subject?.CN : undefined;
      const json = (code: number, body: unknown) => {
        res.writeHead(code, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      // Only the aggregator's client certificate is trusted, as an extension API server does.
      if (!peer || !plane.frontProxy.allowedNames.includes(String(peer))) return json(401, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 401, reason: 'Unauthorized' });
      if (req.url === `/apis/${GROUP}/v1`) {
        return json(200, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: `${GROUP}/v1`, resources: [{ name: 'things/echo', namespaced: true, kind: 'Echo', verbs: ['get'] }] });
      }
      if (req.url?.startsWith(`/apis/${GROUP}/v1/namespaces/`)) {
        const groups = req.headers[plane.frontProxy.groupHeader.toLowerCase()];
        seen.push({ user: String(req.headers[plane.frontProxy.usernameHeader.toLowerCase()]), groups: Array.isArray(groups) ? groups : [String(groups)], proxyName: String(peer), path: req.url });
        return json(200, { echoed: req.url });
      }
      json(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 404, reason: 'NotFound' });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    await plane.registerApiService({ ...registration, port: (server.address() as { port: number }).port });
  });

  after(async () => {
    server?.close();
    await plane?.stop();
  });

  it('lists the aggregated group in discovery', async () => {
    const groups = (await plane.client().get('/apis')).json<{ groups: { name: string }[] }>().groups.map((g) => g.name);
    assert.ok(groups.includes(GROUP));
    const resources = (await plane.client().get(`/apis/${GROUP}/v1`)).json<{ resources: { name: string }[] }>().resources;
    assert.deepEqual(resources.map((r) => r.name), ['things/echo']);
  });

  it('authorizes before proxying: without RBAC the user gets kube-apiserver\'s Forbidden and the server sees nothing', async () => {
    const denied = await plane.client('dana').get(`/apis/${GROUP}/v1/namespaces/default/things/a/echo`);
    assert.equal(denied.status, 403);
    assert.equal(denied.json<{ message: string }>().message, `things.${GROUP} "a" is forbidden: User "dana" cannot get resource "things/echo" in API group "${GROUP}" in the namespace "default"`);
    assert.equal(seen.length, 0);
  });

  it('proxies an authorized request with the user and groups in X-Remote-* and the front-proxy client certificate', async () => {
    const admin = plane.client();
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'echo', namespace: 'default' }, rules: [{ apiGroups: [GROUP], resources: ['things/echo'], verbs: ['get'] }] };
    const binding = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'echo-dana', namespace: 'default' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'echo' }, subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'dana' }] };
    assert.equal((await admin.post('/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles', role)).status, 201);
    assert.equal((await admin.post('/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings', binding)).status, 201);
    const answer = await plane.client('dana').get(`/apis/${GROUP}/v1/namespaces/default/things/a/echo`);
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(answer.json(), { echoed: `/apis/${GROUP}/v1/namespaces/default/things/a/echo` });
    assert.equal(seen.length, 1);
    assert.equal(seen[0].user, 'dana');
    assert.deepEqual(seen[0].groups?.flatMap((g) => g.split(/,\s*/)).sort(), ['developers', 'system:authenticated']);
    assert.equal(seen[0].proxyName, 'front-proxy-client');
  });
});
