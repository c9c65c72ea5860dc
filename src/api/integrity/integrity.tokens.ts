export const SIGNING_KEY = Symbol('SIGNING_KEY');
export const CHECKPOINT_SIGNER = Symbol('CHECKPOINT_SIGNER');
