// The dev harness's browser side: a Backstage app made with @backstage/frontend-defaults'
// createApp (standard navigation, light and dark themes) with the audit-logs plugin and the
// catalog plugin, whose entity page the actor links open. The backend base URL is this
// server, which proxies /api/* to the real backend and adds the token there.
import auditLogsPlugin from '@auditrelay/backstage-plugin-audit-logs';
import { ConfigReader } from '@backstage/config';
import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import '@backstage/ui/css/styles.css';
import { createRoot } from 'react-dom/client';

const origin = window.location.origin;
// The demo backend has no auth plugin: the sign-in page signs in at once as the frontend-only
// (legacy) guest. The harness server puts a real backend token on every /api request.
window.localStorage.setItem('enableLegacyGuestToken', 'true');
window.localStorage.setItem('@backstage/core:SignInPage:provider', 'guest');
const app = createApp({
  features: [catalogPlugin, auditLogsPlugin],
  advanced: {
    // The default loader reads config a Backstage CLI build injects; this app is built by Vite.
    configLoader: () =>
      Promise.resolve({
        config: new ConfigReader({
          app: { baseUrl: origin, title: 'auditrelay dev harness' },
          backend: { baseUrl: origin },
        }),
      }),
  },
});

createRoot(document.getElementById('root')!).render(app.createRoot());
