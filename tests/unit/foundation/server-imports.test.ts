// No browser module uses a value from a server module. Remix's classic compiler empties `*.server.*` modules
// in the browser bundle and drops a route's `loader`, `action` and `headers` exports, so a server value is
// only safe inside those: anywhere else (the component, `meta`, a helper, a re-export) it is `undefined` in
// the browser, and the page crashes after hydration though the server rendered it. Everything under
// app/server/ is server-only too, whatever its file is called. Type-only imports are erased and allowed.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const APP = join(ROOT, "app");
/** The exports Remix runs only on the server and removes from the browser bundle. */
const SERVER_EXPORTS = new Set(["loader", "action", "headers"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(tsx?|jsx?)$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
  });
}

/** Whether an import specifier, written in `fromFile`, names a server-only module. */
export function isServerModule(specifier: string, fromFile: string): boolean {
  let target: string;
  if (specifier.startsWith("~/")) target = join(APP, specifier.slice(2));
  else if (specifier.startsWith(".")) target = resolve(dirname(fromFile), specifier);
  else return /\.server(\.[jt]sx?)?$/.test(specifier);
  return /\.server(\.[jt]sx?)?$/.test(target) || relative(join(APP, "server"), target).split(/[\\/]/)[0] !== "..";
}

/**
 * The top-level declaration a node is inside: a function declaration, or one declarator of a `const`/`let`
 * statement (not its siblings). Null for anything else (an expression statement, a class, an export list).
 */
function topLevelDeclaration(node: ts.Node): ts.FunctionDeclaration | ts.VariableDeclaration | null {
  let statement: ts.Node = node;
  while (statement.parent && !ts.isSourceFile(statement.parent)) statement = statement.parent;
  if (ts.isFunctionDeclaration(statement)) return statement;
  if (!ts.isVariableStatement(statement)) return null;
  let decl: ts.Node = node;
  while (decl.parent && decl.parent !== statement.declarationList) decl = decl.parent;
  return ts.isVariableDeclaration(decl) ? decl : null;
}

