/**
 * Every Incident on one page, for `crisis-desk serve` on this machine only: open ones first,
 * then the newest, each linking to its read-only incident page.
 */
import { formatTime } from '../email/format.ts';
import { html } from '../html.ts';
import { severityRank, type Incident } from '../incident.ts';
import { personName, type Person } from '../people.ts';
import { themeLabel, type ThemeLabelSource } from '../theme-label.ts';
import { pageDocument } from './layout.ts';
import type { Page } from './views.ts';

export interface IncidentListView {
  incidents: readonly Incident[];
  brands: readonly ({ id: string; name: string } & ThemeLabelSource)[];
  owners: readonly Person[];
  timeZone: string;
  /** The incident page of one Incident (`/incident?id=…`). */
  hrefOf(incidentId: string): string;
}

const order = (a: Incident, b: Incident): number =>
  Number(a.status === 'resolved') - Number(b.status === 'resolved') || severityRank(a.severity) - severityRank(b.severity) || b.openedAt.localeCompare(a.openedAt);

export function incidentListPage(v: IncidentListView): Page {
  const rows = [...v.incidents].sort(order).map((i) => {
    const brand = v.brands.find((b) => b.id === i.brand);
    return html`<tr>
<td><span class="badge ${i.severity}">${i.severity}</span></td>
<th scope="row"><a href="${v.hrefOf(i.id)}">${brand?.name ?? i.brand}: ${themeLabel(i.theme, brand)}</a>${i.drill ? ' (drill)' : ''}</th>
<td><span class="status ${i.status}">${i.status}</span></td>
<td><time datetime="${i.openedAt}">${formatTime(i.openedAt, v.timeZone)}</time></td>
<td>${i.mentionCount.toLocaleString('en-GB')}</td>
<td>${i.acknowledgedBy ? personName(v.owners, i.acknowledgedBy) : 'nobody yet'}</td>
</tr>`;
  });
  const main = html`<h1>Incidents</h1>
<p>Every incident in this machine's database, open ones first. Each page is read-only here; act on an incident from its email.</p>
${
  rows.length
    ? html`<div class="table-wrap"><table class="list"><caption class="sr">Incidents, open ones first</caption>
<thead><tr><th scope="col">Severity</th><th scope="col">Incident</th><th scope="col">Status</th><th scope="col">Opened</th><th scope="col">Posts</th><th scope="col">Owner</th></tr></thead>
<tbody>${rows}</tbody></table></div>`
    : html`<p>No incidents yet.</p>`
}`;
  return { status: 200, html: pageDocument({ title: 'Incidents', main, wide: true }) };
}
