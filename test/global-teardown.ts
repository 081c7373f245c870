import { teardown } from './global-tmp';

export default teardown;
