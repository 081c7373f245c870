/**
 * The plan's and the export's word on ISE values that held a known secret: the live reader replaced each
 * such string with the scrubber's marker (`src/live/held-secrets.ts`), so here an object's marked strings
 * are named by their path, never by their value. The marker is all that is left of the value, so a note is
 * the only way to say why a field reads "(sensitive)" and where to fix it on ISE.
 */
import { SCRUBBED } from '../model/scrubber';

/** The paths of the marked strings in `value`: `description`, `types[1]`, `condition.and[0].value`. */
export function markedPaths(value: unknown, path = ''): string[] {
  if (value === SCRUBBED) return [path];
  if (Array.isArray(value)) return value.flatMap((item, i) => markedPaths(item, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, member]) => markedPaths(member, path ? `${path}.${key}` : key));
}

/**
 * One note per object with marked strings, naming it by `label` and the fields by path. `blanked` is the
 * live state's flag that anything was: without it no object holds the marker, and none is walked.
 */
export function heldSecretNotes<T>(
  objects: readonly T[],
  label: (object: T) => string,
  blanked: boolean | undefined = true,
): string[] {
  if (!blanked) return [];
  return objects.flatMap((object) => {
    const paths = markedPaths(object);
    if (paths.length === 0) return [];
    return [
      `${label(object)}: ISE holds a secret value (a Duo key or the ISE password) in ${paths.join(', ')}; ` +
        `ise-duo shows "${SCRUBBED}" in its place. Move the secret out of that field on ISE.`,
    ];
  });
}

/** Whether an object's name on ISE held a secret: ise-duo cannot name it to ISE, so it never deletes it. */
export const nameHeldSecret = (name: string): boolean => name === SCRUBBED;

/** The note for a pruned object that is kept because of that. */
export const keptForHeldName = (label: string): string =>
  `${label} is kept although the file prunes: its name on ISE holds a secret value, so ise-duo cannot ` +
  'name it in a request; rename or delete it on ISE.';
