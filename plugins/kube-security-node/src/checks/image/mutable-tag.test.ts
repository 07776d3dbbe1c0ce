import { runCheck, snapshotWith } from '../cloud/__testUtils__/harness';
import {
  imagesBad,
  imagesGood,
  oneContainer,
  REPORT,
  WEB,
} from './__testUtils__/load';
import { mutableTagCheck } from './mutable-tag';

describe('image-trusted-registries/mutable-tag', () => {
  it('flags :latest and missing tags', () => {
    const outcome = runCheck(mutableTagCheck, imagesBad());
    expect(outcome.lines).toEqual([
      `fail ${WEB}#web @ spec.template.spec.containers[0].image`,
      `fail ${REPORT}#report @ spec.jobTemplate.spec.template.spec.containers[0].image`,
    ]);
    expect(outcome.findings[0].message).toBe(
      'Container "web" uses nginx without a tag, which means :latest.',
    );
    expect(outcome.findings[1].message).toContain(
      'the latest tag moves with every push',
    );
  });

  it('accepts a :latest tag pinned by digest, and versioned tags', () => {
    const pinned = oneContainer({
      image: `nginx:latest@sha256:${'c'.repeat(64)}`,
    });
    expect(runCheck(mutableTagCheck, pinned)).toMatchObject({
      evidence: true,
      findings: [],
    });
    expect(runCheck(mutableTagCheck, imagesGood()).findings).toEqual([]);
  });

  it('treats a registry port as a port, not a tag', () => {
    const outcome = runCheck(
      mutableTagCheck,
      oneContainer({ image: 'localhost:5000/app' }),
    );
    expect(outcome.lines).toEqual([
      'fail Deployment:team/app#main @ spec.template.spec.containers[0].image',
    ]);
  });

  it('calls a container without a name (unnamed), as the pod-spec checks do', () => {
    const outcome = runCheck(
      mutableTagCheck,
      oneContainer({ name: undefined, image: 'nginx' }),
    );
    expect(outcome.findings.map(f => f.message)).toEqual([
      'Container "(unnamed)" uses nginx without a tag, which means :latest.',
    ]);
  });

  it('has no evidence without containers', () => {
    expect(runCheck(mutableTagCheck, snapshotWith({})).evidence).toBe(false);
  });
});
