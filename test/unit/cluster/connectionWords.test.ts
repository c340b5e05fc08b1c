import * as assert from 'node:assert/strict';
import { causeWords, clusterRowText, clusterSummary, stateWord } from '../../../src/cluster/connectionWords';
import { classifyFailure, CredentialError, KubeApiError, TimeoutError } from '../../../src/cluster/errors';
import { ExecPluginError } from '../../../src/cluster/execCredential';

const systemError = (code: string, message: string) => Object.assign(new Error(message), { code });
const summaryOf = (error: unknown) => clusterSummary(classifyFailure(error), undefined);

describe('a cluster row in words', () => {
  it('says why a cluster cannot be reached, not the system error', () => {
    assert.equal(summaryOf(systemError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:35483')), 'unreachable — connection refused');
    assert.equal(summaryOf(systemError('ENOTFOUND', 'getaddrinfo ENOTFOUND api.nowhere.invalid')), 'unreachable — host not found');
    assert.equal(summaryOf(new TimeoutError('no answer from 10.0.0.1:6443 within 8 s')), 'unreachable — no answer from the server');
    assert.equal(summaryOf(systemError('EHOSTUNREACH', 'connect EHOSTUNREACH 10.0.0.1:6443')), 'unreachable — no route to host');
  });

  it('names certificate and credential trouble', () => {
    assert.equal(summaryOf(systemError('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain')), 'TLS error — certificate not trusted');
    assert.equal(summaryOf(systemError('CERT_HAS_EXPIRED', 'certificate has expired')), 'TLS error — certificate expired');
    assert.equal(summaryOf(systemError('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames")), 'TLS error — certificate is for another host');
    assert.equal(summaryOf(new KubeApiError(401, 'Unauthorized', 'Unauthorized')), 'unauthorized — token rejected (expired or revoked)');
    assert.equal(clusterSummary(classifyFailure(new KubeApiError(401, 'Unauthorized', 'Unauthorized'), 'client certificate'), undefined), 'unauthorized — client certificate rejected');
    assert.equal(summaryOf(new CredentialError('exec: executable kubelogin not found')), 'credentials unavailable');
  });

  it('says a credential plugin failed with its exit code, never what it printed', () => {
    const failed = classifyFailure(new ExecPluginError('credential plugin "kubelogin" exited with code 2', 2));
    assert.equal(failed.status, 'credentials');
    assert.equal(clusterSummary(failed, undefined), 'credentials unavailable — credential plugin failed (exit code 2)');
    assert.equal(clusterRowText(failed, undefined), 'credential plugin failed (exit code 2)');
    assert.equal(causeWords('Credentials unavailable: credential plugin "sso" did not finish within 60 s and was stopped'), 'credential plugin stopped');
    assert.equal(causeWords('Credentials unavailable: credential plugin "sso" could not be started (ENOENT).'), 'credential plugin could not start');
  });

  it('keeps the head of any other reason, and words for states without one', () => {
    assert.equal(causeWords('InternalError (500): etcd timeout'), 'InternalError');
    assert.equal(clusterSummary({ status: 'idle' }, undefined), 'not connected');
    assert.equal(clusterSummary({ status: 'connecting' }, undefined), 'connecting…');
    assert.equal(stateWord('credentialsExpired'), 'credentials expired');
  });

  it('gives a connected cluster its KubeVirt and Kubernetes versions, or says KubeVirt is missing', () => {
    const discovery = (installed: boolean, version?: string) => ({ serverVersion: 'v1.32.4', kubevirt: { installed, version, subresources: installed }, capsule: { installed: false }, runtimeClasses: [] });
    assert.equal(clusterSummary({ status: 'connected' }, discovery(true, 'v1.5.2')), 'connected · KubeVirt 1.5.2 · K8s 1.32.4');
    assert.equal(clusterSummary({ status: 'connected' }, discovery(false)), 'connected · no KubeVirt · K8s 1.32.4');
    assert.equal(clusterSummary({ status: 'connected' }, discovery(true)), 'connected · KubeVirt · K8s 1.32.4');
  });

  it('keeps a narrow row to what a reader needs first: versions once connected, the cause of a failure', () => {
    const discovery = { serverVersion: 'v1.32.4', kubevirt: { installed: true, version: 'v1.5.2', subresources: true }, capsule: { installed: false }, runtimeClasses: [] };
    assert.equal(clusterRowText({ status: 'connected' }, discovery), 'KubeVirt 1.5.2 · K8s 1.32.4');
    assert.equal(clusterRowText(classifyFailure(systemError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1')), undefined), 'connection refused');
    assert.equal(clusterRowText({ status: 'error', reason: 'something odd happened somewhere far too long to be a head of anything at all' }, undefined), 'error');
    assert.equal(clusterRowText({ status: 'idle' }, undefined), 'not connected');
  });
});
