/**
 * Failure messages and stack traces go into an encoded payload, so the payload codec encrypts them
 * like any other payload (`failureConverterPath` of runtime/payload-codec.ts).
 *
 * Kept free of TypeScript-only syntax on purpose: the SDK loads this file with Node's own `require()`
 * (and bundles it into the workflow sandbox), where no TypeScript loader may be installed.
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
