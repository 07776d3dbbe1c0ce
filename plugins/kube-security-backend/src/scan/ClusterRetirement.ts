import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Recompute } from '../aggregate/Recompute';
import type { Stores } from '../database/stores';
import { DAY_MS } from '../database/tables';

/**
 * Clusters removed from the configuration: at start-up the ones no longer configured are
 * retired (their findings stay visible, no score counts them), and a periodic prune
 * deletes them once retired for longer than the retention.
 */
export class ClusterRetirement {
  constructor(
    private readonly options: {
      stores: Pick<Stores, 'retired'>;
      recompute: Pick<Recompute, 'run'>;
      logger: LoggerService;
      /** Days a retired cluster's findings are kept. */
      retentionDays: number;
      now?: () => Date;
    },
  ) {}

  /** Retires every known cluster not in `configured`; returns those retired now. */
  async retireUnconfigured(configured: string[]): Promise<string[]> {
    const retired = await this.options.stores.retired.retireAllBut(configured);
    if (retired.length) {
      this.options.logger.info(
        `Clusters no longer configured are retired: ${retired.join(
          ', ',
        )}; their findings are kept ${
          this.options.retentionDays
        } days without counting in scores`,
      );
      await this.options.recompute.run();
    }
    return retired;
  }

  /** Deletes clusters retired longer than the retention; returns their names. */
  async prune(): Promise<string[]> {
    const now = (this.options.now ?? (() => new Date()))();
    const cutoff = new Date(
      now.getTime() - this.options.retentionDays * DAY_MS,
    );
    const pruned = await this.options.stores.retired.pruneRetiredBefore(cutoff);
    if (pruned.length) {
      this.options.logger.info(
        `Retired clusters pruned after ${
          this.options.retentionDays
        } days: ${pruned.join(', ')}`,
      );
    }
    return pruned;
  }
}
