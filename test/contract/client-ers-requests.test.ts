/**
 * The client's ERS requests, held to Cisco's Swagger file for the ERS Active Directory API: each method and
 * path is a declared operation, and the mocked answers match its 200 schema, so the shapes the client reads
 * are Cisco's. (`size` and `page` are ERS's paging for every list, not declared in this one file.)
 */

import type { IseClient } from '../../src/client/types';
import nock from '../helpers/nock';
import { ERS_AD_SPEC, IseContract, SHARED_DIR } from '../helpers/openapi';
import { BASE, harness, resetNock } from '../unit/client/helpers';

const contract = new IseContract(SHARED_DIR, [ERS_AD_SPEC]);
const ID = 'af1cd190-7d71-11eb-b02e-ead13cf60dcb';
const DETAIL = {
  ERSActiveDirectory: {
    id: ID,
    name: 'Company_users',
    description: '',
    domain: 'cisco.com',
    enableDomainWhiteList: true,
    adGroups: { groups: [{ name: 'cisco.com/Users/Domain Users', sid: 'S-1-5-21-1-513' }] },
  },
};
const LIST = {
  SearchResult: {
    total: 1,
    resources: [
      { id: ID, name: 'Company_users', description: '', link: { rel: 'self', href: 'x', type: 'j' } },
    ],
  },
};

const seen: Array<{ method: string; path: string; problems: string[] }> = [];

beforeEach(() => {
  seen.length = 0;
  nock(BASE)
    .persist()
    .get(/.*/)
    .reply(function reply(path) {
      const data = path.startsWith('/ers/config/activedirectory?') ? LIST : DETAIL;
      seen.push({ method: 'GET', path, problems: contract.checkResponse('GET', path, 200, data) });
      return [200, data, { 'Content-Type': 'application/json' }];
    });
});
afterEach(resetNock);

const calls: Array<[string, (c: IseClient) => Promise<unknown>, string]> = [
  ['listErsJoinPoints', (c) => c.listErsJoinPoints(), 'GET /ers/config/activedirectory'],
  ['getErsJoinPoint', (c) => c.getErsJoinPoint(ID), 'GET /ers/config/activedirectory/{id}'],
  [
    'getErsJoinPointByName',
    (c) => c.getErsJoinPointByName('Company users'),
    'GET /ers/config/activedirectory/name/{name}',
  ],
];

test.each(calls)(
  '%s: a declared operation, answered as Cisco declares it',
  async (_label, run, operation) => {
    await run(harness().client);
    expect(seen).toHaveLength(1);
    expect(seen[0].problems).toEqual([]);
    expect(contract.find('GET', seen[0].path)?.operationId).toBe(operation);
  },
);
