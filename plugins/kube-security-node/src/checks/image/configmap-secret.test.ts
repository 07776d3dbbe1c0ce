import {
  manifests,
  runCheck,
  snapshotWith,
} from '../cloud/__testUtils__/harness';
import { configMapSecretCheck } from './configmap-secret';

const PEM_BODY =
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDnotarealkey0000';
const PEM = `-----BEGIN PRIVATE KEY-----\n${PEM_BODY}\n-----END PRIVATE KEY-----\n`;
const AWS_KEY = 'AKIAZZZZEXAMPLE00002';
const PASSWORD = 'Xq7-notreal-9fLw';

function configMap(data: Record<string, string>, field = 'data', extra = '') {
  return snapshotWith({
    scope: 'manifests',
    objects: manifests(
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'app-config',
          namespace: 'shop',
          labels: { app: 'shop' },
        },
        [field]: data,
      }) + extra,
    ),
  });
}

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

describe('image-externalized-config/configmap-secret', () => {
  it.each<[string, Record<string, string>, string, string]>([
    [
      'a PEM private key',
      { 'tls.key': PEM },
      `'tls.key' (a private key)`,
      'data["tls.key"]',
    ],
    [
      'an AWS access key',
      { AWS_ACCESS_KEY_ID: AWS_KEY },
      `'AWS_ACCESS_KEY_ID' (an AWS access key)`,
      'data.AWS_ACCESS_KEY_ID',
    ],
    [
      'a password',
      { 'db-password': PASSWORD },
      `'db-password' (a credential-named value)`,
      'data["db-password"]',
    ],
    [
      'an API key',
      { apiKey: 'k3y-0123456789abcdef' },
      `'apiKey' (a credential-named value)`,
      'data.apiKey',
    ],
    [
      'a password inside an embedded file',
      {
        'application.properties': `server.port=8080\nspring.datasource.password=${PASSWORD}\n`,
      },
      `'application.properties' ('spring.datasource.password' inside)`,
      'data["application.properties"]',
    ],
  ])(
    'reports %s by key name and kind, never the value',
    (_what, data, named, path) => {
      const outcome = runCheck(configMapSecretCheck, configMap(data));
      expect(outcome.evidence).toBe(true);
      expect(outcome.lines).toEqual([
        `fail ConfigMap:shop/app-config @ ${path}`,
      ]);
      expect(outcome.findings[0].message).toBe(
        `ConfigMap 'app-config' stores credentials under key ${named}; ConfigMaps are readable in clear: move them to a Secret (or a secret store) and rotate them.`,
      );
      expect(outcome.findings[0].labels).toEqual({ app: 'shop' });
      const output = JSON.stringify(outcome.findings);
      for (const value of Object.values(data))
        expect(output).not.toContain(value);
      expect(output).not.toContain(PASSWORD);
      expect(output).not.toContain(PEM_BODY);
    },
  );

  it('reads binaryData: base64 text with a key, and keystores by name', () => {
    const outcome = runCheck(
      configMapSecretCheck,
      configMap(
        { 'id.pem': b64(PEM), 'server.p12': b64('\u0000\u0001binary') },
        'binaryData',
      ),
    );
    expect(outcome.findings[0].message).toContain(
      `keys 'id.pem' (a private key) in binaryData, 'server.p12' (a keystore) in binaryData`,
    );
    expect(JSON.stringify(outcome.findings)).not.toContain(b64(PEM));
  });

  it.each<[string, Record<string, string>]>([
    [
      'settings',
      { 'log-level': 'debug', replicas: '3', 'feature.flags': 'checkout-v2' },
    ],
    [
      'a password policy',
      { 'password-policy': 'strict', 'password-min-length': '12' },
    ],
    [
      'switches and placeholders',
      {
        'token-auth': 'enabled',
        password: '${DB_PASSWORD}',
        secret: '<set-me>',
      },
    ],
    [
      'pointers to files and Secrets',
      { 'secret-name': 'shop-db', 'token-file': '/var/run/secrets/token' },
    ],
    [
      'a CA certificate',
      {
        'ca.crt':
          '-----BEGIN CERTIFICATE-----\nMIIBexample\n-----END CERTIFICATE-----\n',
      },
    ],
    [
      'a config file without credentials',
      {
        'app.yaml':
          'server:\n  port: 8080\nauth:\n  tokenTtl: 3600\n  passwordPolicy: strict\n',
      },
    ],
  ])('passes %s', (_what, data) => {
    expect(runCheck(configMapSecretCheck, configMap(data))).toMatchObject({
      evidence: true,
      findings: [],
    });
  });

  it('has no evidence on manifests without ConfigMaps; a whole cluster without any passes', () => {
    expect(
      runCheck(configMapSecretCheck, snapshotWith({ scope: 'manifests' }))
        .evidence,
    ).toBe(false);
    const clusterWithoutConfigMaps = snapshotWith({
      scope: 'cluster',
      objects: manifests(
        'apiVersion: v1\nkind: Namespace\nmetadata: { name: shop }\n',
      ),
    });
    expect(
      runCheck(configMapSecretCheck, clusterWithoutConfigMaps),
    ).toMatchObject({ evidence: true, findings: [] });
    // A cloud descriptor alone is no view of the cluster's objects.
    expect(
      runCheck(configMapSecretCheck, snapshotWith({ scope: 'cluster' }))
        .evidence,
    ).toBe(false);
  });
});

