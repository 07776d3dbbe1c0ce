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
