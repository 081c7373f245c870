import { IseContract, POLICY_SPEC, SHARED_DIR } from '../helpers/openapi';

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
