import type { Category, Provider } from '../types';

// The display names of the categories and providers, in a module of their own so that a
// page needing only these names does not load the catalog's action items with them.

export const CATEGORY_TITLES: Readonly<Record<Category, string>> = {
  cloud: 'Cloud security',
  cluster: 'Cluster security',
  workload: 'Workload security',
  image: 'Image security',
};

export const PROVIDER_TITLES: Readonly<Record<Provider, string>> = {
  eks: 'Amazon EKS',
  gke: 'Google GKE',
  aks: 'Azure AKS',
};
