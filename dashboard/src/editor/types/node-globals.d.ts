// The part of the Node.js global scope an action commonly uses. The editor loads the ES2022 library
// without the DOM (whose own `Event` would clash with the trigger's `Event`).
declare function require(id: string): any;
declare var module: { exports: any };
declare var process: { env: Record<string, string | undefined>; version: string };
declare var console: {
  log(...data: unknown[]): void;
  info(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
  debug(...data: unknown[]): void;
  trace(...data: unknown[]): void;
};
declare function setTimeout(handler: (...args: any[]) => void, timeout?: number, ...args: any[]): number;
declare function clearTimeout(id: number | undefined): void;
declare function setInterval(handler: (...args: any[]) => void, timeout?: number, ...args: any[]): number;
declare function clearInterval(id: number | undefined): void;
declare function structuredClone<T>(value: T): T;
declare function atob(data: string): string;
declare function btoa(data: string): string;
declare class URLSearchParams {
  constructor(init?: string | Record<string, string> | [string, string][]);
  append(name: string, value: string): void;
  get(name: string): string | null;
  has(name: string): boolean;
  set(name: string, value: string): void;
  toString(): string;
}
declare class URL {
  constructor(url: string, base?: string | URL);
  hash: string; host: string; hostname: string; href: string; origin: string; pathname: string;
  port: string; protocol: string; search: string; readonly searchParams: URLSearchParams;
  toString(): string;
}
declare class TextEncoder { encode(input?: string): Uint8Array; }
declare class TextDecoder { constructor(label?: string); decode(input?: ArrayBuffer | ArrayBufferView): string; }
declare class Headers {
  constructor(init?: Record<string, string> | [string, string][]);
  get(name: string): string | null;
  has(name: string): boolean;
  set(name: string, value: string): void;
}
interface RequestInit {
  method?: string;
  headers?: Record<string, string> | Headers;
  body?: string | ArrayBuffer | Uint8Array | URLSearchParams;
  signal?: AbortSignal;
}
declare class Response {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  json(): Promise<any>;
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}
declare class AbortSignal { readonly aborted: boolean; static timeout(ms: number): AbortSignal; }
declare class AbortController { readonly signal: AbortSignal; abort(reason?: unknown): void; }
declare function fetch(input: string | URL, init?: RequestInit): Promise<Response>;
declare var crypto: { randomUUID(): string; getRandomValues<T extends ArrayBufferView>(array: T): T };
declare class Buffer extends Uint8Array {
  static from(data: string | ArrayBuffer | Uint8Array | number[], encoding?: string): Buffer;
  toString(encoding?: string): string;
}
