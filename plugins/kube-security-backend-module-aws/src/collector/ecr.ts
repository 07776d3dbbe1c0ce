import {
  DescribeRepositoriesCommand,
  GetRegistryScanningConfigurationCommand,
} from '@aws-sdk/client-ecr';
import type { ReadContext } from './eks';
import { allPages } from './reads';

export interface RepositoryFacts {
  repositoryName?: string;
  repositoryUri?: string;
  imageTagMutability?: string;
  /** Whether pushed images get scanned, from the registry rules or the repository. */
  imageScanningConfiguration: { scanOnPush: boolean };
  /** Which setting decided `scanOnPush`. */
  scanningSource: 'registry' | 'repository';
}

interface ScanningRule {
  scanFrequency?: string;
  repositoryFilters?: Array<{ filter?: string; filterType?: string }>;
}

/** An ECR wildcard filter (`*` is any run of characters) as a regular expression. */
function wildcard(filter: string): RegExp {
  const escaped = filter
    .split('*')
    .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`);
}

function ruleScansOnPush(rule: ScanningRule, repository: string): boolean {
  if (
    rule.scanFrequency !== 'SCAN_ON_PUSH' &&
    rule.scanFrequency !== 'CONTINUOUS_SCAN'
  ) {
    return false;
  }
  return (rule.repositoryFilters ?? []).some(
    f => f.filter !== undefined && wildcard(f.filter).test(repository),
  );
}

/**
 * The region's ECR repositories with whether pushed images are scanned. Registry-level
 * scanning rules take precedence over the repository's own (legacy) `scanOnPush`; with
 * enhanced scanning only the registry rules count. When the registry configuration
 * cannot be read, the repository setting alone is used (it can only under-report).
 */
export async function readEcrRepositories(
  ctx: ReadContext,
): Promise<RepositoryFacts[] | undefined> {
  const { ecr } = ctx.clients;
  const options = { abortSignal: ctx.reads.signal };
  const [repositories, registry] = await Promise.all([
    ctx.reads.attempt('ecr:DescribeRepositories', () =>
      allPages(async nextToken => {
        const out = await ecr.send(
          new DescribeRepositoriesCommand({ nextToken }),
          options,
        );
        return { items: out.repositories, next: out.nextToken };
      }),
    ),
    ctx.reads.attempt('ecr:GetRegistryScanningConfiguration', async () => {
      const out = await ecr.send(
        new GetRegistryScanningConfigurationCommand({}),
        options,
      );
      return out.scanningConfiguration;
    }),
  ]);
  if (!repositories) return undefined;
  const enhanced = registry?.scanType === 'ENHANCED';
  const rules: ScanningRule[] = registry?.rules ?? [];

  return repositories.map(repo => {
    const name = repo.repositoryName ?? '';
    const byRegistry = rules.some(rule => ruleScansOnPush(rule, name));
    const byRepository =
      !enhanced && repo.imageScanningConfiguration?.scanOnPush === true;
    return {
      repositoryName: repo.repositoryName,
      repositoryUri: repo.repositoryUri,
      imageTagMutability: repo.imageTagMutability,
      imageScanningConfiguration: { scanOnPush: byRegistry || byRepository },
      scanningSource: byRegistry || enhanced ? 'registry' : 'repository',
    };
  });
}
