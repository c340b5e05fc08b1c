// One real Kubernetes control plane on loopback: etcd, kube-apiserver and kube-controller-manager, as envtest
// runs them but with what a multi-tenant cluster has: TLS with a CA made here, RBAC (and the Node authorizer),
// users as static tokens and client certificates, service-account signing keys, the front-proxy CA and client
// certificate that the aggregation layer needs, and the default admission plugins plus NodeRestriction.
// Several may run at once; each keeps its data in a temporary folder that `stop()` removes.
import * as fs from 'node:fs';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { onExit } from '../harness/cleanup';
import { kubeconfigYaml } from '../sim/kubeconfig';
import type { ControlPlaneBinaries } from './binaries';
import { crdsForGroups, installCrds } from './crds/crds';
import { CertificateAuthority, sharedKey, type Issued, type KeyPair } from './pki';
import { ManagedProcess } from './processes';
import { RestClient, expectStatus, type Credentials } from './rest';

export interface ControlPlaneUser {
  name: string;
  groups?: string[];
  /** A static bearer token; without one the user has only a client certificate. */
  token?: string;
}

export interface ControlPlaneOptions {
  /** Names the CA, the folder and the kubeconfig entries. */
  name: string;
  binaries: ControlPlaneBinaries;
  users?: readonly ControlPlaneUser[];
  /** Optional API groups to serve, as the simulator names them (`kubevirt.io`, `cdi.kubevirt.io` …): their CRDs are installed. */
  groups?: readonly string[];
  /**
   * Run kube-controller-manager (default: when the binaries have it). Without it nothing deletes the content of a
   * deleted namespace, collects garbage, computes quota usage or creates service accounts and their tokens.
   */
  controllers?: boolean;
  /**
   * Resources served without kube-apiserver's watch cache (`--watch-cache-sizes=<resource>#0`): their watches and
   * lists go to etcd, so a resourceVersion older than etcd's compaction gets 410 Gone at once (with the cache, an
   * old resourceVersion is served as long as the cache has not evicted anything).
   */
  watchCacheDisabled?: readonly string[];
  /** Parent of the temporary folder (default: the OS temp folder). */
  parentDir?: string;
  /** Keep the folder (logs, etcd data) after `stop()`, e.g. when a test failed. */
  keep?: boolean;
  /** Bounded wait for /readyz (default 120 s: three control planes starting on a loaded 2-core machine). */
  readyTimeoutMs?: number;
}

/** What an aggregated API server (virt-api's stand-in) needs to trust the requests kube-apiserver proxies to it. */
export interface FrontProxy {
  /** The CA that signed the proxy's client certificate (`requestheader-client-ca-file`). */
  caPem: string;
  /** The client certificate kube-apiserver presents to aggregated servers and webhooks' peers. */
  client: Issued;
  /** Common names an aggregated server should accept (`requestheader-allowed-names`). */
  allowedNames: string[];
  usernameHeader: 'X-Remote-User';
  groupHeader: 'X-Remote-Group';
  extraHeaderPrefix: 'X-Remote-Extra-';
}

export interface ApiServiceRegistration {
  group: string;
  version: string;
  /** Port on 127.0.0.1 where the aggregated server listens (HTTPS). */
  port: number;
  /** CA of the aggregated server's certificate; omitted = insecureSkipTLSVerify. */
  caPem?: string;
  /** Namespace and name of the ExternalName Service (default: kube-system / `<first label of group>-api`). */
  serviceNamespace?: string;
  serviceName?: string;
  groupPriorityMinimum?: number;
  versionPriority?: number;
}

/** The identity the launcher itself uses (CRDs, loading scenarios): a cluster admin by client certificate. */
export const LAUNCHER_ADMIN: ControlPlaneUser = { name: 'kubevirt-workbench-admin', groups: ['system:masters'] };
const FRONT_PROXY_CLIENT = 'front-proxy-client';
const SERVICE_CIDR = '10.96.0.0/12';

/**
 * Controllers left out: no kubelet sends heartbeats, so the node ones would mark nodes NotReady, taint them and evict
 * or collect their pods; and the KubeVirt simulation plays the storage provisioner, binding the claims it makes to
 * volumes no real provisioner created, which the binder would turn back to Pending.
 */
