import { runCheck, snapshotWith } from '../cloud/__testUtils__/harness';
import { oneContainer } from './__testUtils__/load';
import { secretEnvReferenceCheck } from './secret-env-reference';

describe('image-externalized-config/secret-env-reference', () => {
  it('reports Secrets read through env valueFrom and envFrom, once per container', () => {
    const outcome = runCheck(
      secretEnvReferenceCheck,
      oneContainer({
        image: 'app:1',
        env: [
          { name: 'LOG_LEVEL', value: 'info' },
          {
            name: 'DB_PASSWORD',
            valueFrom: { secretKeyRef: { name: 'db', key: 'password' } },
          },
        ],
        envFrom: [
          { secretRef: { name: 'api-keys' } },
          { configMapRef: { name: 'settings' } },
        ],
      }),
    );
    expect(outcome.lines).toEqual([
      'fail Deployment:team/app#main @ spec.template.spec.containers[0].env[1].valueFrom.secretKeyRef',
    ]);
    expect(outcome.findings[0].message).toBe(
      `Container "main" reads Secret 'api-keys', 'db' into environment variables; mount the Secret as a volume and read the file instead, so the value stays out of the process environment.`,
    );
  });

  it('reports envFrom secretRef alone, in init containers too', () => {
    const outcome = runCheck(
      secretEnvReferenceCheck,
      oneContainer(
        { image: 'app:1' },
        {
          initContainers: [
            {
              name: 'init',
              image: 'app:1',
              envFrom: [{ secretRef: { name: 's' } }],
            },
          ],
        },
      ),
    );
    expect(outcome.lines).toEqual([
      'fail Deployment:team/app#init @ spec.template.spec.initContainers[0].envFrom[0].secretRef',
    ]);
  });

  it('passes Secrets mounted as volumes and ConfigMap or field references', () => {
    const outcome = runCheck(
      secretEnvReferenceCheck,
      oneContainer(
        {
          image: 'app:1',
          env: [
            {
              name: 'NODE',
              valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } },
            },
            {
              name: 'LEVEL',
              valueFrom: { configMapKeyRef: { name: 'c', key: 'level' } },
            },
          ],
          volumeMounts: [{ name: 'db', mountPath: '/etc/db', readOnly: true }],
        },
        { volumes: [{ name: 'db', secret: { secretName: 'db' } }] },
      ),
    );
    expect(outcome).toMatchObject({ evidence: true, findings: [] });
  });

  it('leaves platform namespaces alone and has no evidence without containers', () => {
    const snapshot = oneContainer({
      image: 'app:1',
      envFrom: [{ secretRef: { name: 's' } }],
    });
    (snapshot.objects[0].metadata as any).namespace = 'kube-system';
    expect(runCheck(secretEnvReferenceCheck, snapshot).findings).toEqual([]);
    expect(runCheck(secretEnvReferenceCheck, snapshotWith({})).evidence).toBe(
      false,
    );
  });
});
