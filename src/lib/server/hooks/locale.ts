import type { Handle } from '@sveltejs/kit';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { defineCustomServerStrategy, getTextDirection, isLocale } from '$lib/paraglide/runtime';

// The signed-in user's own setting wins over the cookie and Accept-Language
// (strategy order in package.json's i18n script). Paraglide asks with the request object.
const userLocales = new WeakMap<Request, string>();
defineCustomServerStrategy('custom-user', {
	getLocale: (request) => (request ? userLocales.get(request) : undefined)
});

export const handleLocale: Handle = ({ event, resolve }) => {
	const preferred = event.locals.user?.locale;
	if (preferred && isLocale(preferred)) userLocales.set(event.request, preferred);
	return paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		event.locals.locale = locale;
		return resolve(event, {
			transformPageChunk: ({ html }) =>
				html.replace('%lang%', locale).replace('%dir%', getTextDirection(locale))
		});
	});
};
