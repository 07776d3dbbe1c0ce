import { runCheck, snapshotWith } from '../cloud/__testUtils__/harness';
import {
  API,
  imagesBad,
  imagesGood,
  oneContainer,
  REPORT,
  WEB,
} from './__fixtures__/load';
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

  it('has no evidence without containers', () => {
    expect(runCheck(unpinnedDigestCheck, snapshotWith({})).evidence).toBe(
      false,
    );
  });
});
