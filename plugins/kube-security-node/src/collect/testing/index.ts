export {
  FakeKubernetesApiServer,
  FAKE_API_RESOURCES,
  type FakeApiRequest,
  type FakeApiResource,
  type FakeFault,
  type FakeKubernetesApiServerOptions,
} from './FakeKubernetesApiServer';
