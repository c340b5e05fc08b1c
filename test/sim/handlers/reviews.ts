// SelfSubjectAccessReview and SelfSubjectRulesReview, answered by the same RBAC evaluator as requests.
import { badRequest, invalid } from '../api-error';
import { parseBody, reply, type RequestContext } from './context';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

export function selfSubjectAccessReview(ctx: RequestContext): Promise<void> {
  const body = parseBody(ctx);
  const spec = isObject(body) && isObject(body.spec) ? body.spec : undefined;
  const ra = spec && isObject(spec.resourceAttributes) ? spec.resourceAttributes : undefined;
  const nra = spec && isObject(spec.nonResourceAttributes) ? spec.nonResourceAttributes : undefined;
  // kube-apiserver's validation names no kind (".authorization.k8s.io") and prints the Go struct of the attributes.
  if (!ra && !nra) {
    throw invalid('', 'authorization.k8s.io', '', [{ field: 'spec.resourceAttributes', message: 'Invalid value: null: exactly one of nonResourceAttributes or resourceAttributes must be specified' }]);
  }
  if (ra && nra) {
    const shown = JSON.stringify({ Path: str(nra.path) ?? '', Verb: str(nra.verb) ?? '' });
    throw invalid('', 'authorization.k8s.io', '', [{ field: 'spec.nonResourceAttributes', message: `Invalid value: ${shown}: cannot be specified in combination with resourceAttributes` }]);
  }
  const decision = ra
    ? ctx.cluster.rbac.authorize({
      user: ctx.user, resourceRequest: true, verb: str(ra.verb) ?? '', apiGroup: str(ra.group) ?? '', resource: str(ra.resource) ?? '',
      subresource: str(ra.subresource) || undefined, namespace: str(ra.namespace) || undefined, name: str(ra.name) || undefined,
    })
    : ctx.cluster.rbac.authorize({ user: ctx.user, resourceRequest: false, verb: str(nra?.verb) ?? '', path: str(nra?.path) ?? '' });
  const status: Record<string, unknown> = { allowed: decision.allowed };
  if (decision.reason) status.reason = decision.reason;
  return reply(ctx, 201, {
    kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata: {}, spec, status,
  });
}

/** SubjectAccessReview: the same evaluator, for the user and groups the spec names. */
export function subjectAccessReview(ctx: RequestContext): Promise<void> {
  const body = parseBody(ctx);
  const spec = isObject(body) && isObject(body.spec) ? body.spec : undefined;
  const ra = spec && isObject(spec.resourceAttributes) ? spec.resourceAttributes : undefined;
  const name = str(spec?.user);
  const groups = Array.isArray(spec?.groups) ? spec.groups.filter((g): g is string => typeof g === 'string') : [];
  if (!ra) throw invalid('', 'authorization.k8s.io', '', [{ field: 'spec.resourceAttributes', message: 'Invalid value: null: exactly one of nonResourceAttributes or resourceAttributes must be specified' }]);
  if (!name && !groups.length) throw invalid('', 'authorization.k8s.io', '', [{ field: 'spec.user', message: 'Invalid value: "": at least one of user or group must be specified' }]);
  const decision = ctx.cluster.rbac.authorize({
    user: { name: name ?? '', groups }, resourceRequest: true, verb: str(ra.verb) ?? '', apiGroup: str(ra.group) ?? '', resource: str(ra.resource) ?? '',
    subresource: str(ra.subresource) || undefined, namespace: str(ra.namespace) || undefined, name: str(ra.name) || undefined,
  });
  const status: Record<string, unknown> = { allowed: decision.allowed };
  if (decision.reason) status.reason = decision.reason;
  return reply(ctx, 201, { kind: 'SubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata: {}, spec, status });
}

export function selfSubjectRulesReview(ctx: RequestContext): Promise<void> {
  const body = parseBody(ctx);
  const spec = isObject(body) && isObject(body.spec) ? body.spec : {};
  const namespace = str(spec.namespace);
  if (!namespace) throw badRequest('no namespace on request');
  return reply(ctx, 201, {
    kind: 'SelfSubjectRulesReview', apiVersion: 'authorization.k8s.io/v1', metadata: {}, spec,
    status: ctx.cluster.rbac.rules(ctx.user, namespace),
  });
}

/** `kubectl auth whoami`: the user as authenticated (the simulator's users have their name as uid). */
export function selfSubjectReview(ctx: RequestContext): Promise<void> {
  return reply(ctx, 201, {
    kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', metadata: { creationTimestamp: null },
    status: { userInfo: { username: ctx.user.name, uid: ctx.user.name, groups: ctx.user.groups } },
  });
}
