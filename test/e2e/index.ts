// Every UI test, run in this order (they share the demo fleet: later ones see what earlier ones changed).
import { authoringQuickFix } from './authoringQuickFix';
import { authoringSnippet } from './authoringSnippet';
import { editConflict } from './editConflict';
import { fleetDemo } from './fleetDemo';
import { fleetFailing } from './fleetFailing';
import { fleetWelcome } from './fleetWelcome';
import { guardrails } from './guardrails';
import { newVmJourney } from './newVmJourney';
import { portForward } from './portForward';
import { rowMenus } from './rowMenus';
import { UiTest } from './uiTest';
import { vmLifecycle } from './vmLifecycle';
import { vmOperations, vmSnapshots } from './vmOperations';
import { vncTab } from './vncTab';
import { webviewThemes } from './webviewThemes';

export const uiTests: UiTest[] = [fleetWelcome, fleetDemo, fleetFailing, rowMenus, vmLifecycle, newVmJourney, editConflict, authoringSnippet, authoringQuickFix, guardrails, vmSnapshots, vmOperations, portForward, vncTab, webviewThemes];
