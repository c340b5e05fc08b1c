// The questions the audit asks the API for a tenant, beyond reading objects: SubjectAccessReviews for the
// tenant's subjects, then (when the user may impersonate) MTB-style server-side dry runs made as the tenant.
// Answers are kept by key until what they depend on changes: any RBAC object drops every answer, a change in a
// namespace (labels, quota, LimitRange, policies) drops its dry runs. Asked lazily, for the tenants shown.
import * as l10n from '@vscode/l10n';
import { accessReviewPlan, subjectAccessReviewBody } from '../model/guardrails/accessReviews';
import { known, notLoaded, unknown, unknownFromStatus, type Known } from '../model/guardrails/known';
import { probeAnswerFromStatus, probePlan, type ProbeRequest } from '../model/guardrails/probePlan';
import type { AccessReviewAnswer, ProbeAnswer, TenantSnapshot } from '../model/guardrails/snapshot';
import type { KubeObject } from '../model/kubeObject';
import { settleBounded } from '../model/bulk';
import { canI } from './accessReview';
import type { ApiClient } from './apiClient';
import { failureCode } from './errors';
import { collectionPath } from './resources';

const SAR_PATH = '/apis/authorization.k8s.io/v1/subjectaccessreviews';
const AT_ONCE = 4;
const IMPERSONATE = ['users', 'groups', 'serviceaccounts'];

export class AuditQueries {
  private readonly reviews = new Map<string, boolean>();
  private readonly failedReviews = new Set<string>();
  private reviewsRefused?: string;
  private readonly probes = new Map<string, { namespace: string; answer: ProbeAnswer }>();
  private impersonation?: Known<true>;
  private readonly running = new Map<string, Promise<void>>();
  private generation = 0;
  private stopped = false;

  constructor(
    private readonly client: ApiClient,
    /** New answers are in: the audit reads differently. */
    private readonly onAnswers: () => void,
  ) {}

  accessReviews(): Known<AccessReviewAnswer[]> {
    if (this.reviewsRefused) return unknown(this.reviewsRefused);
    return known([...this.reviews].map(([key, allowed]) => ({ key, allowed })));
  }

  probeAnswers(): Known<ProbeAnswer[]> {
    if (!this.impersonation) return notLoaded(l10n.t('dry runs as the tenant'));
    if (!this.impersonation.known) return unknown(this.impersonation.reason);
    return known([...this.probes.values()].map((p) => p.answer));
  }

  /** RBAC changed: every review and dry run may now answer otherwise. */
  rbacChanged(): void {
    this.generation++;
    this.reviews.clear();
    this.failedReviews.clear();
    this.reviewsRefused = undefined;
    this.probes.clear();
  }

  /** Something the dry runs in this namespace meet changed (labels, quota, LimitRange, policies). */
  namespaceChanged(namespace: string): void {
    this.generation++;
    for (const [key, p] of this.probes) if (p.namespace === namespace) this.probes.delete(key);
  }

  /** Namespace labels changed somewhere: every dry run may now meet another Pod Security level. */
  allNamespacesChanged(): void {
    this.generation++;
    this.probes.clear();
  }

  stop(): void {
    this.stopped = true;
  }

  /**
   * Asks what the tenant's audit still lacks; `snapshot` is read again after the reviews, since they choose whom
   * the dry runs act as. Resolves when done; one run per tenant at a time.
   */
  async fill(tenantKey: string, snapshot: () => TenantSnapshot, again = false): Promise<void> {
    const running = this.running.get(tenantKey);
    if (running) {
      await running;
      // A caller that needs every answer asks once more for what that run could not (a change meanwhile).
      if (again && this.missing(snapshot())) await this.fill(tenantKey, snapshot);
      return;
    }
    if (this.stopped) return;
    const run = this.ask(tenantKey, snapshot);
    this.running.set(tenantKey, run);
    await run;
  }

