/**
 * One handler per (kind, action): the call that carries a change out. Each registered kind declares its own
 * handlers (`KindHandlers`, a mapped type over the kind's actions), so a kind or an action without a handler
 * does not compile, and every handler receives its own member of the Change union: no body is cast.
 */
import type { Change } from '../model/plan';
import { specOf } from '../resources/registry';
import type { KindHandlers, WriteContext } from '../resources/resource-spec';

export type HandlerContext = WriteContext;

/** Runs the handler of a change's (kind, action). */
export function runHandler(change: Change, ctx: HandlerContext): Promise<void> {
  // TypeScript cannot correlate `specOf(change.kind)` with `change.action` across the union; the registry
  // keys each spec by its own kind, so the lookup below is the one the mapped type declares.
  const handlers = specOf(change.kind).handlers as unknown as Record<
    string,
    (c: Change, ctx: HandlerContext) => Promise<void>
  >;
  return handlers[change.action](change, ctx);
}

export type { KindHandlers };
