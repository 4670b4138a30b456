// Builds the committed front-end assets from frontend/ and node_modules/:
//
//   static/govuk/application.css       GOV.UK Frontend, every component, our settings
//   static/govuk/govuk-frontend.min.js GOV.UK Frontend's ES module bundle, as shipped
//   static/govuk/govuk-frontend.min.js.map
//   static/app/app.css                 site-specific styles (frontend/app.scss)
//   static/app/app.js                  initialises GOV.UK Frontend (frontend/app.js)
//   static/app/js-enabled.js           marks <body> for enhanced styles (frontend/js-enabled.js)
//   static/app/favicon.svg             our own icon (frontend/favicon.svg)
//
// Run with `npm run build` (or `make frontend`, which runs `npm ci` first).
// The output depends only on the sources and the locked package versions, so
// building twice gives identical files. static/govuk/ belongs to this script
// and is emptied first; in static/app/ only the files above are written.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as sass from 'sass'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const frontend = join(root, 'frontend')
const govukDist = join(root, 'node_modules', 'govuk-frontend', 'dist', 'govuk')
const govukOut = join(root, 'static', 'govuk')
const appOut = join(root, 'static', 'app')

const govukVersion = JSON.parse(
  readFileSync(join(root, 'node_modules', 'govuk-frontend', 'package.json'), 'utf8')
).version

function compileScss (source, banner) {
  const result = sass.compile(join(frontend, source), {
    style: 'compressed',
    sourceMap: false,
    importers: [new sass.NodePackageImporter(root)]
  })
  // Compressed output may start with a byte-order mark; keep it first.
  const bom = result.css.startsWith('\uFEFF') ? '\uFEFF' : ''
  return `${bom}/*! ${banner} */\n${result.css.slice(bom.length)}\n`
}

function write (file, content) {
  writeFileSync(file, content)
  console.log(`wrote ${relative(root, file)} (${Buffer.byteLength(content)} bytes)`)
}

function copy (from, to) {
  copyFileSync(from, to)
  console.log(`copied ${relative(root, to)} from ${relative(root, from)}`)
}

rmSync(govukOut, { recursive: true, force: true })
mkdirSync(govukOut, { recursive: true })
mkdirSync(appOut, { recursive: true })

const applicationCss = compileScss(
  'application.scss',
  `GOV.UK Frontend ${govukVersion} (MIT licence, https://github.com/alphagov/govuk-frontend) ` +
    'compiled for Action Plan Tracker from frontend/application.scss by `npm run build`. Do not edit.'
)
// Guard the brand rules: no GDS Transport, no font files, no crown image.
for (const forbidden of ['GDS Transport', '@font-face', 'govuk-crest', '/assets/']) {
  if (applicationCss.includes(forbidden)) {
    throw new Error(`static/govuk/application.css would contain "${forbidden}"`)
  }
}
write(join(govukOut, 'application.css'), applicationCss)

// The ES module bundle exactly as the package ships it; its source map too,
// because the bundle names it and Django's manifest storage resolves that name.
copy(join(govukDist, 'govuk-frontend.min.js'), join(govukOut, 'govuk-frontend.min.js'))
copy(join(govukDist, 'govuk-frontend.min.js.map'), join(govukOut, 'govuk-frontend.min.js.map'))

write(
  join(appOut, 'app.css'),
  compileScss('app.scss', 'Action Plan Tracker site styles, compiled from frontend/app.scss by `npm run build`. Do not edit.')
)
copy(join(frontend, 'app.js'), join(appOut, 'app.js'))
copy(join(frontend, 'js-enabled.js'), join(appOut, 'js-enabled.js'))
copy(join(frontend, 'favicon.svg'), join(appOut, 'favicon.svg'))
