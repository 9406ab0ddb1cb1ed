// oidc-provider storage adapter for the peer: an unbounded in-process Map with expiry (the
// library's own memory adapter is an LRU capped at 1,000 entries, which would silently drop
// sessions under load), counting every write so the harness can report "store writes per
// login" for the peer the way it counts SQL writes for Portcullis.

const store = new Map(); // key -> { payload, expiresAt }
const counts = { upsert: 0, consume: 0, destroy: 0, revokeByGrantId: 0 };

const now = () => Date.now();
const alive = (e) => e && (!e.expiresAt || e.expiresAt > now());

setInterval(() => {
  const t = now();
  for (const [k, e] of store) if (e.expiresAt && e.expiresAt <= t) store.delete(k);
}, 10_000).unref();

export function storeStats() {
  return { ...counts, writes: counts.upsert + counts.consume + counts.destroy + counts.revokeByGrantId, entries: store.size };
}

export class CountingAdapter {
  constructor(model) { this.model = model; }
  key(id) { return `${this.model}:${id}`; }

  async upsert(id, payload, expiresIn) {
    counts.upsert++;
    const expiresAt = expiresIn ? now() + expiresIn * 1000 : 0;
    store.set(this.key(id), { payload, expiresAt });
    if (payload.grantId) {
      const gk = `grant:${payload.grantId}`;
      const members = store.get(gk)?.payload || [];
      members.push(this.key(id));
      store.set(gk, { payload: members, expiresAt });
    }
    if (payload.uid) store.set(`uid:${payload.uid}`, { payload: id, expiresAt });
    if (payload.userCode) store.set(`userCode:${payload.userCode}`, { payload: id, expiresAt });
  }

  async find(id) {
    const e = store.get(this.key(id));
    return alive(e) ? e.payload : undefined;
  }

  async findByUid(uid) {
    const e = store.get(`uid:${uid}`);
    return alive(e) ? this.find(e.payload) : undefined;
  }

  async findByUserCode(userCode) {
    const e = store.get(`userCode:${userCode}`);
    return alive(e) ? this.find(e.payload) : undefined;
  }

  async consume(id) {
    counts.consume++;
    const e = store.get(this.key(id));
    if (e) e.payload.consumed = Math.floor(now() / 1000);
  }

  async destroy(id) {
    counts.destroy++;
    store.delete(this.key(id));
  }

  async revokeByGrantId(grantId) {
    counts.revokeByGrantId++;
    const gk = `grant:${grantId}`;
    for (const k of store.get(gk)?.payload || []) store.delete(k);
    store.delete(gk);
  }
}
