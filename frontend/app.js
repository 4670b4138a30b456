// Action Plan Tracker: progressive enhancement only. Every page works without
// JavaScript; this adds GOV.UK Frontend's behaviour (collapsing navigation on
// small screens, error summary focus, and so on) to components that have a
// data-module attribute. Loaded from templates/base.html as a module, so
// browsers too old for ES modules never run it.
//
// Copied to static/app/app.js by `npm run build`. Edit frontend/app.js.
import { initAll } from '../govuk/govuk-frontend.min.js'

initAll()
