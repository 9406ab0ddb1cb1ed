// The Monaco instance used by every editor of the dashboard, bundled from the monaco-editor package with
// only the pieces the dashboard needs (JavaScript/TypeScript and JSON). Its workers are bundled as well:
// nothing is fetched from elsewhere at run time.
import * as monaco from "monaco-editor/editor";
import "monaco-editor/features/register.all";
import "monaco-editor/languages/definitions/javascript/register";
import "monaco-editor/languages/definitions/typescript/register";
import { conf as jsConf, language as jsLanguage } from "monaco-editor/languages/definitions/javascript/javascript";
import * as typescript from "monaco-editor/languages/features/typescript/register";
import * as json from "monaco-editor/languages/features/json/register";
import EditorWorker from "monaco-editor/editor/editor.worker?worker";
import JsonWorker from "monaco-editor/languages/features/json/json.worker?worker";
import TsWorker from "monaco-editor/languages/features/typescript/ts.worker?worker";
import { triggerLib, type TriggerLib } from "./triggerTypes";

self.MonacoEnvironment = {
  getWorker(_moduleId: string, label: string): Worker {
    if (label === "json") return new JsonWorker();
    if (label === "typescript" || label === "javascript") return new TsWorker();
    return new EditorWorker();
  },
};

/**
 * Action code is edited as a `.ts` file of the "javascript" language: the script kind follows the file
 * name, and only a TypeScript script lets the declared `exports` give `(event, api)` their types
 * without JSDoc. Options stay as loose as JavaScript (no strict, implicit any allowed).
 */
typescript.javascriptDefaults.setCompilerOptions({
  target: typescript.ScriptTarget.ESNext,
  lib: ["es2022"],
  allowJs: true,
  checkJs: true,
  strict: false,
  noImplicitAny: false,
  allowNonTsExtensions: true,
  module: typescript.ModuleKind.None,
});
typescript.javascriptDefaults.setDiagnosticsOptions({
  noSemanticValidation: false,
  noSyntaxValidation: false,
  // 2554: arity checks that JavaScript does not make; 80001/80004/80005: CommonJS and JSDoc suggestions.
  diagnosticCodesToIgnore: [2554, 80001, 80004, 80005],
});

/** Read-only code (versions, diffs) is highlighted like JavaScript but kept out of the language service. */
export const VIEW_LANGUAGE = "action-js-view";
monaco.languages.register({ id: VIEW_LANGUAGE });
monaco.languages.setMonarchTokensProvider(VIEW_LANGUAGE, jsLanguage as monaco.languages.IMonarchLanguage);
monaco.languages.setLanguageConfiguration(VIEW_LANGUAGE, jsConf as monaco.languages.LanguageConfiguration);

let loadedTypes: { key: string; lib: TriggerLib; disposable: monaco.IDisposable } | null = null;

/** Loads the trigger's definitions into the TypeScript worker, replacing the previous trigger's. */
export function loadTriggerTypes(triggerId: string, version: string): TriggerLib {
  const key = `${triggerId}@${version}`;
  if (loadedTypes?.key === key) return loadedTypes.lib;
  loadedTypes?.disposable.dispose();
  const lib = triggerLib(triggerId, version);
  const disposable = typescript.javascriptDefaults.addExtraLib(lib.content, "file:///portcullis/trigger-types.d.ts");
  loadedTypes = { key, lib, disposable };
  return lib;
}

export { monaco, typescript, json };
