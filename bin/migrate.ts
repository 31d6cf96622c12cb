/** Applies the migrations (and, with --seed, the demo city) to DATABASE_URL or the embedded database. */
import { loadConfig } from '../runtime/config';
import { startDatabase } from '../runtime/parts';

const database = await startDatabase(loadConfig(), { seed: process.argv.includes('--seed') });
await database.close();
console.log(`migrations applied (${database.kind})`);
