/** `npm run build`: builds the console and prints its initial JavaScript against the budget. */
import { buildConsole, formatKb, INITIAL_JS_BUDGET_BYTES } from '../runtime/console-build';

const started = Date.now();
const bytes = await buildConsole();
console.log(
  `console built in ${((Date.now() - started) / 1000).toFixed(1)} s: initial JS ${formatKb(bytes)} gzip ` +
    `(budget ${formatKb(INITIAL_JS_BUDGET_BYTES)})`,
);
if (bytes > INITIAL_JS_BUDGET_BYTES) {
  console.error('the initial JavaScript is over budget: split the screens that grew');
  process.exit(1);
}
