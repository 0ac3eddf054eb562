// Starts `comms lsp` for the Markdown files of a workspace that holds a
// records repository (comms.yaml). The server checks only the files under
// the repository's records and archive folders; it reads the repository
// once and follows edits and file changes (docs/editors.md).
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const command = vscode.workspace.getConfiguration("comms").get<string>("path") || "comms";
  const serverOptions: ServerOptions = {
    command,
    args: ["lsp"],
    transport: TransportKind.stdio,
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: "file", language: "markdown" }],
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher("**/{*.md,comms.yaml}"),
    },
  };
  client = new LanguageClient("comms", "comms", serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("comms.path") && client) {
        await client.stop();
        client = undefined;
        await activate(context);
      }
    }),
  );
  try {
    await client.start();
  } catch (e) {
    vscode.window.showErrorMessage(
      `comms: could not start \`${command} lsp\` (${e}). Install comms, or set "comms.path" to the program.`,
    );
  }
}

export async function deactivate(): Promise<void> {
  if (client) {
    await client.stop();
  }
}
