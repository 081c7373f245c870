import { IseContract } from '../helpers/openapi';

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
