import { z } from 'zod';
import { MUNICIPALITY_ROLES, SECTORS } from '$lib/domain/roles';
import { locales } from '$lib/paraglide/runtime';

// Field rules, each written once; form schemas below are built from them.
const text = (max: number) =>
	z.string('required').trim().min(1, 'required').max(max, 'too_long');
const optionalText = (max: number) =>
	z
		.string()
		.trim()
		.max(max, 'too_long')
		.optional()
		.transform((v) => (v ? v : null));
export const email = z.string('required').trim().min(1, 'required').max(254, 'too_long').pipe(z.email('email')).transform((v) => v.toLowerCase());
export const newPassword = z.string('required').min(10, 'password_short').max(256, 'too_long');
/** A chosen row's id; anything else is an invalid choice. Shared by every feature's forms. */
export const uuid = z.uuid('invalid_choice');
export const optionalUuid = z
	.string()
	.optional()
	.transform((v) => (v ? v : null))
	.pipe(z.uuid('invalid_choice').nullable());

function isTimeZone(zone: string): boolean {
	try {
		new Intl.DateTimeFormat('en', { timeZone: zone });
		return zone.includes('/');
	} catch {
		return false;
	}
}

export const signInSchema = z.object({
	email: email,
	password: z.string('required').min(1, 'required').max(256, 'too_long')
});

/** A new password typed twice: the second must match. */
const passwordsMatch: [(v: { password: string; confirm: string }) => boolean, { message: string; path: string[] }] = [
	(v) => v.password === v.confirm,
	{ message: 'password_mismatch', path: ['confirm'] }
];
const passwordPair = { password: newPassword, confirm: z.string() };

export const setupSchema = z
	.object({ displayName: text(120), email: email, regionName: text(200), ...passwordPair })
	.refine(...passwordsMatch);

export const acceptInvitationSchema = z
	.object({ displayName: text(120), ...passwordPair })
	.refine(...passwordsMatch);

export const changePasswordSchema = z
	.object({ current: z.string().min(1, 'required'), ...passwordPair })
	.refine(...passwordsMatch);

export const profileSchema = z.object({
	displayName: text(120),
	locale: z
		.string()
		.optional()
		.transform((v) => (v ? v : null))
		.pipe(z.enum(locales, 'invalid_choice').nullable())
});

/** A member represents an agency (the same rule as the memberships table's check). */
const memberHasOrganization: [(v: { role: string; organizationId: string | null }) => boolean, { message: string; path: string[] }] = [
	(v) => v.role !== 'member' || v.organizationId !== null,
	{ message: 'organization_required', path: ['organizationId'] }
];
const roleAndOrganization = { role: z.enum(MUNICIPALITY_ROLES, 'invalid_choice'), organizationId: optionalUuid };

export const inviteSchema = z.object({ email: email, ...roleAndOrganization }).refine(...memberHasOrganization);

export const hubInviteSchema = z.object({ email: email, municipalityId: uuid });

export const membershipChangeSchema = z.object({ membershipId: uuid, ...roleAndOrganization }).refine(...memberHasOrganization);

export const idSchema = z.object({ id: uuid });

export const organizationSchema = z.object({
	name: text(200),
	sector: z.enum(SECTORS, 'invalid_choice'),
	contactName: optionalText(200),
	contactEmail: z
		.string()
		.trim()
		.optional()
		.transform((v) => (v ? v : null))
		.pipe(z.email('email').max(254, 'too_long').nullable()),
	contactPhone: optionalText(50)
});

export const municipalitySchema = z.object({
	slug: z.string('required').trim().toLowerCase().min(1, 'required').max(60, 'too_long').regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'slug'),
	name: text(200),
	nameLatin: text(200),
	country: z.string('required').trim().toUpperCase().regex(/^[A-Z]{2}$/, 'country'),
	timeZone: z.string('required').trim().refine(isTimeZone, 'time_zone'),
	targetMeetingIntervalDays: z.coerce.number('interval').int('interval').min(7, 'interval').max(92, 'interval')
});

/** A note's title: the same rule as the notes table's check (1–200 characters). */
export const noteTitleSchema = z.object({ title: text(200) });