export const DISABLED_CONTROLLERS = [
  'node-lifecycle-controller', 'taint-eviction-controller', 'device-taint-eviction-controller', 'pod-garbage-collector-controller', 'node-ipam-controller',
  'cloud-node-lifecycle-controller', 'service-lb-controller', 'node-route-controller', 'persistentvolume-binder-controller',
];

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The Service an APIService registration points at (default: kube-system / `<first label of the group>-api`). */
export function apiServiceTarget(r: ApiServiceRegistration): { namespace: string; name: string } {
  return { namespace: r.serviceNamespace ?? 'kube-system', name: r.serviceName ?? `${r.group.split('.')[0]}-api` };
}

/** The names an aggregated server's certificate must hold: the aggregator dials `<service>.<namespace>.svc`. */
export function apiServiceNames(r: ApiServiceRegistration): { ips: string[]; dns: string[] } {
  const { namespace, name } = apiServiceTarget(r);
  return { ips: ['127.0.0.1'], dns: [`${name}.${namespace}.svc`, 'localhost'] };
}
const tokenLine = (u: ControlPlaneUser) => [u.token, u.name, u.name, `"${(u.groups ?? []).join(',')}"`].join(',');

export class ControlPlane {
  readonly url: string;
  readonly frontProxy: FrontProxy;
  private readonly processes: ManagedProcess[] = [];
  private readonly users = new Map<string, ControlPlaneUser>();
  private readonly certificates = new Map<string, Issued>();
  private readonly unregister: () => void;
  private adminClient: RestClient | undefined;
  private stopping: Promise<void> | undefined;
  private etcdUrl = '';

  private constructor(
    readonly name: string,
    readonly dir: string,
    readonly port: number,
    private readonly ca: CertificateAuthority,
    frontProxyCa: CertificateAuthority,
    frontProxyClient: Issued,
    private readonly clientKey: KeyPair,
    private readonly servingKey: KeyPair,
    readonly binaries: ControlPlaneBinaries,
    private readonly keep: boolean,
  ) {
    this.url = `https://127.0.0.1:${port}`;
    this.frontProxy = {
      caPem: frontProxyCa.certPem, client: frontProxyClient, allowedNames: [FRONT_PROXY_CLIENT],
      usernameHeader: 'X-Remote-User', groupHeader: 'X-Remote-Group', extraHeaderPrefix: 'X-Remote-Extra-',
    };
    this.unregister = onExit(() => {
      if (!this.keep) fs.rmSync(this.dir, { recursive: true, force: true });
    });
  }

  /** Starts etcd, kube-apiserver and (by default) kube-controller-manager, and waits until the API is ready. */
  static async start(options: ControlPlaneOptions): Promise<ControlPlane> {
    const parent = options.parentDir ?? os.tmpdir();
    fs.mkdirSync(parent, { recursive: true });
    // A port taken between probing and binding (another control plane starting) fails fast; try again with new ones.
    for (let attempt = 1; ; attempt++) {
      const dir = fs.mkdtempSync(path.join(parent, `kvwb-cp-${options.name.replace(/[^a-z0-9-]/gi, '')}-`));
      const [ca, frontProxyCa, serving, client] = await Promise.all([
        CertificateAuthority.create(`kubernetes-ca-${options.name}`),
        CertificateAuthority.create(`front-proxy-ca-${options.name}`, 'front-proxy-ca'),
        sharedKey('serving'),
        sharedKey('client'),
      ]);
      const port = await freePort();
      const plane = new ControlPlane(options.name, dir, port, ca, frontProxyCa, frontProxyCa.client(FRONT_PROXY_CLIENT, [], client), client, serving, options.binaries, !!options.keep);
      try {
        await plane.launch(options);
        return plane;
      } catch (error) {
        await plane.stop();
        const portClash = error instanceof Error && /address already in use/.test(error.message);
        if (!portClash || attempt >= 3) throw error;
      }
    }
  }

  private file(name: string, content: string, mode = 0o600): string {
    const file = path.join(this.dir, name);
    fs.writeFileSync(file, content, { mode });
    return file;
  }

