import { m } from '$lib/paraglide/messages';
import type { MunicipalityRole, Sector } from '$lib/domain/roles';
import type { Locale } from '$lib/paraglide/runtime';

const ROLE: Record<MunicipalityRole | 'hub_admin' | 'hub_staff', () => string> = {
	coordinator: m.role_coordinator,
	member: m.role_member,
	observer: m.role_observer,
	hub_admin: m.role_hub_admin,
	hub_staff: m.role_hub_staff
};
export const roleLabel = (role: keyof typeof ROLE) => ROLE[role]();

const SECTOR: Record<Sector, () => string> = {
	local_government: m.sector_local_government,
	police: m.sector_police,
	education: m.sector_education,
	social_welfare: m.sector_social_welfare,
	health: m.sector_health,
	religious_community: m.sector_religious_community,
	civil_society: m.sector_civil_society,
	youth_council: m.sector_youth_council,
	media: m.sector_media,
	business: m.sector_business,
	international_partner: m.sector_international_partner,
	other: m.sector_other
};
export const sectorLabel = (sector: Sector) => SECTOR[sector]();

/** Each language named in itself, so people find their own in the list. */
export const LANGUAGE_NAMES: Record<Locale, string> = {
	en: 'English',
	mk: 'Македонски',
	sq: 'Shqip',
	bs: 'Bosanski',
	hr: 'Hrvatski',
	'sr-Latn': 'Srpski (latinica)',
	'sr-Cyrl': 'Српски (ћирилица)',
	cnr: 'Crnogorski',
	ar: 'العربية'
};
