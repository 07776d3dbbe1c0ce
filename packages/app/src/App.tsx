import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { navModule } from './modules/nav';
import { signInModule } from './modules/signIn';
import { techInsightsModule } from './modules/techInsights';

// The other plugins (org, catalog graph and import, API docs, search, notifications, signals,
// user settings and Kube Security) are discovered from this package's dependencies
// (`app.packages: all` in app-config.yaml).
export default createApp({
  features: [catalogPlugin, navModule, signInModule, techInsightsModule],
});
