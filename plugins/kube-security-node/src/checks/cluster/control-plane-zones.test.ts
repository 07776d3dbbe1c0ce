import {
  bareDescriptor,
  editDescriptor,
  loadDescriptor,
  runOnCloud,
} from '../cloud/__testUtils__/harness';
import { controlPlaneZonesCheck, isGcpZone } from './control-plane-zones';

describe('cluster-multi-zone/control-plane-zones', () => {
  it('fails a zonal GKE cluster', () => {
    const outcome = runOnCloud(
      controlPlaneZonesCheck,
      loadDescriptor('gke-bad'),
    );
    expect(outcome.lines).toEqual([
      'fail Cluster/shop-prod @ cluster.location',
    ]);
    expect(outcome.findings[0].message).toContain(
      'The GKE cluster is zonal (europe-west1-b)',
    );
  });

  it('reads the legacy `zone` field when `location` is absent', () => {
    const legacy = editDescriptor('gke-bad', d => {
      delete d.cluster.location;
    });
    expect(runOnCloud(controlPlaneZonesCheck, legacy).lines).toEqual([
      'fail Cluster/shop-prod @ cluster.zone',
    ]);
  });

  it('reads the zones of the AKS agent pools, not the pricing tier', () => {
    const bad = runOnCloud(controlPlaneZonesCheck, loadDescriptor('aks-bad'));
    expect(bad.lines).toEqual([
      'warn Cluster/orders-aks @ cluster.agentPoolProfiles',
    ]);
    expect(bad.findings[0].message).toContain(
      'No agent pool of the AKS cluster uses availability zones',
    );
    expect(
      runOnCloud(controlPlaneZonesCheck, loadDescriptor('aks-good')),
    ).toMatchObject({ evidence: true, findings: [] });
    // The tier no longer decides: a Free cluster in zones passes, a Standard one without fails.
    const freeInZones = editDescriptor('aks-good', d => {
      d.cluster.sku.tier = 'Free';
    });
    expect(runOnCloud(controlPlaneZonesCheck, freeInZones).findings).toEqual(
      [],
    );
    const standardNoZones = editDescriptor('aks-bad', d => {
      d.cluster.sku.tier = 'Standard';
    });
    expect(runOnCloud(controlPlaneZonesCheck, standardNoZones).lines).toEqual([
      'warn Cluster/orders-aks @ cluster.agentPoolProfiles',
    ]);
    // One pool in zones is enough to show the region has them.
    const secondPool = editDescriptor('aks-bad', d => {
      d.cluster.agentPoolProfiles.push({
        name: 'user',
        availabilityZones: ['1'],
      });
    });
    expect(runOnCloud(controlPlaneZonesCheck, secondPool).findings).toEqual([]);
  });

  it('cannot tell from a partial AKS descriptor whose pools say nothing about zones', () => {
    const partial = editDescriptor('aks-bad', d => {
      d.cluster = {
        name: 'orders-aks',
        agentPoolProfiles: [{ name: 'nodepool1', count: 3 }],
      };
    });
    expect(runOnCloud(controlPlaneZonesCheck, partial)).toMatchObject({
      evidence: false,
      findings: [],
    });
  });

  it('passes EKS (always three zones) and regional GKE', () => {
    expect(
      runOnCloud(controlPlaneZonesCheck, loadDescriptor('eks-bad')),
    ).toMatchObject({ evidence: true, findings: [] });
    expect(
      runOnCloud(controlPlaneZonesCheck, loadDescriptor('gke-good')),
    ).toMatchObject({ evidence: true, findings: [] });
  });

  it.each([
    ['europe-west1-b', true],
    ['us-central1-f', true],
    ['northamerica-northeast2-a', true],
    ['europe-west1', false],
    ['us-central1', false],
  ])('isGcpZone(%s) is %s', (location, zone) => {
    expect(isGcpZone(location)).toBe(zone);
  });

  it('has no evidence without location or agent pools', () => {
    for (const provider of ['eks', 'gke', 'aks'] as const) {
      expect(
        runOnCloud(controlPlaneZonesCheck, bareDescriptor(provider)).evidence,
      ).toBe(false);
    }
  });
});
