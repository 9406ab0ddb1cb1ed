// Database work per operation, read from Portcullis' own statement log (the store logs every
// statement at DEBUG under the `portcullis::sql` target, with rows affected), and the store size
// of a session from SQLite's dbstat table.
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';

/** Bytes of the log so far (the audit reads only what comes after). */
export const logMark = (file) => fs.statSync(file).size;

/** Statements written to `file` after `mark`: { total, reads, writes, rows_written, by_kind }. */
export function statementsSince(file, mark) {
  const fd = fs.openSync(file, 'r');
  const size = fs.fstatSync(fd).size;
  const buf = Buffer.alloc(size - mark);
  fs.readSync(fd, buf, 0, buf.length, mark);
  fs.closeSync(fd);
  const out = { total: 0, reads: 0, writes: 0, rows_written: 0, tx: 0, by_kind: {}, by_statement: {} };
  for (const line of buf.toString('utf8').split('\n')) {
    if (!line.includes('portcullis::sql')) continue;
    let j;
    try { j = JSON.parse(line); } catch { continue; }
    if (j.target !== 'portcullis::sql') continue;
    const f = j.fields || {};
    const sql = String(f.statement || '').trim();
    const kw = (sql.match(/^\s*(\w+)/) || [, '?'])[1].toUpperCase();
    const table = (sql.match(/^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)/i) || [])[1];
    out.total++;
    const short = sql.replace(/\s+/g, ' ').slice(0, 90);
    out.by_statement[short] = (out.by_statement[short] || 0) + 1;
    if (['INSERT', 'UPDATE', 'DELETE', 'REPLACE'].includes(kw)) {
      out.writes++;
      out.rows_written += +f.rows_affected || 0;
      const k = `${kw} ${table || '?'}`;
      out.by_kind[k] = (out.by_kind[k] || 0) + 1;
    } else if (['BEGIN', 'COMMIT', 'ROLLBACK', 'SAVEPOINT', 'RELEASE'].includes(kw)) {
      out.tx++;
    } else {
      out.reads++;
    }
  }
  return out;
}

/** Store bytes per row of `table` (table b-tree + its indexes, pages as allocated), SQLite only. */
export function sqliteBytesPerRow(dbFile, table) {
  try {
    const sql = `SELECT (SELECT count(*) FROM ${table}), (SELECT sum(pgsize) FROM dbstat WHERE name IN (SELECT name FROM sqlite_master WHERE tbl_name='${table}'))`;
    const [rows, bytes] = execFileSync('sqlite3', ['-readonly', dbFile, sql], { encoding: 'utf8' }).trim().split('|').map(Number);
    const payload = +execFileSync('sqlite3', ['-readonly', dbFile, payloadSql(dbFile, table)], { encoding: 'utf8' }).trim();
    return { rows, bytes_per_row: rows ? bytes / rows : NaN, payload_per_row: payload };
  } catch (e) {
    return { rows: NaN, bytes_per_row: NaN, payload_per_row: NaN, error: String(e.message).slice(0, 200) };
  }
}

function payloadSql(dbFile, table) {
  const cols = execFileSync('sqlite3', ['-readonly', dbFile, `SELECT name FROM pragma_table_info('${table}')`], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  return `SELECT avg(${cols.map((c) => `coalesce(length(CAST("${c}" AS BLOB)),0)`).join('+')}) FROM ${table}`;
}

/** A fresh PostgreSQL database beside the one `url` names, and how to drop it. */
export function freshPostgres(url) {
  const u = new URL(url);
  const db = `portcullis_bench_${process.pid}`;
  execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qc', `CREATE DATABASE ${db}`], { stdio: 'pipe' });
  u.pathname = `/${db}`;
  return { url: u.toString(), drop: () => { try { execFileSync('psql', [url, '-qc', `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`], { stdio: 'pipe' }); } catch { /* best effort */ } } };
}
