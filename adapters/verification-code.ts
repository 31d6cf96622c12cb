/** The citizen's verification code (查询码), given at intake with the order number to read its status. */
import { createHmac } from 'node:crypto';

/**
 * The order's verification code of this version: version 0 is the one given at intake, each re-issue
 * (an operator, on the citizen's call) derives another, and only the order's current version is taken.
 */
export function verificationCode(key: string, orderId: string, version = 0): string {
  const digest = createHmac('sha256', key)
    .update(version === 0 ? `status:${orderId}` : `status:${orderId}:${version}`)
    .digest();
  return String(digest.readUInt32BE(0) % 1_000_000).padStart(6, '0');
}
