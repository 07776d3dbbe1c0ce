import { useCallback, useEffect, useState } from 'react';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import type { ActionItemId } from '@kube-security/plugin-kube-security-common';
import { readDoneItems, writeDoneItems } from './doneItems';

function browserStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/**
 * The items the signed-in user ticked as done on the action plan, kept in this browser
 * under their user entity ref (two people sharing a browser keep separate lists).
 */
export function useDoneItems() {
  const identityApi = useApi(identityApiRef);
  const identity = useAsync(
    async () => (await identityApi.getBackstageIdentity()).userEntityRef,
    [identityApi],
  );
  const userRef = identity.value;
  const [done, setDone] = useState<ReadonlySet<ActionItemId>>(new Set());
  const [saved, setSaved] = useState(true);

  useEffect(() => {
    if (userRef) setDone(new Set(readDoneItems(browserStorage(), userRef)));
  }, [userRef]);

  const toggle = useCallback(
    (id: ActionItemId, isDone: boolean) => {
      setDone(previous => {
        const next = new Set(previous);
        if (isDone) next.add(id);
        else next.delete(id);
        if (userRef) {
          setSaved(writeDoneItems(browserStorage(), userRef, [...next]));
        }
        return next;
      });
    },
    [userRef],
  );

  return {
    loading: identity.loading,
    error: identity.error,
    userRef,
    done,
    toggle,
    /** False when the browser refused to store the last change. */
    saved,
  };
}
