/**
 * The payload codec: every payload Temporal stores for an order (workflow and Update inputs and
 * results, activity inputs, UI summary and details, failure messages) is encrypted with AES-256-GCM
 * before it leaves the process, so the server, its database, its UI and its HTTP API hold ciphertext.
 *
 * Each encrypted payload names its key id in the metadata: rotating is adding a key to PAYLOAD_KEYS
 * and making it the active one (PAYLOAD_KEY_ID); payloads under an older key still decrypt as long as
 * that key stays listed. Payloads without the encryption metadata pass through untouched, so histories
 * recorded before the codec still replay.
 */
import {
  METADATA_ENCODING_KEY,
  ValueError,
  type DataConverter,
  type Payload,
  type PayloadCodec,
  type SerializationContext,
} from '@temporalio/common';
import proto from '@temporalio/proto';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { PayloadKeys } from '../runtime/config';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const METADATA_KEY_ID = 'encryption-key-id';
/** The order a payload belongs to, in the clear (it is the workflow id), so a decode can be logged by order. */
export const METADATA_WORKFLOW_ID = 'workflow-id';

const IV_BYTES = 12;
const TAG_BYTES = 16;
// A CommonJS module: Node's ESM loader sees only its default export.
const ProtoPayload = proto.temporal.api.common.v1.Payload;

const text = (bytes: Uint8Array | null | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);

export function isEncrypted(payload: Payload): boolean {
  return text(payload.metadata?.[METADATA_ENCODING_KEY]) === ENCRYPTED_ENCODING;
}

/** The workflow id an encrypted payload was written for, when the SDK knew it. */
export function payloadWorkflowId(payload: Payload): string | undefined {
  return text(payload.metadata?.[METADATA_WORKFLOW_ID]);
}

/** The metadata in the clear is authenticated too: a payload cannot be passed off under another key id or order. */
const additionalData = (keyId: string, workflowId: string | undefined) => Buffer.from(`${keyId}\n${workflowId ?? ''}`);

export class PayloadEncryptionCodec implements PayloadCodec {
  constructor(private readonly keys: PayloadKeys) {}

  async encode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload, context?.workflowId));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => (isEncrypted(payload) ? this.decrypt(payload) : payload));
  }

  private encrypt(payload: Payload, workflowId: string | undefined): Payload {
    const keyId = this.keys.activeKeyId;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.keys.get(keyId)!, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(additionalData(keyId, workflowId));
    // The whole payload, its own metadata included (the encoding says which converter wrote it).
    const plain = ProtoPayload.encode(payload).finish();
    const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: {
        [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING),
        [METADATA_KEY_ID]: Buffer.from(keyId),
        ...(workflowId ? { [METADATA_WORKFLOW_ID]: Buffer.from(workflowId) } : {}),
      },
      data,
    };
  }

  private decrypt(payload: Payload): Payload {
    const keyId = text(payload.metadata?.[METADATA_KEY_ID]);
    if (!keyId) throw new ValueError('encrypted payload without a key id');
    const key = this.keys.keys.get(keyId);
    if (!key) throw new ValueError(`payload encrypted with key "${keyId}", which PAYLOAD_KEYS does not hold`);
    const data = Buffer.from(payload.data ?? []);
    if (data.length < IV_BYTES + TAG_BYTES) throw new ValueError('encrypted payload too short');
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData(keyId, payloadWorkflowId(payload)));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    return ProtoPayload.decode(plain);
  }
}

const failureConverterPath = fileURLToPath(new URL('./failure-converter.ts', import.meta.url));

/**
 * The one data converter of every Temporal client, worker and replayer of the system: the encryption
 * codec, and failures whose message and stack trace are payloads the codec encrypts.
 */
export function temporalDataConverter(keys: PayloadKeys): DataConverter {
  return { payloadCodecs: [new PayloadEncryptionCodec(keys)], failureConverterPath };
}
