// Marks <body> as soon as it opens, before anything is drawn, so that GOV.UK
// Frontend's styles for enhanced components apply from the first paint (no
// flash of the no-JavaScript layout). "govuk-frontend-supported" only where
// ES modules run, as static/app/app.js needs them.
//
// A file rather than inline script because the Content-Security-Policy allows
// scripts from our own origin only. Loaded from templates/base.html as a
// plain blocking <script> at the start of <body>; keep it tiny.
//
// Copied to static/app/js-enabled.js by `npm run build`. Edit frontend/js-enabled.js.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '')
