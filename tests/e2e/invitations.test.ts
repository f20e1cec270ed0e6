import { describe, expect, test } from 'vitest';
import { demoUser, formPostHeaders, heading, myBoards, signIn, submit, uniqueEmail, useBrowser, visit } from './helpers';

const { baseUrl, newPage } = useBrowser();

describe('invitations', () => {
	test('the coordinator invites a member, who joins through the link', async () => {
		const coordinator = await newPage();
		await signIn(coordinator, demoUser('coordinator'));
		await visit(coordinator, '/m/kumanovo/members');
		const email = uniqueEmail('new-officer');
		const form = coordinator.locator('form[action="?/invite"]');
		await form.getByLabel('Email', { exact: true }).fill(email);
		await form.getByLabel('Role').selectOption('member');
		await form.getByLabel('Organization').selectOption({ label: 'Police Station Kumanovo' });
		await submit(coordinator, 'Create invitation', '/m/kumanovo/members');
		const linkBox = coordinator.getByTestId('invite-link');
		await linkBox.waitFor();
		const link = await linkBox.inputValue();
		expect(link).toMatch(new RegExp(`^${baseUrl}/invite/\\S+$`));
		const pending = coordinator.getByRole('region', { name: 'Pending invitations' });
		expect(await pending.textContent()).toContain(email);

		const invitee = await newPage();
		await visit(invitee, link);
		expect(await heading(invitee, 'Куманово')).toContain('Join the board of');
		await invitee.getByLabel('Your name').fill('Ana Officer');
		await invitee.getByLabel('New password').fill('a-long-secret-1');
		await invitee.getByLabel('Repeat the password').fill('a-long-secret-1');
		await Promise.all([
			invitee.waitForURL((url) => url.pathname === '/'),
			invitee.getByRole('button', { name: 'Create my account and join' }).click()
		]);
		expect(await heading(invitee, 'Ana Officer')).toContain('Welcome');
		expect(await myBoards(invitee)).toContain('/m/kumanovo');
		await invitee.locator('a[href="/m/kumanovo"]').click();
		expect(await heading(invitee, 'Куманово')).toContain('Куманово');

		// The link works once.
		const again = await newPage();
		await visit(again, link);
		expect(await again.textContent('main')).toContain('This invitation is not valid');
	});

	test('an observer can neither open member management nor forge an invitation', async () => {
		const observer = await newPage();
		await signIn(observer, demoUser('observer'));
		const page403 = await visit(observer, '/m/kumanovo/members');
		expect(page403.status()).toBe(403);
		expect(await heading(observer, 'Not allowed')).toBe('Not allowed');

		const email = uniqueEmail('forged');
		const forged = await observer.request.post(`${baseUrl}/m/kumanovo/members?/invite`, {
			form: { email, role: 'observer', organizationId: '' },
			headers: formPostHeaders(baseUrl),
			maxRedirects: 0
		});
		expect(forged.status()).toBe(403);
		// Refused by the role check (the error page), not by SvelteKit's cross-site guard.
		expect(await forged.text()).toContain('Not allowed');

		const coordinator = await newPage();
		await signIn(coordinator, demoUser('coordinator'));
		await visit(coordinator, '/m/kumanovo/members');
		await heading(coordinator, 'Members');
		expect(await coordinator.content()).not.toContain(email);
	});
});