  private async launch(options: ControlPlaneOptions): Promise<void> {
    const { binaries } = options;
    for (const user of [LAUNCHER_ADMIN, ...(options.users ?? [])]) this.users.set(user.name, user);
    fs.mkdirSync(path.join(this.dir, 'logs'));
    const serving = this.ca.serving('kube-apiserver', {
      ips: ['127.0.0.1', '10.96.0.1'],
      dns: ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local'],
    }, this.servingKey);
    const saKey = await sharedKey('service-account');
    const pki = {
      ca: this.file('ca.crt', this.ca.certPem, 0o644),
      caKey: this.file('ca.key', this.ca.keyPem),
      servingCert: this.file('apiserver.crt', serving.certPem, 0o644),
      servingKey: this.file('apiserver.key', serving.keyPem),
      frontProxyCa: this.file('front-proxy-ca.crt', this.frontProxy.caPem, 0o644),
      frontProxyCert: this.file('front-proxy-client.crt', this.frontProxy.client.certPem, 0o644),
      frontProxyKey: this.file('front-proxy-client.key', this.frontProxy.client.keyPem),
      saKey: this.file('sa.key', saKey.privatePem),
      saPub: this.file('sa.pub', saKey.publicPem, 0o644),
      tokens: this.file('tokens.csv', [...this.users.values()].filter((u) => u.token).map(tokenLine).join('\n') + '\n'),
    };
    const [etcdClient, etcdPeer, controllerPort] = await Promise.all([freePort(), freePort(), freePort()]);
    const log = (name: string) => path.join(this.dir, 'logs', `${name}.log`);
    this.etcdUrl = `http://127.0.0.1:${etcdClient}`;

    this.processes.push(ManagedProcess.start('etcd', binaries.etcd, [
      `--name=${this.name.replace(/[^a-z0-9-]/gi, '') || 'etcd'}`,
      `--data-dir=${path.join(this.dir, 'etcd')}`,
      `--listen-client-urls=http://127.0.0.1:${etcdClient}`,
      `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-cluster=${this.name.replace(/[^a-z0-9-]/gi, '') || 'etcd'}=http://127.0.0.1:${etcdPeer}`,
      // Test data: losing it on a crash is fine, and fsync is most of etcd's latency on a shared disk.
      '--unsafe-no-fsync',
      '--quota-backend-bytes=8589934592',
      '--log-level=warn',
    ], log('etcd')));

    this.processes.push(ManagedProcess.start('kube-apiserver', binaries.kubeApiserver, [
      `--etcd-servers=http://127.0.0.1:${etcdClient}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${this.port}`,
      `--tls-cert-file=${pki.servingCert}`,
      `--tls-private-key-file=${pki.servingKey}`,
      `--client-ca-file=${pki.ca}`,
      `--token-auth-file=${pki.tokens}`,
      '--authorization-mode=Node,RBAC',
      // On top of the defaults (NamespaceLifecycle, LimitRanger, ServiceAccount, PodSecurity, ResourceQuota,
      // RuntimeClass, Priority, DefaultStorageClass, the admission webhooks and policies …).
      '--enable-admission-plugins=NodeRestriction',
      '--allow-privileged=true',
      `--service-account-key-file=${pki.saPub}`,
      `--service-account-signing-key-file=${pki.saKey}`,
      `--service-account-issuer=${this.url}`,
      `--service-cluster-ip-range=${SERVICE_CIDR}`,
      `--proxy-client-cert-file=${pki.frontProxyCert}`,
      `--proxy-client-key-file=${pki.frontProxyKey}`,
      `--requestheader-client-ca-file=${pki.frontProxyCa}`,
      `--requestheader-allowed-names=${FRONT_PROXY_CLIENT}`,
      '--requestheader-username-headers=X-Remote-User',
      '--requestheader-group-headers=X-Remote-Group',
      '--requestheader-extra-headers-prefix=X-Remote-Extra-',
      // The KubeVirt simulation is the nodes' kubelet and gives them `localhost` as their InternalDNS address.
      '--kubelet-preferred-address-types=InternalDNS,InternalIP,Hostname,ExternalDNS,ExternalIP',
      // The `kubernetes` Service's endpoints would be 127.0.0.1, which Endpoints validation refuses (loopback).
      '--endpoint-reconciler-type=none',
      '--profiling=false',
      ...(options.watchCacheDisabled?.length ? [`--watch-cache-sizes=${options.watchCacheDisabled.map((r) => `${r}#0`).join(',')}`] : []),
    ], log('kube-apiserver')));

    await this.waitUntilReady(options.readyTimeoutMs ?? 120_000);
    const crds = crdsForGroups(options.groups ?? []);
    if (crds.length) await installCrds(this.client(), crds);

    // After /readyz: its authentication needs the bootstrap RBAC roles, and it exits without them.
    const runControllers = options.controllers ?? !!binaries.kubeControllerManager;
    if (runControllers) {
      if (!binaries.kubeControllerManager) throw new Error(`control plane ${this.name}: controllers asked for, but ${binaries.dir} has no kube-controller-manager`);
      const identity = this.ca.client('system:kube-controller-manager', [], this.clientKey);
      const kubeconfig = this.file('controller-manager.kubeconfig', kubeconfigYaml([{
        name: this.name, server: this.url, caPem: this.ca.certPem, user: 'system:kube-controller-manager', clientCertPem: identity.certPem, clientKeyPem: identity.keyPem,
      }]));
      this.processes.push(ManagedProcess.start('kube-controller-manager', binaries.kubeControllerManager, [
        `--kubeconfig=${kubeconfig}`,
        `--authentication-kubeconfig=${kubeconfig}`,
        `--authorization-kubeconfig=${kubeconfig}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${controllerPort}`,
        '--leader-elect=false',
        '--use-service-account-credentials=true',
        `--service-account-private-key-file=${pki.saKey}`,
        `--root-ca-file=${pki.ca}`,
        `--cluster-signing-cert-file=${pki.ca}`,
        `--cluster-signing-key-file=${pki.caKey}`,
        `--cluster-name=${this.name}`,
        `--service-cluster-ip-range=${SERVICE_CIDR}`,
        `--controllers=*,${DISABLED_CONTROLLERS.map((c) => `-${c}`).join(',')}`,
      ], log('kube-controller-manager')));
    }
  }

  /** True when kube-controller-manager runs (see ControlPlaneOptions.controllers). */
  get controllersRunning(): boolean {
    return this.processes.some((p) => p.name === 'kube-controller-manager' && p.running);
  }

  get caPem(): string {
    return this.ca.certPem;
  }

  /** Throws with the log of a process that died. */
  private checkAlive(): void {
    const dead = this.processes.find((p) => !p.running);
    if (dead) throw new Error(`control plane ${this.name}: ${dead.exitDescription}; last lines of ${dead.logFile}:\n${dead.tail()}`);
  }

  /** Waits for /readyz and for the namespaces kube-apiserver creates itself (default, kube-system …). */
  private async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const admin = this.client();
    let last: string;
    for (;;) {
      this.checkAlive();
      try {
        const ready = await admin.get('/readyz');
        last = `/readyz ${ready.status}: ${ready.text.slice(0, 300)}`;
        if (ready.status === 200) {
          const namespaces = await Promise.all(['default', 'kube-system', 'kube-public'].map((ns) => admin.get(`/api/v1/namespaces/${ns}`)));
          if (namespaces.every((r) => r.status === 200)) return;
          last = 'waiting for the system namespaces';
        }
      } catch (e) {
        last = (e as Error).message;
      }
      if (Date.now() > deadline) {
        const apiserver = this.processes.find((p) => p.name === 'kube-apiserver');
        throw new Error(`control plane ${this.name}: not ready after ${timeoutMs / 1000} s (${last}); last lines of ${apiserver?.logFile}:\n${apiserver?.tail()}`);
      }
      await sleep(100);
    }
  }

  /** A client as `user` (default: the launcher's cluster admin), by token when it has one, else by certificate. */
  client(user = LAUNCHER_ADMIN.name, options: { maxSockets?: number; byCertificate?: boolean } = {}): RestClient {
    if (user === LAUNCHER_ADMIN.name && !options.maxSockets && !options.byCertificate) {
      this.adminClient ??= new RestClient(this.url, this.caPem, this.credentials(user), { userAgent: 'kubevirt-workbench-launcher' });
      return this.adminClient;
    }
    const credentials = this.credentials(user);
    if (options.byCertificate) delete credentials.token;
    return new RestClient(this.url, this.caPem, credentials, { maxSockets: options.maxSockets, userAgent: 'kubevirt-workbench-launcher' });
  }

  /** Token (if the user has one) plus a client certificate: CN = name, O = groups. */
  credentials(user: string): Credentials {
    const known = this.users.get(user);
    if (!known) throw new Error(`control plane ${this.name} has no user ${user}`);
    const cert = this.certificates.get(user) ?? this.certificates.set(user, this.ca.client(known.name, known.groups ?? [], this.clientKey)).get(user)!;
    return { token: known.token, certPem: cert.certPem, keyPem: cert.keyPem };
  }

  /** A user known only by client certificate, added after start (static tokens are read once, at start). */
  addCertificateUser(name: string, groups: string[] = []): Credentials {
    if (this.users.has(name)) throw new Error(`control plane ${this.name} already has a user ${name}`);
    this.users.set(name, { name, groups });
    return this.credentials(name);
  }

  /** A serving certificate from the cluster CA (trusted by its kubeconfigs; `caPem` is the caBundle to name). */
  servingCertificate(names: { ips?: string[]; dns?: string[] } = { ips: ['127.0.0.1'], dns: ['localhost'] }): Issued {
    return this.ca.serving('kubevirt-workbench-test-server', names, this.servingKey);
  }

  /** A kubeconfig with one context for `user`, named after the cluster (token if the user has one, else certificate). */
  kubeconfig(user = LAUNCHER_ADMIN.name, options: { namespace?: string; byCertificate?: boolean } = {}): string {
    const c = this.credentials(user);
    return kubeconfigYaml([{
      name: this.name, server: this.url, caPem: this.caPem, user, namespace: options.namespace,
      ...(c.token && !options.byCertificate ? { token: c.token } : { clientCertPem: c.certPem, clientKeyPem: c.keyPem }),
    }]);
  }

  /**
   * Registers an aggregated API at `https://localhost:<port>`: an ExternalName Service (the aggregator resolves
   * those itself, no cluster networking needed) and an APIService pointing at it. Waits until it is Available.
   * The aggregator checks the server's certificate for the Service's name, `<name>.<namespace>.svc`: issue it
   * with `servingCertificate(apiServiceNames(r))`.
   */
  async registerApiService(r: ApiServiceRegistration, timeoutMs = 60_000): Promise<void> {
    const admin = this.client();
    const { namespace, name } = apiServiceTarget(r);
    const service = {
      apiVersion: 'v1', kind: 'Service', metadata: { name, namespace },
      spec: { type: 'ExternalName', externalName: 'localhost', ports: [{ name: 'https', port: r.port, protocol: 'TCP' }] },
    };
    const apiService = {
      apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService', metadata: { name: `${r.version}.${r.group}` },
      spec: {
        group: r.group, version: r.version, service: { namespace, name, port: r.port },
        groupPriorityMinimum: r.groupPriorityMinimum ?? 1000, versionPriority: r.versionPriority ?? 15,
        ...(r.caPem ? { caBundle: Buffer.from(r.caPem).toString('base64') } : { insecureSkipTLSVerify: true }),
      },
    };
    // Server-side apply: registering again (another port, another CA) updates both.
    const apply = async (path: string, object: { kind: string }) =>
      expectStatus(await admin.patch(`${path}?fieldManager=kubevirt-workbench-launcher&force=true`, object, 'application/apply-patch+yaml'), `apply ${object.kind} ${path}`, 200, 201);
    await apply(`/api/v1/namespaces/${namespace}/services/${name}`, service);
    await apply(`/apis/apiregistration.k8s.io/v1/apiservices/${apiService.metadata.name}`, apiService);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const current = (await admin.get(`/apis/apiregistration.k8s.io/v1/apiservices/${apiService.metadata.name}`)).json<{ status?: { conditions?: { type: string; status: string; message?: string }[] } }>();
      const available = current.status?.conditions?.find((c) => c.type === 'Available');
      if (available?.status === 'True') return;
      if (Date.now() > deadline) throw new Error(`APIService ${apiService.metadata.name} not Available after ${timeoutMs / 1000} s: ${available?.message ?? 'no condition yet'}`);
      await sleep(200);
    }
  }

