/**
 * The few `vscode` classes the tree nodes and the provider construct, so they run under mocha: importing this
 * module installs a require hook for the module name `vscode` only. Import it before the code under test.
 */
import { installVscodeStub, vscodeStub } from '../../../scripts/vscode/vscodeStub';

installVscodeStub();

export const TreeItemCollapsibleState = vscodeStub.TreeItemCollapsibleState;
