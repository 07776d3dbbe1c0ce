import { runCheck, snapshotWith } from '../cloud/__testUtils__/harness';
import {
  API,
  imagesBad,
  imagesGood,
  oneContainer,
  WEB,
} from './__testUtils__/load';
import { environmentTagCheck } from './environment-tag';

describe('image-externalized-config/environment-tag', () => {
  it('flags environment words in tags and image names', () => {
    const outcome = runCheck(environmentTagCheck, imagesBad());
    expect(outcome.lines).toEqual([
      `fail ${WEB}#log-shipper @ spec.template.spec.containers[1].image`,
      `fail ${API}#api @ spec.template.spec.containers[0].image`,
    ]);
    expect(outcome.findings[0].message).toContain(
      'whose tag names the "prod" environment',
    );
    expect(outcome.findings[1].message).toContain(
      'whose name names the "staging" environment',
    );
  });

  it.each([
    ['app:latest', false],
    ['app:1.2.3', false],
    ['contest/app:1', false],
    ['registry.dev.example.com/app:1', false],
    ['app:uat', true],
    ['team/qa-tools:1', true],
    ['app:1.2.3-development', true],
  ])('%s -> flagged %s', (image, flagged) => {
    const outcome = runCheck(environmentTagCheck, oneContainer({ image }));
    expect(outcome.findings.length > 0).toBe(flagged);
  });

  it('passes the good fixture and has no evidence without containers', () => {
    expect(runCheck(environmentTagCheck, imagesGood())).toMatchObject({
      evidence: true,
      findings: [],
    });
    expect(runCheck(environmentTagCheck, snapshotWith({})).evidence).toBe(
      false,
    );
  });
});
