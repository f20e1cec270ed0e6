import type { ParamMatcher } from '@sveltejs/kit';

/** Link tokens are 32 base32 characters (src/lib/server/auth/tokens.ts); anything else is a 404. */
export const match = ((param: string) => /^[a-z2-7]{32}$/.test(param)) satisfies ParamMatcher;
