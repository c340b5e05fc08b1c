// What the "New …" flows need from the rest of the extension: prompts, the Fleet, what clusters offer, where
// to note which cluster a generated document is for, and the tree row a flow was run on.
import type { Fleet } from '../cluster/fleet';
import type { UserInput } from '../commands/userInput';
import type { FleetNode } from '../views/nodes';
import type { DocumentTargets } from './prompts';
import type { AuthoringProviders } from './providers';

export interface AuthoringServices {
  input: UserInput;
  fleet(): Fleet | undefined;
  providers: AuthoringProviders;
  targets: DocumentTargets;
  /** The Fleet view's own node for a command argument (looked up by id); undefined for anything it did not show. */
  node(arg: unknown): FleetNode | undefined;
}
