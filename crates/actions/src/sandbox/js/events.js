// `events`: EventEmitter.
(function () {
  "use strict";
  class EventEmitter {
    constructor() { this._events = Object.create(null); this._max = 10; }
    _list(n) { if (!this._events) this._events = Object.create(null); return this._events[n] || (this._events[n] = []); }
    on(n, fn) { this._list(n).push(fn); return this; }
    addListener(n, fn) { return this.on(n, fn); }
    prependListener(n, fn) { this._list(n).unshift(fn); return this; }
    once(n, fn) { const w = (...a) => { this.off(n, w); fn.apply(this, a); }; w.listener = fn; return this.on(n, w); }
    off(n, fn) { const l = this._list(n); const i = l.findIndex((x) => x === fn || x.listener === fn); if (i >= 0) l.splice(i, 1); return this; }
    removeListener(n, fn) { return this.off(n, fn); }
    removeAllListeners(n) { if (n === undefined) this._events = Object.create(null); else delete this._list(n) && delete this._events[n]; return this; }
    emit(n, ...a) {
      const l = this._list(n);
      if (n === "error" && l.length === 0) throw a[0] instanceof Error ? a[0] : new Error("Unhandled error. (" + String(a[0]) + ")");
      for (const fn of l.slice()) fn.apply(this, a);
      return l.length > 0;
    }
    listeners(n) { return this._list(n).map((x) => x.listener || x); }
    listenerCount(n) { return this._list(n).length; }
    eventNames() { return Object.keys(this._events || {}).filter((k) => this._events[k].length > 0); }
    setMaxListeners(m) { this._max = m; return this; }
    getMaxListeners() { return this._max; }
  }
  EventEmitter.EventEmitter = EventEmitter;
  EventEmitter.defaultMaxListeners = 10;
  EventEmitter.once = (em, n) => new Promise((res) => em.once(n, (...a) => res(a)));
  return { module: EventEmitter };
})
