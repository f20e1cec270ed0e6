import type { Actor } from '$lib/server/auth/access';
import type { Session, SessionUser } from '$lib/server/auth/session';

declare global {
	namespace App {
		interface Error {
			message: string;
			id?: string;
		}
		interface Locals {
			user: SessionUser | null;
			actor: Actor | null;
			session: Session | null;
			locale: string;
		}
	}
}

export {};
