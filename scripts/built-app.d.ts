/** Types of built-app.js, for the TypeScript end-to-end tests. */
export const ROOT: string;
export const APP_START: string[];
export function appStartWith(extra: string[]): string[];
export function startArguments(script: string): string[];
export function snapshotApp(parent?: string, prefix?: string): Promise<string>;
export function appEnv(port: number, extra?: Record<string, string>): Record<string, string | undefined>;
export function waitHealthy(port: number, child: import('node:child_process').ChildProcess, ms?: number): Promise<void>;
