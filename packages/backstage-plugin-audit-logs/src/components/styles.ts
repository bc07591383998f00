/** The page's own CSS (scoped by the `arl-` prefix), so the plugin needs no UI library. */
export const styles = `
.arl-page { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #1d232a; padding: 16px 24px; font-size: 14px; }
.arl-header h1 { margin: 0 0 2px; font-size: 24px; }
.arl-header p { margin: 0 0 12px; }
.arl-muted { color: #5b6670; }
.arl-small { font-size: 12px; }
.arl-panel { border-radius: 6px; padding: 12px 16px; margin: 12px 0; }
.arl-panel p { margin: 6px 0; }
.arl-error { background: #fdecea; border: 1px solid #f5c2bd; }
.arl-empty { background: #f4f6f8; border: 1px dashed #c5ccd3; }
.arl-loading { display: flex; align-items: center; gap: 8px; padding: 12px 0; color: #5b6670; }
.arl-spinner { width: 14px; height: 14px; border: 2px solid #c5ccd3; border-top-color: #1f77b4; border-radius: 50%; animation: arl-spin 0.8s linear infinite; }
@keyframes arl-spin { to { transform: rotate(360deg); } }
.arl-strip { list-style: none; display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 8px; padding: 0; margin: 0 0 12px; }
.arl-source { border: 1px solid #dde2e6; border-radius: 6px; padding: 8px 12px; background: #fff; }
.arl-source-error { border-color: #e57373; }
.arl-source-warning { border-color: #ffb74d; }
.arl-source-name { font-weight: 600; display: flex; align-items: center; gap: 6px; }
.arl-source dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 8px; margin: 6px 0 0; font-size: 12px; }
.arl-source dt { color: #5b6670; }
.arl-source dd { margin: 0; }
p.arl-source-error { color: #b3261e; font-size: 12px; margin: 6px 0 0; border: 0; }
.arl-dot { width: 8px; height: 8px; border-radius: 50%; display: inline-block; }
.arl-dot-ok { background: #2e7d32; } .arl-dot-warning { background: #ef6c00; } .arl-dot-error { background: #c62828; }
.arl-filters { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: flex-end; padding: 10px 12px; background: #f4f6f8; border-radius: 6px; margin-bottom: 12px; }
.arl-filters label { display: flex; flex-direction: column; font-size: 12px; color: #5b6670; gap: 2px; }
.arl-filters input, .arl-filters select, .arl-pager select { font: inherit; font-size: 13px; padding: 4px 6px; border: 1px solid #c5ccd3; border-radius: 4px; background: #fff; min-width: 120px; }
.arl-grow { flex: 1 1 180px; }
.arl-filter-buttons { display: flex; gap: 6px; }
.arl-button { font: inherit; font-size: 13px; padding: 5px 12px; border-radius: 4px; border: 1px solid #c5ccd3; background: #fff; cursor: pointer; }
.arl-button:disabled { opacity: 0.5; cursor: default; }
.arl-primary { background: #1f5fa8; border-color: #1f5fa8; color: #fff; }
.arl-chart { margin: 0 0 12px; border: 1px solid #dde2e6; border-radius: 6px; padding: 8px 12px; }
.arl-chart figcaption { font-size: 12px; color: #5b6670; margin-bottom: 4px; }
.arl-chart svg { width: 100%; height: 160px; display: block; }
.arl-axis { font-size: 10px; fill: #5b6670; }
.arl-legend { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 14px; padding: 0; margin: 6px 0 0; font-size: 12px; }
.arl-swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; border-radius: 2px; vertical-align: -1px; }
.arl-body { display: grid; grid-template-columns: 1fr; gap: 12px; }
.arl-with-detail { grid-template-columns: minmax(0, 1fr) minmax(320px, 440px); }
.arl-results { overflow-x: auto; min-width: 0; }
.arl-detail-slot { position: sticky; top: 8px; align-self: start; max-height: calc(100vh - 16px); overflow: auto; }
.arl-table { width: 100%; border-collapse: collapse; font-size: 13px; }
.arl-table th { text-align: left; font-weight: 600; border-bottom: 2px solid #dde2e6; padding: 6px 8px; white-space: nowrap; }
.arl-table td { border-bottom: 1px solid #eef1f3; padding: 6px 8px; vertical-align: top; overflow-wrap: break-word; }
.arl-table tbody tr[tabindex] { cursor: pointer; }
.arl-table tbody tr[tabindex]:hover { background: #f4f8fc; }
.arl-table tr.arl-selected { background: #e3eefa; }
.arl-nowrap { white-space: nowrap; }
.arl-description { min-width: 160px; max-width: 360px; }
.arl-badge { margin-left: 6px; font-size: 11px; padding: 1px 6px; border-radius: 8px; background: #fdecea; color: #b3261e; }
.arl-pager { display: flex; align-items: center; gap: 8px; padding: 10px 0; }
.arl-export { margin-left: auto; display: flex; gap: 6px; align-items: center; font-size: 12px; color: #5b6670; }
.arl-pager label { font-size: 12px; color: #5b6670; display: flex; gap: 6px; align-items: center; }
.arl-detail { border: 1px solid #dde2e6; border-radius: 6px; padding: 10px 14px; background: #fff; }
.arl-detail header { display: flex; justify-content: space-between; align-items: center; }
.arl-detail h2 { font-size: 16px; margin: 0; word-break: break-all; }
.arl-detail h3 { font-size: 13px; margin: 14px 0 4px; }
.arl-fields { margin: 8px 0 0; font-size: 12px; }
.arl-fields div { display: grid; grid-template-columns: 120px 1fr; padding: 2px 0; }
.arl-fields dt { color: #5b6670; } .arl-fields dd { margin: 0; word-break: break-word; }
.arl-from { color: #b3261e; } .arl-to { color: #2e7d32; }
.arl-raw { background: #f4f6f8; padding: 8px; border-radius: 4px; font-size: 11px; max-height: 360px; overflow: auto; white-space: pre-wrap; word-break: break-all; }
`;
