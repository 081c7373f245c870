/**
 * How plan and drift output show a rule's condition: one readable line per condition form, nested blocks in
 * parentheses, and condition lists shown in order (never as a set delta, which would hide a reorder).
 */
import type { FieldChange } from '../../../src/model/plan';
import { describeCondition, isCondition, withoutShadowedIds } from '../../../src/render/format-condition';
import { describeDriftField, formatValue } from '../../../src/render/format-value';

const test1 = {
  dictionary: 'DEVICE',
  attribute: 'Device Type',
  operator: 'equals',
  value: 'All Device Types#Router',
  dictionaryValue: '',
};
const ip = {
  dictionary: 'Network Access',
  attribute: 'Device IP Address',
  operator: 'equals',
  value: '10.0.10.1',
  dictionaryValue: '',
};
const headends = { library: 'Corp-VPN-Headends', id: '9d4e' };

describe('conditions in human output', () => {
  test.each([
    ['an attribute test', test1, 'DEVICE:Device Type equals "All Device Types#Router"'],
    [
      'with a dictionaryValue',
      { ...test1, dictionaryValue: 'Lab' },
      'DEVICE:Device Type[Lab] equals "All Device Types#Router"',
    ],
    ['a library reference', headends, 'library "Corp-VPN-Headends"'],
    ['a reference without id', { library: 'Business-Hours' }, 'library "Business-Hours"'],
    ['not', { not: ip }, 'not Network Access:Device IP Address equals "10.0.10.1"'],
    [
      'nested blocks',
      { and: [headends, { not: ip }, { or: [{ library: 'Business-Hours' }, test1] }] },
      '(library "Corp-VPN-Headends" and not Network Access:Device IP Address equals "10.0.10.1" and ' +
        '(library "Business-Hours" or DEVICE:Device Type equals "All Device Types#Router"))',
    ],
  ])('%s', (_name, condition, line) => {
    expect(isCondition(condition)).toBe(true);
    expect(describeCondition(condition)).toBe(line);
    expect(formatValue(condition)).toBe(line);
  });

  test('other objects keep their own rendering', () => {
    expect(isCondition({ source: 'CORP_AD', name: 'g' })).toBe(false);
    expect(isCondition({ every: 1, unit: 'days', start: 'x' })).toBe(false);
    expect(isCondition({ and: 'not a list' })).toBe(false);
    expect(isCondition({ library: 'x', extra: 1 })).toBe(false);
    expect(formatValue({ source: 'CORP_AD', name: 'g' })).toBe('CORP_AD:g');
  });

  test('drift lines for the diffs a changed condition gives', () => {
    const lines = (fields: FieldChange[]) => fields.map(describeDriftField);
    expect(
      lines([
        { field: 'condition.and[1].value', before: '10.0.10.2', after: '10.0.10.1' },
        { field: 'condition.and[2]', after: { library: 'Business-Hours' } },
        { field: 'condition.or[0]', before: ip },
        { field: 'onFailure', before: 'ACCEPT', after: 'REJECT' },
      ]),
    ).toEqual([
      'condition.and[1].value: ISE has "10.0.10.2", the file wants "10.0.10.1"',
      'condition.and[2]: ISE has none, the file wants library "Business-Hours"',
      'condition.or[0]: ISE has Network Access:Device IP Address equals "10.0.10.1", the file wants none',
      'onFailure: ISE has "ACCEPT", the file wants "REJECT"',
    ]);
  });

  test('a list of conditions is ordered: a reorder shows both lists, not an empty set delta', () => {
    const f: FieldChange = { field: 'condition.and', before: [headends, test1], after: [test1, headends] };
    expect(describeDriftField(f)).toBe(
      'condition.and: ISE has [library "Corp-VPN-Headends", DEVICE:Device Type equals "All Device Types#Router"], ' +
        'the file wants [DEVICE:Device Type equals "All Device Types#Router", library "Corp-VPN-Headends"]',
    );
    // Sets still read as deltas.
    expect(describeDriftField({ field: 'types', before: ['VPN'], after: ['TACACS', 'VPN'] })).toBe(
      'types: missing on ISE: "TACACS"',
    );
  });
});

test('a reference whose name differs is shown by name; an id that differs alone is kept', () => {
  const fields = [
    { field: 'condition.and[1].not.library', before: 'A', after: 'B' },
    { field: 'condition.and[1].not.id', before: '1', after: '2' },
    { field: 'condition.or[0].id', before: '3', after: '4' },
    { field: 'onFailure', before: 'ACCEPT', after: 'REJECT' },
  ];
  expect(withoutShadowedIds(fields).map((f) => f.field)).toEqual([
    'condition.and[1].not.library',
    'condition.or[0].id',
    'onFailure',
  ]);
});
