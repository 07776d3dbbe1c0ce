import {
  DescribeInstancesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import type { ReadContext } from './eks';
import { allPages, mapLimit } from './reads';

interface LaunchTemplateRef {
  id?: string;
  name?: string;
  version?: string;
}

/**
 * Instance metadata options of the launch templates that the node groups name:
 * `{ id, name, version, metadataOptions: { httpTokens, httpPutResponseHopLimit,
 * httpEndpoint } }`. A template that sets no metadata options leaves them to the AMI and
 * account defaults, which are not known here, so it is left out with a note.
 */
export async function readLaunchTemplates(
  ctx: ReadContext,
  nodegroups: Record<string, any>[],
): Promise<Record<string, any>[] | undefined> {
  const byTemplate = new Map<
    string,
    { ref: LaunchTemplateRef; versions: Set<string> }
  >();
  for (const group of nodegroups) {
    const ref = group.launchTemplate as LaunchTemplateRef | undefined;
    const key = ref?.id ?? ref?.name;
    if (!ref || !key) {
      ctx.reads.note(
        `EKS node group ${group.nodegroupName} has no launch template of its own; the metadata options of the template EKS manages for it are not read`,
      );
      continue;
    }
    const entry = byTemplate.get(key) ?? { ref, versions: new Set<string>() };
    entry.versions.add(ref.version ?? '$Default');
    byTemplate.set(key, entry);
  }

  const perTemplate = await mapLimit(
    [...byTemplate.values()],
    4,
    ({ ref, versions }) =>
      ctx.reads.attempt(
        'ec2:DescribeLaunchTemplateVersions',
        () =>
          allPages(async NextToken => {
            const out = await ctx.clients.ec2.send(
              new DescribeLaunchTemplateVersionsCommand({
                ...(ref.id
                  ? { LaunchTemplateId: ref.id }
                  : { LaunchTemplateName: ref.name }),
                Versions: [...versions],
                NextToken,
              }),
              { abortSignal: ctx.reads.signal },
            );
            return { items: out.LaunchTemplateVersions, next: out.NextToken };
          }),
        () => {
          ctx.reads.note(
            `Launch template ${ref.name ?? ref.id} (version ${[
              ...versions,
            ].join(', ')}) named by a node group no longer exists`,
          );
          return [];
        },
      ),
  );
  if (perTemplate.some(v => v === undefined)) return undefined;

  const templates: Record<string, any>[] = [];
  for (const version of perTemplate.flat()) {
    if (!version) continue;
    const name = version.LaunchTemplateName ?? version.LaunchTemplateId;
    const options = version.LaunchTemplateData?.MetadataOptions;
    if (!options) {
      ctx.reads.note(
        `Launch template ${name} version ${version.VersionNumber} sets no instance metadata options, so the AMI or account defaults apply; they are not read`,
      );
      continue;
    }
    templates.push({
      id: version.LaunchTemplateId,
      name: version.LaunchTemplateName,
      version: String(version.VersionNumber),
      metadataOptions: {
        ...(options.HttpTokens && { httpTokens: options.HttpTokens }),
        ...(options.HttpPutResponseHopLimit !== undefined && {
          httpPutResponseHopLimit: options.HttpPutResponseHopLimit,
        }),
        ...(options.HttpEndpoint && { httpEndpoint: options.HttpEndpoint }),
      },
    });
  }
  return templates;
}

/** Instances counted per VPC at most; enough to tell a shared network. */
const MAX_INSTANCES = 5000;

/** Tags that mark an instance as a node of the given EKS cluster. */
function isNodeOf(
  tags: Array<{ Key?: string; Value?: string }>,
  cluster: string,
) {
  return tags.some(
    t =>
      ((t.Key === 'eks:cluster-name' || t.Key === 'aws:eks:cluster-name') &&
        t.Value === cluster) ||
      t.Key === `kubernetes.io/cluster/${cluster}`,
  );
}

/**
 * The cluster's VPC: `{ vpcId, isDefault, otherWorkloads }`, where `otherWorkloads`
 * counts EC2 instances in the VPC that are not this cluster's nodes. When that count
 * cannot be read, a non-default VPC is left out entirely: "not the default VPC" alone
 * would read as a dedicated network.
 */
export async function readVpc(
  ctx: ReadContext,
  vpcId: string | undefined,
  clusterName: string,
): Promise<Record<string, any> | undefined> {
  if (!vpcId) return undefined;
  const { ec2 } = ctx.clients;
  const vpcs = await ctx.reads.attempt('ec2:DescribeVpcs', async () => {
    const out = await ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }), {
      abortSignal: ctx.reads.signal,
    });
    return out.Vpcs ?? [];
  });
  const vpc = vpcs?.find(v => v.VpcId === vpcId);
  if (!vpc) return undefined;
  const isDefault = vpc.IsDefault === true;

  let counted = 0;
  const others = await ctx.reads.attempt('ec2:DescribeInstances', async () => {
    let count = 0;
    await allPages(async NextToken => {
      const out = await ec2.send(
        new DescribeInstancesCommand({
          Filters: [
            { Name: 'vpc-id', Values: [vpcId] },
            {
              Name: 'instance-state-name',
              Values: ['pending', 'running', 'stopping', 'stopped'],
            },
          ],
          MaxResults: 1000,
          NextToken,
        }),
        { abortSignal: ctx.reads.signal },
      );
      for (const reservation of out.Reservations ?? []) {
        for (const instance of reservation.Instances ?? []) {
          counted++;
          if (!isNodeOf(instance.Tags ?? [], clusterName)) count++;
        }
      }
      return { next: counted < MAX_INSTANCES ? out.NextToken : undefined };
    });
    return count;
  });
  if (counted >= MAX_INSTANCES) {
    ctx.reads.note(
      `VPC ${vpcId} holds more than ${MAX_INSTANCES} instances; only the first ${counted} were counted`,
    );
  }
  if (others === undefined) {
    return isDefault ? { vpcId, isDefault } : undefined;
  }
  return { vpcId, isDefault, otherWorkloads: others };
}
