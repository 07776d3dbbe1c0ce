import { CHECK_DEFINITIONS } from '@kube-security/plugin-kube-security-common';
import type {
  CatalogCheckDefinition,
  ResourceRef,
} from '@kube-security/plugin-kube-security-common';
import { parseManifestText } from '../snapshot/parse';
import type { KubeObject, Snapshot } from '../snapshot/types';
import {
  ACCEPT_ANNOTATION_PREFIX,
  readAcceptAnnotation,
  readAnnotationExceptions,
} from './annotations';
import { createCheckNameResolver } from './checkNames';

// A fixed clock: 2026-06-15 in the afternoon (UTC).
const NOW = new Date('2026-06-15T14:30:00Z');
const OPTIONS = { now: NOW, maxDays: 180 };
const REASON = 'Needs raw sockets for packet capture';

function deployment(
  annotations: Record<string, unknown>,
  extra: Partial<KubeObject['metadata']> = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'shop',
      annotations: annotations as Record<string, string>,
      ...extra,
    },
    spec: {
      template: {
        metadata: { annotations: {} },
        spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
      },
    },
  };
}

function snapshotOf(
  objects: KubeObject[],
  extra: Partial<Snapshot> = {},
): Snapshot {
  return { cluster: 'prod', scope: 'manifests', objects, ...extra };
}

function read(objects: KubeObject[], options = OPTIONS) {
  return readAnnotationExceptions(snapshotOf(objects), options);
}

/** The problems' messages of one annotation value on a Deployment. */
function problemsFor(value: unknown, key = 'privileged-container') {
  return read([deployment({ [`${ACCEPT_ANNOTATION_PREFIX}${key}`]: value })])
    .problems;
}

const WEB: ResourceRef = {
  cluster: 'prod',
  kind: 'Deployment',
  namespace: 'shop',
  name: 'web',
};

describe('readAnnotationExceptions: valid annotations', () => {
  it('reads the check-id form, with "." for "/"', () => {
    const key =
      'kube-security.io/accept.workload-admission-policy.privileged-container';
    const { exceptions, problems } = read([
      deployment({ [key]: `${REASON}; expires=2026-11-30` }),
    ]);
    expect(problems).toEqual([]);
    expect(exceptions).toEqual([
      {
        resource: WEB,
        checkId: 'workload-admission-policy/privileged-container',
        itemId: 'workload-admission-policy',
        justification: REASON,
        // Valid through the whole of 2026-11-30 (UTC).
        expiresAt: '2026-11-30T23:59:59.999Z',
        annotation: key,
      },
    ]);
  });

  it('reads the slug form when the slug names one check', () => {
    const { exceptions, problems } = read([
      deployment({
        'kube-security.io/accept.mutable-tag': `${REASON}; expires=2026-07-01`,
      }),
    ]);
    expect(problems).toEqual([]);
    expect(exceptions.map(e => [e.checkId, e.itemId, e.expiresAt])).toEqual([
      [
        'image-trusted-registries/mutable-tag',
        'image-trusted-registries',
        '2026-07-01T23:59:59.999Z',
      ],
    ]);
  });

  it('tolerates spaces and any case of "expires", and keeps semicolons in the reason', () => {
    const { exceptions, problems } = read([
      deployment({
        'kube-security.io/accept.run-as-root':
          '  Vendor image; fixed upstream in v3 ;   EXPIRES =  2026-08-01  ',
      }),
    ]);
    expect(problems).toEqual([]);
    expect(exceptions).toHaveLength(1);
    expect(exceptions[0].justification).toBe(
      'Vendor image; fixed upstream in v3',
    );
    expect(exceptions[0].expiresAt).toBe('2026-08-01T23:59:59.999Z');
  });

  it('takes the reason up to the last "; expires="', () => {
    const { exceptions } = read([
      deployment({
        'kube-security.io/accept.run-as-root':
          'Old note said; expires=2020-01-01 but now; expires=2026-09-01',
      }),
    ]);
    expect(exceptions[0].justification).toBe(
      'Old note said; expires=2020-01-01 but now',
    );
    expect(exceptions[0].expiresAt).toBe('2026-09-01T23:59:59.999Z');
  });

  it('accepts today (valid through the day) and exactly the maximum', () => {
    expect(problemsFor(`${REASON}; expires=2026-06-15`)).toEqual([]);
    // 2026-06-15 + 180 days = 2026-12-12.
    expect(problemsFor(`${REASON}; expires=2026-12-12`)).toEqual([]);
  });

  it('reads every object, names namespaces and cluster-wide kinds as the findings do', () => {
    const { objects, errors } = parseManifestText(
      [
        'apiVersion: v1',
        'kind: Namespace',
        'metadata:',
        '  name: payments',
        '  annotations:',
        `    kube-security.io/accept.pod-security-labels: "${REASON}; expires=2026-07-01"`,
        '---',
        'apiVersion: rbac.authorization.k8s.io/v1',
        'kind: ClusterRole',
        'metadata:',
        '  name: reader',
        '  annotations:',
        `    kube-security.io/accept.cluster-secrets-read: "${REASON}; expires=2026-07-01"`,
        '---',
        'apiVersion: apps/v1',
        'kind: StatefulSet',
        'metadata:',
        '  name: db',
        '  annotations:',
        `    kube-security.io/accept.default-namespace: "${REASON}; expires=2026-07-01"`,
        'spec: {}',
      ].join('\n'),
      'objects.yaml',
    );
    expect(errors).toEqual([]);
    const { exceptions, problems } = read(objects);
    expect(problems).toEqual([]);
    expect(exceptions.map(e => [e.checkId, e.resource])).toEqual([
      [
        'workload-admission-policy/pod-security-labels',
        {
          cluster: 'prod',
          kind: 'Namespace',
          namespace: 'payments',
          name: 'payments',
        },
      ],
      [
        'workload-rbac-least-privilege/cluster-secrets-read',
        { cluster: 'prod', kind: 'ClusterRole', name: 'reader' },
      ],
      [
        'workload-namespace-isolation/default-namespace',
        // No namespace in the manifest: judged in `default`, as the engine does.
        {
          cluster: 'prod',
          kind: 'StatefulSet',
          namespace: 'default',
          name: 'db',
        },
      ],
    ]);
  });

  it('ignores other annotations and the pod template annotations', () => {
    const object = deployment({
      'kube-security.io/owner': 'payments',
      'kube-security.io/accepted-by': 'someone',
      'example.com/accept.privileged-container': 'not ours',
    });
    object.spec.template.metadata.annotations = {
      'kube-security.io/accept.privileged-container': `${REASON}; expires=2026-07-01`,
    };
    expect(read([object])).toEqual({ exceptions: [], problems: [] });
  });
});

