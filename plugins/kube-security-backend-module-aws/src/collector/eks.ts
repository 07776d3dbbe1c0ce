import {
  DescribeAddonCommand,
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  ListAccessEntriesCommand,
  ListAddonsCommand,
  ListAssociatedAccessPoliciesCommand,
  ListNodegroupsCommand,
  ListPodIdentityAssociationsCommand,
} from '@aws-sdk/client-eks';
import type { AwsClients } from './clients';
import { Reads, allPages, mapLimit, plain } from './reads';

export interface ReadContext {
  clients: AwsClients;
  reads: Reads;
}

/** Describe calls in flight at once per list (node groups, add-ons, access entries). */
const CONCURRENCY = 4;

function opts(ctx: ReadContext) {
  return { abortSignal: ctx.reads.signal };
}

/** `aws eks describe-cluster` → `.cluster`. Throws: without it there is nothing to scan. */
export async function describeCluster(
  ctx: ReadContext,
  name: string,
): Promise<Record<string, any>> {
  const out = await ctx.clients.eks.send(
    new DescribeClusterCommand({ name }),
    opts(ctx),
  );
  if (!out.cluster)
    throw new Error(`DescribeCluster returned no cluster for ${name}`);
  return plain(out.cluster) as Record<string, any>;
}

/**
 * Lists names, then describes each. Any describe that fails (other than the entry having
 * gone in between) makes the whole list unknown: a partial list would read as a pass.
 */
async function listThenDescribe<T>(
  ctx: ReadContext,
  listAction: string,
  list: (token?: string) => Promise<{ items?: string[]; next?: string }>,
  describeAction: string,
  describe: (name: string) => Promise<T | undefined>,
): Promise<T[] | undefined> {
  const names = await ctx.reads.attempt(listAction, () => allPages(list));
  if (!names) return undefined;
  const described = await mapLimit(names, CONCURRENCY, n =>
    ctx.reads.attempt(
      describeAction,
      () => describe(n),
      () => null,
    ),
  );
  if (described.some(d => d === undefined)) return undefined;
  return described.filter((d): d is NonNullable<typeof d> => d !== null) as T[];
}

/** `aws eks describe-nodegroup` → `.nodegroup` for every managed node group. */
export function readNodegroups(ctx: ReadContext, clusterName: string) {
  const { eks } = ctx.clients;
  return listThenDescribe<Record<string, any>>(
    ctx,
    'eks:ListNodegroups',
    async nextToken => {
      const out = await eks.send(
        new ListNodegroupsCommand({ clusterName, nextToken }),
        opts(ctx),
      );
      return { items: out.nodegroups, next: out.nextToken };
    },
    'eks:DescribeNodegroup',
    async nodegroupName => {
      const out = await eks.send(
        new DescribeNodegroupCommand({ clusterName, nodegroupName }),
        opts(ctx),
      );
      return plain(out.nodegroup);
    },
  );
}

/** `aws eks describe-addon` → `.addon` for every add-on (with `configurationValues`). */
export function readAddons(ctx: ReadContext, clusterName: string) {
  const { eks } = ctx.clients;
  return listThenDescribe<Record<string, any>>(
    ctx,
    'eks:ListAddons',
    async nextToken => {
      const out = await eks.send(
        new ListAddonsCommand({ clusterName, nextToken }),
        opts(ctx),
      );
      return { items: out.addons, next: out.nextToken };
    },
    'eks:DescribeAddon',
    async addonName => {
      const out = await eks.send(
        new DescribeAddonCommand({ clusterName, addonName }),
        opts(ctx),
      );
      return plain(out.addon);
    },
  );
}

/** `aws eks list-pod-identity-associations` → `.associations`. */
export function readPodIdentityAssociations(
  ctx: ReadContext,
  clusterName: string,
) {
  const { eks } = ctx.clients;
  return ctx.reads.attempt('eks:ListPodIdentityAssociations', async () =>
    plain(
      await allPages(async nextToken => {
        const out = await eks.send(
          new ListPodIdentityAssociationsCommand({ clusterName, nextToken }),
          opts(ctx),
        );
        return { items: out.associations, next: out.nextToken };
      }),
    ),
  );
}

/**
 * Access entries with their access policies: `{ principalArn, accessPolicies: [{
 * policyArn, accessScope }] }`. Clusters that only use the aws-auth ConfigMap have none
 * (and EKS refuses the call), so nothing is read for them.
 */
export async function readAccessEntries(
  ctx: ReadContext,
  clusterName: string,
  authenticationMode: string | undefined,
): Promise<Record<string, any>[] | undefined> {
  if (authenticationMode === 'CONFIG_MAP') {
    ctx.reads.note(
      `EKS cluster ${clusterName} uses only the aws-auth ConfigMap for access (authentication mode CONFIG_MAP); cluster admins are read from that ConfigMap when Kubernetes objects are scanned`,
    );
    return undefined;
  }
  const { eks } = ctx.clients;
  return listThenDescribe<Record<string, any>>(
    ctx,
    'eks:ListAccessEntries',
    async nextToken => {
      const out = await eks.send(
        new ListAccessEntriesCommand({ clusterName, nextToken }),
        opts(ctx),
      );
      return { items: out.accessEntries, next: out.nextToken };
    },
    'eks:ListAssociatedAccessPolicies',
    async principalArn => {
      const policies = await allPages(async nextToken => {
        const out = await eks.send(
          new ListAssociatedAccessPoliciesCommand({
            clusterName,
            principalArn,
            nextToken,
          }),
          opts(ctx),
        );
        return { items: out.associatedAccessPolicies, next: out.nextToken };
      });
      return {
        principalArn,
        accessPolicies: plain(policies).map(p => ({
          policyArn: p.policyArn,
          accessScope: p.accessScope,
        })),
      };
    },
  );
}
