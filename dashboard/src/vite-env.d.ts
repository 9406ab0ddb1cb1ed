/// <reference types="vite/client" />

declare module "monaco-editor/languages/definitions/javascript/javascript" {
  export const conf: unknown;
  export const language: unknown;
}
