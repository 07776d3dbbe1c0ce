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
