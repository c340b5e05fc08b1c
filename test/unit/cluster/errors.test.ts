import * as assert from 'node:assert/strict';
import { classifyFailure, CredentialError, KubeApiError, TimeoutError } from '../../../src/cluster/errors';

const systemError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('failure classification', () => {
  it('reads refused, unknown and unroutable hosts as unreachable, keeping the system message', () => {
    assert.deepEqual(classifyFailure(systemError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:41234')), { status: 'unreachable', reason: 'connect ECONNREFUSED 127.0.0.1:41234' });
    assert.equal(classifyFailure(systemError('ENOTFOUND', 'getaddrinfo ENOTFOUND nowhere.invalid')).status, 'unreachable');
    assert.equal(classifyFailure(systemError('EHOSTUNREACH', 'connect EHOSTUNREACH 10.0.0.1:6443')).status, 'unreachable');
    assert.equal(classifyFailure(new TimeoutError('no answer from 10.0.0.1:6443 within 8 s')).status, 'unreachable');
  });

  it('strips node-fetch\'s request prefix from watch failures', () => {
    const fetchError = Object.assign(new Error('request to https://127.0.0.1:1/api/v1/pods?watch=true failed, reason: connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    assert.equal(classifyFailure(fetchError).reason, 'connect ECONNREFUSED 127.0.0.1:1');
  });

  it('reads certificate failures as TLS errors', () => {
    for (const code of ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_HAS_EXPIRED']) {
      const c = classifyFailure(systemError(code, 'certificate trouble'));
      assert.equal(c.status, 'tlsError', code);
      assert.match(c.reason, new RegExp(code));
    }
  });

  it('explains a 401 by the kind of credential; credentials that cannot be had are a state of their own', () => {
    assert.deepEqual(classifyFailure(new KubeApiError(401, 'Unauthorized', 'Unauthorized')), { status: 'unauthorized', reason: 'Unauthorized (401): the token was rejected' });
    assert.equal(classifyFailure(new KubeApiError(401, 'Unauthorized', 'Unauthorized'), 'client certificate').reason, 'Unauthorized (401): the client certificate was rejected');
    assert.deepEqual(classifyFailure(new CredentialError('credential plugin "kubelogin" exited with code 1')), { status: 'credentials', reason: 'Credentials unavailable: credential plugin "kubelogin" exited with code 1' });
    assert.equal(classifyFailure(Object.assign(new Error('Unauthorized'), { statusCode: 401 })).status, 'unauthorized');
  });

  it('reports anything else as an error with the Status message', () => {
    assert.deepEqual(classifyFailure(KubeApiError.fromResponse(500, { reason: 'InternalError', message: 'Internal error occurred: boom' })), {
      status: 'error',
      reason: 'InternalError (500): Internal error occurred: boom',
    });
    assert.equal(KubeApiError.fromResponse(429, { reason: 'TooManyRequests', message: 'slow down', details: { retryAfterSeconds: 2 } }).retryAfterSeconds, 2);
  });
});