describe('readAnnotationExceptions: problems, never honoured', () => {
  it('reports a value without an expiry', () => {
    const problems = problemsFor(REASON);
    expect(problems).toEqual([
      {
        resource: WEB,
        annotation: 'kube-security.io/accept.privileged-container',
        message:
          'Deployment shop/web: annotation kube-security.io/accept.privileged-container is not honoured: it has no expiry: write the value as "<reason>; expires=YYYY-MM-DD"',
      },
    ]);
  });

  it.each([
    ['31/12/2026', 'another date format'],
    ['2026-12-31T00:00:00Z', 'a timestamp'],
    ['', 'nothing'],
    ['soon', 'a word'],
  ])('reports an expiry of the wrong form: "%s" (%s)', expiry => {
    const problems = problemsFor(`${REASON}; expires=${expiry}`);
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toContain(
      `the expiry "${expiry}" is not a date of the form YYYY-MM-DD`,
    );
  });

  it.each(['2026-02-30', '2026-13-01', '2026-06-00', '2027-02-29'])(
    'reports an expiry that is not a real day: %s',
    expiry => {
      const problems = problemsFor(`${REASON}; expires=${expiry}`);
      expect(problems.map(p => p.message)).toEqual([
        expect.stringContaining(
          `the expiry "${expiry}" is not a day of the calendar`,
        ),
      ]);
    },
  );

  it('accepts 29 February in a leap year', () => {
    const { exceptions } = read(
      [
        deployment({
          'kube-security.io/accept.privileged-container': `${REASON}; expires=2028-02-29`,
        }),
      ],
      { now: NOW, maxDays: 1000 },
    );
    expect(exceptions[0].expiresAt).toBe('2028-02-29T23:59:59.999Z');
  });

  it('reports a value that is not text', () => {
    expect(problemsFor(42)[0].message).toContain('its value is not text');
  });

  it('reports an expired annotation against the clock it is given', () => {
    const value = `${REASON}; expires=2026-06-14`;
    const expired = problemsFor(value);
    expect(expired).toHaveLength(1);
    expect(expired[0].message).toContain(
      'it expired: it was valid through 2026-06-14',
    );
    // The same annotation, read the day before, is honoured.
    const dayBefore = read(
      [deployment({ 'kube-security.io/accept.privileged-container': value })],
      { now: new Date('2026-06-14T23:59:59Z'), maxDays: 180 },
    );
    expect(dayBefore.problems).toEqual([]);
    expect(dayBefore.exceptions).toHaveLength(1);
  });

  it('reports an expiry beyond the maximum, naming the maximum', () => {
    const problems = problemsFor(`${REASON}; expires=2026-12-13`);
    expect(problems.map(p => p.message)).toEqual([
      'Deployment shop/web: annotation kube-security.io/accept.privileged-container is not honoured: the expiry 2026-12-13 is 181 days away; the maximum is 180 days',
    ]);
    const shorter = read(
      [
        deployment({
          'kube-security.io/accept.privileged-container': `${REASON}; expires=2026-07-01`,
        }),
      ],
      { now: NOW, maxDays: 7 },
    );
    expect(shorter.exceptions).toEqual([]);
    expect(shorter.problems[0].message).toContain('the maximum is 7 days');
  });

  it('reports an empty or short reason', () => {
    expect(problemsFor('; expires=2026-07-01')[0].message).toContain(
      'it gives no reason',
    );
    expect(problemsFor('   ; expires=2026-07-01')[0].message).toContain(
      'it gives no reason',
    );
    expect(problemsFor('Vendor; expires=2026-07-01')[0].message).toContain(
      'the reason "Vendor" is too short',
    );
    // Ten characters is enough.
    expect(problemsFor('0123456789; expires=2026-07-01')).toEqual([]);
  });

  it('reports every issue of one annotation', () => {
    const problems = problemsFor('short; expires=2020-01-01', 'privileged');
    expect(problems.map(p => p.message)).toEqual([
      expect.stringContaining('"privileged" names no Kube Security check'),
      expect.stringContaining('the reason "short" is too short'),
      expect.stringContaining('it expired: it was valid through 2020-01-01'),
    ]);
  });

  it('reports an unknown check', () => {
    const problems = problemsFor(
      `${REASON}; expires=2026-07-01`,
      'no-such-check',
    );
    expect(problems.map(p => p.message)).toEqual([
      expect.stringContaining(
        'annotation kube-security.io/accept.no-such-check is not honoured: "no-such-check" names no Kube Security check',
      ),
    ]);
  });

  it('explains that a check id keeps no "/" in a key', () => {
    const problems = problemsFor(
      `${REASON}; expires=2026-07-01`,
      'workload-admission-policy/privileged-container',
    );
    expect(problems[0].message).toContain(
      'write the check as workload-admission-policy.privileged-container',
    );
  });

  it('reports a mistyped prefix and an empty check name', () => {
    const { exceptions, problems } = read([
      deployment({
        'kube-security.io/accept-privileged-container': `${REASON}; expires=2026-07-01`,
        'kube-security.io/accept.': `${REASON}; expires=2026-07-01`,
      }),
    ]);
    expect(exceptions).toEqual([]);
    expect(problems.map(p => [p.annotation, p.message])).toEqual([
      [
        'kube-security.io/accept-privileged-container',
        expect.stringContaining(
          'the key must have the form kube-security.io/accept.<check>',
        ),
      ],
      ['kube-security.io/accept.', expect.stringContaining('names no check')],
    ]);
  });

  it('reports a check-id key longer than Kubernetes allows', () => {
    // 66 characters after the "/": the API server would refuse the object.
    const problems = problemsFor(
      `${REASON}; expires=2026-07-01`,
      'workload-rbac-least-privilege.default-service-account-token',
    );
    expect(problems.map(p => p.message)).toEqual([
      expect.stringContaining(
        'is 66 characters long, over the 63 Kubernetes allows: name the check by its slug alone',
      ),
    ]);
    expect(
      problemsFor(
        `${REASON}; expires=2026-07-01`,
        'default-service-account-token',
      ),
    ).toEqual([]);
  });

  it('reports checks that are never about a Kubernetes object', () => {
    const problems = read([
      deployment({
        'kube-security.io/accept.public-endpoint': `${REASON}; expires=2026-07-01`,
        'kube-security.io/accept.policy-engine': `${REASON}; expires=2026-07-01`,
      }),
    ]).problems;
    expect(problems.map(p => p.message)).toEqual([
      expect.stringContaining(
        'policy-engine is about the whole cluster, not about one object, so an annotation on this Deployment cannot accept it',
      ),
      expect.stringContaining(
        "cluster-private-access/public-endpoint is judged from the cloud provider's settings",
      ),
    ]);
  });

  it('names the file and line of the object when known', () => {
    const { objects, origins } = parseManifestText(
      [
        'apiVersion: v1',
        'kind: Service',
        'metadata: { name: other }',
        '---',
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: web',
        '  namespace: shop',
        '  annotations:',
        '    kube-security.io/accept.privileged-container: "no expiry here"',
        'spec: {}',
      ].join('\n'),
      'deploy/web.yaml',
    );
    const { problems } = readAnnotationExceptions(
      snapshotOf(objects, { origins }),
      OPTIONS,
    );
    expect(problems).toHaveLength(1);
    expect(problems[0].origin).toEqual({ file: 'deploy/web.yaml', line: 5 });
  });
});

