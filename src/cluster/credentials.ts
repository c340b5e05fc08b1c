// The credentials a kubeconfig user presents, worked out by the extension: static tokens, client certificates and
// basic auth as written; exec plugins through our own bounded runner; token files read without blocking; OIDC
// through client-node. The gcp and azure auth providers (removed from kubectl in 1.26) run a shell command
// synchronously in client-node: here only their cached, unexpired token is used and the command never runs.
import * as l10n from '@vscode/l10n';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { KubeConfig, type Cluster, type User } from '@kubernetes/client-node';
import { ConfigError, CredentialError } from './errors';
import { ExecAuthenticator, type ExecOptions, type ExecSpec } from './execCredential';
import type { ResolvedContext } from './kubeconfig';

export interface UserCredentials {
  /** The Authorization header's value. */
  authorization?: string;
  /** PEM client certificate and key (from the kubeconfig or an exec plugin). */
  cert?: Buffer;
  key?: Buffer;
  impersonate?: string;
}

/** Shared by every context of a fleet, so a user's plugin runs once however many contexts use it. */
export class Credentials {
  readonly exec: ExecAuthenticator;

  constructor(options: ExecOptions = {}) {
    this.exec = new ExecAuthenticator(options);
  }

  /** One key per user of one file (and per cluster, when the plugin is told which one). */
  static keyOf(resolved: ResolvedContext): string {
    const spec = execSpecOf(resolved.user);
    return JSON.stringify([resolved.file, resolved.context.user, spec?.provideClusterInfo ? resolved.cluster?.server : undefined]);
  }

  async forContext(resolved: ResolvedContext): Promise<UserCredentials> {
    const user = resolved.user;
    const out: UserCredentials = {};
    if (!user) return out;
    if (user.impersonateUser) out.impersonate = user.impersonateUser;
    const cert = await fileOrData(user.certFile, user.certData, 'client-certificate');
    const key = await fileOrData(user.keyFile, user.keyData, 'client-key');
    if (cert) out.cert = cert;
    if (key) out.key = key;
    const spec = execSpecOf(user);
    if (spec) {
      const status = await this.exec.credential({ key: Credentials.keyOf(resolved), spec, cluster: resolved.cluster, folder: resolved.file ? path.dirname(resolved.file) : undefined });
      if (status.token) out.authorization = `Bearer ${status.token}`;
      if (status.clientCertificateData && status.clientKeyData) {
        out.cert = Buffer.from(status.clientCertificateData);
        out.key = Buffer.from(status.clientKeyData);
      }
    } else if (user.authProvider) {
      const token = await providerToken(user, resolved.cluster);
      if (token) out.authorization = `Bearer ${token}`;
    }
    if (user.token) out.authorization = `Bearer ${user.token.trim()}`;
    else if (user.username) out.authorization = `Basic ${Buffer.from(`${user.username}:${user.password ?? ''}`).toString('base64')}`;
    return out;
  }

  /** The server refused what was sent (401), or the user asked to retry: run the plugin again next time. */
  invalidate(resolved: ResolvedContext): void {
    this.exec.invalidate(Credentials.keyOf(resolved));
  }
}

export function execSpecOf(user: User | undefined): ExecSpec | undefined {
  if (user?.exec) return user.exec as ExecSpec;
  const provider = user?.authProvider as { name?: string; config?: { exec?: ExecSpec } } | undefined;
  return provider?.config?.exec;
}

async function fileOrData(file: string | undefined, data: string | undefined, setting: string): Promise<Buffer | undefined> {
  if (file) return readConfigFile(file, setting);
  return data ? Buffer.from(data, 'base64') : undefined;
}

async function providerToken(user: User, cluster: Cluster | undefined): Promise<string | undefined> {
  const provider = user.authProvider as { name?: string; config?: Record<string, string | undefined> };
  const config = provider.config ?? {};
  switch (provider.name) {
    case 'gcp':
    case 'azure': {
      const expiry = provider.name === 'gcp' ? Date.parse(config.expiry ?? '') : Number(config['expires-on'] ?? NaN) * 1000;
      if (config['access-token'] && expiry > Date.now()) return config['access-token'];
      const plugin = provider.name === 'gcp' ? 'gke-gcloud-auth-plugin' : 'kubelogin';
      throw new CredentialError(l10n.t('the {0} auth provider\'s cached token has expired; kubectl dropped auth providers in 1.26 and this extension never runs their command: use the {1} exec plugin', provider.name, plugin));
    }
    case 'oidc': {
      // client-node refreshes OIDC tokens over the network, without blocking the extension host.
      const config = new KubeConfig();
      const name = 'oidc';
      config.loadFromOptions({ clusters: cluster ? [{ ...cluster, name }] : [], users: [{ ...user, name }], contexts: [{ name, cluster: name, user: name }], currentContext: name });
      const options: { headers?: Record<string, string> } = {};
      await config.applyToHTTPSOptions(options);
      return options.headers?.Authorization?.replace(/^Bearer\s+/i, '');
    }
    default:
      if (config.tokenFile) return (await fs.readFile(config.tokenFile, 'utf8')).trim();
      throw new CredentialError(l10n.t('the auth provider "{0}" is not supported; use an exec credential plugin', provider.name ?? ''));
  }
}

/** A file the kubeconfig names; a clear ConfigError when it cannot be read. */
export async function readConfigFile(file: string, setting: string): Promise<Buffer> {
  try {
    return await fs.readFile(file);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new ConfigError(typeof code === 'string' ? l10n.t('the {0} file {1} cannot be read ({2})', setting, file, code) : l10n.t('the {0} file {1} cannot be read', setting, file));
  }
}
