/**
 * The reader's question to ISE for names the file gives that ISE lists only in another case: which names
 * are asked (none when there is no such name) and how each answer is read.
 */
import { ApiError } from '../../../src/errors';
import { caseTwinsOf, listedNames, probeCaseTwins } from '../../../src/resources/case-twins';

const refusal = (status: number) =>
  new ApiError({ kind: 'http', method: 'GET', path: '/api/v1/duo-mfa/mfa/x', status }, `answered ${status}`);

describe('caseTwinsOf', () => {
  test('a wanted name ISE lists only in another case, with ISE’s spelling', () => {
    expect(caseTwinsOf(['Corp-AD', 'lab-ad', 'new'], ['corp-ad', 'lab-ad'])).toEqual([
      { name: 'Corp-AD', twin: 'corp-ad' },
    ]);
  });

  test('an exact match wins over a twin, and "all" (export) wants no other spelling', () => {
    expect(caseTwinsOf(['corp-ad'], ['CORP-AD', 'corp-ad'])).toEqual([]);
    expect(caseTwinsOf('all', ['CORP-AD'])).toEqual([]);
  });

  test('listedNames leaves out entries without a name', () => {
    expect(listedNames([{ name: 'a' }, {}, { name: '' }, { name: 'b' }])).toEqual(['a', 'b']);
  });
});

describe('probeCaseTwins', () => {
  test('no twin, no request', async () => {
    const get = jest.fn();
    await expect(probeCaseTwins('identity-sync', ['corp-ad'], ['corp-ad'], get)).resolves.toEqual([]);
    expect(get).not.toHaveBeenCalled();
  });

  test('an answer means ISE matches names regardless of case; 403 or 404 means it keeps them apart', async () => {
    const answers: Record<string, () => Promise<unknown>> = {
      'Corp-AD': async () => ({ syncName: 'corp-ad' }),
      'LAB-AD': async () => Promise.reject(refusal(403)),
      'Dev-AD': async () => Promise.reject(refusal(404)),
    };
    const get = jest.fn((name: string) => answers[name]!());
    const twins = await probeCaseTwins(
      'identity-sync',
      ['Corp-AD', 'LAB-AD', 'Dev-AD'],
      ['corp-ad', 'lab-ad', 'dev-ad'],
      get,
    );
    expect(get.mock.calls.map(([name]) => name)).toEqual(['Corp-AD', 'LAB-AD', 'Dev-AD']);
    expect(twins).toEqual([
      { kind: 'identity-sync', name: 'Corp-AD', twin: 'corp-ad', iseMatches: true },
      { kind: 'identity-sync', name: 'LAB-AD', twin: 'lab-ad', iseMatches: false },
      { kind: 'identity-sync', name: 'Dev-AD', twin: 'dev-ad', iseMatches: false },
    ]);
  });

  test.each([400, 401, 500, 503])(
    'a %i is no answer: the read goes on, the question unanswered',
    async (status) => {
      const twins = await probeCaseTwins('duo-connection', ['Duo'], ['duo'], () =>
        Promise.reject(refusal(status)),
      );
      expect(twins).toEqual([{ kind: 'duo-connection', name: 'Duo', twin: 'duo' }]);
    },
  );

  test('nor is a dropped connection', async () => {
    const twins = await probeCaseTwins('duo-connection', ['Duo'], ['duo'], () =>
      Promise.reject(new Error('socket hang up')),
    );
    expect(twins).toEqual([{ kind: 'duo-connection', name: 'Duo', twin: 'duo' }]);
  });
});
