import { memo, useEffect, useState } from 'react';

type Sections = typeof import('./belowTheFold');

let loaded: Sections | undefined;
let loading: Promise<Sections> | undefined;

/** Fetches the sections' code once (again after a failure). */
function loadSections(): Promise<Sections> {
  loading ??= import('./belowTheFold').then(
    m => {
      loaded = m;
      return m;
    },
    error => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/**
 * The sections' code: there at once when it was loaded before, else asked for once the
 * section has mounted (after the page's first commit) and set in this section's own state.
 * Nothing suspends: a page render that met a section still loading would be held back and,
 * when the code came in, started again from the top (React restarts a retried render whose
 * new boundaries suspended), which delayed the overview's first rows.
 */
function useSections(): Sections | undefined {
  const [state, setState] = useState<{ sections?: Sections; error?: Error }>(
    () => ({ sections: loaded }),
  );
  useEffect(() => {
    if (state.sections || state.error) return undefined;
    let live = true;
    loadSections().then(
      sections => live && setState({ sections }),
      (error: Error) => live && setState({ error }),
    );
    return () => {
      live = false;
    };
  }, [state]);
  // A chunk that failed to load goes to the error boundary, as with React.lazy.
  if (state.error) throw state.error;
  return state.sections;
}

/**
 * The overview's finding and exception lists, loaded on demand: their code (with the
 * action-item catalog) is fetched once the page has drawn its first rows, not before the
 * overview's first requests or during its first render. Each shows once its code is in;
 * nothing is drawn in its place until then.
 */
export const ActiveExceptions = memo(function ActiveExceptionsSection() {
  const Section = useSections()?.ActiveExceptions;
  return Section ? <Section /> : null;
});

export const OpenFindingsList = memo(function OpenFindingsListSection() {
  const Section = useSections()?.OpenFindingsList;
  return Section ? <Section /> : null;
});

export const UnownedFindings = memo(function UnownedFindingsSection() {
  const Section = useSections()?.UnownedFindings;
  return Section ? <Section /> : null;
});