  /**
   * Compacts etcd up to its current revision, as kube-apiserver does every five minutes: a watch or list from an
   * older resourceVersion then answers 410 Gone (through etcd's JSON gateway; returns the revision).
   */
  async compact(): Promise<number> {
    const post = async (path: string, body: unknown) => {
      const response = await fetch(`${this.etcdUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });
      if (!response.ok) throw new Error(`etcd ${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as { header?: { revision?: string } };
    };
    const revision = Number((await post('/v3/kv/range', { key: Buffer.from('/').toString('base64'), limit: 1 })).header?.revision);
    await post('/v3/kv/compaction', { revision, physical: true });
    return revision;
  }

  /** Stops every process (SIGTERM, then SIGKILL) and removes the folder unless `keep`. Safe to call twice. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.adminClient?.close();
      // The controller manager and the API server first, so neither logs etcd going away.
      for (const name of ['kube-controller-manager', 'kube-apiserver', 'etcd']) {
        await Promise.all(this.processes.filter((p) => p.name === name).map((p) => p.stop()));
      }
      this.unregister();
      if (!this.keep) fs.rmSync(this.dir, { recursive: true, force: true });
    })();
    return this.stopping;
  }

  /** Process ids, for tests that check nothing is left behind. */
  get pids(): number[] {
    return this.processes.map((p) => p.pid).filter((pid): pid is number => pid !== undefined);
  }
}
