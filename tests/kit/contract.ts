/**
 * Each exercise states its contract three times: the README's "What to build" tables, the stubs'
 * signatures and doc comments, and lib/exercises/<n>/types.ts. This compares what can be compared
 * mechanically, member by member, and lists every disagreement:
 * - every member of an interface a stub class implements (and every function the exercise's
 *   module interface lists) has a stub declaration and a types.ts declaration, and a README row
 *   when the student builds it (its stub body says TODO; given members such as a readonly
 *   property set by the given constructor need none);
 * - parameter names agree in all three; parameter types, optionality and the return type agree
 *   between the stub and types.ts;
 * - the errors a README row names (codes `E_…`, or error classes of the exercise's errors.ts) are
 *   the errors the stub's doc comment names (and the types.ts doc comment, where there is one).
 */
import ts from 'typescript';

/** The texts of one exercise. */
export interface ContractSources {
  /** README.md. */
  readme: string;
  /** Stub file name → text. */
  stubs: Record<string, string>;
  /** lib/exercises/<n>/types.ts. */
  types: string;
  /** lib/exercises/<n>/errors.ts, for class name → code. */
  errors: string;
}

interface Param {
  name: string;
  optional: boolean;
  type: string;
}

interface Declared {
  params: Param[];
  returns: string;
  doc: string;
}

interface Member {
  /** Class name in the stub (`LatencyOptimizer`), or `function` for a module function. */
  owner: string;
  name: string;
  stub: Declared;
  types: Declared;
  /** The student builds it (its stub body says TODO); given members need no README row. */
  todo: boolean;
}

interface Row {
  owner?: string;
  name: string;
  params?: string[];
  text: string;
  /** Every entry of the same row, so errors can be compared over the row. */
  line: number;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

function parse(name: string, text: string): ts.SourceFile {
  return ts.createSourceFile(name, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
}

function docOf(node: ts.Node, file: ts.SourceFile): string {
  const ranges = ts.getLeadingCommentRanges(file.text, node.getFullStart()) ?? [];
  return ranges
    .map((r) => file.text.slice(r.pos, r.end))
    .filter((c) => c.startsWith('/**'))
    .join('\n');
}

function paramsOf(params: readonly ts.ParameterDeclaration[]): Param[] {
  return params.map((p) => ({
    name: ts.isIdentifier(p.name) ? p.name.text : '{…}',
    optional: p.questionToken !== undefined || p.initializer !== undefined,
    type: p.type ? squash(p.type.getText()) : '(inferred)',
  }));
}

function declared(node: ts.Node, file: ts.SourceFile): Declared | undefined {
  const doc = docOf(node, file);
  if (ts.isMethodDeclaration(node) || ts.isMethodSignature(node) || ts.isFunctionDeclaration(node)) {
    return { params: paramsOf(node.parameters), returns: node.type ? squash(node.type.getText()) : '(inferred)', doc };
  }
  if (ts.isGetAccessorDeclaration(node)) return { params: [], returns: node.type ? squash(node.type.getText()) : '(inferred)', doc };
  if (ts.isPropertySignature(node) || ts.isPropertyDeclaration(node))
    return { params: [], returns: node.type ? squash(node.type.getText()) : '(inferred)', doc };
  return undefined;
}

function memberName(node: ts.ClassElement | ts.TypeElement): string | undefined {
  return node.name && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name)) ? node.name.text : undefined;
}

/** Error codes a text names: `E_…` codes, and error classes of errors.ts by their code. */
function errorsNamed(text: string, classCodes: ReadonlyMap<string, string>): string[] {
  const found = new Set<string>(text.match(/\bE_[A-Z][A-Z_]*\b/g) ?? []);
  for (const m of text.matchAll(/\b([A-Z]\w*Error)\b/g)) {
    const code = classCodes.get(m[1]!);
    if (code) found.add(code);
  }
  return [...found].sort();
}

