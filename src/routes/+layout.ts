import { browser } from '$app/environment';
import { overwriteGetLocale, type Locale } from '$lib/paraglide/runtime';
import type { LayoutLoad } from './$types';

// The server decides the language (the user's setting, cookie, Accept-Language); the browser
// follows it, also after client-side navigation, instead of guessing from navigator.languages.
let serverLocale: Locale | undefined;
if (browser) overwriteGetLocale(() => serverLocale ?? 'en');

export const load = (({ data }) => {
	if (browser) serverLocale = data.locale;
	return data;
}) satisfies LayoutLoad;
