import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { KubeSecurityApi, kubeSecurityApiRef } from '../../api';
import { EntityKubeSecurityContent } from './EntityKubeSecurityContent';

const mappedComponent: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    annotations: { 'backstage.io/kubernetes-id': 'payments-api' },
  },
  spec: { type: 'service', owner: 'payments', lifecycle: 'production' },
};

function apiWith(getClusters: KubeSecurityApi['getClusters']): KubeSecurityApi {
  return { getClusters, getItems: jest.fn() };
}

async function renderTab(entity: Entity, api: KubeSecurityApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[kubeSecurityApiRef, api]]}>
      <EntityProvider entity={entity}>
        <EntityKubeSecurityContent />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('EntityKubeSecurityContent', () => {
  it('says what to configure when no cluster is configured', async () => {
    await renderTab(mappedComponent, apiWith(async () => ({ clusters: [] })));
    expect(
      await screen.findByText('No clusters are configured yet'),
    ).toBeInTheDocument();
    expect(screen.getByText(/kubeSecurity:/)).toBeInTheDocument();
  });

  it('explains the annotations on an entity that names no workload', async () => {
    const getClusters = jest.fn(async () => ({ clusters: [] }));
    await renderTab(
      { ...mappedComponent, metadata: { name: 'docs-site' } },
      apiWith(getClusters),
    );
    expect(
      await screen.findByText('This entity is not linked to any Kubernetes workload'),
    ).toBeInTheDocument();
    expect(screen.getByText(/backstage.io\/kubernetes-id: my-service/)).toBeInTheDocument();
  });

  it('shows a clear message when the backend denies access', async () => {
    const denied = Object.assign(new Error('Forbidden'), {
      name: 'ResponseError',
      response: { status: 403 },
    });
    await renderTab(
      mappedComponent,
      apiWith(async () => {
        throw denied;
      }),
    );
    expect(
      await screen.findByText('You are not allowed to see security findings'),
    ).toBeInTheDocument();
  });

  it('does not pretend there are findings when clusters exist but none matched yet', async () => {
    await renderTab(
      mappedComponent,
      apiWith(async () => ({
        clusters: [{ name: 'eks-prod-eu', provider: 'eks', source: 'snapshot', stale: false }],
      })),
    );
    expect(
      await screen.findByText('No findings for this entity yet'),
    ).toBeInTheDocument();
  });
});
