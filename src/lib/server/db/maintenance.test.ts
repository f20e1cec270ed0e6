import { afterEach, describe, expect, it, vi } from 'vitest';
import { CHURNING_TABLES, scheduleVacuum } from './maintenance';

afterEach(() => vi.useRealTimers());

describe('the vacuum schedule', () => {
	it('leaves the database to the reconnecting clients at start, then vacuums the churning tables, then every interval', async () => {
		vi.useFakeTimers();
		const vacuum = vi.fn(async () => {});
		const stop = scheduleVacuum({ vacuum }, 60_000, 10_000);
		await vi.advanceTimersByTimeAsync(9_999);
		expect(vacuum).not.toHaveBeenCalled();
		await vi.advanceTimersByTimeAsync(1);
		expect(vacuum).toHaveBeenCalledTimes(1);
		expect(vacuum).toHaveBeenLastCalledWith(CHURNING_TABLES);
		await vi.advanceTimersByTimeAsync(120_000);
		expect(vacuum).toHaveBeenCalledTimes(3);
		stop();
		await vi.advanceTimersByTimeAsync(600_000);
		expect(vacuum).toHaveBeenCalledTimes(3);
	});

	it('stops before the first vacuum if asked to', async () => {
		vi.useFakeTimers();
		const vacuum = vi.fn(async () => {});
		scheduleVacuum({ vacuum }, 60_000, 10_000)();
		await vi.advanceTimersByTimeAsync(600_000);
		expect(vacuum).not.toHaveBeenCalled();
	});

	it('reports a failed vacuum and keeps the schedule', async () => {
		vi.useFakeTimers();
		const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
		const vacuum = vi.fn(async () => {
			throw new Error('disk full');
		});
		const stop = scheduleVacuum({ vacuum }, 60_000, 10_000);
		await vi.advanceTimersByTimeAsync(70_000);
		expect(vacuum).toHaveBeenCalledTimes(2);
		expect(errors).toHaveBeenCalledWith('vacuuming the database failed: disk full');
		stop();
		errors.mockRestore();
	});
});
