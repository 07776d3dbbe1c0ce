import { parseManifestText } from '../../snapshot/parse';
import { fixtureObjects, flagged, runOn } from './__testUtils__/testing';
import { readOnlyRootFilesystemCheck } from './read-only-root-filesystem';

const checks = [readOnlyRootFilesystemCheck];

describe('workload-admission-policy/read-only-root-filesystem', () => {
  it('finds containers with a writable root filesystem', () => {
    const { objects } = parseManifestText(`
apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly, namespace: team }
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: explicit
              image: app:1
              securityContext: { readOnlyRootFilesystem: false }
            - { name: unset, image: app:1 }
            - name: fine
              image: app:1
              securityContext: { readOnlyRootFilesystem: true }
`);
    expect(flagged(runOn(checks, objects))).toEqual([
      'read-only-root-filesystem fail CronJob/team/nightly/explicit @ spec.jobTemplate.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem',
      'read-only-root-filesystem fail CronJob/team/nightly/unset @ spec.jobTemplate.spec.template.spec.containers[1].securityContext.readOnlyRootFilesystem',
    ]);
  });

  it('passes the hardened fixture', () => {
    expect(
      flagged(
        runOn(checks, fixtureObjects('workload-admission-policy', 'good.yaml')),
      ),
    ).toEqual([]);
  });
});
