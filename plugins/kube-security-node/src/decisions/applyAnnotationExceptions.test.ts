import { buildPlan } from '@kube-security/plugin-kube-security-common';
import type {
  Finding,
  ResourceRef,
} from '@kube-security/plugin-kube-security-common';
import { evaluate } from '..';
import { parseManifestText } from '../snapshot/parse';
import type { AnnotationException } from './annotations';
import { readAnnotationExceptions } from './annotations';
import {
  annotationActor,
  applyAnnotationExceptions,
} from './applyAnnotationExceptions';

const PRIVILEGED = 'workload-admission-policy/privileged-container';
const WEB: ResourceRef = {
  cluster: 'prod',
  kind: 'Deployment',
  namespace: 'shop',
  name: 'web',
};

function finding(
  id: string,
  resource: Partial<ResourceRef> = {},
  checkId = PRIVILEGED,
): Finding {
  return {
    id,
    checkId,
    itemId: checkId.split('/')[0] as Finding['itemId'],
    category: 'workload',
    status: 'fail',
    severity: 'critical',
    message: 'runs privileged',
    resource: { ...WEB, container: 'app', ...resource },
  };
}

function exception(
  overrides: Partial<AnnotationException> = {},
): AnnotationException {
  return {
    resource: WEB,
    checkId: PRIVILEGED,
    itemId: 'workload-admission-policy',
    justification: 'Needs raw sockets for packet capture',
    expiresAt: '2026-08-01T00:00:00.000Z',
    annotation: 'kube-security.io/accept.privileged-container',
    ...overrides,
  };
}

describe('applyAnnotationExceptions', () => {
  it('accepts the check on the annotated object, in every container', () => {
    const findings = [
      finding('a'),
      finding('b', { container: 'sidecar' }),
      finding('c', { name: 'api' }),
      finding('d', { namespace: 'other' }),
      finding('e', { cluster: 'staging' }),
      finding('f', { kind: 'StatefulSet' }),
      finding('g', {}, 'workload-admission-policy/run-as-root'),
    ];
    const marked = applyAnnotationExceptions(findings, [exception()]);
    expect(marked.filter(f => f.accepted).map(f => f.id)).toEqual(['a', 'b']);
    expect(marked[0].accepted).toEqual({
      scope: 'check',
      justification: 'Needs raw sockets for packet capture',
      createdBy: 'annotation:prod/Deployment/shop/web',
      expiresAt: '2026-08-01T00:00:00.000Z',
      source: 'annotation',
    });
    expect(marked[0].accepted).not.toHaveProperty('exceptionId');
  });

  it('copies findings instead of changing them', () => {
    const findings = [finding('a')];
    const marked = applyAnnotationExceptions(findings, [exception()]);
    expect(findings[0].accepted).toBeUndefined();
    expect(marked[0]).not.toBe(findings[0]);
    expect(applyAnnotationExceptions(findings, [])).toEqual(findings);
  });

  it('uses the annotation that lasts longest when two cover one finding', () => {
    const marked = applyAnnotationExceptions(
      [finding('a')],
      [
        exception({ justification: 'Shorter exception here' }),
        exception({
          justification: 'Longer exception here',
          expiresAt: '2026-10-01T00:00:00.000Z',
          annotation:
            'kube-security.io/accept.workload-admission-policy.privileged-container',
        }),
      ],
    );
    expect(marked[0].accepted?.justification).toBe('Longer exception here');
  });

  it('keeps an acceptance the finding already has', () => {
    const accepted: Finding = {
      ...finding('a'),
      accepted: {
        exceptionId: 7,
        scope: 'finding',
        justification: 'Accepted in Backstage',
        createdBy: 'user:default/ana',
        expiresAt: '2026-07-01T00:00:00.000Z',
        source: 'user',
      },
    };
    const marked = applyAnnotationExceptions([accepted], [exception()]);
    expect(marked[0].accepted?.exceptionId).toBe(7);
  });
});

describe('annotationActor', () => {
  it('names cluster, kind, namespace and name, leaving the namespace empty when none', () => {
    expect(annotationActor(WEB)).toBe('annotation:prod/Deployment/shop/web');
    expect(
      annotationActor({ cluster: 'prod', kind: 'ClusterRole', name: 'reader' }),
    ).toBe('annotation:prod/ClusterRole//reader');
  });
});

describe('annotations on a scanned snapshot', () => {
  const manifest = (annotation: string) =>
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: capture',
      '  namespace: netops',
      '  annotations:',
      `    kube-security.io/accept.privileged-container: "${annotation}"`,
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: tcpdump',
      '          image: registry.example.com/tcpdump@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
      '          securityContext:',
      '            privileged: true',
    ].join('\n');

  function scan(annotation: string, now: Date) {
    const { objects, origins, errors } = parseManifestText(
      manifest(annotation),
      'capture.yaml',
    );
    expect(errors).toEqual([]);
    const snapshot = {
      cluster: 'prod',
      scope: 'manifests' as const,
      objects,
      origins,
    };
    const result = evaluate(snapshot);
    const read = readAnnotationExceptions(snapshot, { now, maxDays: 180 });
    const findings = applyAnnotationExceptions(
      result.findings,
      read.exceptions,
    );
    const plan = buildPlan({ items: result.items, findings });
    const item = plan.items.find(
      i => i.itemId === 'workload-admission-policy',
    )!;
    const privileged = findings.filter(
      f => f.checkId === PRIVILEGED && f.status === 'fail',
    );
    return { read, privileged, item };
  }

  it('marks the privileged finding accepted and takes it out of the failing set', () => {
    const { read, privileged, item } = scan(
      'Packet capture needs it; expires=2026-07-31',
      new Date('2026-06-15T12:00:00Z'),
    );
    expect(read.problems).toEqual([]);
    expect(privileged).toHaveLength(1);
    expect(privileged[0].accepted).toMatchObject({
      source: 'annotation',
      createdBy: 'annotation:prod/Deployment/netops/capture',
      expiresAt: '2026-07-31T23:59:59.999Z',
    });
    expect(item.acceptedFindings).toBeGreaterThanOrEqual(1);
    expect(
      item.findings.filter(f => f.checkId === PRIVILEGED && !f.accepted),
    ).toEqual([]);
  });

  it('leaves the finding failing once the annotation has expired', () => {
    const { read, privileged, item } = scan(
      'Packet capture needs it; expires=2026-07-31',
      new Date('2026-08-01T00:00:00Z'),
    );
    expect(read.exceptions).toEqual([]);
    expect(read.problems[0].message).toContain('it expired');
    expect(privileged[0].accepted).toBeUndefined();
    expect(item.status).toBe('fail');
  });
});
