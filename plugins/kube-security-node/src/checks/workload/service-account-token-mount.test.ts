import {
  badObjects,
  findingsOf,
  flaggedBy,
  goodObjects,
  yamlObjects,
} from './__testUtils__/rbacFixtures';
import { serviceAccountTokenMountCheck as check } from './service-account-token-mount';

describe('workload-rbac-least-privilege/service-account-token-mount', () => {
  it('reports bound accounts that mount their token as low', () => {
    expect(flaggedBy(check, badObjects())).toEqual([
      'service-account-token-mount fail low Deployment/team-b/pipeline @ spec.template.spec.automountServiceAccountToken',
      'service-account-token-mount fail low Deployment/team-c/ops-tool @ spec.template.spec.automountServiceAccountToken',
    ]);
    expect(flaggedBy(check, goodObjects())).toEqual([
      'service-account-token-mount fail low Deployment/team-a/api @ spec.template.spec.automountServiceAccountToken',
    ]);
  });

  it('reports unbound accounts as medium, and passes pods or accounts that turn it off', () => {
    const objects = yamlObjects(`
apiVersion: v1
kind: ServiceAccount
metadata: { name: quiet, namespace: team-a }
automountServiceAccountToken: false
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: team-a }
spec:
  selector: { matchLabels: { app: db } }
  template:
    metadata: { labels: { app: db } }
    spec:
      serviceAccountName: quiet
      containers: [{ name: db, image: registry.example.com/db:1 }]
---
apiVersion: batch/v1
kind: CronJob
metadata: { name: report, namespace: team-a }
spec:
  schedule: '@daily'
  jobTemplate:
    spec:
      template:
        spec:
          serviceAccountName: reporter
          restartPolicy: Never
          containers: [{ name: r, image: registry.example.com/r:1 }]
---
apiVersion: v1
kind: Pod
metadata: { name: no-token, namespace: team-a }
spec:
  serviceAccountName: reporter
  automountServiceAccountToken: false
  containers: [{ name: c, image: registry.example.com/c:1 }]
---
apiVersion: v1
kind: Pod
metadata: { name: forced, namespace: team-a }
spec:
  serviceAccountName: quiet
  automountServiceAccountToken: true
  containers: [{ name: c, image: registry.example.com/c:1 }]
`);
    expect(flaggedBy(check, objects)).toEqual([
      'service-account-token-mount fail CronJob/team-a/report @ spec.jobTemplate.spec.template.spec.automountServiceAccountToken',
      'service-account-token-mount fail Pod/team-a/forced @ spec.automountServiceAccountToken',
    ]);
    expect(
      findingsOf(check, objects).find(f => f.resource.name === 'report')
        ?.message,
    ).toBe(
      "Mounts the API token of service account 'reporter', which no binding in this scan grants any rights: set automountServiceAccountToken: false on the pod or the service account unless the pod calls the Kubernetes API",
    );
  });
});
