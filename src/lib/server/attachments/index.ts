import path from 'node:path';
import { config } from '$lib/server/config';
import { createDiskStorage } from './disk-storage';
import type { AttachmentStorage } from './storage';
import { createSupabaseStorage } from './supabase-storage';

export { attachmentResponse, contentDisposition, type AttachmentFile, type ServeOptions } from './serve';
export {
	ATTACHMENT_TYPES,
	attachmentMaxBytes,
	checkAttachment,
	exceedsAttachmentLimit,
	kindOfContentType,
	sanitizeFilename,
	type AttachmentCheck,
	type AttachmentKind,
	type AttachmentRejection
} from './policy';
export {
	AttachmentExistsError,
	AttachmentStorageError,
	assertAttachmentKey,
	isAttachmentKey,
	newAttachmentKey,
	type AttachmentStorage
} from './storage';

// One client for the process: it holds no request's state, only the configured connection.
let storage: AttachmentStorage | undefined;

/**
 * Supabase Storage when SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY are both set (files must
 * survive the app's container), otherwise files under DATA_DIR/attachments.
 */
export function attachmentStorage(): AttachmentStorage {
	if (storage) return storage;
	storage = configuredStorage();
	return storage;
}

/** Replaces the process's storage (integration tests run the same code over disk and Supabase). */
export function useAttachmentStorage(replacement: AttachmentStorage | undefined): void {
	storage = replacement;
}

function configuredStorage(): AttachmentStorage {
	const { supabaseUrl: url, supabaseServiceRoleKey: serviceRoleKey } = config;
	// Half a configuration would quietly put files on a disk that may not outlive the container.
	if (Boolean(url) !== Boolean(serviceRoleKey)) {
		throw new Error(
			'Set both SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY for attachments in Supabase, or neither'
		);
	}
	return url && serviceRoleKey
		? createSupabaseStorage({ url, serviceRoleKey, bucket: config.supabaseStorageBucket })
		: createDiskStorage(path.join(config.dataDir, 'attachments'));
}
