/** Where an attachment's form goes back to: the page of its meeting or action item. */
export function attachmentReturnPath(slug: string, target: 'meeting' | 'item', id: string): string {
	return target === 'meeting' ? `/m/${slug}/meetings/${id}` : `/m/${slug}/actions/${id}`;
}