describe('image-externalized-config/configmap-secret: weak key names', () => {
  it('reports a random-looking value under a key that hints at a credential', () => {
    const outcome = runCheck(
      configMapSecretCheck,
      configMap({
        'encryption-key': 'f3A9kQ2mZ8xW1pL7',
        'cache-key': 'user-sessions',
      }),
    );
    expect(outcome.findings.map(f => f.message)).toEqual([
      "ConfigMap 'app-config' stores credentials under key 'encryption-key' (a random-looking value); ConfigMaps are readable in clear: move them to a Secret (or a secret store) and rotate them.",
    ]);
  });
});

describe('image-externalized-config/configmap-secret: provider credential names and one-line settings', () => {
  it.each([
    'AWS_SECRET_ACCESS_KEY',
    'aws_access_key_id',
    'AZURE_BATCH_KEY',
    'AZURE_STORAGE_ACCOUNT_KEY',
    'AZURE_CLIENT_SECRET',
    'OCI_CLI_KEY_CONTENT',
  ])('warns on %s even when its value is masked', key => {
    for (const masked of ['xxxxx', 'XXXX', '****']) {
      const outcome = runCheck(
        configMapSecretCheck,
        configMap({ [key]: masked }),
      );
      expect(outcome.lines).toEqual([
        `warn ConfigMap:shop/app-config @ data.${key}`,
      ]);
      expect(outcome.findings[0].message).toContain(`'${key}'`);
      expect(outcome.findings[0].message).not.toContain(masked);
    }
  });

  it('fails a provider credential name with a real-looking value, naming it without its value', () => {
    const outcome = runCheck(
      configMapSecretCheck,
      configMap({
        AZURE_BATCH_KEY: 'hello there',
        OCI_CLI_KEY_CONTENT: PASSWORD,
      }),
    );
    expect(outcome.lines).toEqual([
      'fail ConfigMap:shop/app-config @ data.AZURE_BATCH_KEY',
    ]);
    const text = JSON.stringify(outcome.findings);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain('hello there');
  });

  it('fails a masked provider key when another key holds a credential', () => {
    const outcome = runCheck(
      configMapSecretCheck,
      configMap({ AWS_SECRET_ACCESS_KEY: 'xxxx', DB_PASSWORD: PASSWORD }),
    );
    expect(outcome.lines).toEqual([
      'fail ConfigMap:shop/app-config @ data.AWS_SECRET_ACCESS_KEY',
    ]);
  });

  it('treats GOOGLE_APPLICATION_CREDENTIALS as a credential only when it holds the JSON key file', () => {
    const json = JSON.stringify({ type: 'service_account', project_id: 'p' });
    expect(
      runCheck(
        configMapSecretCheck,
        configMap({ GOOGLE_APPLICATION_CREDENTIALS: json }),
      ).lines,
    ).toEqual([
      'fail ConfigMap:shop/app-config @ data.GOOGLE_APPLICATION_CREDENTIALS',
    ]);
    expect(
      runCheck(
        configMapSecretCheck,
        configMap({
          GOOGLE_APPLICATION_CREDENTIALS: '/var/secrets/google/key.json',
        }),
      ).findings,
    ).toEqual([]);
  });

  it('leaves templated provider keys and ordinary Azure or AWS settings alone', () => {
    expect(
      runCheck(
        configMapSecretCheck,
        configMap({
          AWS_SECRET_ACCESS_KEY: '${AWS_SECRET_ACCESS_KEY}',
          AWS_REGION: 'eu-west-1',
          AZURE_KEY_VAULT_NAME: 'shop-vault',
          AZURE_TENANT_ID: 'xxxx',
        }),
      ).findings,
    ).toEqual([]);
  });

  it.each([
    ['REDIS_PASSWORD=Abcd1234', 'REDIS_PASSWORD'],
    ['db_password: s3cr3t-value', 'db_password'],
    ['export API_TOKEN="tok-9f8e7d6c"', 'API_TOKEN'],
  ])('recognises the one-line setting %s', (line, name) => {
    const outcome = runCheck(configMapSecretCheck, configMap({ config: line }));
    expect(outcome.lines).toEqual([
      'fail ConfigMap:shop/app-config @ data.config',
    ]);
    expect(outcome.findings[0].message).toContain(`'${name}' inside`);
    expect(outcome.findings[0].message).not.toContain(line.split(/[=:]\s*/)[1]);
  });

  it.each([
    'REDIS_PASSWORD=${REDIS_PASSWORD}',
    'PASSWORD_MIN_LENGTH=12',
    'redis_password: required',
    'LOG_LEVEL=debug',
    'password_file=/etc/app/pw',
  ])('leaves the one-line setting %s alone', line => {
    expect(
      runCheck(configMapSecretCheck, configMap({ config: line })).findings,
    ).toEqual([]);
  });
});
