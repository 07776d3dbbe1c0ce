import { runCheck, snapshotWith } from '../cloud/__testUtils__/harness';
import {
  API,
  imagesBad,
  imagesGood,
  oneContainer,
  REPORT,
  WEB,
} from './__testUtils__/load';
import { untrustedRegistryCheck } from './untrusted-registry';

describe('image-trusted-registries/untrusted-registry', () => {
  it('flags Docker Hub and unknown registries, not provider registries', () => {
    const outcome = runCheck(untrustedRegistryCheck, imagesBad());
    expect(outcome.evidence).toBe(true);
    expect(outcome.lines).toEqual([
      `fail ${WEB}#migrate @ spec.template.spec.initContainers[0].image`,
      `fail ${WEB}#web @ spec.template.spec.containers[0].image`,
      `fail ${WEB}#log-shipper @ spec.template.spec.containers[1].image`,
      `fail ${REPORT}#report @ spec.jobTemplate.spec.template.spec.containers[0].image`,
    ]);
    expect(outcome.lines.join()).not.toContain(API);
    expect(outcome.findings[1].message).toBe(
      'Container "web" pulls nginx from Docker Hub (docker.io/library/nginx); mirror or rebuild it into a registry you control.',
    );
    expect(outcome.findings[2].message).toBe(
      'Container "log-shipper" pulls ghcr.io/acme/log-shipper:prod-2024.06 from ghcr.io, which is not a trusted registry.',
    );
  });

  it('carries the workload labels so findings map to catalog entities', () => {
    const [first] = runCheck(untrustedRegistryCheck, imagesBad()).findings;
    expect(first.labels).toMatchObject({
      'backstage.io/kubernetes-id': 'shop-web',
      app: 'web',
    });
  });

  it('honours options.trustedRegistries', () => {
    const outcome = runCheck(untrustedRegistryCheck, imagesBad(), {
      trustedRegistries: [
        'ghcr.io/acme',
        'quay.io/someone',
        'docker.io/library',
      ],
    });
    expect(outcome.lines).toEqual([]);
  });

  describe('without an allow-list (no trustedRegistries configured)', () => {
    const INTERNAL =
      'registry.internal.example.com/payments/api@sha256:4b1a6c2f9e8d7c6b5a49382716f5e4d3c2b1a09f8e7d6c5b4a3928171605f4e3';

    it('does not report an image from an unknown private registry', () => {
      const outcome = runCheck(
        untrustedRegistryCheck,
        oneContainer({ image: INTERNAL }),
      );
      expect(outcome).toMatchObject({ evidence: true, findings: [] });
    });

    it.each([
      'registry.internal.example.com:5000/team/app:1.2.3',
      'localhost:5000/app:1',
      'harbor.corp.acme/app/api:2',
    ])('does not report private host %s', image => {
      expect(
        runCheck(untrustedRegistryCheck, oneContainer({ image })).findings,
      ).toEqual([]);
    });

    it.each([
      'nginx:1.25',
      'library/redis:7',
      'docker.io/bitnami/redis:7.2',
      'index.docker.io/someone/app:1',
      'ghcr.io/someone/app:1',
      'quay.io/someone/app:1',
      'public.ecr.aws/bitnami/redis:7',
      'registry.gitlab.com/someone/app:1',
      'lscr.io/linuxserver/nginx:1',
    ])('reports %s from Docker Hub or a shared public registry', image => {
      const outcome = runCheck(untrustedRegistryCheck, oneContainer({ image }));
      expect(outcome.lines).toEqual([
        'fail Deployment:team/app#main @ spec.template.spec.containers[0].image',
      ]);
    });

    it('passes the provider registries and known vendor namespaces', () => {
      for (const image of [
        '111122223333.dkr.ecr.eu-west-1.amazonaws.com/payments/api:1',
        'europe-west1-docker.pkg.dev/acme/apps/web:2',
        'acmeprod.azurecr.io/billing/api:3',
        'quay.io/cilium/cilium:v1.16.1',
      ]) {
        expect(
          runCheck(untrustedRegistryCheck, oneContainer({ image })).findings,
        ).toEqual([]);
      }
    });
  });

  it('with an allow-list, reports every image outside it and names the setting', () => {
    const outcome = runCheck(
      untrustedRegistryCheck,
      oneContainer({ image: 'registry.internal.example.com/payments/api:1' }),
      { trustedRegistries: ['harbor.acme.io'] },
    );
    expect(outcome.lines).toEqual([
      'fail Deployment:team/app#main @ spec.template.spec.containers[0].image',
    ]);
    expect(outcome.findings[0].message).toBe(
      'Container "main" pulls registry.internal.example.com/payments/api:1 from registry.internal.example.com, which is not among the trusted registries (kubeSecurity.trustedRegistries, or --trusted-registry in the CLI).',
    );
    expect(
      runCheck(
        untrustedRegistryCheck,
        oneContainer({ image: 'harbor.acme.io/payments/api:1' }),
        { trustedRegistries: ['harbor.acme.io'] },
      ).findings,
    ).toEqual([]);
  });

  it('passes the good fixture', () => {
    expect(runCheck(untrustedRegistryCheck, imagesGood())).toMatchObject({
      evidence: true,
      findings: [],
    });
  });

  it('has no evidence without containers and skips unparseable images', () => {
    expect(runCheck(untrustedRegistryCheck, snapshotWith({})).evidence).toBe(
      false,
    );
    const outcome = runCheck(
      untrustedRegistryCheck,
      oneContainer({ image: '${IMAGE}' }),
    );
    expect(outcome).toMatchObject({ evidence: true, findings: [] });
  });
});
