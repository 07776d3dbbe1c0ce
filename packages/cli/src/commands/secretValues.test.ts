import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';
import type { CliIo } from '../io';
import { runScan } from './scan';

/** Credential values planted in a manifest; none may appear in any report format. */
const VALUES = {
  envPassword: 'Env-Pa55word-example',
  envAwsKey: 'AKIAIOSFODNN7EXAMPLE',
  initToken: 'init-t0ken-example',
  configMapPassword: 'Cm-Pa55word-example',
  pemBody: 'MIIEpAIBAAKCAQEAexampleonlynotarealkeyexampleonly',
  embedded: 'Emb3dded-secret-example',
  urlPassword: 'Url-pa55-example',
};

const MANIFEST = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      initContainers:
        - name: migrate
          image: registry.example.com/shop/migrate:1
          env: [{ name: MIGRATION_TOKEN, value: ${VALUES.initToken} }]
      containers:
        - name: api
          image: registry.example.com/shop/api:1
          env:
            - { name: DB_PASSWORD, value: ${VALUES.envPassword} }
            - { name: S3_ID, value: ${VALUES.envAwsKey} }
            - { name: DATABASE_URL, value: "postgres://app:${VALUES.urlPassword}@db:5432/app" }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: settings, namespace: shop }
data:
  db-password: ${VALUES.configMapPassword}
  tls.key: |
    -----BEGIN PRIVATE KEY-----
    ${VALUES.pemBody}
    -----END PRIVATE KEY-----
  app.properties: |
    server.port=8080
    app.secret=${VALUES.embedded}
`;

async function scanAs(file: string, format: string) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: {
      write: (chunk: string) => {
        stdout += chunk;
        return true;
      },
    },
    stderr: {
      write: (chunk: string) => {
        stderr += chunk;
        return true;
      },
    },
    cwd: path.dirname(file),
    env: {},
  };
  const code = await runScan(['--manifests', file, '--format', format], io);
  return { code, output: stdout + stderr };
}

describe('credentials in manifests', () => {
  let dir: string;
  let file: string;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kube-security-secrets-'));
    file = path.join(dir, 'app.yaml');
    await fs.writeFile(file, MANIFEST);
  });

  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it.each(['json', 'sarif', 'markdown', 'table'])(
    'are reported by name in %s output, never by value',
    async format => {
      const { code, output } = await scanAs(file, format);
      expect(code).toBe(0);
      // Markdown escapes underscores.
      expect(output.replace(/\\_/g, '_')).toContain('DB_PASSWORD');
      expect(output).toContain('db-password');
      for (const value of Object.values(VALUES)) {
        expect(output).not.toContain(value);
      }
    },
  );

  it('names every key and where it is, in the JSON report', async () => {
    const { output } = await scanAs(file, 'json');
    const findings = JSON.parse(output).findings.filter((f: any) =>
      [
        'image-externalized-config/literal-secret-env',
        'image-externalized-config/configmap-secret',
      ].includes(f.checkId),
    );
    expect(
      findings.map((f: any) => [
        f.resource.kind,
        f.resource.name,
        f.resource.container ?? null,
        f.evidencePath,
        f.standards,
      ]),
    ).toEqual([
      [
        'ConfigMap',
        'settings',
        null,
        'data["db-password"]',
        ['NSA/CISA: Secrets'],
      ],
      [
        'Deployment',
        'api',
        'api',
        'spec.template.spec.containers[0].env[0].value',
        ['NSA/CISA: Secrets'],
      ],
      [
        'Deployment',
        'api',
        'migrate',
        'spec.template.spec.initContainers[0].env[0].value',
        ['NSA/CISA: Secrets'],
      ],
    ]);
    const configMap = findings.find(
      (f: any) => f.resource.kind === 'ConfigMap',
    );
    expect(configMap.message).toContain(
      `'db-password' (a credential-named value), 'tls.key' (a private key), 'app.properties' ('app.secret' inside)`,
    );
  });
});
