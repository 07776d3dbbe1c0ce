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

describe('image-externalized-config/literal-secret-env: values by their shape', () => {
  const PEM = [
    '-----BEGIN RSA PRIVATE KEY-----',
    'MIIEowIBAAKCAQEAzVw0examplekeymaterialnotrealAAAAB3NzaC1yc2EAAAADAQAB',
    '-----END RSA PRIVATE KEY-----',
  ].join('\n');
  const AWS_KEY = 'AKIAZZZZEXAMPLE00001';

  it.each([
    ['SSH_KEY', PEM, 'a private key'],
    ['AWS_ID', AWS_KEY, 'an AWS access key'],
    ['GH', `ghp_${'a1B2'.repeat(9)}`, 'a GitHub token'],
    ['SLACK_HOOK_AUTH', 'xoxb-123456789012-abcdefghijkl', 'a Slack token'],
    [
      'DATABASE_URL',
      'postgres://app:s3cr3tpw@db.shop.svc:5432/app',
      'a URL with a password',
    ],
  ])('flags %s by its value and names the kind only', (name, value, kind) => {
    const outcome = runCheck(
      literalSecretEnvCheck,
      oneContainer({ image: 'app:1', env: [{ name, value }] }),
    );
    expect(outcome.findings.map(f => f.message)).toEqual([
      `Container "main" sets ${name} (${kind}) as literal value in the pod spec; reference a Secret with valueFrom.secretKeyRef instead.`,
    ]);
    expect(JSON.stringify(outcome.findings)).not.toContain(value);
  });

  it('judges init and ephemeral containers and every workload kind', () => {
    const outcome = runCheck(
      literalSecretEnvCheck,
      oneContainer(
        { image: 'app:1' },
        {
          initContainers: [
            {
              name: 'init',
              image: 'app:1',
              env: [{ name: 'K', value: AWS_KEY }],
            },
          ],
          ephemeralContainers: [
            {
              name: 'debug',
              image: 'app:1',
              env: [{ name: 'API_TOKEN', value: 'abc' }],
            },
          ],
        },
      ),
    );
    expect(outcome.lines).toEqual([
      'fail Deployment:team/app#init @ spec.template.spec.initContainers[0].env[0].value',
      'fail Deployment:team/app#debug @ spec.template.spec.ephemeralContainers[0].env[0].value',
    ]);
  });

  it.each([
    ['DB_PASSWORD', '${DB_PASSWORD}'],
    ['API_TOKEN', '{{ .Values.token }}'],
    ['PASSWORD_POLICY', 'strict'],
    ['DATABASE_URL', 'postgres://db.shop.svc:5432/app'],
    ['DATABASE_URL', 'postgres://app:$(DB_PASSWORD)@db:5432/app'],
  ])('does not flag %s=%s', (name, value) => {
    expect(
      runCheck(
        literalSecretEnvCheck,
        oneContainer({ image: 'app:1', env: [{ name, value }] }),
      ).findings,
    ).toEqual([]);
  });
});

describe('image-externalized-config/literal-secret-env: weak names and command lines', () => {
  it.each([
    ['ENCRYPTION_KEY', 'f3A9kQ2mZ8xW1pL7'],
    ['DB_PWD', 'x9Lk2Qw8Zp4N'],
    ['AUTH', 'aB3dE5gH7jK9mN1p'],
  ])('flags %s when its value looks generated', (name, value) => {
    const outcome = runCheck(
      literalSecretEnvCheck,
      oneContainer({ image: 'app:1', env: [{ name, value }] }),
    );
    expect(outcome.lines).toEqual([
      'fail Deployment:team/app#main @ spec.template.spec.containers[0].env[0].value',
    ]);
    expect(JSON.stringify(outcome.findings)).not.toContain(value);
  });

  it.each([
    ['CACHE_KEY', 'user-sessions'],
    ['SORT_KEY', 'created_at'],
    ['PARTITION_KEY', 'tenant'],
    ['PWD', '/app'],
    ['AUTH', 'oauth2'],
  ])('does not flag setting %s=%s', (name, value) => {
    expect(
      runCheck(
        literalSecretEnvCheck,
        oneContainer({ image: 'app:1', env: [{ name, value }] }),
      ).findings,
    ).toEqual([]);
  });

  it('flags credential flags on the command line, by flag name', () => {
    const outcome = runCheck(
      literalSecretEnvCheck,
      oneContainer({
        image: 'app:1',
        command: ['/bin/server'],
        args: [
          '--port=8080',
          '--db-password=Pr0d-pa55-example',
          '--api-token',
          'tok-abc-123456',
        ],
      }),
    );
    expect(outcome.lines).toEqual([
      'fail Deployment:team/app#main @ spec.template.spec.containers[0].args[1]',
    ]);
    expect(outcome.findings[0].message).toBe(
      'Container "main" passes --db-password, --api-token with a literal value on its command line; reference a Secret with valueFrom.secretKeyRef instead.',
    );
    const text = JSON.stringify(outcome.findings);
    expect(text).not.toContain('Pr0d-pa55-example');
    expect(text).not.toContain('tok-abc-123456');
  });

  it('does not flag flags that reference variables or files', () => {
    const outcome = runCheck(
      literalSecretEnvCheck,
      oneContainer({
        image: 'app:1',
        args: [
          '--db-password=$(DB_PASSWORD)',
          '--token-file=/var/run/secrets/token',
          '--password-file',
          '/etc/pw',
          '--secret',
          '${SECRET}',
        ],
      }),
    );
    expect(outcome.findings).toEqual([]);
  });
});

