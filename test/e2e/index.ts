// Every UI test, run in this order; add new ones here.
import { fleetDemo } from './fleetDemo';
import { fleetWelcome } from './fleetWelcome';
import { UiTest } from './uiTest';

export const uiTests: UiTest[] = [fleetWelcome, fleetDemo];
