import { ConfigReader } from '@backstage/config';
import { clientOptions } from './collector/apis';
import { parseEndpoint, readGcpConfig } from './config';

function read(gcp: unknown) {
  return readGcpConfig(new ConfigReader({ kubeSecurity: { gcp } } as any));
}

describe('readGcpConfig', () => {
  it('returns nothing when the section is absent', () => {
    expect(readGcpConfig(new ConfigReader({}))).toEqual([]);
    expect(readGcpConfig(new ConfigReader({ kubeSecurity: {} }))).toEqual([]);
  });

  it('reads one project inline and more under projects', () => {
    const projects = read({
      projectId: 'acme-shop-prod',
      clusters: [
        {
          name: 'shop',
          location: 'europe-west1',
          gkeClusterName: 'shop-prod-eu',
          frequency: 'PT30M',
        },
      ],
      projects: [
        {
          projectId: 'acme-data',
          apiEndpoint: 'container-acme.p.googleapis.com',
          resourceManagerApiEndpoint: 'https://crm.internal.example:8443',
          clusters: [{ name: 'analytics', location: 'us-central1-a' }],
        },
      ],
    });
    expect(projects).toEqual([
      {
        projectId: 'acme-shop-prod',
        key: 'kubeSecurity.gcp',
        clusters: [
          {
            name: 'shop',
            location: 'europe-west1',
            gkeClusterName: 'shop-prod-eu',
            frequency: 'PT30M',
            key: 'kubeSecurity.gcp.clusters[0]',
          },
        ],
      },
      {
        projectId: 'acme-data',
        key: 'kubeSecurity.gcp.projects[0]',
        containerEndpoint: {
          transport: 'grpc',
          protocol: 'https',
          host: 'container-acme.p.googleapis.com',
        },
        resourceManagerEndpoint: {
          transport: 'rest',
          protocol: 'https',
          host: 'crm.internal.example',
          port: 8443,
        },
        clusters: [
          {
            name: 'analytics',
            location: 'us-central1-a',
            gkeClusterName: 'analytics',
            key: 'kubeSecurity.gcp.projects[0].clusters[0]',
          },
        ],
      },
    ]);
  });

  it('uses apiEndpoint for both APIs unless Resource Manager has its own', () => {
    const [project] = read({
      projectId: 'acme-shop-prod',
      apiEndpoint: 'http://127.0.0.1:8089',
      clusters: [{ name: 'shop', location: 'europe-west1' }],
    });
    const expected = {
      transport: 'rest',
      protocol: 'http',
      host: '127.0.0.1',
      port: 8089,
    };
    expect(project.containerEndpoint).toEqual(expected);
    expect(project.resourceManagerEndpoint).toEqual(expected);
  });

  it.each([
    [
      { clusters: [{ name: 'a', location: 'europe-west1' }] },
      /kubeSecurity\.gcp\.projectId is required/,
    ],
    [
      {
        projectId: 'My Project',
        clusters: [{ name: 'a', location: 'europe-west1' }],
      },
      /kubeSecurity\.gcp\.projectId: 'My Project' is not a Google Cloud project id/,
    ],
    [
      { projectId: 'acme-prod' },
      /kubeSecurity\.gcp\.clusters: list at least one GKE cluster/,
    ],
    [
      { projectId: 'acme-prod', clusters: [{ location: 'europe-west1' }] },
      /kubeSecurity\.gcp\.clusters\[0\]\.name is required/,
    ],
    [
      { projectId: 'acme-prod', clusters: [{ name: 'a' }] },
      /kubeSecurity\.gcp\.clusters\[0\]\.location is required/,
    ],
    [
      {
        projectId: 'acme-prod',
        clusters: [{ name: 'a', location: 'projects/x/locations/y' }],
      },
      /clusters\[0\]\.location: 'projects\/x\/locations\/y' is not a Google Cloud region or zone/,
    ],
    [
      {
        projectId: 'acme-prod',
        clusters: [{ name: 'Prod EU', location: 'europe-west1' }],
      },
      /clusters\[0\]\.name: 'Prod EU' is not a valid GKE cluster name.*set gkeClusterName/,
    ],
    [
      {
        projectId: 'acme-prod',
        clusters: [
          { name: 'a', location: 'europe-west1' },
          { name: 'a', location: 'europe-west4' },
        ],
      },
      /clusters\[1\]\.name: cluster name 'a' is already used by kubeSecurity\.gcp\.clusters\[0\]/,
    ],
    [
      {
        projects: [
          {
            projectId: 'acme-prod',
            apiEndpoint: 'ftp://x',
            clusters: [{ name: 'a', location: 'europe-west1' }],
          },
        ],
      },
      /kubeSecurity\.gcp\.projects\[0\]\.apiEndpoint: use an http:\/\/ or https:\/\/ URL/,
    ],
    [{ projects: [] }, /kubeSecurity\.gcp: give a projectId with its clusters/],
  ])('names the bad key: %j', (gcp, message) => {
    expect(() => read(gcp)).toThrow(message);
  });
});

describe('parseEndpoint', () => {
  it.each([
    [
      'private.googleapis.com',
      { transport: 'grpc', protocol: 'https', host: 'private.googleapis.com' },
    ],
    [
      '10.0.0.5:8443',
      { transport: 'grpc', protocol: 'https', host: '10.0.0.5', port: 8443 },
    ],
    [
      'https://proxy.example',
      { transport: 'rest', protocol: 'https', host: 'proxy.example' },
    ],
    [
      'http://[::1]:9000',
      { transport: 'rest', protocol: 'http', host: '::1', port: 9000 },
    ],
  ])('%s', (value, expected) => {
    expect(parseEndpoint(value, 'k')).toEqual(expected);
  });

  it.each([
    ['http://127.0.0.1:80/v1', /must be a host without a path/],
    ['https://user:pw@host', /credentials do not belong in the URL/],
    ['not a host', /is neither host\[:port\] nor an http\(s\):\/\/ URL/],
  ])('rejects %s', (value, message) => {
    expect(() => parseEndpoint(value, 'k')).toThrow(message);
  });
});

describe('clientOptions', () => {
  it('leaves the defaults (gRPC to Google) when there is no override', () => {
    expect(clientOptions(undefined)).toEqual({});
  });

  it('switches to REST for URLs, with the scheme default port', () => {
    expect(
      clientOptions({ transport: 'rest', protocol: 'http', host: '127.0.0.1' }),
    ).toEqual({
      apiEndpoint: '127.0.0.1',
      port: 80,
      fallback: true,
      protocol: 'http',
    });
    expect(
      clientOptions({
        transport: 'grpc',
        protocol: 'https',
        host: 'h',
        port: 8443,
      }),
    ).toEqual({ apiEndpoint: 'h', port: 8443 });
  });
});