  private async ask(tenantKey: string, snapshot: () => TenantSnapshot): Promise<void> {
    let changed = false;
    const generation = this.generation;
    try {
      changed = (await this.askReviews(snapshot(), generation)) || changed;
      if (this.generation !== generation || this.stopped) return;
      if (!this.impersonation) {
        const allowed = await Promise.all(IMPERSONATE.map((resource) => canI(this.client, 'impersonate', { group: '', version: 'v1', plural: resource, namespaced: false })));
        this.impersonation = allowed.every(Boolean) ? known(true) : unknown(l10n.t('not permitted to impersonate the tenant\'s users, groups or service accounts'));
        changed = true;
      }
      if (this.impersonation.known) changed = (await this.askProbes(snapshot(), generation)) || changed;
    } finally {
      this.running.delete(tenantKey);
      // Answers dropped by a change meanwhile: the audit is read again, and asks again for what it lacks.
      if ((changed || this.generation !== generation) && !this.stopped) this.onAnswers();
    }
  }

  /** Whether the tenant's audit still lacks answers that can be asked for. */
  missing(s: TenantSnapshot): boolean {
    if (this.stopped) return false;
    if (!this.reviewsRefused && accessReviewPlan(s).some((r) => !this.reviews.has(r.key) && !this.failedReviews.has(r.key))) return true;
    if (!this.impersonation) return true;
    return this.impersonation.known && probePlan(s).some((p) => !this.probes.has(p.key));
  }

  private async askReviews(s: TenantSnapshot, generation: number): Promise<boolean> {
    if (this.reviewsRefused) return false;
    const wanted = accessReviewPlan(s).filter((r) => !this.reviews.has(r.key) && !this.failedReviews.has(r.key));
    if (!wanted.length) return false;
    const results = await settleBounded(wanted, AT_ONCE, (r) => this.client.post<{ status?: { allowed?: boolean } }>(SAR_PATH, subjectAccessReviewBody(r)));
    if (this.generation !== generation) return false;
    results.forEach((result, i) => {
      const key = wanted[i].key;
      if (result.status === 'fulfilled') this.reviews.set(key, result.value?.status?.allowed === true);
      else if (failureCode(result.reason) === 403) this.reviewsRefused = refusedReason();
      else this.failedReviews.add(key);
    });
    return true;
  }

  private async askProbes(s: TenantSnapshot, generation: number): Promise<boolean> {
    const wanted = probePlan(s).filter((p) => !this.probes.has(p.key));
    if (!wanted.length) return false;
    const results = await settleBounded(wanted, AT_ONCE, (p) => this.dryRun(p));
    if (this.generation !== generation) return false;
    results.forEach((result, i) => {
      const p = wanted[i];
      const answer: ProbeAnswer = result.status === 'fulfilled' ? result.value : { key: p.key, outcome: 'error', reason: result.reason instanceof Error ? result.reason.message : String(result.reason) };
      this.probes.set(p.key, { namespace: p.namespace, answer });
    });
    return true;
  }

  /** One dry run as the tenant; never without dryRun=All. */
  private async dryRun(p: ProbeRequest): Promise<ProbeAnswer> {
    const type = { group: p.target.group, version: p.target.version, plural: p.target.resource, namespaced: !!p.target.namespace };
    const collection = collectionPath(type, p.target.namespace);
    const path = p.action === 'create' ? collection : `${collection}/${encodeURIComponent(p.target.name ?? '')}`;
    const reply = await this.client.send(p.action === 'create' ? 'POST' : 'PATCH', path, {
      query: { dryRun: 'All' },
      body: p.body,
      contentType: p.action === 'patch' ? 'application/merge-patch+json' : undefined,
      impersonate: p.identity,
    });
    const body = reply.body as { message?: unknown } | undefined;
    const message = typeof body?.message === 'string' ? body.message : '';
    return probeAnswerFromStatus(p.key, reply.code, message, reply.code < 300 ? (reply.body as KubeObject) : undefined);
  }
}

function refusedReason(): string {
  const refused = unknownFromStatus<never>(403, { verb: 'create', resource: 'subjectaccessreviews.authorization.k8s.io' });
  return refused.known ? '' : refused.reason;
}
