import type { Check } from '../../engine/check';
import {
  containerFinding,
  containerName,
  forEachImage,
  WORKLOAD_KINDS,
} from './containers';
import { isMutableTag } from './imageRef';

/** `:latest` (explicit or implied) changes with every push, so rollbacks and audits lose track. */
export const mutableTagCheck: Check = {
  id: 'image-trusted-registries/mutable-tag',
  itemId: 'image-trusted-registries',
  reads: WORKLOAD_KINDS,
  run({ index, report }) {
    return forEachImage(index, (c, ref) => {
      if (!isMutableTag(ref)) return;
      report({
        message:
          ref.tag === 'latest'
            ? `Container "${containerName(c)}" uses ${
                ref.original
              }; the latest tag moves with every push.`
            : `Container "${containerName(c)}" uses ${
                ref.original
              } without a tag, which means :latest.`,
        ...containerFinding(c, `${c.path}.image`),
      });
    });
  },
};
