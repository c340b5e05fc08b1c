// metav1.Status errors with kube-apiserver's reasons, codes and message formats.

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: { reason?: string; message?: string; field?: string }[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** An error that the HTTP layer writes as a `Status` object with `code` as the HTTP status. */
export class ApiError extends Error {
  constructor(readonly code: number, readonly reason: string, message: string, readonly details?: StatusDetails) {
    super(message);
  }

  toStatus(): Status {
    const status: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message, code: this.code };
    if (this.reason) status.reason = this.reason;
    if (this.details) status.details = withoutEmpty(this.details);
    return status;
  }
}

/** Status details as kube serializes them: empty name, group and kind are left out (`omitempty`). */
export function withoutEmpty(details: StatusDetails): StatusDetails {
  const out = { ...details };
  for (const key of ['name', 'group', 'kind'] as const) if (!out[key]) delete out[key];
  return out;
}

/** `virtualmachines.kubevirt.io` or `pods`: how kube-apiserver names a resource in messages. */
export const qualified = (resource: string, group: string) => (group ? `${resource}.${group}` : resource);

export const notFound = (resource: string, group: string, name: string) =>
  new ApiError(404, 'NotFound', `${qualified(resource, group)} "${name}" not found`, { name, group, kind: resource });

export const alreadyExists = (resource: string, group: string, name: string) =>
  new ApiError(409, 'AlreadyExists', `${qualified(resource, group)} "${name}" already exists`, { name, group, kind: resource });

export const conflict = (resource: string, group: string, name: string, why: string) =>
  new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(resource, group)} "${name}": ${why}`, { name, group, kind: resource });

/** The cause reason kube's field errors carry, from the way their message starts. */
const CAUSE_REASONS: [string, string][] = [
  ['Required value', 'FieldValueRequired'], ['Invalid value', 'FieldValueInvalid'], ['Unsupported value', 'FieldValueNotSupported'],
  ['Duplicate value', 'FieldValueDuplicate'], ['Forbidden', 'FieldValueForbidden'], ['Too long', 'FieldValueTooLong'],
];
const causeReason = (message: string) => CAUSE_REASONS.find(([prefix]) => message.startsWith(prefix))?.[1] ?? 'FieldValueInvalid';

export const invalid = (kind: string, group: string, name: string, causes: { field: string; message: string }[]) =>
  new ApiError(422, 'Invalid',
    `${kind}${group ? '.' + group : ''} "${name}" is invalid: ${causes.map((c) => `${c.field}: ${c.message}`).join(', ')}`,
    { name, group, kind, causes: causes.map((c) => ({ reason: causeReason(c.message), ...c })) });

export const badRequest = (message: string) => new ApiError(400, 'BadRequest', message);

export const unauthorized = () => new ApiError(401, 'Unauthorized', 'Unauthorized');

export const internalError = (message: string) =>
  new ApiError(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] });

/**
 * kube-apiserver's RBAC denial, e.g. `virtualmachines.kubevirt.io is forbidden: User "dev" cannot list resource
 * "virtualmachines" in API group "kubevirt.io" in the namespace "team-a"`.
 */
export function forbidden(user: string, verb: string, resource: string, group: string, namespace?: string, name?: string, subresource?: string): ApiError {
  const full = subresource ? `${resource}/${subresource}` : resource;
  const where = namespace ? ` in the namespace "${namespace}"` : ' at the cluster scope';
  // The subject is the resource without its subresource (kube's NewForbidden takes the GroupResource).
  const message = `${qualified(resource, group)}${name ? ` "${name}"` : ''} is forbidden: User "${user}" cannot ${verb} resource "${full}" in API group "${group}"${where}`;
  return new ApiError(403, 'Forbidden', message, { name, group, kind: resource });
}
