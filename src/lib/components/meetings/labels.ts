import type { AttendanceStatus, MeetingPhase } from '$lib/domain/meetings';
import { m } from '$lib/paraglide/messages';

const ATTENDANCE: Record<AttendanceStatus, () => string> = {
	present: m.meetings_attendance_present,
	excused: m.meetings_attendance_excused,
	absent: m.meetings_attendance_absent
};
export const attendanceLabel = (status: AttendanceStatus) => ATTENDANCE[status]();

const PHASE: Record<MeetingPhase, () => string> = {
	cancelled: m.meetings_phase_cancelled,
	upcoming: m.meetings_phase_upcoming,
	in_progress: m.meetings_phase_in_progress,
	held: m.meetings_phase_held
};
export const phaseLabel = (phase: MeetingPhase) => PHASE[phase]();
