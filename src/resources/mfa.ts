/**
 * The MFA feature switch (`GET /duo-mfa/status`, `PUT /duo-mfa/enable`). It gates every other endpoint:
 * while it is off they answer 403. Disabling it is critical, because it turns off MFA for VPN and device
 * administration at once.
 */
import type { WireMfaFeatureEnable } from '../client/wire-types';
import type { MfaState } from '../model/state';
import type { ResourceSpec } from './resource-spec';

export const DISABLE_MFA_REASON = 'disabling MFA turns off Duo for VPN and device administration';

export const mfaSpec: ResourceSpec<MfaState> = {
  kind: 'mfa',
  keyOf: () => 'mfa',
  // Only turning it off is critical, so the planner marks the direction (DISABLE_MFA_REASON), not the field.
  fields: [{ key: 'enabled', label: 'enabled' }],
  serverOwnedWireFields: [],
  writeOnlyWireFields: [],
};

export function mfaToWire(enabled: boolean): WireMfaFeatureEnable {
  // `false` must be sent explicitly: the SDKs that drop falsy fields cannot disable the feature.
  return { mfa: { status: enabled } };
}
