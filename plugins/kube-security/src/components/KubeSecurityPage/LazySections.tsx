import { lazy, Suspense } from 'react';

const load = () => import('./belowTheFold');

const ActiveExceptionsSection = lazy(() =>
  load().then(m => ({ default: m.ActiveExceptions })),
);
const OpenFindingsSection = lazy(() =>
  load().then(m => ({ default: m.OpenFindingsList })),
);
const UnownedFindingsSection = lazy(() =>
  load().then(m => ({ default: m.UnownedFindings })),
);

/**
 * The overview's finding and exception lists, loaded on demand: their code (with the
 * action-item catalog) is fetched when the overview first draws them (once the clusters are
 * in), not before the overview's first requests. Each shows once its code is in; nothing is
 * drawn in its place until then.
 */
export const ActiveExceptions = () => (
  <Suspense fallback={null}>
    <ActiveExceptionsSection />
  </Suspense>
);

export const OpenFindingsList = () => (
  <Suspense fallback={null}>
    <OpenFindingsSection />
  </Suspense>
);

export const UnownedFindings = () => (
  <Suspense fallback={null}>
    <UnownedFindingsSection />
  </Suspense>
);
