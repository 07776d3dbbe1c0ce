import { runCheck, snapshotWith } from '../cloud/__testUtils__/harness';
import { imagesBad, imagesGood, oneContainer, WEB } from './__testUtils__/load';
import { inlineConfigCheck } from './inline-config';

const FIVE = ['A', 'B', 'C', 'D', 'E'].map(name => ({ name, value: 'x' }));

describe('image-externalized-config/inline-config', () => {
  it('warns about containers configured through many literal variables', () => {
    const outcome = runCheck(inlineConfigCheck, imagesBad());
    expect(outcome.lines).toEqual([
      `warn ${WEB}#web @ spec.template.spec.containers[0].env`,
    ]);
    expect(outcome.findings[0].message).toContain(
      'sets 6 environment variables as literal values',
    );
  });

  it('accepts envFrom, a mounted ConfigMap volume (direct or projected), or few literals', () => {
    expect(runCheck(inlineConfigCheck, imagesGood())).toMatchObject({
      evidence: true,
      findings: [],
    });
    const withEnvFrom = oneContainer({
      image: 'a:1',
      env: FIVE,
      envFrom: [{ configMapRef: { name: 'c' } }],
    });
    expect(runCheck(inlineConfigCheck, withEnvFrom).findings).toEqual([]);
    const fewer = oneContainer({ image: 'a:1', env: FIVE.slice(1) });
    expect(runCheck(inlineConfigCheck, fewer).findings).toEqual([]);
  });

  it('still warns when a ConfigMap volume exists but the container does not mount it', () => {
    const unmounted = oneContainer(
      { image: 'a:1', env: FIVE },
      { volumes: [{ name: 'cfg', configMap: { name: 'c' } }] },
    );
    expect(runCheck(inlineConfigCheck, unmounted).lines).toEqual([
      'warn Deployment:team/app#main @ spec.template.spec.containers[0].env',
    ]);
  });

  it('has no evidence without containers', () => {
    expect(runCheck(inlineConfigCheck, snapshotWith({})).evidence).toBe(false);
  });
});
