import {
  ActionItemId,
  isActionItemId,
  Provider,
  PROVIDERS,
} from '@kube-security/plugin-kube-security-common';
import { z } from 'zod/v3';

/*
 * Query strings of the PDF routes: which provider's steps to print and how to group the
 * items. Checked here so that a typo answers 400 rather than a PDF for the wrong provider.
 */

const PROVIDER = z.enum(PROVIDERS as unknown as [Provider, ...Provider[]], {
  errorMap: () => ({ message: `must be one of ${PROVIDERS.join(', ')}` }),
});

/** `?provider=` and `?groupBy=` of the entity and team PDFs; both optional. */
export const planPdfQuery = z
  .object({
    provider: PROVIDER.optional(),
    groupBy: z
      .enum(['priority', 'category'], {
        errorMap: () => ({ message: 'must be priority or category' }),
      })
      .optional(),
  })
  .strict();

/** What `planPdfQuery` gives the PDF renderers. */
export type PlanPdfLayout = {
  provider?: Provider;
  groupBy?: 'priority' | 'category';
};

/** Most ids `done` may list: the catalog has 19, so anything longer is a mistake. */
const MAX_DONE_TEXT = 1000;

/** `done=a,b` (or `done=a&done=b`): the items the reader marked done, each a catalog id. */
const DONE = z
  .union([z.string(), z.array(z.string())])
  .transform(value => (Array.isArray(value) ? value.join(',') : value))
  .pipe(
    z
      .string()
      .max(MAX_DONE_TEXT, `must be at most ${MAX_DONE_TEXT} characters`)
      .transform(text =>
        text
          .split(',')
          .map(id => id.trim())
          .filter(Boolean),
      )
      .superRefine((ids, ctx) => {
        const unknown = ids.filter(id => !isActionItemId(id));
        if (unknown.length > 0) {
          ctx.addIssue({
            code: 'custom',
            message: `unknown action item ${unknown
              .map(id => `'${id.slice(0, 80)}'`)
              .join(', ')}; use the ids of GET /items`,
          });
        }
      })
      .transform(ids => new Set(ids as ActionItemId[])),
  );

/** `GET /action-plan.pdf?provider=aks&done=...`: the provider is required. */
export const actionPlanPdfQuery = z
  .object({
    provider: PROVIDER,
    done: DONE.optional(),
  })
  .strict();
