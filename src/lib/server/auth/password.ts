import { hash, verify } from '@node-rs/argon2';

// argon2id with OWASP's minimum parameters (m=19 MiB, t=2, p=1), stated so a library default
// change cannot silently weaken them.
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

export function hashPassword(password: string): Promise<string> {
	return hash(password, OPTIONS);
}

export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
	try {
		return await verify(storedHash, password);
	} catch {
		return false; // a malformed stored hash never verifies
	}
}

// Verifying against this when the account does not exist keeps sign-in time the same either
// way, so response time does not tell an attacker which emails have accounts.
let dummy: Promise<string> | undefined;
export async function verifyNothing(password: string): Promise<false> {
	dummy ??= hashPassword('not a real password, only timing');
	await verifyPassword(await dummy, password);
	return false;
}
