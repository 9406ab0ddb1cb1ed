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
  return { module: EventEmitter };
})
