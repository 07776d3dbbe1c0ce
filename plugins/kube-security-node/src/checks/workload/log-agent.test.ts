import type { CloudDescriptor } from '../../snapshot/types';
import {
  fixtureObjects,
  flagged,
  passes,
  runOn,
} from './__testUtils__/testing';
import { logAgentCheck } from './log-agent';

const checks = [logAgentCheck];

const ITEM = 'workload-central-telemetry';
const ID = `${ITEM}/log-agent`;

describe('workload-central-telemetry/log-agent', () => {
  it('fails a whole cluster whose DaemonSets ship no logs', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'bad.yaml'), {
      scope: 'cluster',
    });
    expect(flagged(run)).toEqual(['log-agent fail Cluster/-/test']);
    expect(run.findings[0].message).toBe(
      'No log or telemetry agent runs on the nodes: container and node logs stay on the nodes and are lost with them, leaving no trail of an attack',
    );
    expect(run.evidence[ID]).toBe(true);
  });

  it('concludes nothing from manifests without an agent', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'bad.yaml'));
    expect(run.findings).toEqual([]);
    expect(run.evidence[ID]).toBe(false);
  });

  it('concludes nothing when DaemonSets could not be read', () => {
    const run = runOn(checks, [], {
      scope: 'cluster',
      unreadableKinds: ['daemonsets'],
    });
    expect(run.evidence[ID]).toBe(false);
  });

  it('passes on an agent DaemonSet, recognised by its image', () => {
    for (const scope of ['manifests', 'cluster'] as const) {
      const run = runOn(checks, fixtureObjects(ITEM, 'good.yaml'), { scope });
      expect(flagged(run)).toEqual([]);
      expect(passes(run)).toEqual([
        "log-agent Fluent Bit runs on the nodes (DaemonSet 'logging/log-shipper')",
      ]);
      expect(run.evidence[ID]).toBe(true);
    }
  });

  it.each<[string, CloudDescriptor, string]>([
    [
      'GKE Cloud Logging',
      {
        provider: 'gke',
        cluster: { loggingService: 'logging.googleapis.com/kubernetes' },
      },
      'cluster.loggingService',
    ],
    [
      'GKE workload log components',
      {
        provider: 'gke',
        cluster: {
          loggingConfig: {
            componentConfig: {
              enableComponents: ['SYSTEM_COMPONENTS', 'WORKLOADS'],
            },
          },
        },
      },
      'cluster.loggingConfig.componentConfig.enableComponents',
    ],
    [
      'AKS container insights',
      {
        provider: 'aks',
        cluster: { addonProfiles: { omsAgent: { enabled: true } } },
      },
      'cluster.addonProfiles.omsAgent.enabled',
    ],
    [
      'EKS CloudWatch Observability add-on',
      {
        provider: 'eks',
        cluster: {},
        addons: [
          { addonName: 'vpc-cni' },
          { addonName: 'amazon-cloudwatch-observability', status: 'ACTIVE' },
        ],
      },
      'addons[1]',
    ],
  ])('passes on the provider signal: %s', (_name, cloud, path) => {
    const run = runOn(checks, fixtureObjects(ITEM, 'bad.yaml'), { cloud });
    expect(flagged(run)).toEqual([]);
    expect(run.findings.map(f => [f.status, f.evidencePath])).toEqual([
      ['pass', path],
    ]);
    expect(run.evidence[ID]).toBe(true);
  });

  it('names the provider setting that is off when failing a cluster', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'bad.yaml'), {
      scope: 'cluster',
      cloud: { provider: 'gke', cluster: { loggingService: 'none' } },
    });
    expect(flagged(run)).toEqual([
      'log-agent fail Cluster/-/test @ cluster.loggingService',
    ]);
    expect(run.findings[0].message).toMatch(
      /and Cloud Logging for workloads is off/,
    );
  });
});
