import {
  credentialInArgument,
  credentialNameKind,
  credentialShape,
  credentialsInText,
  isCredentialName,
  isPasswordAbbreviation,
  isPlaceholder,
  isWeakCredentialName,
  looksRandom,
  looksLikeCredentialValue,
} from './secretValues';

describe('secretValues', () => {
  it.each([
    'DB_PASSWORD',
    'db-password',
    'apiKey',
    'api.key',
    'CLIENT_SECRET',
    'GITHUB_TOKEN',
    'ssh_passphrase',
    'GOOGLE_CREDENTIALS',
  ])('%s names a credential', name => {
    expect(isCredentialName(name)).toBe(true);
  });

  it.each([
    'LOG_LEVEL',
    'password-policy',
    'PASSWORD_MIN_LENGTH',
    'passwordFile',
    'tokenTtl',
    'secret-name',
    'api-key-header',
    'TOKEN_URL',
  ])('%s does not name a credential', name => {
    expect(isCredentialName(name)).toBe(false);
  });

  it('recognises placeholders', () => {
    for (const v of [
      '$(DB_PASSWORD)',
      '${DB_PASSWORD}',
      '{{ .Values.token }}',
      '<password>',
    ]) {
      expect(isPlaceholder(v)).toBe(true);
    }
    expect(isPlaceholder('hunter2')).toBe(false);
  });

  it.each([
    ['-----BEGIN OPENSSH PRIVATE KEY-----\nabc', 'a private key'],
    ['-----BEGIN EC PRIVATE KEY-----', 'a private key'],
    ['id=AKIAIOSFODNN7EXAMPLE', 'an AWS access key'],
    [`ghp_${'x'.repeat(36)}`, 'a GitHub token'],
    [`glpat-${'y'.repeat(20)}`, 'a GitLab token'],
    ['https://user:pa55@example.com/x', 'a URL with a password'],
  ])('recognises the shape of %s', (value, kind) => {
    expect(credentialShape(value)).toBe(kind);
  });

  it.each([
    '-----BEGIN CERTIFICATE-----',
    '-----BEGIN PUBLIC KEY-----',
    'https://example.com/x',
    'https://user@example.com/x',
    'postgres://app:${DB_PASSWORD}@db/app',
  ])('does not take %s for a credential', value => {
    expect(credentialShape(value)).toBeUndefined();
  });

  it('tells credential values from settings', () => {
    expect(looksLikeCredentialValue('Wint3r-2024')).toBe(true);
    expect(looksLikeCredentialValue('"quoted-s3cret"')).toBe(true);
    for (const v of [
      'strict',
      'true',
      '12',
      '15m',
      '/etc/creds/pw',
      'https://vault',
      '***',
      'two words',
      'abc',
    ]) {
      expect(looksLikeCredentialValue(v)).toBe(false);
    }
  });

  it('finds credential lines in embedded files, whatever their syntax', () => {
    const text = [
      'server.port=8080',
      'spring.datasource.password=Example-Pa55',
      'export API_TOKEN="tok-123456"',
      '  "clientSecret": "cs-abcdef",',
      'password_policy: strict',
      'passwordFile: /etc/pw',
    ].join('\n');
    expect(credentialsInText(text).map(f => f.embeddedKey)).toEqual([
      'spring.datasource.password',
      'API_TOKEN',
      'clientSecret',
    ]);
  });

  it('takes weak names at their word only with random-looking values', () => {
    for (const name of [
      'ENCRYPTION_KEY',
      'db_pwd',
      'AUTH',
      'jwt-signature',
      'signingKey',
    ])
      expect(isWeakCredentialName(name)).toBe(true);
    for (const name of [
      'KEYCLOAK_REALM',
      'MONKEY',
      'KEY_FILE',
      'PASSENGER_COUNT',
    ])
      expect(isWeakCredentialName(name)).toBe(false);
    expect(looksRandom('f3A9kQ2mZ8xW1pL7')).toBe(true);
    for (const v of [
      'user-sessions',
      'release-2024-06',
      'aaaaaaaaaaaa1',
      '/var/lib/k3y9',
      'abc123',
    ])
      expect(looksRandom(v)).toBe(false);
  });

  it('finds credentials on command lines', () => {
    expect(credentialInArgument('--db-password=Pr0d-pa55')).toBe(
      '--db-password',
    );
    expect(credentialInArgument('s3cr3t-value', '--token')).toBe('--token');
    expect(credentialInArgument('--verbose', '--token')).toBeUndefined();
    expect(credentialInArgument('--password=$(DB_PASSWORD)')).toBeUndefined();
    expect(credentialInArgument('--log-level=debug')).toBeUndefined();
    expect(credentialInArgument('AKIAIOSFODNN7EXAMPLE')).toBe(
      'an AWS access key',
    );
  });

  it('classifies a name as the three name tests would, in their order', () => {
    const names = [
      'DB_PASSWORD',
      'DB_PWD',
      'pwd',
      'PASSWD',
      'dbPwd',
      'passwordFile',
      'PASSWORD_FILE',
      'apiKey',
      'ENCRYPTION_KEY',
      'CACHE_KEY',
      'KEY_ID',
      'AUTH',
      'jwtSecret',
      'TOKEN_TTL',
      'AWS_SECRET_ACCESS_KEY',
      'AZURE_BATCH_KEY',
      'OCI_CLI_KEY_CONTENT',
      'GOOGLE_CREDENTIALS',
      'SALT',
      'session-seed',
      'x-signature',
      'BEARER',
      'FEATURE_A1B2',
      'LOG_LEVEL',
      'PORT',
      'keyboardLayout',
      'monkey',
      '',
    ];
    const expected = (name: string) => {
      if (isPasswordAbbreviation(name)) return 'password-abbreviation';
      if (isCredentialName(name)) return 'credential';
      if (isWeakCredentialName(name)) return 'weak';
      return 'none';
    };
    for (const name of names) {
      expect([name, credentialNameKind(name)]).toEqual([name, expected(name)]);
    }
    expect(credentialNameKind('DB_PWD')).toBe('password-abbreviation');
    expect(credentialNameKind('DB_PASSWORD')).toBe('credential');
    expect(credentialNameKind('ENCRYPTION_KEY')).toBe('weak');
    expect(credentialNameKind('FEATURE_A1B2')).toBe('none');
  });
});
