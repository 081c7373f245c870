/**
 * Shared by the desired-state tests: the environment that fixtures and examples reference, with every secret
 * value (ISE password, Duo skeys) and integration key built around one canary string, so a test can assert
 * that no message and no serialised state ever contains it.
 */
import { join, resolve } from 'node:path';

export const REPO = resolve(__dirname, '../../..');
export const INVALID_DIR = join(REPO, 'test/fixtures/invalid');
export const VALID_DIR = join(REPO, 'test/fixtures/valid');
export const EXAMPLES_DIR = join(REPO, 'examples');

export const CANARY = 'c4n4ry7q';
/** Integration keys must be DI + 18 capital letters or digits, so their canary is upper-case. */
export const IKEY_CANARY = CANARY.toUpperCase();

export const TEST_ENV: NodeJS.ProcessEnv = {
  ISE_USERNAME: 'admin',
  ISE_PASSWORD: `${CANARY}-password`,
  ISE_HOST: 'ise-pan.corp.example.com',
  SITE: 'berlin',
  RUN_SYNC: 'never',
  DUO_HOST: 'api-1a2b3c4d.duosecurity.com',
  DUO_ADMIN_IKEY: `DIADMINIKEY${IKEY_CANARY}1`,
  DUO_ADMIN_SKEY: `${CANARY}-admin-skey-000000000000000000000001`,
  DUO_AUTH_IKEY: `DIAUTHIKEY${IKEY_CANARY}01`,
  DUO_AUTH_SKEY: `${CANARY}-auth-skey-0000000000000000000000001`,
  LAB_DUO_ADMIN_IKEY: `DILABADMIN${IKEY_CANARY}01`,
  LAB_DUO_ADMIN_SKEY: `${CANARY}-lab-admin-skey-00000000000000000001`,
  LAB_DUO_AUTH_IKEY: `DILABAUTH${IKEY_CANARY}001`,
  LAB_DUO_AUTH_SKEY: `${CANARY}-lab-auth-skey-000000000000000000001`,
  // Used only by the invalid fixtures named for them.
  EMPTY_SECRET: '',
  SHORT_SKEY: CANARY,
  BAD_DUO_HOST: 'duo.example.com',
  BAD_IKEY: `${CANARY}-ikey`,
};

/** The values that must never appear in a message or in serialised state. */
export const SENSITIVE_VALUES = [CANARY, IKEY_CANARY];
