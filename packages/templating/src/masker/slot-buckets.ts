/** An open-addressed map from a table slot to the run `[from, to)` of a slot-sorted index list. */
export interface SlotBuckets {
  keys: Int32Array;
  from: Uint32Array;
  to: Uint32Array;
}

/**
 * Builds the map for `order` (indices sorted by `slotOf`) in `size` entries (a power of two, at least
 * twice the number of distinct slots). Empty entries hold key -1; lookups probe linearly from
 * `imul(slot, 0x85ebca6b) & (size - 1)`.
 */
export function buildSlotBuckets(
  order: ArrayLike<number>,
  slotOf: (index: number) => number,
  size: number,
): SlotBuckets {
  const keys = new Int32Array(size).fill(-1);
  const from = new Uint32Array(size);
  const to = new Uint32Array(size);
  for (let i = 0; i < order.length; ) {
    const key = slotOf(order[i] as number);
    let j = i + 1;
    while (j < order.length && slotOf(order[j] as number) === key) j++;
    let at = (Math.imul(key, 0x85ebca6b) >>> 0) & (size - 1);
    while (keys[at] !== -1) at = (at + 1) & (size - 1);
    keys[at] = key;
    from[at] = i;
    to[at] = j;
    i = j;
  }
  return { keys, from, to };
}
