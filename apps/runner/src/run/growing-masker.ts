import { createMasker, type Masker, type SecretToMask } from "@workflow-secrets/templating";

export type GrowingMasker = Masker & {
  /** Masks these values too from now on (a refreshed OAuth2 token); earlier values stay masked. */
  add(entries: readonly SecretToMask[]): void;
};

/**
 * The run's masker, which can learn values that appear during the run (an access token refreshed
 * mid-run) without losing any it knew: every holder (the logger, step contexts) keeps this one
 * object and sees the rebuilt matcher.
 */
export function createGrowingMasker(entries: readonly SecretToMask[]): GrowingMasker {
  const known = [...entries];
  let current = createMasker(known);
  return {
    mask: (text) => current.mask(text),
    createStream: () => current.createStream(),
    maskJson: (value) => current.maskJson(value),
    get maxEncodedLength() {
      return current.maxEncodedLength;
    },
    add(more) {
      known.push(...more);
      current = createMasker(known);
    },
  };
}
