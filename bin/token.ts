/**
 * Issues a bearer token for a role (and unit), signed with AUTH_SECRET (or the embedded default's
 * secret in the data folder): `npm run token -- department CGJ dept-cgj-01`.
 */
import { issueToken } from '../api/auth';
import { ROLES, type Role } from '../domain/order';
import { loadConfig } from '../runtime/config';

const [role, unit, sub] = process.argv.slice(2);
if (!role || !ROLES.includes(role as Role)) {
  console.error(`usage: npm run token -- <${ROLES.join('|')}> [unit] [subject]`);
  process.exit(2);
}
if (role === 'department' && !unit) {
  console.error('a department token needs its unit code, e.g. CGJ');
  process.exit(2);
}
const claims = { role: role as Role, unit: unit ?? null, sub: sub ?? `${role}-${unit ?? 'user'}` };
console.log(await issueToken(loadConfig().authSecret, claims, process.env.TOKEN_TTL ?? '12h'));
