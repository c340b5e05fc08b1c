// Every UI test, run in this order; add new ones here.
import { authoringQuickFix } from './authoringQuickFix';
import { authoringSnippet } from './authoringSnippet';
import { fleetDemo } from './fleetDemo';
import { fleetWelcome } from './fleetWelcome';
import { UiTest } from './uiTest';
import { vmLifecycle } from './vmLifecycle';

export const uiTests: UiTest[] = [fleetWelcome, fleetDemo, authoringSnippet, authoringQuickFix, vmLifecycle];
