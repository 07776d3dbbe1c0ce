import type { Check } from '../../engine/check';
import {
  containerFinding,
  containerName,
  forEachImage,
  WORKLOAD_KINDS,
} from './containers';

/** Words that name a deployment environment. */
const ENVIRONMENTS = new Set([
  'dev',
  'develop',
  'development',
  'staging',
  'stage',
  'prod',
  'production',
  'qa',
  'uat',
  'test',
]);

/** A word of ENVIRONMENTS between separators: the leftmost is the first word that is one. */
const ENVIRONMENT_WORD = new RegExp(
  `(?:^|[-_./])(${[...ENVIRONMENTS].join('|')})(?=[-_./]|$)`,
);

function environmentWord(text: string | undefined): string | undefined {
  // No list of words is made: most tags and names hold none.
  return text === undefined
    ? undefined
    : ENVIRONMENT_WORD.exec(text.toLowerCase())?.[1];
}

/**
 * One image should be promoted through every environment with configuration injected at
 * run time; an image named or tagged for an environment hints at baked-in settings.
 */
export const environmentTagCheck: Check = {
  id: 'image-externalized-config/environment-tag',
  itemId: 'image-externalized-config',
  reads: WORKLOAD_KINDS,
  run({ index, report }) {
    // The same tags and repositories recur across a cluster's containers: each is split once.
    const words = new Map<string | undefined, string | undefined>();
    const wordOf = (text: string | undefined) => {
      if (words.has(text)) return words.get(text);
      const word = environmentWord(text);
      words.set(text, word);
      return word;
    };
    return forEachImage(index, (c, ref) => {
      const inTag = wordOf(ref.tag);
      const word = inTag ?? wordOf(ref.repository);
      if (!word) return;
      report({
        message:
          `Container "${containerName(c)}" runs ${ref.original}, whose ${
            inTag ? 'tag' : 'name'
          } ` +
          `names the "${word}" environment: settings for that environment may be built into the image.`,
        ...containerFinding(c, `${c.path}.image`),
      });
    });
  },
};
