/**
 * The line `ise-duo sim` prints once it listens. The password is shown only when it is the public default
 * (documented in the README, so showing it leaks nothing); a password of the user's own is never printed.
 */
import { DEFAULT_SIM_PASSWORD } from '../sim/types';

export function simBanner(url: string, username: string, password: string): string {
  const shown = password === DEFAULT_SIM_PASSWORD ? `, password ${DEFAULT_SIM_PASSWORD}` : '';
  return `ISE simulator listening on ${url} (username ${username}${shown}); Ctrl-C stops it\n`;
}
