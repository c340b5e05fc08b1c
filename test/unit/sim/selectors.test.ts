import * as assert from 'node:assert/strict';
import { ApiError } from '../../sim/api-error';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from '../../sim/selectors';
import type { KubeObject } from '../../sim/store';

const labels = { app: 'web', tier: 'frontend', 'kubevirt.io/vm': 'vm1' };
const matches = (selector: string, l: Record<string, string> | undefined = labels) => matchesLabels(parseLabelSelector(selector), l);

describe('sim selectors', () => {
  it('matches equality-based label selectors', () => {
    assert.equal(matches('app=web'), true);
    assert.equal(matches('app==web,tier=frontend'), true);
    assert.equal(matches('app=db'), false);
    assert.equal(matches('app!=db'), true);
    assert.equal(matches('missing!=x'), true, '!= also matches objects without the label');
    assert.equal(matches('kubevirt.io/vm=vm1'), true);
    assert.equal(matches(''), true);
  });

  it('matches set-based label selectors', () => {
    assert.equal(matches('app in (web, api)'), true);
    assert.equal(matches('app in (api)'), false);
    assert.equal(matches('app notin (api,db)'), true);
    assert.equal(matches('app notin (web)'), false);
    assert.equal(matches('missing notin (web)'), true);
    assert.equal(matches('tier'), true);
    assert.equal(matches('!tier'), false);
    assert.equal(matches('!legacy,app in (web),tier'), true);
    assert.equal(matchesLabels(parseLabelSelector('app'), undefined), false, 'no labels at all');
  });

  it('rejects malformed label selectors with 400', () => {
    for (const bad of ['app in web', '=web', 'app=(x', 'Bad Key=1']) {
      assert.throws(() => parseLabelSelector(bad), (e: unknown) => e instanceof ApiError && e.code === 400, bad);
    }
  });

  it('supports the field selectors kube-apiserver offers and rejects others', () => {
    const pod: KubeObject = { metadata: { name: 'p1', namespace: 'ns1' }, spec: { nodeName: 'node-1' }, status: { phase: 'Running' } };
    const fields = (s: string) => matchesFields(parseFieldSelector(s), pod);
    assert.equal(fields('metadata.name=p1'), true);
    assert.equal(fields('metadata.namespace==ns1,status.phase!=Pending'), true);
    assert.equal(fields('spec.nodeName=node-2'), false);
    assert.equal(fields('spec.nodeName='), false);
    assert.throws(() => parseFieldSelector('spec.foo=bar'), (e: unknown) => e instanceof ApiError && e.code === 400 && e.message === 'field label not supported: spec.foo');
  });
});
