import {
  DescribeTrailsCommand,
  GetTrailStatusCommand,
} from '@aws-sdk/client-cloudtrail';
import type { ReadContext } from './eks';
import { mapLimit } from './reads';

export interface TrailFacts {
  name?: string;
  trailArn?: string;
  homeRegion?: string;
  isMultiRegionTrail?: boolean;
  isOrganizationTrail?: boolean;
  logFileValidationEnabled?: boolean;
  s3BucketName?: string;
  isLogging?: boolean;
}

/**
 * Trails that record this region (its own, and multi-region and organization trails of
 * other regions) with whether each is logging. When some trail's status cannot be read
 * and no readable trail already settles the question (one logging across all regions),
 * the list is left unknown rather than reported as "not logging".
 */
export async function readCloudTrails(
  ctx: ReadContext,
): Promise<TrailFacts[] | undefined> {
  const { cloudtrail } = ctx.clients;
  const options = { abortSignal: ctx.reads.signal };
  const trails = await ctx.reads.attempt(
    'cloudtrail:DescribeTrails',
    async () => {
      const out = await cloudtrail.send(
        new DescribeTrailsCommand({ includeShadowTrails: true }),
        options,
      );
      return out.trailList ?? [];
    },
  );
  if (!trails) return undefined;

  let statusUnknown = false;
  const facts = await mapLimit(trails, 4, async trail => {
    const status = await ctx.reads.attempt('cloudtrail:GetTrailStatus', () =>
      // A trail of another region (shadow trail) is only found by its ARN.
      cloudtrail.send(
        new GetTrailStatusCommand({ Name: trail.TrailARN ?? trail.Name }),
        options,
      ),
    );
    if (!status) statusUnknown = true;
    const fact: TrailFacts = {
      name: trail.Name,
      trailArn: trail.TrailARN,
      homeRegion: trail.HomeRegion,
      isMultiRegionTrail: trail.IsMultiRegionTrail,
      isOrganizationTrail: trail.IsOrganizationTrail,
      logFileValidationEnabled: trail.LogFileValidationEnabled,
      s3BucketName: trail.S3BucketName,
      ...(status && { isLogging: status.IsLogging === true }),
    };
    return fact;
  });
  const settled = facts.some(
    t => t.isLogging === true && t.isMultiRegionTrail === true,
  );
  return statusUnknown && !settled ? undefined : facts;
}
