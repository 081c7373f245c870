import { ERS_AD_SPEC, IseContract, POLICY_SPEC, SHARED_DIR } from '../helpers/openapi';

// The contract helper itself must be able to fail, or every contract test built on it proves nothing.
describe('IseContract', () => {
  const contract = new IseContract();

  test('reads every Duo operation from the shared spec files', () => {
    expect(contract.operations.map((o) => o.operationId).sort()).toEqual(
      expect.arrayContaining(['isMfaEnabled', 'enableMFA', 'getMfa', 'createMfa', 'getIdentitysync', 'sync']),
    );
    expect(contract.operations.length).toBe(18);
  });

  test('matches the most literal path template', () => {
    expect(contract.find('POST', '/api/v1/duo-mfa/mfa/testconnection/corp')?.operationId).toBe(
      'testConnection',
    );
    expect(contract.find('GET', '/api/v1/duo-identitysync/identitysync/sync/cancel/x')?.operationId).toBe(
      'cancelSync',
    );
    expect(contract.find('GET', '/api/v1/duo-mfa/nope')).toBeUndefined();
  });

  test('rejects bodies of the wrong shape and accepts good ones', () => {
    expect(contract.checkRequest('PUT', '/api/v1/duo-mfa/enable', { mfa: { status: true } })).toEqual([]);
    expect(contract.checkRequest('PUT', '/api/v1/duo-mfa/enable', { mfa: {} })).not.toEqual([]);
    expect(contract.checkResponse('GET', '/api/v1/duo-mfa/status', 200, { status: 'yes' })).not.toEqual([]);
    expect(contract.checkResponse('GET', '/api/v1/duo-mfa/status', 200, { status: true })).toEqual([]);
    expect(contract.checkResponse('GET', '/api/v1/duo-mfa/status', 418, {})).not.toEqual([]);
    expect(
      contract.checkResponse('GET', '/api/v1/duo-mfa/mfa', 403, {
        code: '403',
        message: 'MFA feature is disabled',
      }),
    ).toEqual([]);
  });
});

describe('IseContract with the policy document', () => {
  const contract = new IseContract(SHARED_DIR, [POLICY_SPEC]);
  const rule = (condition: unknown) => ({ rule: { name: 'r1', condition }, mfaConnectionName: 'c1' });
  const test1 = {
    conditionType: 'ConditionAttributes',
    dictionaryName: 'DEVICE',
    attributeName: 'Device Type',
    operator: 'equals',
    attributeValue: 'All Device Types#Router',
  };

  test('resolves the refs of the MFA-rule operations', () => {
    const path = '/api/v1/policy/device-admin/policy-set/s1/mfa';
    expect(contract.find('POST', path)?.operationId).toBe('createDeviceAdminPolicyByIdMfaRule');
    expect(contract.checkRequest('POST', path, rule(test1))).toEqual([]);
    expect(contract.checkRequest('POST', path, { rule: { rank: 1 } })).not.toEqual([]);
    expect(contract.checkResponse('GET', path, 200, { response: [rule(test1)], version: '1.0.0' })).toEqual(
      [],
    );
    expect(contract.checkResponse('GET', path, 200, { response: rule(test1) })).not.toEqual([]);
  });

  test('checkRuleMfa holds every condition node to its subtype', () => {
    expect(contract.checkRuleMfa(rule(test1))).toEqual([]);
    expect(contract.checkRuleMfa(rule({ ...test1, operator: 'resembles' }))).not.toEqual([]);
    expect(contract.checkRuleMfa(rule({ ...test1, attributeValue: undefined }))).not.toEqual([]);
    expect(contract.checkRuleMfa(rule({ conditionType: 'ConditionReference' }))).not.toEqual([]);
    expect(contract.checkRuleMfa(rule({ conditionType: 'ConditionAndBlock' }))).not.toEqual([]);
    const nested = { conditionType: 'ConditionOrBlock', children: [test1, { ...test1, dictionaryName: 7 }] };
    expect(contract.checkRuleMfa(rule(nested)).join('\n')).toContain('/rule/condition/children/1');
    expect(contract.checkRuleMfa(rule({ conditionType: 'ConditionOrBlock', children: [test1] }))).toEqual([]);
    expect(contract.checkRuleMfa({ rule: {} })).not.toEqual([]);
  });
});

describe('IseContract with the Swagger 2.0 ERS document', () => {
  const contract = new IseContract(SHARED_DIR, [ERS_AD_SPEC]);
  const list = '/ers/config/activedirectory';
  const resource = { id: 'abc', name: 'CORP_AD', description: '', link: { rel: 'self', href: 'x' } };

  test('reads the operations, named by method and template, the most literal first', () => {
    expect(contract.find('GET', `${list}/abc`)?.operationId).toBe('GET /ers/config/activedirectory/{id}');
    expect(contract.find('GET', `${list}/versioninfo`)?.operationId).toBe(
      'GET /ers/config/activedirectory/versioninfo',
    );
    expect(contract.find('GET', `${list}?size=1&page=2`)?.operationId).toBe(
      'GET /ers/config/activedirectory',
    );
    expect(contract.find('PATCH', list)).toBeUndefined();
  });

  test('takes response schemas from response.schema and resolves #/definitions refs', () => {
    const detail = { ERSActiveDirectory: { id: 'abc', name: 'CORP_AD', domain: 'corp.example.com' } };
    expect(contract.checkResponse('GET', `${list}/abc`, 200, detail)).toEqual([]);
    expect(
      contract.checkResponse('GET', `${list}/abc`, 200, {
        ERSActiveDirectory: { ...detail.ERSActiveDirectory, domain: 7 },
      }),
    ).toEqual(['/ERSActiveDirectory/domain must be string']);
    expect(
      contract.checkResponse('GET', `${list}/abc`, 200, {
        ERSActiveDirectory: { enableDomainWhiteList: 'yes', adGroups: { groups: [{ name: 5 }] } },
      }),
    ).toEqual(
      expect.arrayContaining([
        '/ERSActiveDirectory/enableDomainWhiteList must be boolean',
        '/ERSActiveDirectory/adGroups/groups/0/name must be string',
      ]),
    );
    expect(
      contract.checkResponse('GET', list, 200, { SearchResult: { total: 1, resources: [resource] } }),
    ).toEqual([]);
    expect(
      contract.checkResponse('GET', list, 200, { SearchResult: { total: '1', resources: resource } }),
    ).toEqual(
      expect.arrayContaining([
        '/SearchResult/total must be integer',
        '/SearchResult/resources must be array',
      ]),
    );
    expect(contract.checkResponse('GET', `${list}/abc`, 404, {})).not.toEqual([]);
  });

  test('takes the request schema from the in: body parameter, and checks definitions by name', () => {
    const op = contract.find('POST', list);
    expect(op?.requestSchema).toEqual({ $ref: `${ERS_AD_SPEC}#/definitions/activedirectory` });
    expect(
      contract.checkRequest('POST', list, { ERSActiveDirectory: { name: 'A', domain: 'a.com' } }),
    ).toEqual([]);
    expect(contract.checkRequest('POST', list, { ERSActiveDirectory: { name: ['A'] } })).not.toEqual([]);
    expect(contract.checkSchema(ERS_AD_SPEC, 'SearchResult', { total: 2, resources: [] })).toEqual([]);
    expect(contract.checkSchema(ERS_AD_SPEC, 'SearchResult', { total: 2.5 })).not.toEqual([]);
  });
});
