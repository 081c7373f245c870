/** The names of a fleet's saved plans and the command that applies them, as the user reads and pastes it. */
import { savedPlanName } from '../../src/fleet/saved-plans';
import { fleetPlansSavedNotice } from '../../src/render/plan';

describe('fleet saved plan names', () => {
  test.each([
    ['site-a.yaml', 'site-a.plan.json'],
    ['site-b.YML', 'site-b.plan.json'],
    ['eu/site.yaml', 'site.plan.json'],
    ['notes.txt', 'notes.txt.plan.json'],
  ])('%s saves as %s', (relative, name) => {
    expect(savedPlanName(relative)).toBe(name);
  });
});

describe('the command that applies a fleet plan', () => {
  test('plain paths are left as they are; --shard is kept', () => {
    expect(fleetPlansSavedNotice(2, 'plans', ['sites/'], '2/4')).toBe(
      '2 plan(s) saved in plans. Apply exactly these plans with: ise-duo apply sites/ --shard 2/4 --plan plans --yes\n',
    );
  });

  test('a path a shell would split or expand is quoted so that pasting it runs the same command', () => {
    const notice = fleetPlansSavedNotice(1, "it's plans", ['my sites/*', 'a$b.yaml'], undefined);
    expect(notice).toBe(
      `1 plan(s) saved in it's plans. Apply exactly these plans with: ise-duo apply 'my sites/*' 'a$b.yaml' --plan 'it'\\''s plans' --yes\n`,
    );
  });
});
