/**
 * When the city's contacts arrive: more by day than at night, fewer at weekends and on public holidays,
 * more in summer. Order i of n arrives at the instant where the cumulative intensity reaches (i + ½) / n,
 * so arrival instants grow with the order number and any process can compute any order's instant.
 */
import { CHINA_OFFSET_MS, isWorkingDay, chinaDay } from '../../domain/calendar';
import type { WorkCalendar } from '../../domain/types';

const SLOT_MS = 10 * 60_000;
const HOUR_MS = 3_600_000;

/** Relative call volume by China-time hour of day (a hotline's typical day). */
const BY_HOUR = [
  0.12, 0.08, 0.06, 0.05, 0.05, 0.08, 0.25, 0.6, 1.3, 1.7, 1.7, 1.5, 1.1, 1.2, 1.5, 1.6, 1.5, 1.3, 1.0, 0.9, 0.8, 0.6,
  0.4, 0.2,
];

export class Arrivals {
  private readonly cumulative: Float64Array;

  constructor(
    readonly from: number,
    readonly to: number,
    readonly count: number,
    calendar: WorkCalendar,
  ) {
    const slots = Math.ceil((to - from) / SLOT_MS);
    this.cumulative = new Float64Array(slots + 1);
    const dayWeight = new Map<string, number>();
    for (let s = 0; s < slots; s++) {
      const at = from + s * SLOT_MS;
      const day = chinaDay(at);
      let w = dayWeight.get(day);
      if (w === undefined) {
        const month = Number(day.slice(5, 7));
        w = (isWorkingDay(day, calendar) ? 1 : 0.7) * (month >= 6 && month <= 8 ? 1.15 : 1);
        dayWeight.set(day, w);
      }
      const hour = Math.floor((((at + CHINA_OFFSET_MS) % 86_400_000) + 86_400_000) / HOUR_MS) % 24;
      this.cumulative[s + 1] = this.cumulative[s]! + w * BY_HOUR[hour]!;
    }
  }

  /** The arrival instant of order `index` (0-based); `jitter` in [0, 1) places it within its share. */
  at(index: number, jitter: number): number {
    const total = this.cumulative[this.cumulative.length - 1]!;
    const target = ((index + jitter) / this.count) * total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! <= target) lo = mid;
      else hi = mid;
    }
    const within = (target - this.cumulative[lo]!) / (this.cumulative[hi]! - this.cumulative[lo]! || 1);
    return Math.min(this.to - 1, Math.floor(this.from + (lo + within) * SLOT_MS));
  }
}
