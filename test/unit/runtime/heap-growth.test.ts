import v8 from 'node:v8';
import { boundHeapGrowthForFleet, FLEET_HEAP_GROWING_PERCENT } from '../../../src/runtime/heap-growth';

describe('boundHeapGrowthForFleet', () => {
  let set: jest.SpyInstance;
  beforeEach(() => {
    set = jest.spyOn(v8, 'setFlagsFromString');
  });
  afterEach(() => set.mockRestore());

  test('sets the growth factor for the rest of the process', () => {
    expect(boundHeapGrowthForFleet({}, [])).toBe(true);
    expect(set).toHaveBeenCalledWith(`--heap-growing-percent=${FLEET_HEAP_GROWING_PERCENT}`);
  });

  test("leaves the operator's own setting alone, from NODE_OPTIONS or node's command line", () => {
    expect(boundHeapGrowthForFleet({ NODE_OPTIONS: '--heap-growing-percent=300' }, [])).toBe(false);
    expect(boundHeapGrowthForFleet({}, ['--heap-growing-percent=20'])).toBe(false);
    expect(set).not.toHaveBeenCalled();
  });
});
