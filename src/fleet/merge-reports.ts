/**
 * Merges the JSON fleet reports of a sharded run (`--shard K/N`, one report per CI job) into the one report
 * the whole fleet would have given: targets in file order, the worst exit code, no `shard` field. It refuses
 * what would make the merged report lie: reports of different commands, a shard given twice, a missing shard,
 * shards cut differently (another N), shards of different fleets (another size, or targets that do not add
 * up to it), or a target in two reports. Plain data in, plain data out.
 */
import { UsageError } from '../errors';
import type { ExitCodeValue } from '../exit-codes';
import type { FleetReport } from '../model/reports';
import { fleetExitCode } from './run-fleet';

export interface NamedReport {
  /** Where it came from, for messages. */
  name: string;
  report: FleetReport;
}

const SAME_RUN =
  'merge the shards of one pipeline run: shards of different commits or folders do not add up to a fleet';

/** The fleet's size all the shards were cut from, or undefined for whole reports. */
function checkShards(reports: NamedReport[]): number | undefined {
  const sharded = reports.filter((r) => r.report.shard);
  if (sharded.length === 0) return undefined;
  if (sharded.length !== reports.length) {
    const whole = reports.find((r) => !r.report.shard)?.name;
    throw new UsageError(`${whole} is a whole fleet report, the others are shards; merge shards only`);
  }
  const count = sharded[0].report.shard?.count ?? 0;
  const seen = new Map<number, string>();
  for (const { name, report } of sharded) {
    const shard = report.shard!;
    if (shard.count !== count) {
      throw new UsageError(`${name} is shard ${shard.index}/${shard.count}, the others are of ${count}`);
    }
    const twice = seen.get(shard.index);
    if (twice) throw new UsageError(`${twice} and ${name} are both shard ${shard.index}/${count}`);
    seen.set(shard.index, name);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((k) => !seen.has(k));
  if (missing.length) {
    throw new UsageError(
      `shard ${missing.map((k) => `${k}/${count}`).join(', ')} missing: the merged report would leave out its targets`,
      'give the report of every shard (a job that failed before writing one must be re-run)',
    );
  }
  const of = sharded[0].report.shard!.of;
  const cut = sharded.find((r) => r.report.shard!.of !== of);
  if (cut) {
    throw new UsageError(
      `${cut.name} was cut from a fleet of ${cut.report.shard!.of} targets, ${sharded[0].name} from one of ${of}`,
      SAME_RUN,
    );
  }
  const fleet = sharded[0].report.shard!.fleet;
  const other = sharded.find((r) => r.report.shard!.fleet !== fleet);
  if (other) {
    throw new UsageError(
      `${other.name} and ${sharded[0].name} were cut from different fleets of ${of} targets ` +
        '(other files, or the same files named differently: a folder in one job, a list of files in another)',
      `${SAME_RUN}, each job naming the fleet the same way`,
    );
  }
  return of;
}

export function mergeFleetReports(reports: NamedReport[]): FleetReport {
  if (reports.length === 0) throw new UsageError('give the fleet reports to merge');
  const command = reports[0].report.command;
  const other = reports.find((r) => r.report.command !== command);
  if (other) {
    throw new UsageError(
      `${other.name} is a ${other.report.command} report, ${reports[0].name} a ${command} one`,
    );
  }
  const fleetSize = checkShards(reports);
  const owner = new Map<string, string>();
  for (const { name, report } of reports) {
    for (const t of report.targets) {
      const first = owner.get(t.file);
      if (first) throw new UsageError(`target ${t.file} is in both ${first} and ${name}`);
      owner.set(t.file, name);
    }
  }
  // Same size, every shard once, no target twice, and still not the fleet: the folder changed between the
  // jobs (a file renamed, say), so the shards hold parts of two different fleets.
  if (fleetSize !== undefined && owner.size !== fleetSize) {
    throw new UsageError(
      `the shards hold ${owner.size} targets, but each was cut from a fleet of ${fleetSize}`,
      SAME_RUN,
    );
  }
  const targets = reports.flatMap((r) => r.report.targets).sort((a, b) => (a.file < b.file ? -1 : 1));
  // As one run would have computed it: a shard that failed without writing does not make a fleet in which
  // another shard changed its ISEs read as "nothing was written".
  const exitCode = fleetExitCode(
    command,
    targets.map((t) => ({ exitCode: t.exitCode as ExitCodeValue, report: t.report })),
  );
  return { formatVersion: 1, command, exitCode, targets };
}
