// The host bench's baseline: registers a tree view with three fixed rows and one command.
/* global require, exports */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS, loaded as it is
const vscode = require('vscode');

exports.activate = (context) => {
  const rows = ['row-1', 'row-2', 'row-3'];
  context.subscriptions.push(
    vscode.window.createTreeView('benchTrivial.tree', {
      treeDataProvider: { getChildren: (node) => (node ? [] : rows), getTreeItem: (label) => new vscode.TreeItem(label) },
    }),
    vscode.commands.registerCommand('benchTrivial.hello', () => vscode.window.showInformationMessage('Hello')),
  );
};

exports.deactivate = () => undefined;
