import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
	AttachmentExistsError,
	AttachmentStorageError,
	assertAttachmentKey,
	type AttachmentStorage
} from './storage';

/**
 * Attachments as files named by their key in one directory (normally
 * `<DATA_DIR>/attachments`). The content type is not kept here: the database row has it.
 */
export function createDiskStorage(directory: string): AttachmentStorage {
	const root = path.resolve(directory);
	// Keys are UUIDs, so the joined path cannot leave `root`; the check is the guarantee.
	const fileOf = (key: string) => {
		assertAttachmentKey(key);
		return path.join(root, key);
	};

	return {
		kind: 'disk',

		async put(key, bytes) {
			const target = fileOf(key);
			await fs.mkdir(root, { recursive: true, mode: 0o700 });
			// Written whole under a name no key can match, then linked into place: a reader sees
			// the complete file or none, a crash leaves only a `.tmp-` file, and link (unlike
			// rename) fails instead of replacing an object that is already there.
			const temporary = path.join(root, `.tmp-${key}-${randomUUID()}`);
			try {
				const handle = await fs.open(temporary, 'wx', 0o600);
				try {
					await handle.writeFile(bytes);
					await handle.sync();
				} finally {
					await handle.close();
				}
				await fs.link(temporary, target);
			} catch (err) {
				if (errorCode(err) === 'EEXIST') throw new AttachmentExistsError(key, { cause: err });
				throw new AttachmentStorageError(`Could not store attachment ${key} in ${root}`, { cause: err });
			} finally {
				await fs.rm(temporary, { force: true });
			}
		},

		async get(key) {
			try {
				const buffer = await fs.readFile(fileOf(key));
				return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
			} catch (err) {
				if (errorCode(err) === 'ENOENT') return null;
				throw err instanceof AttachmentStorageError
					? err
					: new AttachmentStorageError(`Could not read attachment ${key} from ${root}`, { cause: err });
			}
		},

		async delete(key) {
			try {
				await fs.unlink(fileOf(key));
			} catch (err) {
				if (errorCode(err) === 'ENOENT') return;
				throw err instanceof AttachmentStorageError
					? err
					: new AttachmentStorageError(`Could not delete attachment ${key} from ${root}`, { cause: err });
			}
		}
	};
}

function errorCode(err: unknown): string | undefined {
	return (err as NodeJS.ErrnoException | undefined)?.code;
}
