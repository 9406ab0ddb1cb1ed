// Re-renders a run's table from its raw results: node bench/render.mjs bench/out/<run>/results.json
import fs from 'node:fs';
import { renderReport } from './lib/report.mjs';

const file = process.argv[2];
if (!file) { console.error('usage: node bench/render.mjs bench/out/<run>/results.json'); process.exit(2); }
const res = JSON.parse(fs.readFileSync(file, 'utf8'));
const ALL = ['cc-rs256', 'cc-es256', 'login-owasp', 'login-cheap', 'login-cheap-1', 'login-cheap-1f', 'login-cheap-5', 'refresh', 'userinfo'];
const titles = { 'login-cheap-1': 'login, cheap hash, +1 action (seed)', 'login-cheap-1f': 'login, cheap hash, +1 action (fetch)', 'login-cheap-5': 'login, cheap hash, +5 actions' };
const n = { 'login-cheap-1': 1, 'login-cheap-1f': 1, 'login-cheap-5': 5 };
const flows = ALL.filter((id) => res.backends[0]?.flows[id]).map((id) => ({ id, title: titles[id] || id, n: n[id] }));
process.stdout.write(renderReport(res, flows));
