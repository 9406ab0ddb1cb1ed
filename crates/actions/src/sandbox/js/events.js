// `events`: EventEmitter. A plain constructor function, as in Node, so both `class X extends
// EventEmitter` and the older `EventEmitter.call(this)` + `util.inherits` pattern work.
(function () {
  "use strict";
  function EventEmitter() {
    if (!(this instanceof EventEmitter)) throw new TypeError("Class constructor EventEmitter cannot be invoked without 'new'");
    this._events = Object.create(null);
    this._max = 10;
  }
  const P = EventEmitter.prototype;
  const methods = {
    _list(n) { if (!this._events) this._events = Object.create(null); return this._events[n] || (this._events[n] = []); },
    on(n, fn) { this._list(n).push(fn); return this; },
    addListener(n, fn) { return this.on(n, fn); },
    prependListener(n, fn) { this._list(n).unshift(fn); return this; },
    once(n, fn) { const self = this; function w(...a) { self.off(n, w); fn.apply(self, a); } w.listener = fn; return this.on(n, w); },
    prependOnceListener(n, fn) { const self = this; function w(...a) { self.off(n, w); fn.apply(self, a); } w.listener = fn; return this.prependListener(n, w); },
    off(n, fn) { const l = this._list(n); const i = l.findIndex((x) => x === fn || x.listener === fn); if (i >= 0) l.splice(i, 1); return this; },
    removeListener(n, fn) { return this.off(n, fn); },
    removeAllListeners(n) { if (n === undefined) this._events = Object.create(null); else if (this._events) delete this._events[n]; return this; },
    emit(n, ...a) {
      const l = this._list(n);
      if (n === "error" && l.length === 0) throw a[0] instanceof Error ? a[0] : new Error("Unhandled error. (" + String(a[0]) + ")");
      for (const fn of l.slice()) fn.apply(this, a);
      return l.length > 0;
    },
    listeners(n) { return this._list(n).map((x) => x.listener || x); },
    rawListeners(n) { return this._list(n).slice(); },
    listenerCount(n) { return this._list(n).length; },
    eventNames() { return Object.keys(this._events || {}).filter((k) => this._events[k].length > 0); },
    setMaxListeners(m) { this._max = m; return this; },
    getMaxListeners() { return this._max; },
  };
  for (const k of Object.keys(methods)) Object.defineProperty(P, k, { value: methods[k], writable: true, configurable: true, enumerable: false });
  EventEmitter.EventEmitter = EventEmitter;
  EventEmitter.defaultMaxListeners = 10;
  EventEmitter.once = (em, n) => new Promise((res) => em.once(n, (...a) => res(a)));
  // The Web's Event / EventTarget / CustomEvent (globals in Node), without capture or bubbling.
  class Event {
    constructor(type, init) {
      if (arguments.length === 0) throw new TypeError("The \"type\" argument must be specified");
      this.type = String(type);
      this.bubbles = !!(init && init.bubbles); this.cancelable = !!(init && init.cancelable); this.composed = !!(init && init.composed);
      this.defaultPrevented = false; this.target = null; this.currentTarget = null; this.timeStamp = Date.now(); this.isTrusted = false;
      Object.defineProperty(this, "_stop", { value: false, writable: true });
    }
    preventDefault() { if (this.cancelable) this.defaultPrevented = true; }
    stopPropagation() {}
    stopImmediatePropagation() { this._stop = true; }
  }
  class CustomEvent extends Event {
    constructor(type, init) { super(type, init); this.detail = init && init.detail !== undefined ? init.detail : null; }
  }
  class EventTarget {
    constructor() { Object.defineProperty(this, "_l", { value: new Map() }); }
    addEventListener(type, listener, options) {
      if (!listener) return;
      const list = this._l.get(type) || [];
      if (list.some((x) => x.listener === listener)) return;
      list.push({ listener, once: !!(options && typeof options === "object" && options.once) });
      this._l.set(type, list);
      const signal = options && typeof options === "object" && options.signal;
      if (signal && typeof signal.addEventListener === "function") signal.addEventListener("abort", () => this.removeEventListener(type, listener));
    }
    removeEventListener(type, listener) {
      const list = this._l.get(type);
      if (list) this._l.set(type, list.filter((x) => x.listener !== listener));
    }
    dispatchEvent(event) {
      if (!(event instanceof Event)) throw new TypeError('The "event" argument must be an instance of Event.');
      event.target = event.currentTarget = this;
      for (const entry of (this._l.get(event.type) || []).slice()) {
        if (entry.once) this.removeEventListener(event.type, entry.listener);
        if (typeof entry.listener === "function") entry.listener.call(this, event); else entry.listener.handleEvent(event);
        if (event._stop) break;
      }
      event.currentTarget = null;
      return !event.defaultPrevented;
    }
  }
  return { module: EventEmitter, Event, CustomEvent, EventTarget };
})
