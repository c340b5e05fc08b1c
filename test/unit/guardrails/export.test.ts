import * as assert from 'node:assert/strict';
import { auditTenant } from '../../../src/model/guardrails/audit';
import { auditHtml, auditMarkdown, escapeHtml, type AuditReport } from '../../../src/model/guardrails/export';
import { known } from '../../../src/model/guardrails/known';
import { FENCED_RBAC, hardenedAdmission, hardenedSnapshot, namespace, namespaceSnapshot, withProbes, withReviews } from './builders';

function report(): AuditReport {
  const hardened = auditTenant(withProbes(withReviews(hardenedSnapshot(), FENCED_RBAC), hardenedAdmission));
  const open = auditTenant(hardenedSnapshot({
    tenant: { name: 'lab', kind: 'namespace', namespaces: ['lab'], virtualClusters: [] },
    // A label value with markup in it must come out as text.
    namespaces: [namespaceSnapshot('lab', { namespace: known(namespace('lab', { 'pod-security.kubernetes.io/enforce': '<b>|x' })), networkPolicies: known([]) })],
  }));
  return { cluster: 'prod-east', generatedAt: '2025-06-01 10:00 UTC', tenants: [hardened, open] };
}

describe('audit export', () => {
  it('writes Markdown: tenants, the guardrail matrix in words, and every check with its reference', () => {
    const md = auditMarkdown(report());
    assert.match(md, /^# Tenant isolation audit: prod-east\n/);
    assert.match(md, /\| team-a \| namespace \| hardened \| 1 VM · 1 microVM pod \(1 Kata Firecracker\) · 1 container \|/);
    assert.match(md, /\| Default-deny NetworkPolicy for ingress and egress \| pass \| fail \|/);
    assert.match(md, /\| A privileged pod is refused \(dry run as the tenant\) \| pass \| unknown \|/);
    assert.match(md, /`MTB-PL1-BC-CPI-5` \[Pod Security Standards: privileged containers\]\(https:\/\/kubernetes.io\/docs\/concepts\/security\/pod-security-standards\/#baseline\)/);
    assert.match(md, /lab has an invalid enforce label "\\<b\\>\\\|x"/, 'markup and pipes are escaped');
    assert.ok(!md.includes('<b>'));
  });

  it('writes a standalone HTML page with every value escaped and verdicts in words as well as colour', () => {
    const html = auditHtml(report());
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /<td class="verdict fail">fail<\/td>/);
    assert.match(html, /<td class="verdict unknown">unknown<\/td>/);
    assert.match(html, /invalid enforce label &quot;&lt;b&gt;\|x&quot;/);
    assert.ok(!html.includes('<b>'));
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('reports what it could not see', () => {
    const r = report();
    const hidden = { ...r, tenants: [{ ...r.tenants[1], isolation: { known: false as const, reason: 'Forbidden (403): you may not list pods in lab' } }] };
    assert.match(auditMarkdown(hidden), /\| lab \| namespace \| \d+ failing guardrails \| unknown \(Forbidden \(403\): you may not list pods in lab\) \|/);
  });
});
