/**
 * The demo city 江滨市临江区 that `npm start` seeds: units, dispatch catalogue, calendars, policy, knowledge base
 * and referral channels.
 */
export { DEMO_UNITS } from './units';
export { DEMO_CATALOGUE } from './catalogue';
export {
  CHINESE_DAYS_VERSION,
  DEMO_CALENDAR_YEARS,
  demoCalendars,
  provisionalCalendar,
  publishedCalendar,
  statutoryHolidays,
  type SeedCalendar,
} from './calendar';
export { DEFAULT_POLICY } from './policy';
export { DEMO_KB, KB_TOPICS, type KbArticleSeed } from './knowledge-base';
export { DEMO_REFERRAL_CHANNELS } from './referrals';
