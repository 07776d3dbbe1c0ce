import { createDevApp } from '@backstage/dev-utils';
import { kubeSecurityPlugin, KubeSecurityPage } from '../src/plugin';

createDevApp()
  .registerPlugin(kubeSecurityPlugin)
  .addPage({
    element: <KubeSecurityPage />,
    title: 'Security',
    path: '/kube-security',
  })
  .render();
