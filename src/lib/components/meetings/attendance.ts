import type { AttendanceStatus } from '$lib/domain/meetings';
import type { AttendanceRecord } from '$lib/server/repos/meeting-record';

export interface AttendanceRow {
	organizationId: string | null;
	name: string | null;
	invited: boolean;
	status: AttendanceStatus | null;
	people: { userId: string; name: string | null; status: AttendanceStatus | null }[];
}

/**
 * Attendance by organization, invited organizations first, each with its people: for the form,
 * every board member under their organization; for reading, those recorded. People without an
 * organization (a coordinator) come last, under organizationId null.
 */
export function attendanceRows(
	organizations: { id: string; name: string; leftOn?: string | null }[],
	invitedIds: string[],
	attendance: AttendanceRecord[],
	members: { userId: string; displayName: string; organizationId: string | null }[] | null
): AttendanceRow[] {
	const orgStatus = new Map(attendance.filter((a) => !a.userId).map((a) => [a.organizationId, a.status]));
	const personStatus = new Map(attendance.filter((a) => a.userId).map((a) => [a.userId, a]));
	const people: (AttendanceRow['people'][number] & { organizationId: string | null })[] = members
		? members.map((mb) => ({ userId: mb.userId, name: mb.displayName, organizationId: mb.organizationId, status: personStatus.get(mb.userId)?.status ?? null }))
		: [];
	// Recorded people who are no longer on the board (or, for readers, everyone recorded).
	for (const a of attendance) {
		if (a.userId && !people.some((p) => p.userId === a.userId)) people.push({ userId: a.userId, name: a.personName, organizationId: a.organizationId, status: a.status });
	}
	const shown = organizations.filter((o) => invitedIds.includes(o.id) || orgStatus.has(o.id) || (members && !o.leftOn) || people.some((p) => p.organizationId === o.id));
	const rows: AttendanceRow[] = shown.map((o) => ({
		organizationId: o.id,
		name: o.name,
		invited: invitedIds.includes(o.id),
		status: orgStatus.get(o.id) ?? null,
		people: people.filter((p) => p.organizationId === o.id)
	}));
	rows.sort((a, b) => Number(b.invited) - Number(a.invited));
	const loose = people.filter((p) => !p.organizationId || !shown.some((o) => o.id === p.organizationId));
	if (loose.length) rows.push({ organizationId: null, name: null, invited: false, status: null, people: loose });
	return rows;
}
