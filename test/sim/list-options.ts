// The checks kube-apiserver makes on list and watch options (ValidateListOptions) before serving anything:
// resourceVersionMatch and sendInitialEvents combinations, and the resourceVersion's syntax.
import { ApiError, badRequest, invalid } from './api-error';

export function validateListOptions(query: URLSearchParams, watch: boolean): void {
  const rv = query.get('resourceVersion') ?? '';
  const match = query.get('resourceVersionMatch') ?? '';
  const sendInitialEvents = query.get('sendInitialEvents');
  const continued = !!query.get('continue');
  const causes: { field: string; message: string }[] = [];
  const forbid = (field: string, why: string) => causes.push({ field, message: `Forbidden: ${why}` });
  if (watch) {
    if (sendInitialEvents !== null && match !== 'NotOlderThan') forbid('resourceVersionMatch', 'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan');
    if (match) {
      if (sendInitialEvents === null) forbid('resourceVersionMatch', 'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided');
      if (match !== 'NotOlderThan') causes.push({ field: 'resourceVersionMatch', message: `Unsupported value: "${match}": supported values: "NotOlderThan"` });
      if (continued) forbid('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided');
    }
  } else {
    if (match) {
      if (!rv) forbid('resourceVersionMatch', 'resourceVersionMatch is forbidden unless resourceVersion is provided');
      if (continued) forbid('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided');
      if (match === 'Exact' && rv === '0') forbid('resourceVersionMatch', 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"');
      else if (match !== 'Exact' && match !== 'NotOlderThan') causes.push({ field: 'resourceVersionMatch', message: `Unsupported value: "${match}": supported values: "Exact", "NotOlderThan", ""` });
    }
    if (sendInitialEvents !== null) forbid('sendInitialEvents', 'sendInitialEvents is forbidden for list');
  }
  if (causes.length) throw invalid('ListOptions', 'meta.k8s.io', '', causes);
  if (rv && !/^\d+$/.test(rv)) {
    const why = `resourceVersion: Invalid value: "${rv}": strconv.ParseUint: parsing "${rv}": invalid syntax`;
    // A watch reports it as an internal error without a reason, a list as a bad request.
    throw watch ? new ApiError(500, '', why) : badRequest(`invalid resource version: ${why}`);
  }
}