/** Class name → code, from `class X extends … { … super('E_CODE'` in errors.ts. */
function classCodes(errorsText: string): Map<string, string> {
  const map = new Map<string, string>();
  const file = parse('errors.ts', errorsText);
  for (const s of file.statements) {
    if (!ts.isClassDeclaration(s) || !s.name) continue;
    const code = /super\(\s*['"](E_[A-Z_]+)['"]/.exec(s.getText())?.[1];
    if (code) map.set(s.name.text, code);
  }
  return map;
}

/** The members the stubs must provide, declared in both the stubs and types.ts. */
function members(src: ContractSources, problems: string[]): Member[] {
  const typesFile = parse('types.ts', src.types);
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  for (const s of typesFile.statements) if (ts.isInterfaceDeclaration(s)) interfaces.set(s.name.text, s);
  const out: Member[] = [];
  const moduleFunctions = new Map<string, ts.TypeElement>();
  for (const [name, i] of interfaces) {
    if (!/^Exercise\d+Module$/.test(name)) continue;
    for (const m of i.members) if (ts.isMethodSignature(m) && memberName(m)) moduleFunctions.set(memberName(m)!, m);
  }
  for (const [fileName, text] of Object.entries(src.stubs)) {
    const file = parse(fileName, text);
    for (const s of file.statements) {
      const exported = ts.canHaveModifiers(s) && ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (!exported) continue;
      if (ts.isFunctionDeclaration(s) && s.name) {
        const t = moduleFunctions.get(s.name.text);
        if (!t) {
          problems.push(`${fileName}: exported function ${s.name.text} is not in types.ts's module interface`);
          continue;
        }
        out.push({
          owner: 'function',
          name: s.name.text,
          stub: declared(s, file)!,
          types: declared(t, typesFile)!,
          todo: /\bTODO\b/.test(s.body?.getText() ?? ''),
        });
      }
      if (!ts.isClassDeclaration(s) || !s.name) continue;
      const owner = s.name.text;
      const api = s.heritageClauses?.flatMap((h) => h.types.map((t) => t.expression.getText())).find((n) => interfaces.has(n));
      if (!api) {
        problems.push(`${fileName}: class ${owner} implements no interface of types.ts`);
        continue;
      }
      const byName = new Map<string, ts.ClassElement>();
      for (const m of s.members) {
        const n = memberName(m);
        if (n && !ts.isConstructorDeclaration(m) && !(m.name && ts.isPrivateIdentifier(m.name))) byName.set(n, m);
      }
      for (const t of interfaces.get(api)!.members) {
        const name = memberName(t);
        if (!name) continue;
        const m = byName.get(name);
        const stub = m && declared(m, file);
        if (!stub) {
          problems.push(`${owner}.${name}: declared in types.ts (${api}) but not in ${fileName}`);
          continue;
        }
        const body = ts.isMethodDeclaration(m) || ts.isGetAccessorDeclaration(m) ? m.body?.getText() : undefined;
        out.push({ owner, name, stub, types: declared(t, typesFile)!, todo: /\bTODO\b/.test(body ?? '') });
      }
    }
  }
  return out;
}

/** The rows of the README's "What to build" section: one entry per backticked member in a first cell. */
function rows(readme: string): Row[] {
  const lines = readme.split('\n');
  const start = lines.findIndex((l) => /^## .*What to build/.test(l));
  if (start < 0) return [];
  const out: Row[] = [];
  let owner: string | undefined;
  for (let i = start + 1; i < lines.length && !/^## /.test(lines[i]!); i++) {
    const line = lines[i]!;
    const heading = /^### (\w+)/.exec(line);
    if (heading) owner = heading[1];
    if (!line.startsWith('|') || /^\|\s*-/.test(line)) continue;
    const cells = line.split(/(?<!\\)\|/).slice(1, -1);
    const first = cells[0] ?? '';
    const text = cells.slice(1).join('|');
    for (const m of first.matchAll(/`(?:(\w+)#)?(\w+)(?:\(([^`]*)\))?`/g)) {
      const params = m[3] === undefined ? undefined : splitParams(m[3]);
      out.push({ ...((m[1] ?? owner) ? { owner: m[1] ?? owner } : {}), name: m[2]!, ...(params ? { params } : {}), text: `${first} ${text}`, line: i + 1 });
    }
  }
  return out;
}

function splitParams(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of list) {
    if ('{[('.includes(ch)) depth++;
    if ('}])'.includes(ch)) depth--;
    if (ch === ',' && depth === 0) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  if (current.trim() !== '') out.push(current);
  return out.map((p) => {
    const t = p.trim().replace(/\?$/, '');
    return t.startsWith('{') ? '{…}' : t;
  });
}

const shown = (codes: string[]) => (codes.length === 0 ? 'none' : codes.join(', '));

/** Every disagreement between the three statements of the exercise's contract; [] when they agree. */
export function contractProblems(src: ContractSources): string[] {
  const problems: string[] = [];
  const codes = classCodes(src.errors);
  const all = members(src, problems);
  const table = rows(src.readme);
  const rowOf = new Map<Member, Row>();
  for (const r of table) {
    let candidates = all.filter((m) => m.name === r.name && (r.owner === undefined || m.owner === r.owner || m.owner === 'function'));
    if (candidates.length > 1 && r.owner !== undefined) candidates = candidates.filter((m) => m.owner === r.owner);
    if (candidates.length > 1 && r.params) candidates = candidates.filter((m) => m.stub.params.length === r.params!.length);
    if (candidates.length !== 1) {
      problems.push(`README line ${r.line}: \`${r.name}\` names ${candidates.length === 0 ? 'no member of the stubs' : 'several members'}`);
      continue;
    }
    rowOf.set(candidates[0]!, r);
  }
  for (const m of all) {
    const id = m.owner === 'function' ? `${m.name}()` : `${m.owner}.${m.name}`;
    const r = rowOf.get(m);
    if (!r) {
      if (m.todo) problems.push(`${id}: no row in the README's "What to build" tables`);
      continue;
    }
    const stubNames = m.stub.params.map((p) => p.name);
    const typeNames = m.types.params.map((p) => p.name);
    const sameNames = (a: string[], b: string[]) => a.length === b.length && a.every((n, i) => n === b[i] || n === '{…}' || b[i] === '{…}');
    if (r.params && !sameNames(r.params, stubNames)) problems.push(`${id}: README has (${r.params.join(', ')}), the stub (${stubNames.join(', ')})`);
    if (!sameNames(typeNames, stubNames)) problems.push(`${id}: types.ts has (${typeNames.join(', ')}), the stub (${stubNames.join(', ')})`);
    const sig = (d: Declared) => `(${d.params.map((p) => `${p.optional ? '?' : ''}${p.type}`).join(', ')}) => ${d.returns}`;
    const stubReturns = m.stub.returns;
    if (sig(m.types) !== sig({ ...m.stub, returns: stubReturns })) problems.push(`${id}: types.ts has ${sig(m.types)}, the stub ${sig(m.stub)}`);
    // Errors: compared over the README row (it may cover several members) and the stubs' docs of those members.
    const rowMembers = [...rowOf].filter(([, row]) => row.line === r.line).map(([mm]) => mm);
    const readmeErrors = errorsNamed(r.text, codes);
    const stubErrors = errorsNamed(rowMembers.map((mm) => mm.stub.doc).join('\n'), codes);
    if (readmeErrors.join() !== stubErrors.join())
      problems.push(`${id}: the README row names errors ${shown(readmeErrors)}, the stub's doc comment ${shown(stubErrors)}`);
    if (m.types.doc !== '') {
      const typeErrors = errorsNamed(m.types.doc, codes);
      const own = errorsNamed(m.stub.doc, codes);
      if (typeErrors.join() !== own.join()) problems.push(`${id}: the types.ts doc comment names errors ${shown(typeErrors)}, the stub's ${shown(own)}`);
    }
  }
  return [...new Set(problems)];
}
