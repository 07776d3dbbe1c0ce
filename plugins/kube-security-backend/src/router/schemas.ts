import { InputError } from '@backstage/errors';
import {
  ACTION_ITEM_IDS,
  CATEGORIES,
  EXCEPTION_SCOPES,
  OPEN_FINDINGS_FILTERS,
  PROVIDERS,
} from '@kube-security/plugin-kube-security-common';
import { z } from 'zod/v3';

/*
 * What the routes accept: path parameters, query strings and bodies, checked with zod
 * before any service sees them.
 */

const NAME = z
  .string()
  .min(1)
  .max(253)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    'must be a catalog name (letters, digits, ".", "_", "-")',
  );

export const entityParams = z.object({
  kind: z.enum(
    ['component', 'resource', 'Component', 'Resource', 'system', 'System'],
    {
      errorMap: () => ({
        message: 'kind must be component, resource or system',
      }),
    },
  ),
  namespace: NAME,
  name: NAME,
});

export const teamParams = z.object({ namespace: NAME, name: NAME });

/** Largest id a PostgreSQL `integer` column holds: bigger ones would fail in the query. */
const MAX_ID = 2147483647;
/** Furthest page start: far past any real list, well inside what the database takes. */
export const MAX_OFFSET = 1_000_000;

const OFFSET = z.coerce
  .number()
  .int()
  .min(0)
  .max(MAX_OFFSET, `must be at most ${MAX_OFFSET}`)
  .default(0);

export const teamsQuery = z
  .object({
    offset: OFFSET,
    limit: z.coerce.number().int().min(1).max(500).default(50),
    sort: z.enum(['score', 'name', 'open', 'trend']).default('score'),
    order: z.enum(['asc', 'desc']).optional(),
    q: z.string().max(200).optional(),
    category: z.enum(CATEGORIES as [string, ...string[]]).optional(),
    provider: z.enum(PROVIDERS as [string, ...string[]]).optional(),
    cluster: z.string().max(253).optional(),
    /** `true`: only the top of the team tree (its roots and the level below). */
    top: z.enum(['true', 'false']).optional(),
  })
  .strict();

export const pageQuery = z
  .object({
    offset: OFFSET,
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .strict();

/** `GET /findings`: a page of one of the lists the overview's headline counts. */
export const openFindingsQuery = z
  .object({
    offset: OFFSET,
    limit: z.coerce.number().int().min(1).max(500).default(50),
    filter: z.enum(OPEN_FINDINGS_FILTERS as [string, ...string[]], {
      errorMap: () => ({
        message: `must be one of ${OPEN_FINDINGS_FILTERS.join(', ')}`,
      }),
    }),
  })
  .strict();

/** Entities the team scorecard answers with when no `entitiesLimit` is given. */
export const SCORECARD_ENTITIES_PAGE = 50;
/** Top actions it answers with by default: all a roll-up keeps. */
export const SCORECARD_ACTIONS_PAGE = 20;

/** `GET /teams/:namespace/:name/scorecard`: a page of the entities and of the top actions. */
export const teamScorecardQuery = z
  .object({
    entitiesOffset: OFFSET,
    entitiesLimit: z.coerce
      .number()
      .int()
      .min(0)
      .max(500)
      .default(SCORECARD_ENTITIES_PAGE),
    topActionsOffset: OFFSET,
    topActionsLimit: z.coerce
      .number()
      .int()
      .min(0)
      .max(100)
      .default(SCORECARD_ACTIONS_PAGE),
  })
  .strict();

/** `GET /entity-facts`: pages of up to 1000 entities (a fact retriever reads them all). */
export const entityFactsQuery = z
  .object({
    offset: OFFSET,
    limit: z.coerce.number().int().min(1).max(1000).default(500),
  })
  .strict();

const TEXT = z
  .string({ required_error: 'required' })
  .trim()
  .min(10, 'must be at least 10 characters: say why')
  .max(2000, 'must be at most 2000 characters');

const URL_FIELD = z
  .string()
  .trim()
  .max(2048)
  .url('must be a URL')
  .refine(u => /^https?:\/\//i.test(u), 'must be an http(s) URL');

const EXPIRY = z
  .string({ required_error: 'required' })
  .min(1, 'required')
  .max(40);

const ITEM_ID = z.enum(ACTION_ITEM_IDS as unknown as [string, ...string[]], {
  errorMap: () => ({ message: 'must be one of the 19 action item ids' }),
});

export const createExceptionBody = z
  .object({
    scope: z.enum(EXCEPTION_SCOPES as unknown as [string, ...string[]], {
      errorMap: () => ({ message: 'must be finding, check or item' }),
    }),
    itemId: ITEM_ID,
    checkId: z.string().min(1).max(128).optional(),
    findingId: z.string().min(1).max(64).optional(),
    justification: TEXT,
    ticketUrl: URL_FIELD.optional(),
    expiresAt: EXPIRY,
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.scope !== 'item' && !body.findingId) {
      ctx.addIssue({
        code: 'custom',
        path: ['findingId'],
        message: `required for the ${body.scope} scope`,
      });
    }
    if (body.scope === 'check' && !body.checkId) {
      ctx.addIssue({
        code: 'custom',
        path: ['checkId'],
        message: 'required for the check scope',
      });
    }
  });

export const createAttestationBody = z
  .object({
    itemId: ITEM_ID,
    statement: TEXT,
    evidenceUrl: URL_FIELD,
    expiresAt: EXPIRY,
  })
  .strict();

export const revokeBody = z.object({ reason: TEXT }).strict();

export const idParams = z.object({
  id: z.coerce.number().int().min(1).max(MAX_ID, `must be at most ${MAX_ID}`),
});

export const decisionsQuery = z
  .object({
    offset: OFFSET,
    limit: z.coerce.number().int().min(1).max(500).default(50),
    entityRef: z.string().min(3).max(512).optional(),
  })
  .strict();

/** The entity plan: how many findings of each item, and which page of one item. */
export const entityPlanQuery = z
  .object({
    findingsLimit: z.coerce.number().int().min(1).max(500).default(200),
    findingsOffset: OFFSET,
    itemId: ITEM_ID.optional(),
  })
  .strict();

export const clusterParams = z.object({ name: z.string().min(1).max(253) });

/** Parses with zod; a 400 names every field that is wrong. */
export function parse<S extends z.ZodTypeAny>(
  schema: S,
  value: unknown,
  what: string,
): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues
      .map(i => `${i.path.join('.') || what}: ${i.message}`)
      .join('; ');
    throw new InputError(`Invalid ${what}: ${problems}`);
  }
  return result.data;
}
