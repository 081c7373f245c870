/** The online name checks' messages quote ISE's names: one that holds a known secret is hidden there too. */
import type { IseClient } from '../../../src/client/types';
import { Secret } from '../../../src/model/secret';
import { hideHeldSecrets } from '../../../src/online/hide-held';

const KEY = 'CanaryKeyInAGroupName0123456789abcdefABCD';
const client = { knownSecrets: async () => [new Secret(KEY)] } as unknown as IseClient;
const issue = (message: string) => ({
  file: 'f.yaml',
  line: 3,
  column: 5,
  pointer: '/x',
  message,
  severity: 'error' as const,
});

test('a suggestion or a list of ISE names that holds a key shows (sensitive) in its place', async () => {
  const [hidden] = await hideHeldSecrets(
    [
      issue(
        `AD group "corp/VPN" is not a group of join point "CORP_AD" on ISE; did you mean "corp/${KEY.toLowerCase()}"?`,
      ),
    ],
    client,
  );
  expect(hidden!.message).toBe(
    'AD group "corp/VPN" is not a group of join point "CORP_AD" on ISE; did you mean "corp/(sensitive)"?',
  );
  expect(hidden!.line).toBe(3);
});

test('messages without one are left as they are, and no issues cost nothing', async () => {
  const plain = issue('policy set "Nope" is not on ISE');
  expect(await hideHeldSecrets([plain], client)).toEqual([plain]);
  expect(await hideHeldSecrets([], client)).toEqual([]);
});
