/**
 * The client's ERS methods: AD join points and their groups from ISE's older ERS API
 * (`cisco-ise-legacy-ers-active-directory.yaml`). Duo's own lookups (`duo-identitysync/activedirectories`,
 * `adgroups`) answer 403 while MFA is off, so a first apply, which switches MFA on, could not have its AD
 * names checked before it changed anything; ERS answers whatever the switch says.
 *
 * ERS is off on a new ISE and needs an ERS role besides the Open API's, so 401, 403 and 404 mean "not
 * available here" (an answer, not an error): the caller says the names were not checked and why. ERS pages
 * its lists (20 by default, 100 at most) and says with `nextPage` that there is more.
 */
import { badResponse } from './failures';
import { ERS_AD_PATH, segment } from './paths';
import { call, type Engine } from './request';
import { readJson, type ShapeCheck } from './responses';
import type { ErsAnswer, IseClient } from './types';
import type { WireErsActiveDirectory, WireErsResource } from './wire-types';

type ErsMethods = Pick<IseClient, 'listErsJoinPoints' | 'getErsJoinPoint' | 'getErsJoinPointByName'>;

const PAGE_SIZE = 100;
/** 10,000 join points: a server still saying `nextPage` after that is not paging, it is looping. */
const MAX_PAGES = 100;
const UNAVAILABLE = new Set([401, 403, 404]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const textOrAbsent = (o: Record<string, unknown>, key: string) =>
  o[key] === undefined || typeof o[key] === 'string';

interface Page {
  resources: WireErsResource[];
  more: boolean;
}

/** `{ SearchResult: { total, resources: [{id, name, …}], nextPage? } }`, ids and names text. */
const searchResultShape: ShapeCheck<Page> = (value) => {
  const result = isObject(value) ? value.SearchResult : undefined;
  if (!isObject(result)) return { problem: 'no object "SearchResult"' };
  const resources = result.resources ?? [];
  if (!Array.isArray(resources)) return { problem: '"SearchResult.resources" is not a list' };
  const bad = resources.findIndex((r) => !isObject(r) || !textOrAbsent(r, 'id') || !textOrAbsent(r, 'name'));
  if (bad !== -1) return { problem: `"SearchResult.resources[${bad}]" has no text id and name` };
  return { value: { resources: resources as WireErsResource[], more: isObject(result.nextPage) } };
};

/** `{ ERSActiveDirectory: { …, adGroups: { groups: [{name, sid}] } } }`, the group names text. */
const joinPointShape: ShapeCheck<WireErsActiveDirectory> = (value) => {
  const inner = isObject(value) ? value.ERSActiveDirectory : undefined;
  if (!isObject(inner)) return { problem: 'no object "ERSActiveDirectory"' };
  const groups = isObject(inner.adGroups) ? (inner.adGroups.groups ?? []) : [];
  if (inner.adGroups !== undefined && !isObject(inner.adGroups))
    return { problem: '"ERSActiveDirectory.adGroups" is not an object' };
  if (!Array.isArray(groups)) return { problem: '"ERSActiveDirectory.adGroups.groups" is not a list' };
  const bad = groups.findIndex((g) => !isObject(g) || !textOrAbsent(g, 'name'));
  if (bad !== -1) return { problem: `"ERSActiveDirectory.adGroups.groups[${bad}]" has no text name` };
  return { value: inner as WireErsActiveDirectory };
};

export function ersMethods(engine: Engine): ErsMethods {
  /** One ERS GET: 401, 403 and 404 are answers (ERS off or not permitted), anything else as any read. */
  const get = (path: string, purpose: string) =>
    call(engine, { kind: 'read', method: 'GET', path, purpose, isAnswer: (r) => UNAVAILABLE.has(r.status) });
  const joinPoint = async (path: string): Promise<ErsAnswer<WireErsActiveDirectory>> => {
    const { response, context } = await get(path, 'reading an AD join point through ERS');
    if (UNAVAILABLE.has(response.status)) return { unavailable: response.status };
    return { value: readJson(context, response, joinPointShape) };
  };
  return {
    listErsJoinPoints: async (): Promise<ErsAnswer<WireErsResource[]>> => {
      const all: WireErsResource[] = [];
      for (let page = 1; page <= MAX_PAGES; page++) {
        const path = `${ERS_AD_PATH}?size=${PAGE_SIZE}&page=${page}`;
        const { response, context } = await get(path, 'listing AD join points through ERS');
        if (UNAVAILABLE.has(response.status)) return { unavailable: response.status };
        const { resources, more } = readJson(context, response, searchResultShape);
        all.push(...resources);
        if (!more || resources.length === 0) return { value: all };
        if (page === MAX_PAGES) {
          throw badResponse(context, response, `a "nextPage" after ${MAX_PAGES} pages of ${PAGE_SIZE}`);
        }
      }
      return { value: all };
    },
    // By name, 404 is "no such join point" (the list tells it from "no ERS"); by id, from the list, it is not.
    getErsJoinPointByName: async (name) => {
      const answer = await joinPoint(`${ERS_AD_PATH}/name/${segment(name, 'AD join point name')}`);
      return 'unavailable' in answer && answer.unavailable === 404 ? { value: null } : answer;
    },
    getErsJoinPoint: (id) => joinPoint(`${ERS_AD_PATH}/${segment(id, 'ERS join point id')}`),
  };
}
