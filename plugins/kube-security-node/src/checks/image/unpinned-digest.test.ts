import {
  manifests,
  runCheck,
  snapshotWith,
} from '../cloud/__testUtils__/harness';
import {
  API,
  imagesBad,
  imagesGood,
  oneContainer,
  REPORT,
  WEB,
} from './__testUtils__/load';
import { unpinnedDigestCheck } from './unpinned-digest';

describe('image-trusted-registries/unpinned-digest', () => {
  it('flags every image referenced by tag only', () => {
    expect(runCheck(unpinnedDigestCheck, imagesBad()).lines).toEqual([
      `fail ${WEB}#migrate @ spec.template.spec.initContainers[0].image`,
      `fail ${WEB}#web @ spec.template.spec.containers[0].image`,
      `fail ${WEB}#log-shipper @ spec.template.spec.containers[1].image`,
      `fail ${API}#api @ spec.template.spec.containers[0].image`,
      `fail ${REPORT}#report @ spec.jobTemplate.spec.template.spec.containers[0].image`,
    ]);
  });

  it('accepts digests, with or without a tag', () => {
    expect(runCheck(unpinnedDigestCheck, imagesGood())).toMatchObject({
      evidence: true,
      findings: [],
    });
    const digestOnly = oneContainer({
      image: `alpine@sha256:${'b'.repeat(64)}`,
    });
    expect(runCheck(unpinnedDigestCheck, digestOnly).findings).toEqual([]);
  });

  it('leaves provider-managed add-ons in system namespaces alone, but not other images there', () => {
    const addon = (image: string, namespace: string) =>
      snapshotWith({
        objects: manifests(
          JSON.stringify({
            apiVersion: 'apps/v1',
            kind: 'DaemonSet',
            metadata: { name: 'kube-proxy', namespace },
            spec: {
              template: {
                spec: { containers: [{ name: 'kube-proxy', image }] },
              },
            },
          }),
        ),
      });
    const eksImage =
      '602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/kube-proxy:v1.29.3-minimal-eksbuild.2';
    expect(
      runCheck(unpinnedDigestCheck, addon(eksImage, 'kube-system')),
    ).toMatchObject({ evidence: true, findings: [] });
    expect(
      runCheck(unpinnedDigestCheck, addon(eksImage, 'team-a')).findings,
    ).toHaveLength(1);
    expect(
      runCheck(
        unpinnedDigestCheck,
        addon('bitnami/kube-proxy:1', 'kube-system'),
      ).findings,
    ).toHaveLength(1);
  });

  it('calls a container without a name (unnamed)', () => {
    const outcome = runCheck(
      unpinnedDigestCheck,
      oneContainer({ name: undefined, image: 'nginx:1.27' }),
    );
    expect(outcome.findings[0].message).toMatch(
      /^Container "\(unnamed\)" refers to nginx:1\.27 by tag/,
    );
  });

  it('has no evidence without containers', () => {
    expect(runCheck(unpinnedDigestCheck, snapshotWith({})).evidence).toBe(
      false,
    );
  });
});

describe('image-trusted-registries/unpinned-digest: digests that pin nothing', () => {
  const hex = (n: number, ch = 'c') => ch.repeat(n);
  it.each([
    ['a short sha256 digest', 'nginx@sha256:abc'],
    ['63 hex digits', `nginx@sha256:${hex(63)}`],
    ['upper-case hex', `nginx@sha256:${hex(64, 'C')}`],
    ['a short sha512 digest', `nginx:1.27@sha512:${hex(64)}`],
    ['a short blake3 digest', `nginx@blake3:${hex(63)}`],
    ['an unregistered algorithm', `nginx@custom:${hex(64)}`],
    ['a one-letter digest of an unregistered algorithm', 'nginx@custom:a'],
  ])('reports %s as an invalid digest', (_what, image) => {
    const outcome = runCheck(unpinnedDigestCheck, oneContainer({ image }));
    expect(outcome.lines).toEqual([
      'fail Deployment:team/app#main @ spec.template.spec.containers[0].image',
    ]);
    expect(outcome.findings[0].message).toContain('invalid digest');
  });

  it.each([
    ['sha256', `nginx@sha256:${hex(64)}`],
    ['sha512', `registry.example.com/team/api:2@sha512:${hex(128, 'd')}`],
    ['blake3', `nginx@blake3:${hex(64, 'e')}`],
  ])('accepts a full lower-case %s digest', (_what, image) => {
    expect(
      runCheck(unpinnedDigestCheck, oneContainer({ image })).findings,
    ).toEqual([]);
  });
});
