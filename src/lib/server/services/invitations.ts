import type { MunicipalityRole } from '$lib/domain/roles';
import type { Sql } from '../db/types';
import type { Database } from '../db/database';
import { hashPassword } from '../auth/password';
import { generateToken, hashToken } from '../auth/tokens';
import { findOpenInvitation, insertInvitation, markAccepted, type OpenInvitation } from '../repos/invitations';
import { upsertMembership } from '../repos/memberships';
import { insertUser } from '../repos/users';

/** Creates an invitation as the inviter (RLS checks the right to invite) and returns the link token, shown once. */
export async function createInvitation(
	db: Database,
	inviterId: string,
	inv: { email: string; municipalityId: string; organizationId: string | null; role: MunicipalityRole }
): Promise<string> {
	const token = generateToken();
	await db.asUser(inviterId, (sql) =>
		insertInvitation(sql, { ...inv, tokenHash: hashToken(token), invitedBy: inviterId })
	);
	return token;
}

export function findInvitation(db: Database, token: string): Promise<OpenInvitation | undefined> {
	return db.system((sql) => findOpenInvitation(sql, hashToken(token)));
}

export type AcceptResult = { ok: true; userId: string } | { ok: false; reason: 'invitation_invalid' | 'taken' };

/** A new person sets their name and password; the account and membership appear together. */
export async function acceptAsNewUser(
	db: Database,
	token: string,
	profile: { displayName: string; password: string; locale: string | null }
): Promise<AcceptResult> {
	const passwordHash = await hashPassword(profile.password);
	return db.system(async (sql) => {
		const inv = await findOpenInvitation(sql, hashToken(token), true);
		if (!inv) return { ok: false, reason: 'invitation_invalid' };
		if (inv.existingUserId) return { ok: false, reason: 'taken' };
		const userId = await insertUser(sql, {
			email: inv.email,
			displayName: profile.displayName,
			passwordHash,
			locale: profile.locale
		});
		await join(sql, inv, userId);
		return { ok: true, userId };
	});
}

/** Someone who already has an account, signed in as the invited address, joins the board. */
export async function acceptAsExistingUser(db: Database, token: string, userId: string): Promise<AcceptResult> {
	return db.system(async (sql) => {
		const inv = await findOpenInvitation(sql, hashToken(token), true);
		if (!inv || inv.existingUserId !== userId) return { ok: false, reason: 'invitation_invalid' };
		await join(sql, inv, userId);
		return { ok: true, userId };
	});
}

async function join(sql: Sql, inv: OpenInvitation, userId: string) {
	await upsertMembership(sql, {
		municipalityId: inv.municipalityId,
		userId,
		role: inv.role,
		organizationId: inv.organizationId
	});
	await markAccepted(sql, inv.id);
}
