// Successful logins, failed logins and signups per day, counted from the tenant logs, as an SVG chart.
import { useState } from "react";
import * as api from "../../api/client";
import type { LogEvent } from "../../api/types";
import { Card, ErrorBanner, Loading, PageHeader, SelectField } from "../../components/ui";
import { useAsync } from "../../hooks";
import { FAILED_LOGIN, SIGNUP, SUCCESS_LOGIN } from "./logTypes";

const PAGE = 100;
const MAX_PAGES = 20;

interface Day {
  date: string;
  logins: number;
  failed: number;
  signups: number;
}

const SERIES: { key: keyof Omit<Day, "date">; label: string; color: string }[] = [
  { key: "logins", label: "Successful logins", color: "#16a34a" },
  { key: "failed", label: "Failed logins", color: "#dc2626" },
  { key: "signups", label: "Signups", color: "#2563eb" },
];

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

async function loadActivity(days: number): Promise<{ days: Day[]; truncated: boolean }> {
  const start = new Date();
  start.setUTCDate(start.getUTCDate() - (days - 1));
  const from = isoDay(start);
  const events: LogEvent[] = [];
  let total = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await api.logs.list({ q: `date:[${from} TO *]`, page, perPage: PAGE });
    events.push(...result.logs);
    total = result.total;
    if (result.logs.length < PAGE || events.length >= total) break;
  }
  const byDay = new Map<string, Day>();
  for (let i = 0; i < days; i++) {
    const d = new Date(start);
    d.setUTCDate(start.getUTCDate() + i);
    const key = isoDay(d);
    byDay.set(key, { date: key, logins: 0, failed: 0, signups: 0 });
  }
  for (const event of events) {
    const day = byDay.get(event.date.slice(0, 10));
    if (!day) continue;
    if (SUCCESS_LOGIN.includes(event.type)) day.logins++;
    else if (FAILED_LOGIN.includes(event.type)) day.failed++;
    else if (SIGNUP.includes(event.type)) day.signups++;
  }
  return { days: [...byDay.values()], truncated: events.length < total };
}

function Chart({ days }: { days: Day[] }) {
  const width = 760;
  const height = 260;
  const pad = { left: 40, right: 12, top: 12, bottom: 36 };
  const max = Math.max(1, ...days.flatMap((d) => SERIES.map((s) => d[s.key])));
  // Four grid steps of 1, 2 or 5 times a power of ten.
  const magnitude = 10 ** Math.floor(Math.log10(max / 4));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((candidate) => candidate * 4 >= max) ?? 10 * magnitude;
  const niceMax = Math.max(4, step * 4);
  const x = (i: number) => pad.left + (days.length === 1 ? 0 : (i * (width - pad.left - pad.right)) / (days.length - 1));
  const y = (v: number) => pad.top + (1 - v / niceMax) * (height - pad.top - pad.bottom);
  const ticks = [0, 1, 2, 3, 4].map((i) => (i * niceMax) / 4);
  const labelEvery = Math.ceil(days.length / 8);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="chart-title" data-testid="activity-chart">
        <title id="chart-title">Successful logins, failed logins and signups per day</title>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={pad.left} x2={width - pad.right} y1={y(t)} y2={y(t)} className="chart-grid" />
            <text x={pad.left - 6} y={y(t) + 4} textAnchor="end" className="chart-label">
              {t}
            </text>
          </g>
        ))}
        {days.map((d, i) =>
          i % labelEvery === 0 ? (
            <text key={d.date} x={x(i)} y={height - 12} textAnchor="middle" className="chart-label">
              {d.date.slice(5)}
            </text>
          ) : null,
        )}
        {SERIES.map((s) => (
          <g key={s.key}>
            <polyline
              fill="none"
              stroke={s.color}
              strokeWidth={2}
              points={days.map((d, i) => `${x(i)},${y(d[s.key])}`).join(" ")}
            />
            {days.map((d, i) => (
              <circle key={d.date} cx={x(i)} cy={y(d[s.key])} r={3} fill={s.color}>
                <title>{`${d.date}: ${d[s.key]} ${s.label.toLowerCase()}`}</title>
              </circle>
            ))}
          </g>
        ))}
      </svg>
      <figcaption className="legend">
        {SERIES.map((s) => (
          <span key={s.key} className="legend-item">
            <span className="legend-swatch" style={{ background: s.color }} aria-hidden="true" /> {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

export default function Activity() {
  const [range, setRange] = useState("14");
  const { data, error, loading, reload } = useAsync(() => loadActivity(Number(range)), [range]);
  const totals = SERIES.map((s) => ({ ...s, total: (data?.days ?? []).reduce((sum, d) => sum + d[s.key], 0) }));
  return (
    <>
      <PageHeader title="Activity" subtitle="Counted from the tenant logs." />
      <div className="filters narrow-filters">
        <SelectField
          label="Period"
          value={range}
          onChange={(e) => setRange(e.target.value)}
          options={[
            { value: "7", label: "Last 7 days" },
            { value: "14", label: "Last 14 days" },
            { value: "30", label: "Last 30 days" },
          ]}
        />
      </div>
      <ErrorBanner error={error} onRetry={reload} />
      {loading && !data ? (
        <Loading />
      ) : data ? (
        <>
          <div className="stat-grid">
            {totals.map((t) => (
              <div key={t.key} className="stat">
                <span className="stat-value" style={{ color: t.color }}>
                  {t.total}
                </span>
                <span className="muted">{t.label}</span>
              </div>
            ))}
          </div>
          <Card title="Per day">
            <Chart days={data.days} />
            {data.truncated && <p className="muted small">Counted from the latest {PAGE * MAX_PAGES} events of the period.</p>}
            <details>
              <summary>Show as table</summary>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Day</th>
                    {SERIES.map((s) => (
                      <th key={s.key} scope="col">
                        {s.label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {data.days.map((d) => (
                    <tr key={d.date}>
                      <td>{d.date}</td>
                      {SERIES.map((s) => (
                        <td key={s.key}>{d[s.key]}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          </Card>
        </>
      ) : null}
    </>
  );
}