describe('image-externalized-config/literal-secret-env: PEM variants, authorization values, pwd', () => {
  const run = (env: Array<{ name: string; value: string }>) =>
    runCheck(literalSecretEnvCheck, oneContainer({ image: 'app:1', env }));

  it.each([3, 4, 5])(
    'recognises a PEM private key marked with %i dashes',
    n => {
      const dashes = '-'.repeat(n);
      const value = `${dashes}BEGIN OPENSSH PRIVATE KEY${dashes}\nb3BlbnNzaC1rZXktdjEAAAAA\n${dashes}END OPENSSH PRIVATE KEY${dashes}\n`;
      const outcome = run([{ name: 'the_good_stuff', value }]);
      expect(outcome.findings[0].message).toContain(
        'the_good_stuff (a private key)',
      );
      expect(JSON.stringify(outcome.findings)).not.toContain(
        'b3BlbnNzaC1rZXkt',
      );
    },
  );

  it.each([
    ['bearer abc123def', 'a bearer token'],
    ['Bearer eyZ0.payload-9.sig_x', 'a bearer token'],
    ['BEARER 0123456789abcdef', 'a bearer token'],
    [
      `Basic ${Buffer.from('admin:hunter2').toString('base64')}`,
      'basic authentication credentials',
    ],
    [
      `basic ${Buffer.from('svc:x').toString('base64')}`,
      'basic authentication credentials',
    ],
  ])(
    'recognises the authorization value %s whatever the name',
    (value, kind) => {
      const outcome = run([{ name: 'UPSTREAM_HEADER', value }]);
      expect(outcome.findings[0].message).toContain(
        `UPSTREAM_HEADER (${kind})`,
      );
      expect(JSON.stringify(outcome.findings)).not.toContain(
        value.split(' ')[1],
      );
    },
  );

  it.each([
    'Bearer authentication',
    'basic',
    'Basic auth is disabled',
    'bearer',
  ])('leaves the phrase %s alone', value => {
    expect(run([{ name: 'AUTH_MODE_HELP', value }]).findings).toEqual([]);
  });

  it.each(['pwd', 'PWD', 'passwd', 'DB_PWD', 'dbPwd'])(
    'treats %s as a password name whatever its value',
    name => {
      const outcome = run([{ name, value: 'Hpwd' }]);
      expect(outcome.findings[0].message).toContain(`sets ${name} as`);
      expect(outcome.findings[0].message).not.toContain('Hpwd');
    },
  );

  it.each([
    ['PWD', '/app'],
    ['pwd', './work'],
    ['PASSWD', '/etc/passwd'],
    ['HOME_PWD', '~/src'],
  ])('leaves %s=%s (a path) alone', (name, value) => {
    expect(run([{ name, value }]).findings).toEqual([]);
  });

  it('treats provider credential variables as credential names', () => {
    const outcome = run([
      { name: 'azure_batch_key', value: 'Hello from the environment' },
    ]);
    expect(outcome.findings[0].message).toContain('sets azure_batch_key as');
    expect(outcome.findings[0].message).not.toContain('Hello');
  });
});
