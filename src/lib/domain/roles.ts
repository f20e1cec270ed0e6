/** Roles and sectors of DOMAIN.md, shared by server checks, forms and the database checks. */
export const MUNICIPALITY_ROLES = ['coordinator', 'member', 'observer'] as const;
export type MunicipalityRole = (typeof MUNICIPALITY_ROLES)[number];

export const HUB_ROLES = ['hub_admin', 'hub_staff'] as const;
export type HubRole = (typeof HUB_ROLES)[number];

export const SECTORS = [
	'local_government',
	'police',
	'education',
	'social_welfare',
	'health',
	'religious_community',
	'civil_society',
	'youth_council',
	'media',
	'business',
	'international_partner',
	'other'
] as const;
export type Sector = (typeof SECTORS)[number];
