import { runCheck, snapshotWith } from '../cloud/__testUtils__/harness';
import { imagesBad, imagesGood, oneContainer, WEB } from './__testUtils__/load';
import { literalSecretEnvCheck } from './literal-secret-env';

describe('image-externalized-config/literal-secret-env', () => {
  it('flags literal credentials once per container and never echoes their values', () => {
    const outcome = runCheck(literalSecretEnvCheck, imagesBad());
    expect(outcome.lines).toEqual([
      `fail ${WEB}#web @ spec.template.spec.containers[0].env[3].value`,
    ]);
    expect(outcome.findings[0].message).toBe(
      'Container "web" sets DB_PASSWORD, STRIPE_API_KEY as literal values in the pod spec; reference a Secret with valueFrom.secretKeyRef instead.',
    );
    expect(JSON.stringify(outcome.findings)).not.toContain(
      'placeholder-not-a-real',
    );
  });

  it('ignores secretKeyRef, $(VAR) references, pointers to files or names, and empty values', () => {
    // The payments/api container of the bad fixture has exactly these.
    const lines = runCheck(literalSecretEnvCheck, imagesBad()).lines;
    expect(lines.some(l => l.includes('payments/api'))).toBe(false);
    expect(runCheck(literalSecretEnvCheck, imagesGood())).toMatchObject({
      evidence: true,
      findings: [],
    });
  });

  it.each([
    'GITHUB_TOKEN',
    'aws_access_key_id',
    'PrivateKey',
    'GOOGLE_CREDENTIALS',
    'db_passwd',
    'APIKEY',
  ])('recognises %s as a credential name', name => {
    const outcome = runCheck(
      literalSecretEnvCheck,
      oneContainer({ image: 'app:1', env: [{ name, value: 'v' }] }),
    );
    expect(outcome.lines).toEqual([
      'fail Deployment:team/app#main @ spec.template.spec.containers[0].env[0].value',
    ]);
    expect(outcome.findings[0].message).not.toContain('"v"');
  });

  it.each([
    'LOG_LEVEL',
    'TOKEN_TTL',
    'SECRET_PATH',
    'PASSWORD_FILE',
    'KEYCLOAK_URL',
  ])('does not flag %s', name => {
    const outcome = runCheck(
      literalSecretEnvCheck,
      oneContainer({ image: 'app:1', env: [{ name, value: 'v' }] }),
    );
    expect(outcome.findings).toEqual([]);
  });

  it('has no evidence without containers', () => {
    expect(runCheck(literalSecretEnvCheck, snapshotWith({})).evidence).toBe(
      false,
    );
  });
});
