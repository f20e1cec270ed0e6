/**
 * What someone types into a form before the app's scripts have hydrated the page (a slow
 * connection shows the server-rendered form well before): hydration sets every `value={…}`
 * field again, which emptied the fields, and a sign-in then stopped at an empty email.
 *
 * An inline script in src/app.html, which runs before any of the app's, records each field
 * as it is typed into or changed, in `window[TYPED_KEY]`; once the page has hydrated, the
 * root layout puts back whatever hydration changed and stops the recording. Hydration keeps
 * the server-rendered elements, so the recorded ones are the fields on screen. The recording
 * is in memory only, and gone once restored.
 */

/** Where app.html's script keeps its record (the name is repeated there). */
const TYPED_KEY = '__roundtableTyped';

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
interface Record {
	/** Each field's last value, or for a checkbox or radio button whether it is checked. */
	typed: Map<Field, string | boolean>;
	stop: () => void;
}

/** Puts back what was typed before hydration and stops recording; call once hydrated. */
export function restoreTypedBeforeHydration(): void {
	const holder = window as unknown as { [TYPED_KEY]?: Record };
	const record = holder[TYPED_KEY];
	if (!record) return;
	record.stop();
	delete holder[TYPED_KEY];
	for (const [field, value] of record.typed) {
		if (!field.isConnected) continue;
		// An event as typing would send, so that handlers and bindings see the value too.
		if (typeof value === 'boolean') {
			if (!(field instanceof HTMLInputElement) || field.checked === value) continue;
			field.checked = value;
			field.dispatchEvent(new Event('change', { bubbles: true }));
		} else if (field.value !== value) {
			field.value = value;
			field.dispatchEvent(new Event('input', { bubbles: true }));
		}
	}
}
