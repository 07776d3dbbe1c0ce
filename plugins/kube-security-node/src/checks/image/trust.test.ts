import { parseImageRef } from './imageRef';
import {
  compileRegistryPattern,
  matchesRegistry,
  RegistryTrust,
} from './trust';

function trusted(image: string, configured: string[] = []): boolean {
  return new RegistryTrust(configured).isTrusted(parseImageRef(image)!);
}

describe('RegistryTrust', () => {
  it.each([
    '111122223333.dkr.ecr.eu-west-1.amazonaws.com/payments/api:1.0',
    '222233334444.dkr.ecr.cn-north-1.amazonaws.com.cn/app:1',
    'europe-west1-docker.pkg.dev/acme-shop-prod/apps/web:2.1',
    'gcr.io/distroless/static:nonroot',
    'eu.gcr.io/acme/web:1',
    'k8s.gcr.io/pause:3.9',
    'acmeprod.azurecr.io/billing/api:3',
    'mcr.microsoft.com/oss/kubernetes/pause:3.6',
    'registry.k8s.io/coredns/coredns:v1.11.1',
    'public.ecr.aws/eks/aws-load-balancer-controller:v2.8.1',
    'public.ecr.aws/eks-distro/kubernetes/pause:3.9',
    'quay.io/cilium/cilium:v1.16.1',
    'quay.io/jetstack/cert-manager-controller:v1.15.3',
    'ghcr.io/fluxcd/source-controller:v1.3.0',
  ])('trusts provider and vendor image %s', image => {
    expect(trusted(image)).toBe(true);
  });

  it.each([
    'nginx:1.25',
    'docker.io/library/postgres:16',
    'bitnami/redis:7.2',
    'quay.io/someone/reporter:latest',
    'quay.io/ciliumfork/cilium:v1',
    'ghcr.io/acme/log-shipper:1.0',
    'public.ecr.aws/bitnami/redis:7',
    'registry.example.com/app:1',
    'evil.com/gcr.io/distroless/static',
    'dkr.ecr.eu-west-1.amazonaws.com.evil.io/app',
    'azurecr.io.evil.com/app',
  ])('does not trust %s by default', image => {
    expect(trusted(image)).toBe(false);
  });

  it('adds configured registries: hosts, host wildcards, namespaces and Docker Hub namespaces', () => {
    const configured = [
      'registry.example.com',
      '*.corp.internal:5000',
      'ghcr.io/acme',
      'docker.io/bitnami',
      'myorg',
    ];
    expect(trusted('registry.example.com/app:1', configured)).toBe(true);
    expect(trusted('build.corp.internal:5000/x/y:1', configured)).toBe(true);
    expect(trusted('build.corp.internal/x/y:1', configured)).toBe(false);
    expect(trusted('ghcr.io/acme/log-shipper:1.0', configured)).toBe(true);
    expect(trusted('ghcr.io/acme-evil/x:1', configured)).toBe(false);
    expect(trusted('bitnami/redis:7.2', configured)).toBe(true);
    expect(trusted('myorg/api:1', configured)).toBe(true);
    expect(trusted('nginx:1.25', configured)).toBe(false);
    expect(trusted('nginx:1.25', ['docker.io/library/nginx'])).toBe(true);
    expect(trusted('nginx:1.25', ['https://index.docker.io/library/'])).toBe(
      true,
    );
  });
});

describe('compileRegistryPattern', () => {
  it('ignores blank patterns', () => {
    expect(compileRegistryPattern('  ')).toBeUndefined();
  });

  it('treats a trailing * in a path as a raw prefix', () => {
    const pattern = compileRegistryPattern('public.ecr.aws/eks*')!;
    expect(
      matchesRegistry(
        parseImageRef('public.ecr.aws/eks-anywhere/x:1')!,
        pattern,
      ),
    ).toBe(true);
    expect(
      matchesRegistry(parseImageRef('public.ecr.aws/ek/x:1')!, pattern),
    ).toBe(false);
  });
});
