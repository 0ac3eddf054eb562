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

async function start(): Promise<void> {
  const command = vscode.workspace.getConfiguration("comms").get<string>("path") || "comms";
  // With the stdio transport the client adds `--stdio`, which comms accepts.
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
  try {
    await client.start();
  } catch (e) {
    vscode.window.showErrorMessage(
      `comms: could not start \`${command} lsp\` (${e}). Install comms, or set "comms.path" to the program.`,
    );
  }
}

async function stop(): Promise<void> {
  if (client) {
    const c = client;
    client = undefined;
    await c.stop();
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("comms.path")) {
        await stop();
        await start();
      }
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}