describe('readAnnotationExceptions: Secrets', () => {
  it('skips Secret objects whole, without reading their data', () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'db-password',
        namespace: 'shop',
        annotations: {
          'kube-security.io/accept.literal-secret-env': 'bad',
        },
      },
      get data(): never {
        throw new Error('the Secret data was read');
      },
      get stringData(): never {
        throw new Error('the Secret data was read');
      },
    } as unknown as KubeObject;
    const { exceptions, problems } = read([
      secret,
      deployment({
        'kube-security.io/accept.privileged-container': `${REASON}; expires=2026-07-01`,
      }),
    ]);
    expect(problems).toEqual([]);
    expect(exceptions.map(e => e.resource.kind)).toEqual(['Deployment']);
  });
});

describe('check names', () => {
  const definition = (
    itemId: CatalogCheckDefinition['itemId'],
    slug: string,
  ): CatalogCheckDefinition => ({
    id: `${itemId}/${slug}`,
    itemId,
    title: slug,
    severity: 'high',
    evidence: 'kubernetes',
    standards: [],
    scope: 'object',
  });
  // The catalog has no ambiguous slug today; this one does.
  const catalog = Object.fromEntries(
    [
      definition('workload-admission-policy', 'host-path'),
      definition('image-trusted-registries', 'host-path'),
      definition('image-trusted-registries', 'mutable-tag'),
    ].map(d => [d.id, d]),
  );
  const resolve = createCheckNameResolver(catalog);

  it('refuses an ambiguous slug, listing the full names to use', () => {
    const { exception, issues } = readAcceptAnnotation(
      'kube-security.io/accept.host-path',
      `${REASON}; expires=2026-07-01`,
      WEB,
      OPTIONS,
      resolve,
    );
    expect(exception).toBeUndefined();
    expect(issues).toEqual([
      '"host-path" is ambiguous: it is the slug of 2 checks; write the full one instead (image-trusted-registries.host-path or workload-admission-policy.host-path)',
    ]);
  });

  it('still resolves the full form of an ambiguous slug, and unique slugs', () => {
    expect(resolve('image-trusted-registries.host-path').definition?.id).toBe(
      'image-trusted-registries/host-path',
    );
    expect(resolve('mutable-tag').definition?.id).toBe(
      'image-trusted-registries/mutable-tag',
    );
    expect(resolve('Mutable-Tag').definition?.id).toBe(
      'image-trusted-registries/mutable-tag',
    );
  });

  it('resolves every check of the real catalog by its full form, and its slug unless shared', () => {
    const real = createCheckNameResolver();
    const definitions = Object.values(CHECK_DEFINITIONS);
    expect(definitions.length).toBeGreaterThan(40);
    const slugOf = (id: string) => id.slice(id.indexOf('/') + 1);
    const resolved = definitions.map(def => {
      const bySlug = real(slugOf(def.id));
      return [
        def.id,
        real(def.id.replace('/', '.')).definition?.id,
        bySlug.definition?.id ??
          `ambiguous: ${/is ambiguous/.test(bySlug.error ?? '')}`,
      ];
    });
    const expected = definitions.map(def => {
      const shared = definitions.filter(
        d => slugOf(d.id) === slugOf(def.id),
      ).length;
      return [def.id, def.id, shared === 1 ? def.id : 'ambiguous: true'];
    });
    expect(resolved).toEqual(expected);
  });
});
