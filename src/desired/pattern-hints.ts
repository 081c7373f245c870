/**
 * What to say when a string fails its schema pattern. A regular expression is no help to a reader, so each
 * patterned field gets a sentence naming the expected form and an example. The patterns themselves stay in
 * the schema; this table only words their failures, keyed by where the field sits in the file.
 *
 * `value` is undefined for sensitive fields: their content is never quoted.
 */
import { urlForMessage } from '../model/ise-url';
import { describeNode, listKeyOfItem, pointerSegments, quoteValue, secretFieldHint } from './findings';

const NAME_RULE =
  'use 1-64 letters, digits, spaces, "_", "." or "-", starting with a letter or digit and not ending in a space';

/** A condition node at any depth: `condition`, `condition/and/*`, `condition/not/or/*`... */
const CONDITION = String.raw`\/mfaPolicies\/\*\/rules\/\*\/condition(?:\/(?:and|or)\/\*|\/not)*`;

interface PatternHint {
  /** Matches the pointer of the failing string, with list indexes replaced by `*`. */
  where: RegExp;
  /** The sentence after `<subject> <value> `. */
  problem: string;
}

const HINTS: PatternHint[] = [
  { where: /^\/(identitySyncs|duoConnections)\/\*\/name$/, problem: `is not a valid name; ${NAME_RULE}` },
  {
    where: /^\/duoConnections\/\*\/identitySync$/,
    problem: `is not a valid identity sync name; ${NAME_RULE}`,
  },
  {
    where: /^\/identitySyncs\/\*\/(activeDirectories\/\*|adGroups\/\*\/source)$/,
    problem: `is not a valid join point name; ${NAME_RULE}`,
  },
  {
    where: /^\/identitySyncs\/\*\/adGroups\/\*\/name$/,
    problem:
      'starts or ends with white space, or holds a line break; write the group path as ISE shows it, e.g. corp.example.com/Users/VPN Users',
  },
  {
    where: /^\/identitySyncs\/\*\/schedule\/start$/,
    problem:
      'is not a date and time in the form YYYY-MM-DDTHH:mm:ss (ISE local time, no zone), e.g. 2026-12-01T02:00:00',
  },
  {
    where: /^\/duoConnections\/\*\/apiHostName$/,
    problem:
      'is not a Duo API host name; copy it from the Duo Admin Panel, e.g. api-1a2b3c4d.duosecurity.com (or .duofederal.com)',
  },
  {
    where: /^\/duoConnections\/\*\/description$/,
    problem:
      'holds a line break, tab or other control character; ISE shows the description on one line: write it on one line',
  },
  {
    where: /^\/duoConnections\/\*\/(adminApi|authApi)\/ikey$/,
    problem: 'is not a Duo integration key; that is "DI" followed by 18 capital letters or digits',
  },
  {
    where: /^\/mfaPolicies\/\*\/rules\/\*\/name$/,
    problem:
      'is not a valid rule name; use letters, digits, spaces, "_", "-", ".", "(" or ")", with no space at either end',
  },
  {
    where: /^\/mfaPolicies\/\*\/rules\/\*\/connection$/,
    problem: `is not a valid Duo connection name; ${NAME_RULE}`,
  },
  {
    where: /^\/mfaPolicies\/\*\/rules\/\*\/(onSuccess|onFailure)$/,
    problem: 'is not an MFA action; write ACCEPT or REJECT (the only two that Cisco documents)',
  },
  {
    where: /^\/mfaPolicies\/\*\/policySet$/,
    problem: "starts or ends with white space; write the policy set's name exactly as ISE shows it",
  },
  {
    where: new RegExp(`^${CONDITION}\\/(dictionary|attribute|library)$`),
    problem: 'starts or ends with white space; write the name exactly as ISE shows it',
  },
  {
    where: /^\/ise\/url$/,
    problem:
      'is not an ISE address; use https://host or https://host:port, without a path (http:// only for the local simulator)',
  },
];

function genericPointer(pointer: string): string {
  return pointer.replace(/\/\d+(?=\/|$)/g, '/*');
}

function subjectOf(pointer: string, value: string | undefined): string {
  const listKey = listKeyOfItem(pointer);
  const subject = listKey ? `"${listKey}" item` : describeNode(pointer);
  return value === undefined ? subject : `${subject} ${quoteValue(value)}`;
}

/** The message for a string at `pointer` that fails its pattern. */
export function patternMessage(pointer: string, value: string | undefined): string {
  const variable = secretFieldHint(pointer);
  if (variable) {
    const field = pointerSegments(pointer).pop();
    return (
      `"${field}" must be an environment reference such as "\${env:${variable}}", not a literal value: ` +
      'committed files must not hold secrets'
    );
  }
  // An empty value fails the no-space-at-the-ends patterns too, but "white space" would misname it.
  if (value === '') return `${subjectOf(pointer, undefined)} is empty; give it a value`;
  const generic = genericPointer(pointer);
  const hint = HINTS.find((h) => h.where.test(generic));
  // A URL may carry credentials in more spellings than the pattern's test catches: they are never quoted.
  const shown = pointer === '/ise/url' && value !== undefined ? urlForMessage(value) : value;
  return `${subjectOf(pointer, shown)} ${hint?.problem ?? 'does not have the expected form'}`;
}
