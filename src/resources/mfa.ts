/**
 * The MFA feature switch (`GET /duo-mfa/status`, `PUT /duo-mfa/enable`). It gates every other endpoint:
 * while it is off they answer 403. Disabling it is critical, because it turns off MFA for VPN and device
 * administration at once.
 */
import type { WireMfaFeatureEnable } from '../client/wire-types';
import { type ChangeCommon, hashJson } from '../model/plan';
import type { MfaState } from '../model/state';
import type { ResourceSpec } from './resource-spec';

export type MfaSwitchChange<A extends 'enable' | 'disable' = 'enable' | 'disable'> = A extends unknown
  ? ChangeCommon<'mfa', A> & { body: WireMfaFeatureEnable }
  : never;

declare module '../model/plan' {
  interface ChangeTypes {
    mfa: MfaSwitchChange;
  }
}

export const DISABLE_MFA_REASON = 'disabling MFA turns off Duo for VPN and device administration';

export function mfaToWire(enabled: boolean): WireMfaFeatureEnable {
  // `false` must be sent explicitly: the SDKs that drop falsy fields cannot disable the feature.
  return { mfa: { status: enabled } };
}

export const mfaSpec: ResourceSpec<'mfa', MfaState> = {
  kind: 'mfa',
  api: {
    client: ['getMfaStatus', 'setMfaEnabled'],
    routes: ['GET /api/v1/duo-mfa/status', 'PUT /api/v1/duo-mfa/enable'],
  },
  keyOf: () => 'mfa',
  // Only turning it off is critical, so the planner marks the direction (DISABLE_MFA_REASON), not the field.
  fields: [{ key: 'enabled', label: 'enabled' }],
  serverOwnedWireFields: [],
  writeOnlyWireFields: [],
  label: () => 'MFA',
  title: () => 'MFA feature',
  showsFields: false,
  plan(desired, live, tools) {
    if (desired.mfa.enabled === live.mfa.enabled) return { changes: [], unmanaged: [] };
    const fields = tools.diffFields(mfaSpec.fields, live.mfa, desired.mfa);
    const body = mfaToWire(desired.mfa.enabled);
    const change: MfaSwitchChange = desired.mfa.enabled
      ? { kind: 'mfa', action: 'enable', name: 'mfa', fields, body }
      : { kind: 'mfa', action: 'disable', name: 'mfa', fields, body, critical: DISABLE_MFA_REASON };
    return { changes: [change], unmanaged: [] };
  },
  // The switch is read in the first round, alone (the login test); while it is off the reader reads only
  // the lookups after it (it gates the rest).
  read: (client, _scope, state) => ({
    first: async () => {
      const enabled = await client.getMfaStatus();
      state.mfa = { enabled };
    },
    fingerprints: () => ({ mfa: hashJson(state.mfa) }),
  }),
  // The convergence check reads the switch again, whatever the apply did, beside everything else.
  afterApply: () => ({ reads: [{ method: 'getMfaStatus' }], scope: {}, keep: () => {} }),
  // While the feature is off ISE answers 403 for every other kind's endpoint.
  opens: (change) => change.action === 'enable',
  handlers: {
    enable: (_c, { client }) => client.setMfaEnabled(true),
    disable: (_c, { client }) => client.setMfaEnabled(false),
  },
  tookEffect: async (client, change) =>
    (await client.getMfaStatus()) === (change.action === 'enable') ? 'as-planned' : 'other',
};
