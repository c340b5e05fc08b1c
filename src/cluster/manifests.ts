// Manifest editing against the live object: load (YAML without managedFields; edit documents also without
// status), update guarded by the loaded resourceVersion (a 409 returns the live object for a diff, never an
// overwrite), server-side apply with a dry run first, and "diff with cluster".
import * as l10n from '@vscode/l10n';
import type { KubeObject } from '../model/kubeObject';
import { cleanObject, ManifestError, parseManifest, pinIdentity, toYaml } from '../model/manifestEdit';
import type { ApiResourceMapper } from './apiResources';
import { KubeApiError } from './errors';
import type { KubeHttp } from './kubeHttp';

export const FIELD_MANAGER = 'kubevirt-workbench';

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

export interface LoadedManifest {
  yaml: string;
  object: KubeObject;
  resourceVersion?: string;
}

/** Someone changed the object since the text was loaded: nothing was written. */
export interface Conflict {
  kind: 'conflict';
  userText: string;
  live: KubeObject;
  liveYaml: string;
  message: string;
}

export type UpdateResult = { kind: 'updated'; object: KubeObject; yaml: string } | Conflict;

export type LiveResult = { kind: 'live'; object: KubeObject; yaml: string } | { kind: 'absent'; message: string };

export class Manifests {
  constructor(
    private readonly http: KubeHttp,
    private readonly mapper: ApiResourceMapper,
    /** For a namespaced object whose text names no namespace (the context's namespace). */
    private readonly defaultNamespace = 'default',
  ) {}

  /** `mode` 'edit' strips status as well as managedFields. */
  async load(ref: ObjectRef, mode: 'edit' | 'view'): Promise<LoadedManifest> {
    const live = await this.http.call<KubeObject>('GET', await this.pathOf(ref));
    const object = cleanObject(live, mode === 'view');
    return { yaml: toYaml(object), object, resourceVersion: live.metadata.resourceVersion };
  }

  /**
   * PUT the user's text with the resourceVersion it carries (the one it was loaded at) to `target`, the object
   * the text was opened for: a text naming another object is refused (a missing namespace is taken from the
   * target). A 409 Conflict returns the live object, for a diff; nothing is overwritten.
   */
  async update(userText: string, target: ObjectRef): Promise<UpdateResult> {
    const object = parseManifest(pinIdentity(userText, target));
    if (!object.metadata.resourceVersion) throw new ManifestError(l10n.t('The manifest has no metadata.resourceVersion; reload it from the cluster before updating.'));
    const ref = refOf(object);
    const path = await this.pathOf(ref);
    const resource = await this.mapper.resolve(ref.apiVersion, ref.kind);
    if (!resource.statusSubresource && object.status === undefined) {
      // Without a status subresource a PUT replaces status too: carry the live one over (same version only).
      const live = await this.http.call<KubeObject>('GET', path);
      if (live.metadata.resourceVersion !== object.metadata.resourceVersion) return this.conflict(userText, live, l10n.t('the object has changed since it was loaded'));
      if (live.status !== undefined) object.status = live.status;
    }
    const reply = await this.http.send('PUT', path, { body: object });
    if (reply.code === 409) {
      const live = await this.http.call<KubeObject>('GET', path);
      return this.conflict(userText, live, KubeApiError.fromResponse(reply.code, reply.body).message);
    }
    if (reply.code < 200 || reply.code > 299) throw KubeApiError.fromResponse(reply.code, reply.body);
    const updated = reply.body as KubeObject;
    return { kind: 'updated', object: updated, yaml: toYaml(cleanObject(updated, false)) };
  }

  /**
   * Server-side apply of the user's text (field manager kubevirt-workbench, no force). With `dryRun` nothing is
   * stored and the answer is the object as it would be, for a diff before the real apply.
   */
  async apply(userText: string, options: { dryRun: boolean }): Promise<{ object: KubeObject; yaml: string }> {
    const object = parseManifest(userText);
    delete object.metadata.managedFields;
    const path = await this.pathOf(refOf(object));
    const query = { fieldManager: FIELD_MANAGER, force: false, dryRun: options.dryRun ? 'All' : undefined };
    const applied = await this.http.call<KubeObject>('PATCH', path, { query, body: toYaml(object), contentType: 'application/apply-patch+yaml' });
    return { object: applied, yaml: toYaml(cleanObject(applied, false)) };
  }

  /** The live object the text names, as an edit document, or 'absent' when it is not on the cluster. */
  async live(userText: string): Promise<LiveResult> {
    const ref = refOf(parseManifest(userText));
    try {
      const object = await this.http.call<KubeObject>('GET', await this.pathOf(ref));
      return { kind: 'live', object, yaml: toYaml(cleanObject(object, false)) };
    } catch (error) {
      if (error instanceof KubeApiError && error.code === 404) return { kind: 'absent', message: l10n.t('{0} {1} is not on the cluster.', ref.kind, ref.name) };
      throw error;
    }
  }

  /**
   * Where the text's object goes: its namespace, or the context's (`defaulted`) when the text names none;
   * no namespace for a cluster-scoped kind.
   */
  async placement(userText: string): Promise<{ namespace?: string; defaulted: boolean }> {
    const ref = refOf(parseManifest(userText));
    const resource = await this.mapper.resolve(ref.apiVersion, ref.kind);
    if (!resource.namespaced) return { defaulted: false };
    return ref.namespace ? { namespace: ref.namespace, defaulted: false } : { namespace: this.defaultNamespace, defaulted: true };
  }

  private conflict(userText: string, live: KubeObject, message: string): Conflict {
    return { kind: 'conflict', userText, live, liveYaml: toYaml(cleanObject(live, false)), message };
  }

  private pathOf(ref: ObjectRef): Promise<string> {
    return this.mapper.path(ref.apiVersion, ref.kind, ref.namespace ?? this.defaultNamespace, ref.name);
  }
}

function refOf(object: KubeObject): ObjectRef {
  return { apiVersion: object.apiVersion ?? '', kind: object.kind ?? '', namespace: object.metadata.namespace, name: object.metadata.name };
}