function isExported(decl: ts.FunctionDeclaration | ts.VariableDeclaration): boolean {
  const holder = ts.isVariableDeclaration(decl) ? decl.parent.parent : decl;
  return ts.canHaveModifiers(holder) && !!ts.getModifiers(holder)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

/** Whether an identifier is only a type (erased from the bundle), e.g. `typeof X` in a type annotation. */
function inTypePosition(node: ts.Node): boolean {
  for (let n: ts.Node | undefined = node.parent; n && !ts.isSourceFile(n); n = n.parent) {
    if (ts.isExpressionWithTypeArguments(n) && ts.isHeritageClause(n.parent) && n.parent.token === ts.SyntaxKind.ExtendsKeyword && ts.isClassLike(n.parent.parent)) return false;
    if (ts.isTypeNode(n)) return true;
  }
  return false;
}

/** Every use of a server value outside `loader`, `action` and `headers`, as `file:line: what`. */
export function serverValueLeaks(files: { fileName: string; text: string }[]): string[] {
  const program = ts.createProgram({
    rootNames: files.map((f) => f.fileName),
    options: { noResolve: true, noLib: true, types: [], jsx: ts.JsxEmit.ReactJSX, allowJs: true },
    host: (() => {
      const host = ts.createCompilerHost({});
      const texts = new Map(files.map((f) => [f.fileName, f.text]));
      const getSourceFile = host.getSourceFile;
      host.getSourceFile = (name, lang, ...rest) => texts.has(name) ? ts.createSourceFile(name, texts.get(name)!, lang, true) : getSourceFile(name, lang, ...rest);
      host.fileExists = (name) => texts.has(name);
      host.readFile = (name) => texts.get(name);
      return host;
    })(),
  });
  const checker = program.getTypeChecker();
  const leaks: string[] = [];
  for (const { fileName } of files) {
    const sf = program.getSourceFile(fileName)!;
    const where = (node: ts.Node) => `${relative(ROOT, fileName)}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;
    const imported = new Map<ts.Symbol, string>();
    for (const statement of sf.statements) {
      if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
        if (!statement.isTypeOnly && isServerModule(statement.moduleSpecifier.text, fileName)) {
          const names = statement.exportClause && ts.isNamedExports(statement.exportClause)
            ? statement.exportClause.elements.filter((e) => !e.isTypeOnly).map((e) => e.name.text)
            : ["*"];
          if (names.length) leaks.push(`${where(statement)}: re-exports ${names.join(", ")} from ${statement.moduleSpecifier.text}`);
        }
        continue;
      }
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      const from = statement.moduleSpecifier.text;
      if (!isServerModule(from, fileName)) continue;
      const clause = statement.importClause;
      if (!clause) {
        leaks.push(`${where(statement)}: imports ${from} for its side effects`);
        continue;
      }
      if (clause.isTypeOnly) continue;
      const bindings: ts.Identifier[] = [];
      if (clause.name) bindings.push(clause.name);
      if (clause.namedBindings && ts.isNamespaceImport(clause.namedBindings)) bindings.push(clause.namedBindings.name);
      if (clause.namedBindings && ts.isNamedImports(clause.namedBindings)) {
        for (const el of clause.namedBindings.elements) if (!el.isTypeOnly) bindings.push(el.name);
      }
      for (const b of bindings) imported.set(checker.getSymbolAtLocation(b)!, `${b.text} from ${from}`);
    }
    if (imported.size === 0) continue;

    // What the browser bundle keeps: Remix drops loader, action and headers, and the bundler then drops
    // module-level functions nothing else uses. A function (declaration, or const bound to a function) is
    // server-only while every use of it is inside a server-only declaration: the largest such set, so helpers
    // that only call each other, or themselves, count too. A const bound to anything else (a schema built with
    // a server value, say) is evaluated when the module loads, in the browser too.
    const declarationName = (d: ts.FunctionDeclaration | ts.VariableDeclaration) => d.name && ts.isIdentifier(d.name) ? d.name : undefined;
    const identifiers: ts.Identifier[] = [];
    const collect = (node: ts.Node) => {
      if (ts.isImportDeclaration(node)) return;
      if (ts.isIdentifier(node)) identifiers.push(node);
      ts.forEachChild(node, collect);
    };
    collect(sf);
    const declarationNames = new Set<ts.Identifier>();
    const symbolOfDeclaration = new Map<ts.FunctionDeclaration | ts.VariableDeclaration, ts.Symbol>();
    const serverOnly = new Set<ts.Symbol>();
    const helpers = new Set<ts.Symbol>();
    for (const id of identifiers) {
      const decl = topLevelDeclaration(id);
      if (!decl || declarationName(decl) !== id) continue;
      const symbol = checker.getSymbolAtLocation(id)!;
      declarationNames.add(id);
      symbolOfDeclaration.set(decl, symbol);
      const isFunction = ts.isFunctionDeclaration(decl) || (!!decl.initializer && (ts.isArrowFunction(decl.initializer) || ts.isFunctionExpression(decl.initializer)));
      if (SERVER_EXPORTS.has(id.text)) serverOnly.add(symbol);
      else if (isFunction && !isExported(decl)) helpers.add(symbol);
    }
    const containerOf = (node: ts.Node) => {
      const decl = topLevelDeclaration(node);
      return decl ? symbolOfDeclaration.get(decl) : undefined;
    };
    const symbolAt = (node: ts.Identifier) => {
      const parent = node.parent;
      if (ts.isShorthandPropertyAssignment(parent) && parent.name === node) return checker.getShorthandAssignmentValueSymbol(parent);
      if (ts.isExportSpecifier(parent)) return node === (parent.propertyName ?? parent.name) ? checker.getExportSpecifierLocalTargetSymbol(parent) : undefined;
      return checker.getSymbolAtLocation(node);
    };
    const uses = identifiers
      .map((id) => ({ id, symbol: symbolAt(id), container: containerOf(id) }))
      .filter((u) => u.symbol && !declarationNames.has(u.id) && !inTypePosition(u.id));
    const kept = new Set(helpers);
    for (let changed = true; changed;) {
      changed = false;
      for (const u of uses) {
        if (!kept.has(u.symbol!) || (u.container && (serverOnly.has(u.container) || kept.has(u.container)))) continue;
        kept.delete(u.symbol!);
        changed = true;
      }
    }
    for (const symbol of kept) serverOnly.add(symbol);

    for (const u of uses) {
      const what = imported.get(u.symbol!);
      if (!what) continue;
      if (ts.isExportSpecifier(u.id.parent)) leaks.push(`${where(u.id)}: re-exports ${what}`);
      else if (!u.container || !serverOnly.has(u.container)) leaks.push(`${where(u.id)}: uses ${what} outside loader, action and headers`);
    }
  }
  return leaks;
}

function browserModules() {
  const paths = [join(APP, "root.tsx"), join(APP, "entry.client.tsx"), ...["routes", "components", "lib"].flatMap((d) => sourceFiles(join(APP, d)))];
  return paths.map((fileName) => ({ fileName, text: readFileSync(fileName, "utf8") }));
}

describe("server values in browser modules", () => {
  it("are used only inside a route's loader, action or headers", () => {
    expect(serverValueLeaks(browserModules())).toEqual([]);
  });

  it("the check finds a server value in a component, meta, a helper the component uses, a module-level const or a re-export; it allows types, server exports and helpers only they use", () => {
    const fileName = join(APP, "routes", "example.tsx");
    const text = `
      import type { Thing } from "~/server/things.server";
      import { type Other, LIMITS, loadThings, schema, isThing } from "~/server/things.server";
      import * as db from "../server/connections.server";
      import { formSchema } from "~/server/forms/form";
      import { label } from "~/lib/labels";
      import "~/server/setup.server";
      export { STATUSES } from "~/server/statuses.server";
      export type { Status } from "~/server/statuses.server";
      export { schema };
      export async function loader() { const things: Thing[] = await loadThings(db); return { things, n: LIMITS.max, more: await forLoader(3) }; }
      export const action = async () => formSchema.parse(await upload()) && thingSchema.parse({});
      export const headers = () => ({ "Cache-Control": String(LIMITS.max) });
      export const meta = () => [{ title: String(LIMITS.max) }];
      function helper() { return loadThings(db); }
      async function forLoader(n: number): Promise<number> { return n > 0 ? forLoader(n - 1) : LIMITS.max; }
      const upload = async () => loadThings(db);
      const thingSchema = z.object({}).refine(isThing);
      export function exported() { return LIMITS; }
      type Limits = typeof LIMITS;
      export default function Page(props: { o: Other; l: Limits }) { const label2 = label; return { LIMITS, label2, helper, props }; }
    `;
    const leaks = serverValueLeaks([{ fileName, text }]).map((l) => l.replace(/^[^:]+:(\d+): /, "$1: "));
    expect(leaks).toEqual([
      "7: imports ~/server/setup.server for its side effects",
      "8: re-exports STATUSES from ~/server/statuses.server",
      "10: re-exports schema from ~/server/things.server",
      "14: uses LIMITS from ~/server/things.server outside loader, action and headers",
      "15: uses loadThings from ~/server/things.server outside loader, action and headers",
      "15: uses db from ../server/connections.server outside loader, action and headers",
      "18: uses isThing from ~/server/things.server outside loader, action and headers",
      "19: uses LIMITS from ~/server/things.server outside loader, action and headers",
      "21: uses LIMITS from ~/server/things.server outside loader, action and headers",
    ]);
  });

  it("counts every module under app/server/ as server-only, whatever its name", () => {
    const route = join(APP, "routes", "x.tsx");
    expect(isServerModule("~/server/accounts/account-forms", route)).toBe(true);
    expect(isServerModule("../server/judging/blind", route)).toBe(true);
    expect(isServerModule("~/lib/dates", route)).toBe(false);
    expect(isServerModule("./thing.server", route)).toBe(true);
    expect(isServerModule("~/components/serverless", route)).toBe(false);
    expect(isServerModule("@remix-run/node", route)).toBe(false);
  });
});
