// A minimal backend for working on this plugin alone: `yarn start` in this folder.
// Auth is mocked, so plain requests work:
//
//   curl http://localhost:7007/api/kube-security/items
//   curl http://localhost:7007/api/kube-security/clusters
//   curl http://localhost:7007/api/kube-security/items -H 'Authorization: Bearer mock-none-token'   # 401
import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';

const backend = createBackend();
backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(import('../src'));
backend.start();
