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

  it('warns about the AKS Free tier and passes Standard', () => {
    expect(
      runOnCloud(controlPlaneZonesCheck, loadDescriptor('aks-bad')).lines,
    ).toEqual(['warn Cluster/orders-aks @ cluster.sku.tier']);
    expect(
      runOnCloud(controlPlaneZonesCheck, loadDescriptor('aks-good')),
    ).toMatchObject({ evidence: true, findings: [] });
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

  it('has no evidence without location or tier', () => {
    for (const provider of ['eks', 'gke', 'aks'] as const) {
      expect(
        runOnCloud(controlPlaneZonesCheck, bareDescriptor(provider)).evidence,
      ).toBe(false);
    }
  });
});
