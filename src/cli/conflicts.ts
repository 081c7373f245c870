/**
 * Conflicting flags. commander keeps the last of a repeated option, so `plan site.yaml --format json
 * --format text` would silently print text to a pipeline that asked for JSON. Here "conflicting" means: the
 * same value-taking option given twice with different values (long or short spelling, `--opt v` or
 * `--opt=v`). The same value twice is harmless and accepted; boolean flags can only agree.
 *
 * (The other conflict, `apply <file> --plan p.json` with a file that is not the plan's, needs the plan file
 * and is refused by `apply` itself, before anything is sent.)
 */
import type { Command, Option } from 'commander';

/** The value-taking options in effect for `command`: its own and its ancestors' (global options). */
function valueOptions(command: Command): Option[] {
  const all: Option[] = [];
  for (let c: Command | null = command; c; c = c.parent) all.push(...c.options);
  return all.filter((o) => o.required || o.optional);
}

/** `--name v`, `--name=v`, `-n v` and `-nv` for every value option; returns the first disagreement. */
export function repeatedOptionConflict(args: string[], options: Option[]): string | undefined {
  const seen = new Map<Option, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') break;
    for (const option of options) {
      let value: string | undefined;
      if (option.long && arg === option.long) value = args[++i];
      else if (option.long && arg.startsWith(`${option.long}=`)) value = arg.slice(option.long.length + 1);
      else if (option.short && arg === option.short) value = args[++i];
      else if (option.short && arg.startsWith(option.short) && arg.length > option.short.length)
        value = arg.slice(option.short.length);
      if (value === undefined) continue;
      const before = seen.get(option);
      if (before !== undefined && before !== value) {
        return `${option.long ?? option.short} is given twice, as "${before}" and as "${value}"; give it once`;
      }
      seen.set(option, value);
      break;
    }
  }
  return undefined;
}

/** A commander preAction hook: refuses conflicting repeats with one line and exit 1, before the command runs. */
export function refuseConflictingRepeats(args: string[], action: Command): void {
  const conflict = repeatedOptionConflict(args, valueOptions(action));
  if (conflict) action.error(`error: ${conflict}`, { exitCode: 1, code: 'ise-duo.conflictingOptions' });
}
