import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Every load, form action and endpoint handler authorizes on its first statement, by calling
 * a guard from $lib/server/auth/guards. This walks every server route file and fails on any
 * entry point that does not. A layout's guard does not protect its children's actions, so each
 * entry point is checked on its own.
 */
const GUARDS = new Set(['allowAnonymous', 'requireUser', 'requireBoard', 'requireHub']);
const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'fallback']);
const routesDir = path.resolve(import.meta.dirname);

function serverFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const full = path.join(dir, e.name);
		if (e.isDirectory()) return serverFiles(full);
		return /^\+(page|layout)\.server\.ts$|^\+server\.ts$/.test(e.name) ? [full] : [];
	});
}

type Fn = ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration;

function unwrap(node: ts.Expression): ts.Expression {
	while (ts.isParenthesizedExpression(node) || ts.isSatisfiesExpression(node) || ts.isAsExpression(node)) node = node.expression;
	return node;
}

function firstCallName(fn: Fn): string | undefined {
	if (!fn.body || !ts.isBlock(fn.body)) return undefined;
	const first = fn.body.statements[0];
	let expr: ts.Expression | undefined;
	if (first && ts.isExpressionStatement(first)) expr = first.expression;
	if (first && ts.isVariableStatement(first)) expr = first.declarationList.declarations[0]?.initializer;
	if (expr && ts.isAwaitExpression(expr)) expr = expr.expression;
	return expr && ts.isCallExpression(expr) && ts.isIdentifier(expr.expression) ? expr.expression.text : undefined;
}

/** Entry points of one file: [name, function] pairs. */
function entryPoints(file: string): [string, Fn | undefined][] {
	const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
	const found: [string, Fn | undefined][] = [];
	const asFn = (e: ts.Expression | undefined) => {
		const u = e && unwrap(e);
		return u && (ts.isArrowFunction(u) || ts.isFunctionExpression(u)) ? u : undefined;
	};
	for (const stmt of source.statements) {
		const exported = ts.canHaveModifiers(stmt) && ts.getModifiers(stmt)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
		if (!exported) continue;
		if (ts.isFunctionDeclaration(stmt) && stmt.name) found.push([stmt.name.text, stmt]);
		if (!ts.isVariableStatement(stmt)) continue;
		for (const decl of stmt.declarationList.declarations) {
			const name = decl.name.getText();
			if (name === 'actions') {
				const obj = decl.initializer && unwrap(decl.initializer);
				if (!obj || !ts.isObjectLiteralExpression(obj)) throw new Error(`${file}: actions is not an object literal`);
				for (const prop of obj.properties) {
					const fn = ts.isPropertyAssignment(prop) ? asFn(prop.initializer) : ts.isMethodDeclaration(prop) ? undefined : undefined;
					found.push([`actions.${prop.name?.getText()}`, fn]);
				}
			} else if (name === 'load' || HTTP_METHODS.has(name)) {
				found.push([name, asFn(decl.initializer)]);
			}
		}
	}
	return found;
}

describe('every server entry point authorizes on its first line', () => {
	const files = serverFiles(routesDir);

	it('finds the route files', () => {
		expect(files.length).toBeGreaterThan(8);
	});

	it.each(files.map((f) => [path.relative(routesDir, f), f]))('%s', (_name, file) => {
		const points = entryPoints(file);
		expect(points.length).toBeGreaterThan(0);
		const unguarded = points.filter(([, fn]) => !fn || !GUARDS.has(firstCallName(fn) ?? '')).map(([n]) => n);
		expect(unguarded).toEqual([]);
	});

	it('detects an entry point that skips the guard', () => {
		const probe = path.join(fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'rt-guard-')), '+page.server.ts');
		fs.writeFileSync(probe, `export const actions = { ok: async (event) => { requireUser(event); }, bad: async (event) => { await db(); requireUser(event); } };`);
		const bad = entryPoints(probe).filter(([, fn]) => !fn || !GUARDS.has(firstCallName(fn) ?? '')).map(([n]) => n);
		expect(bad).toEqual(['actions.bad']);
	});
});
