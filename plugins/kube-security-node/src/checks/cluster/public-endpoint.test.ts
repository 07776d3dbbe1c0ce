import {
  bareDescriptor,
  editDescriptor,
  loadDescriptor,
  runOnCloud,
} from '../cloud/__testUtils__/harness';
import {
  PUBLIC_ACCESS_NOT_DISABLED,
  publicEndpointCheck,
} from './public-endpoint';

describe('cluster-private-access/public-endpoint', () => {
  describe('EKS', () => {
    it('fails a public endpoint open to 0.0.0.0/0', () => {
      const outcome = runOnCloud(
        publicEndpointCheck,
        loadDescriptor('eks-bad'),
      );
      expect(outcome.lines).toEqual([
        'fail Cluster/payments-prod @ cluster.resourcesVpcConfig.publicAccessCidrs',
      ]);
      expect(outcome.findings[0].message).toBe(
        'The EKS API endpoint is public and open to 0.0.0.0/0, and private access is off, so even nodes reach it over the internet.',
      );
      expect(outcome.findings[0].severity).toBeUndefined(); // the check's default: critical
    });

    it('treats missing CIDRs on a public endpoint as open (the AWS default)', () => {
      const noCidrs = editDescriptor('eks-bad', d => {
        delete d.cluster.resourcesVpcConfig.publicAccessCidrs;
      });
      expect(runOnCloud(publicEndpointCheck, noCidrs).lines).toEqual([
        'fail Cluster/payments-prod @ cluster.resourcesVpcConfig.publicAccessCidrs',
      ]);
    });

    it('warns about a public endpoint restricted to known ranges', () => {
      const restricted = editDescriptor('eks-bad', d => {
        d.cluster.resourcesVpcConfig.publicAccessCidrs = ['203.0.113.0/24'];
      });
      const outcome = runOnCloud(publicEndpointCheck, restricted);
      expect(outcome.lines).toEqual([
        'warn Cluster/payments-prod @ cluster.resourcesVpcConfig.publicAccessCidrs',
      ]);
      expect(outcome.findings[0]).toMatchObject({ severity: 'medium' });
      expect(outcome.findings[0].message).toContain(
        'limited to 203.0.113.0/24',
      );
      // Restricted access meets CIS EKS 5.4.1; only "public access disabled" remains open.
      expect(outcome.findings[0].standards).toEqual(PUBLIC_ACCESS_NOT_DISABLED);
    });

    it('answers every endpoint control when the endpoint is open to all', () => {
      const outcome = runOnCloud(
        publicEndpointCheck,
        loadDescriptor('eks-bad'),
      );
      expect(outcome.findings[0].standards).toBeUndefined();
    });

    it('passes a private endpoint even though AWS still prints 0.0.0.0/0', () => {
      expect(
        runOnCloud(publicEndpointCheck, loadDescriptor('eks-good')),
      ).toMatchObject({ evidence: true, findings: [] });
    });
  });

  describe('GKE', () => {
    it('fails a public endpoint without authorized networks', () => {
      const outcome = runOnCloud(
        publicEndpointCheck,
        loadDescriptor('gke-bad'),
      );
      expect(outcome.lines).toEqual([
        'fail Cluster/shop-prod @ cluster.masterAuthorizedNetworksConfig.enabled',
      ]);
      expect(outcome.findings[0].message).toContain(
        'authorized networks are disabled',
      );
    });

    it('fails authorized networks that include 0.0.0.0/0 and warns about restricted ones', () => {
      const open = editDescriptor('gke-bad', d => {
        d.cluster.masterAuthorizedNetworksConfig = {
          enabled: true,
          cidrBlocks: [
            { cidrBlock: '10.0.0.0/8' },
            { displayName: 'anyone', cidrBlock: '0.0.0.0/0' },
          ],
        };
      });
      expect(runOnCloud(publicEndpointCheck, open).lines).toEqual([
        'fail Cluster/shop-prod @ cluster.masterAuthorizedNetworksConfig.cidrBlocks[1].cidrBlock',
      ]);
      const restricted = editDescriptor('gke-bad', d => {
        d.cluster.masterAuthorizedNetworksConfig = {
          enabled: true,
          gcpPublicCidrsAccessEnabled: true,
          cidrBlocks: [{ cidrBlock: '198.51.100.0/24' }],
        };
      });
      const outcome = runOnCloud(publicEndpointCheck, restricted);
      expect(outcome.lines).toEqual([
        'warn Cluster/shop-prod @ cluster.masterAuthorizedNetworksConfig.cidrBlocks',
      ]);
      expect(outcome.findings[0].message).toContain(
        'limited to 198.51.100.0/24 plus every Google Cloud public IP',
      );
      expect(outcome.findings[0].standards).toEqual(PUBLIC_ACCESS_NOT_DISABLED);
    });

    it('reads the newer controlPlaneEndpointsConfig', () => {
      const publicIp = editDescriptor('gke-good', d => {
        delete d.cluster.privateClusterConfig.enablePrivateEndpoint;
        d.cluster.controlPlaneEndpointsConfig.ipEndpointsConfig.enablePublicEndpoint =
          true;
        d.cluster.controlPlaneEndpointsConfig.ipEndpointsConfig.authorizedNetworksConfig =
          {};
      });
      expect(runOnCloud(publicEndpointCheck, publicIp).lines).toEqual([
        'fail Cluster/shop-prod-eu @ cluster.controlPlaneEndpointsConfig.ipEndpointsConfig.authorizedNetworksConfig.enabled',
      ]);
      const dnsOnly = editDescriptor('gke-bad', d => {
        d.cluster.controlPlaneEndpointsConfig = {
          ipEndpointsConfig: { enabled: false },
        };
      });
      expect(runOnCloud(publicEndpointCheck, dnsOnly)).toMatchObject({
        evidence: true,
        findings: [],
      });
    });

    it('passes a private endpoint', () => {
      expect(
        runOnCloud(publicEndpointCheck, loadDescriptor('gke-good')),
      ).toMatchObject({ evidence: true, findings: [] });
    });
  });

  describe('AKS', () => {
    it('fails a public API server without authorized IP ranges', () => {
      const outcome = runOnCloud(
        publicEndpointCheck,
        loadDescriptor('aks-bad'),
      );
      expect(outcome.lines).toEqual([
        'fail Cluster/orders-aks @ cluster.apiServerAccessProfile',
      ]);
      expect(outcome.findings[0].message).toBe(
        'The AKS API server is public and has no authorized IP ranges, so any address on the internet can reach it.',
      );
    });

    it('fails ranges that include 0.0.0.0/0, warns about restricted ranges (either casing)', () => {
      const open = editDescriptor('aks-bad', d => {
        d.cluster.apiServerAccessProfile = {
          enablePrivateCluster: false,
          authorizedIpRanges: ['0.0.0.0/0'],
        };
      });
      expect(runOnCloud(publicEndpointCheck, open).lines).toEqual([
        'fail Cluster/orders-aks @ cluster.apiServerAccessProfile.authorizedIpRanges',
      ]);
      const restricted = editDescriptor('aks-bad', d => {
        d.cluster.apiServerAccessProfile = {
          authorizedIPRanges: ['192.0.2.10/32'],
        };
      });
      const warned = runOnCloud(publicEndpointCheck, restricted);
      expect(warned.lines).toEqual([
        'warn Cluster/orders-aks @ cluster.apiServerAccessProfile.authorizedIPRanges',
      ]);
      expect(warned.findings[0].standards).toEqual(PUBLIC_ACCESS_NOT_DISABLED);
    });

    it('passes a private cluster', () => {
      expect(
        runOnCloud(publicEndpointCheck, loadDescriptor('aks-good')),
      ).toMatchObject({ evidence: true, findings: [] });
    });
  });

  it('has no evidence without endpoint facts', () => {
    for (const provider of ['eks', 'gke', 'aks'] as const) {
      expect(
        runOnCloud(publicEndpointCheck, bareDescriptor(provider)).evidence,
      ).toBe(false);
    }
  });
});
