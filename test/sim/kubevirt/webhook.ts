// A denial by one of virt-api's validating webhooks as kube-apiserver relays it: 422 Invalid, the webhook's name,
// and KubeVirt's message — the causes' messages joined by ", " (pkg/util/webhooks ToAdmissionResponse).
import { ApiError } from '../api-error';

export interface Cause {
  field: string;
  message: string;
  reason?: 'FieldValueInvalid' | 'FieldValueRequired' | 'FieldValueNotFound';
}

export function webhookDenied(webhook: string, kind: string, name: string | undefined, group: string, causes: Cause[]): ApiError {
  const message = `admission webhook "${webhook}" denied the request: ${causes.map((c) => c.message).join(', ')}`;
  return new ApiError(422, 'Invalid', message, {
    name, group, kind,
    causes: causes.map((c) => ({ reason: c.reason ?? 'FieldValueInvalid', message: c.message, field: c.field })),
  });
}
