/**
 * The support library of the tests, the benchmark and the chaos harness — never of the product (a lint
 * rule forbids production folders to import it):
 *
 * - database: TEST_DATABASE_URL, the one PostgreSQL server all three create their databases on, and a
 *   scratch database of one's own (empty, or migrated and seeded with the demo city), dropped after;
 * - ports: a free loopback port for a server started on the side;
 * - wait: sleeping, and polling until something holds (waitFor, eventually);
 * - mapConcurrent: bounded concurrency (the reconciler's, adapters/concurrency.ts);
 * - orders: an order's view from its workflow, its read-model row and its audit trail (the product's reads);
 * - kb-search: hit rates of the knowledge-base search on the citizen questions, and the intake desk's
 *   suggestions on the calls written apart;
 * - transcripts: field-level precision and recall of the form filled from a call's transcript.
 */
export * from './database';
export * from './kb-search';
export * from './transcripts';
export * from './orders';
export * from './ports';
export * from './wait';
export { mapConcurrent } from '../adapters/concurrency';
