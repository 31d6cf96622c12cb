/**
 * Issues a bearer token for a role (and unit), signed with AUTH_SECRET (or the embedded default's
 * secret in the data folder): `npm run token -- department CGJ dept-cgj-01`. An unknown role or unit is
 * refused: the units are those of the database at DATABASE_URL, or on the embedded defaults the demo
 * city's (the embedded database belongs to a running `npm start` and is not opened beside it).
 */
import { issueToken } from '../api/http/auth';
import { openDatabase } from '../db/client';
import { units } from '../db/schema';
import { DEMO_UNITS } from '../db/seed-data/units';
import { ROLES, type Role } from '../domain/order';
import { loadConfig } from '../runtime/config';

function refuse(message: string): never {
  console.error(message);
  process.exit(2);
}

async function knownUnits(databaseUrl: string | undefined): Promise<string[]> {
  if (!databaseUrl) return DEMO_UNITS.map((u) => u.code);
  const database = await openDatabase({ url: databaseUrl, poolSize: 1 });
  try {
    return (await database.db.select({ code: units.code }).from(units)).map((u) => u.code);
  } finally {
    await database.close();
  }
}

const [role, unit, sub] = process.argv.slice(2);
if (!role || !ROLES.includes(role as Role)) refuse(`usage: npm run token -- <${ROLES.join('|')}> [unit] [subject]`);
if (role === 'department' && !unit) refuse('a department token needs its unit code, e.g. CGJ');
const config = loadConfig();
if (unit !== undefined) {
  const known = await knownUnits(config.databaseUrl);
  if (!known.includes(unit)) refuse(`unknown unit ${unit}; the units are ${known.sort().join(', ')}`);
}
const claims = { role: role as Role, unit: unit ?? null, sub: sub ?? `${role}-${unit ?? 'user'}` };
console.log(
  await issueToken(config.authSecret, claims, process.env.TOKEN_TTL ?? '12h').catch((err: Error) =>
    refuse(err.message),
  ),
);
