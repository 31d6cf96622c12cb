/**
 * The live notice: a NOTIFY in the batch's transaction, heard by the API's /live streams only once the
 * change is committed and readable (db/order-changes). Last in the registry: it says whether the review
 * queue took a rating with this change.
 */
import { announceOrderChange } from '../db/order-changes';
import type { Projection } from './projection';

export const liveNotice: Projection = {
  name: 'live-notice',
  follows: 'every batch',
  async apply(tx, { order, reviewQueued }) {
    await announceOrderChange(tx, {
      orderId: order.orderId,
      state: order.state,
      units: [...(order.leadUnit ? [order.leadUnit] : []), ...order.assistingUnits],
      reviewQueued,
    });
  },
};
