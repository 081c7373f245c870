/**
 * Just enough of GitHub Actions' expression language to run this repository's workflow and action.yml
 * locally: property paths into contexts (`steps.plan.outputs.exit-code`, `inputs.files`, `env.X`), string,
 * number and boolean literals, `== != && || !`, parentheses and the status functions `always()`,
 * `success()`, `failure()`, `cancelled()`. Anything else throws, so a recipe that grows an expression this
 * does not know fails its test loudly instead of being run wrongly.
 */

export type Contexts = Record<string, unknown> & { status?: 'success' | 'failure' };

type Token = { kind: 'str' | 'num' | 'id' | 'op'; text: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:'((?:[^']|'')*)'|(\d+(?:\.\d+)?)|([A-Za-z_][\w-]*)|(==|!=|&&|\|\||[!().]))/y;
  let at = 0;
  while (at < source.length) {
    if (/^\s*$/.test(source.slice(at))) break;
    re.lastIndex = at;
    const m = re.exec(source);
    if (!m) throw new Error(`expression not understood at "${source.slice(at)}" in: ${source}`);
    at = re.lastIndex;
    if (m[1] !== undefined) tokens.push({ kind: 'str', text: m[1].replace(/''/g, "'") });
    else if (m[2] !== undefined) tokens.push({ kind: 'num', text: m[2] });
    else if (m[3] !== undefined) tokens.push({ kind: 'id', text: m[3] });
    else tokens.push({ kind: 'op', text: m[4] });
  }
  return tokens;
}

/** GitHub's loose equality: strings compared case-insensitively, numbers as numbers. */
function equal(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (typeof a === 'number' || typeof b === 'number') return Number(a ?? 0) === Number(b ?? 0);
  return (a ?? null) === (b ?? null);
}

const truthy = (v: unknown) => v !== '' && v !== 0 && v !== false && v !== null && v !== undefined;

export function evaluate(source: string, contexts: Contexts): unknown {
  const tokens = tokenize(source);
  let i = 0;
  const peek = (text: string) => tokens[i]?.kind === 'op' && tokens[i].text === text;
  const expect = (text: string) => {
    if (!peek(text)) throw new Error(`expected "${text}" in: ${source}`);
    i++;
  };
  const status = contexts.status ?? 'success';
  const functions: Record<string, () => boolean> = {
    always: () => true,
    success: () => status === 'success',
    failure: () => status === 'failure',
    cancelled: () => false,
  };
  function primary(): unknown {
    const t = tokens[i++];
    if (!t) throw new Error(`unexpected end of: ${source}`);
    if (t.kind === 'str') return t.text;
    if (t.kind === 'num') return Number(t.text);
    if (t.kind === 'op' && t.text === '(') {
      const v = or();
      expect(')');
      return v;
    }
    if (t.kind === 'op' && t.text === '!') return !truthy(primary());
    if (t.kind !== 'id') throw new Error(`unexpected "${t.text}" in: ${source}`);
    if (t.text === 'true' || t.text === 'false') return t.text === 'true';
    if (t.text === 'null') return null;
    if (peek('(')) {
      expect('(');
      expect(')');
      const fn = functions[t.text];
      if (!fn) throw new Error(`function ${t.text}() is not supported: ${source}`);
      return fn();
    }
    if (!(t.text in contexts)) throw new Error(`unknown context "${t.text}" in: ${source}`);
    let value: unknown = contexts[t.text];
    while (peek('.')) {
      i++;
      const key = tokens[i++];
      if (key?.kind !== 'id') throw new Error(`expected a property name in: ${source}`);
      value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key.text] : undefined;
    }
    return value ?? '';
  }
  function comparison(): unknown {
    const left = primary();
    if (peek('==') || peek('!=')) {
      const op = tokens[i++].text;
      const same = equal(left, primary());
      return op === '==' ? same : !same;
    }
    return left;
  }
  function and(): unknown {
    let v = comparison();
    while (peek('&&')) {
      i++;
      const right = comparison();
      v = truthy(v) ? right : v;
    }
    return v;
  }
  function or(): unknown {
    let v = and();
    while (peek('||')) {
      i++;
      const right = and();
      v = truthy(v) ? v : right;
    }
    return v;
  }
  const result = or();
  if (i !== tokens.length) throw new Error(`unexpected "${tokens[i].text}" in: ${source}`);
  return result;
}

/** An `if:` condition: a bare expression or `${{ … }}`; without a status function, `success() && (…)`. */
export function condition(source: string | boolean | undefined, contexts: Contexts): boolean {
  if (source === undefined) return (contexts.status ?? 'success') === 'success';
  const text = String(source)
    .trim()
    .replace(/^\$\{\{([\s\S]*)\}\}$/, '$1');
  const statusChecked = /\b(always|success|failure|cancelled)\(\)/.test(text);
  return truthy(evaluate(statusChecked ? text : `success() && (${text})`, contexts));
}

/** A string with `${{ … }}` parts replaced by their values. */
export function interpolate(text: string, contexts: Contexts): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_m, expr: string) => {
    const v = evaluate(expr, contexts);
    return v === null || v === undefined ? '' : String(v);
  });
}
