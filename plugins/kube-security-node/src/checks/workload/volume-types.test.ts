import { parseManifestText } from '../../snapshot/parse';
import { fixtureObjects, flagged, runOn } from './__testUtils__/testing';
import { volumeTypesCheck } from './volume-types';

const checks = [volumeTypesCheck];

describe('workload-admission-policy/volume-types', () => {
  it('finds volume types outside the restricted list, leaving hostPath to host-path', () => {
    const { objects } = parseManifestText(`
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: team }
spec:
  template:
    spec:
      containers: [{ name: c, image: app:1 }]
      volumes:
        - { name: cfg, configMap: { name: cfg } }
        - { name: host, hostPath: { path: /data } }
        - { name: share, nfs: { server: nfs.example.com, path: /exports } }
        - { name: repo, gitRepo: { repository: "https://example.com/r.git" } }
`);
    const run = runOn(checks, objects);
    expect(flagged(run)).toEqual([
      'volume-types fail StatefulSet/team/db @ spec.template.spec.volumes[2].nfs',
    ]);
    expect(run.findings[0].message).toMatch(
      /uses nfs volume 'share' and gitRepo volume 'repo'/,
    );
  });

  it('passes the allowed types and the hardened fixture', () => {
    const { objects } = parseManifestText(`
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: team }
spec:
  containers: [{ name: c, image: app:1 }]
  volumes:
    - { name: a, configMap: { name: a } }
    - { name: b, secret: { secretName: b } }
    - { name: c, emptyDir: {} }
    - { name: d, persistentVolumeClaim: { claimName: d } }
    - { name: e, projected: { sources: [] } }
    - { name: f, downwardAPI: { items: [] } }
    - { name: g, csi: { driver: secrets-store.csi.k8s.io } }
    - name: h
      ephemeral:
        volumeClaimTemplate:
          spec: { accessModes: [ReadWriteOnce], resources: { requests: { storage: 1Gi } } }
    - { name: i }
`);
    expect(flagged(runOn(checks, objects))).toEqual([]);
    expect(
      flagged(
        runOn(checks, fixtureObjects('workload-admission-policy', 'good.yaml')),
      ),
    ).toEqual([]);
  });
});
