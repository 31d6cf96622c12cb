/** Installs (if needed) and prints the Temporal binaries the project uses. */
import { temporalBinary } from '../runtime/temporal-binaries';

for (const which of ['cli', 'testServer'] as const) console.log(`${which}: ${temporalBinary(which)}`);
