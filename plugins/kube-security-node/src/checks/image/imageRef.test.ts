import { imageName, isMutableTag, parseImageRef, shortName } from './imageRef';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('parseImageRef', () => {
  it.each([
    // [reference, registry, repository, tag, digest, dockerHub]
    ['nginx', 'docker.io', 'library/nginx', undefined, undefined, true],
    ['nginx:1.25', 'docker.io', 'library/nginx', '1.25', undefined, true],
    ['bitnami/redis:7.2', 'docker.io', 'bitnami/redis', '7.2', undefined, true],
    [
      'docker.io/nginx:latest',
      'docker.io',
      'library/nginx',
      'latest',
      undefined,
      true,
    ],
    [
      'docker.io/library/nginx',
      'docker.io',
      'library/nginx',
      undefined,
      undefined,
      true,
    ],
    [
      'index.docker.io/grafana/grafana:11.0.0',
      'docker.io',
      'grafana/grafana',
      '11.0.0',
      undefined,
      true,
    ],
    [
      'registry-1.docker.io/library/busybox',
      'docker.io',
      'library/busybox',
      undefined,
      undefined,
      true,
    ],
    [
      'registry.k8s.io/ingress-nginx/controller:v1.11.2',
      'registry.k8s.io',
      'ingress-nginx/controller',
      'v1.11.2',
      undefined,
      false,
    ],
    ['localhost/app', 'localhost', 'app', undefined, undefined, false],
    [
      'localhost:5000/team/app:dev',
      'localhost:5000',
      'team/app',
      'dev',
      undefined,
      false,
    ],
    [
      'registry.example.com:8443/a/b/c:1.0',
      'registry.example.com:8443',
      'a/b/c',
      '1.0',
      undefined,
      false,
    ],
    [
      'myregistry:5000/app',
      'myregistry:5000',
      'app',
      undefined,
      undefined,
      false,
    ],
    [
      '111122223333.dkr.ecr.eu-west-1.amazonaws.com/payments/api:1.4.2',
      '111122223333.dkr.ecr.eu-west-1.amazonaws.com',
      'payments/api',
      '1.4.2',
      undefined,
      false,
    ],
    [
      `gcr.io/distroless/static@${DIGEST}`,
      'gcr.io',
      'distroless/static',
      undefined,
      DIGEST,
      false,
    ],
    [
      `ghcr.io/acme/api:2.0@${DIGEST}`,
      'ghcr.io',
      'acme/api',
      '2.0',
      DIGEST,
      false,
    ],
    [
      `alpine@${DIGEST}`,
      'docker.io',
      'library/alpine',
      undefined,
      DIGEST,
      true,
    ],
    [
      'Registry.Example.com/app:V1',
      'registry.example.com',
      'app',
      'V1',
      undefined,
      false,
    ],
    [
      '  quay.io/cilium/cilium:v1.16.1  ',
      'quay.io',
      'cilium/cilium',
      'v1.16.1',
      undefined,
      false,
    ],
    ['[::1]:5000/app:1', '[::1]:5000', 'app', '1', undefined, false],
  ])('parses %s', (image, registry, repository, tag, digest, dockerHub) => {
    expect(parseImageRef(image)).toEqual({
      original: image.trim(),
      registry,
      repository,
      tag,
      digest,
      dockerHub,
      explicitRegistry: ![
        'nginx',
        'nginx:1.25',
        'bitnami/redis:7.2',
        `alpine@${DIGEST}`,
      ].includes(image),
    });
  });

  it('treats an upper-case first component as a registry host, as the runtimes do', () => {
    expect(parseImageRef('Myhost/app')?.registry).toBe('myhost');
  });

  it.each([
    '',
    '   ',
    'nginx:',
    'nginx@sha256:abc',
    'Nginx',
    'team/App:1',
    'nginx:1.0 extra',
    '${IMAGE}',
    'repo//double',
    'nginx:tag/with/slash@',
    `nginx:${'x'.repeat(129)}`,
  ])('rejects the invalid reference %j', image => {
    expect(parseImageRef(image)).toBeUndefined();
  });

  it('rejects non-strings', () => {
    expect(parseImageRef(undefined as any)).toBeUndefined();
    expect(parseImageRef(42 as any)).toBeUndefined();
  });
});

describe('image name helpers', () => {
  it('builds the fully qualified name and the short name', () => {
    const ref = parseImageRef('bitnami/redis:7.2')!;
    expect(imageName(ref)).toBe('docker.io/bitnami/redis');
    expect(shortName(ref)).toBe('redis');
    expect(shortName(parseImageRef('nginx')!)).toBe('nginx');
  });

  it.each([
    ['nginx', true],
    ['nginx:latest', true],
    ['nginx:1.25', false],
    [`nginx@${DIGEST}`, false],
    [`nginx:latest@${DIGEST}`, false],
    ['localhost:5000/app', true],
  ])('isMutableTag(%s) is %s', (image, expected) => {
    expect(isMutableTag(parseImageRef(image)!)).toBe(expected);
  });
});
