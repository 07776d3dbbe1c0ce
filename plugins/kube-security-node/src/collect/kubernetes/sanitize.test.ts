import { COLLECTED_KINDS } from './kinds';
import { sanitizeListItem } from './sanitize';

const kind = (name: string) => COLLECTED_KINDS.find(k => k.kind === name)!;

describe('sanitizeListItem', () => {
  it('sets apiVersion and kind and strips bulky metadata in place', () => {
    const item = {
      metadata: {
        name: 'web',
        namespace: 'shop',
        managedFields: [{ manager: 'helm' }],
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': '{}',
        },
        labels: { app: 'web' },
      },
      spec: { replicas: 2 },
    };
    const result = sanitizeListItem(item, kind('Deployment'));
    expect(result).toBe(item);
    expect(result).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
      spec: { replicas: 2 },
    });
  });

  it('keeps other annotations', () => {
    const result = sanitizeListItem(
      { metadata: { name: 'a', annotations: { owner: 'team-a' } } },
      kind('Namespace'),
    );
    expect(result?.metadata.annotations).toEqual({ owner: 'team-a' });
    expect(result?.apiVersion).toBe('v1');
  });

  it('keeps only the names and versions of a CRD', () => {
    const result = sanitizeListItem(
      {
        metadata: { name: 'policies.kyverno.io', labels: { a: 'b' } },
        spec: {
          group: 'kyverno.io',
          names: { kind: 'Policy', plural: 'policies' },
          scope: 'Namespaced',
          versions: [
            { name: 'v1', served: true, storage: true, schema: { big: 1 } },
            { name: 'v2beta1', served: true, storage: false, subresources: {} },
          ],
          conversion: { strategy: 'Webhook' },
        },
        status: { storedVersions: ['v1'] },
      },
      kind('CustomResourceDefinition'),
    );
    expect(result).toEqual({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'policies.kyverno.io', labels: { a: 'b' } },
      spec: {
        group: 'kyverno.io',
        names: { kind: 'Policy', plural: 'policies' },
        scope: 'Namespaced',
        versions: [
          { name: 'v1', served: true, storage: true },
          { name: 'v2beta1', served: true, storage: false },
        ],
      },
    });
  });

  it('drops the image inventory of nodes', () => {
    const result = sanitizeListItem(
      {
        metadata: { name: 'n1' },
        status: {
          images: [{ names: ['x'] }],
          nodeInfo: { kubeletVersion: 'v1.31' },
        },
      },
      kind('Node'),
    );
    expect(result?.status).toEqual({ nodeInfo: { kubeletVersion: 'v1.31' } });
  });

  it.each([
    [null],
    ['text'],
    [{}],
    [{ metadata: {} }],
    [{ metadata: { name: 3 } }],
  ])('skips %p', item => {
    expect(sanitizeListItem(item, kind('Pod'))).toBeUndefined();
  });
});
