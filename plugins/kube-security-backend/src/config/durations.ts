import type { HumanDuration } from '@backstage/types';

const ISO_DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** Converts an ISO 8601 duration such as `PT1H30M` into the scheduler's HumanDuration. */
export function isoToHumanDuration(iso: string): HumanDuration {
  const m = ISO_DURATION.exec(iso);
  if (!m || iso === 'P' || iso === 'PT') {
    throw new Error(`"${iso}" is not an ISO 8601 duration such as PT1H`);
  }
  const [, days, hours, minutes, seconds] = m.map(v => (v ? Number(v) : 0));
  return { days, hours, minutes, seconds };
}
