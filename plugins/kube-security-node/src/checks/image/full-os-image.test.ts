import { runCheck, snapshotWith } from '../cloud/__testUtils__/harness';
import { imagesBad, imagesGood, oneContainer, WEB } from './__testUtils__/load';
import { fullOsImageCheck } from './full-os-image';

describe('image-minimal-scanned-base/full-os-image', () => {
  it('warns about full distribution images', () => {
    const outcome = runCheck(fullOsImageCheck, imagesBad());
    expect(outcome.lines).toEqual([
      `warn ${WEB}#migrate @ spec.template.spec.initContainers[0].image`,
    ]);
    expect(outcome.findings[0].message).toBe(
      'Container "migrate" runs the full ubuntu image ubuntu:22.04; use one of the approved minimal base images instead.',
    );
  });

  it.each([
    ['debian:bookworm-slim', true],
    ['quay.io/centos/centos:stream9', true],
    ['registry.access.redhat.com/ubi9/ubi:9.4', true],
    ['amazonlinux:2023', true],
    ['opensuse/leap:15.6', true],
    ['registry.access.redhat.com/ubi9/ubi-minimal:9.4', false],
    ['gcr.io/distroless/base-debian12', false],
    ['alpine:3.20', false],
    ['acme/ubuntu-tools:1', false],
  ])('%s -> warned %s', (image, warned) => {
    expect(
      runCheck(fullOsImageCheck, oneContainer({ image })).findings.length > 0,
    ).toBe(warned);
  });

  it('honours options.approvedBaseImages', () => {
    const outcome = runCheck(fullOsImageCheck, imagesBad(), {
      approvedBaseImages: ['library/ubuntu'],
    });
    expect(outcome.findings).toEqual([]);
  });

  it('passes the good fixture and has no evidence without containers', () => {
    expect(runCheck(fullOsImageCheck, imagesGood())).toMatchObject({
      evidence: true,
      findings: [],
    });
    expect(runCheck(fullOsImageCheck, snapshotWith({})).evidence).toBe(false);
  });
});
