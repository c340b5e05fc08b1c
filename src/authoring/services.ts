// What the "New …" flows need from the rest of the extension: prompts, the Fleet, what clusters offer, and where
// to note which cluster a generated document is for.
import type { Fleet } from '../cluster/fleet';
import type { UserInput } from '../commands/userInput';
import type { DocumentTargets } from './prompts';
import type { AuthoringProviders } from './providers';

export interface AuthoringServices {
  input: UserInput;
  fleet(): Fleet | undefined;
  providers: AuthoringProviders;
  targets: DocumentTargets;
}
