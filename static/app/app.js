// Action Plan Tracker: progressive enhancement only. Every page works without
// JavaScript; this adds GOV.UK Frontend's behaviour (collapsing navigation on
// small screens, error summary focus, and so on) to components that have a
// data-module attribute, and the session timeout warning below. Loaded from
// templates/base.html as a module, so browsers too old for ES modules never
// run it.
//
// Copied to static/app/app.js by `npm run build`. Edit frontend/app.js.
import { initAll } from '../govuk/govuk-frontend.min.js'

initAll()

// The session timeout warning (WCAG 2.2.1 Timing Adjustable; GOV.UK's
// "timeout warning" pattern). A signed-in session ends after some time without
// a request (core/sessions.py); someone writing a long update makes none, so
// on pages with a form that posts inside <main> a dialog warns them first and
// lets them stay signed in. If the time runs out anyway, the page stays as it
// is, with what they typed, and the dialog says so.
//
// The numbers and the dialog come from templates/includes/session_timeout.html.
// The server's count is the one that matters: before warning, and when the
// time is up, this asks it (a GET to the keep-alive address, which does not
// count as use), since another tab may have kept the session going.
function sessionTimeoutWarning () {
  const settings = document.querySelector('meta[name="app-session-timeout"]')
  const template = document.getElementById('app-session-timeout')
  if (!settings || !template || typeof HTMLDialogElement === 'undefined') return
  if (!document.querySelector('main form[method="post" i]')) return

  const warningSeconds = Number(settings.dataset.warningSeconds)
  const dialog = template.content.querySelector('dialog').cloneNode(true)
  document.body.append(dialog)
  const find = (selector) => dialog.querySelector(selector)
  const warningPart = find('[data-timeout-state="warning"]')
  const signedOutPart = find('[data-timeout-state="signed-out"]')
  const signedOutHeading = signedOutPart.querySelector('h2')
  const countdown = find('[data-timeout-countdown]')
  const status = find('[data-timeout-status]')
  const stayButton = find('[data-timeout-action="stay"]')
  const csrfToken = find('input[name="csrfmiddlewaretoken"]').value

  let deadline = 0 // Date.now() when the session ends
  let waiting = null // the timeout until the warning
  let ticking = null // the countdown's interval, while warning
  let announced = null // the step of the countdown last read out
  let returnFocusTo = null
  let signedOut = false
  let asking = false

  const secondsLeft = () => Math.max(0, Math.ceil((deadline - Date.now()) / 1000))

  // { signedIn, secondsLeft, ends } from the server, or null if it cannot be reached.
  async function ask (method) {
    try {
      const response = await fetch(settings.dataset.keepAliveUrl, {
        method,
        headers: { Accept: 'application/json', 'X-CSRFToken': csrfToken },
        credentials: 'same-origin',
        cache: 'no-store'
      })
      // 403: the CSRF check refused a session that has ended.
      if (response.status === 401 || response.status === 403) return { signedIn: false }
      if (!response.ok) return null
      const body = await response.json()
      return { signedIn: body.signed_in === true, secondsLeft: Number(body.seconds_left), ends: body.ends }
    } catch {
      return null
    }
  }

  // The session ends in `secondsLeft`: wait until it is time to warn, or warn now.
  function schedule ({ secondsLeft: seconds, ends }) {
    deadline = Date.now() + seconds * 1000
    clearTimeout(waiting)
    if (seconds > warningSeconds) {
      stopCountdown()
      if (dialog.open) dialog.close()
      waiting = setTimeout(check, (seconds - warningSeconds) * 1000)
    } else {
      warn(ends)
    }
  }

  async function check () {
    const answer = await ask('GET')
    if (answer === null) warn('idle') // offline: count down by our own clock
    else if (!answer.signedIn) showSignedOut()
    else schedule(answer)
  }

  function open () {
    if (dialog.open) return
    returnFocusTo = document.activeElement
    dialog.showModal()
  }

  function warn (ends) {
    if (signedOut) return
    // At the 12-hour limit staying signed in is not possible: say so, and why.
    for (const note of dialog.querySelectorAll('[data-timeout-ends]')) note.hidden = note.dataset.timeoutEnds !== ends
    stayButton.hidden = ends === 'limit'
    if (!dialog.open) {
      announced = null
      open()
      dialog.focus()
    }
    if (ticking === null) ticking = setInterval(tick, 1000)
    tick()
  }

  function tick () {
    const left = secondsLeft()
    countdown.textContent = inWords(left)
    // Read out when the warning opens, then at each whole minute and at 30 seconds.
    const step = left > 60 ? Math.ceil(left / 60) : left > 30 ? 1 : 0
    if (step !== announced) {
      status.textContent = `We will sign you out in ${inWords(left)}.`
      announced = step
    }
    if (left === 0) timeUp()
  }

  function stopCountdown () {
    clearInterval(ticking)
    ticking = null
  }

  async function timeUp () {
    stopCountdown()
    const answer = await ask('GET')
    if (answer !== null && answer.signedIn && answer.secondsLeft > 0) schedule(answer)
    else showSignedOut()
  }

  async function stay () {
    if (asking) return
    asking = true
    const answer = await ask('POST')
    asking = false
    if (answer === null) status.textContent = 'We could not reach the service. Check your connection and try again.'
    else if (!answer.signedIn) showSignedOut()
    else schedule(answer)
  }

  function showSignedOut () {
    signedOut = true
    clearTimeout(waiting)
    stopCountdown()
    warningPart.hidden = true
    signedOutPart.hidden = false
    status.textContent = ''
    dialog.setAttribute('aria-labelledby', signedOutHeading.id)
    dialog.setAttribute('aria-describedby', signedOutPart.querySelector('p').id)
    open()
    signedOutHeading.focus()
  }

  stayButton.addEventListener('click', stay)
  find('[data-timeout-action="close"]').addEventListener('click', () => dialog.close())
  // Escape while warning means "I am still here", as in GOV.UK's pattern.
  dialog.addEventListener('cancel', (event) => {
    if (!signedOut && !stayButton.hidden) {
      event.preventDefault()
      stay()
    }
  })
  dialog.addEventListener('close', () => {
    if (returnFocusTo && returnFocusTo.isConnected) returnFocusTo.focus()
    returnFocusTo = null
  })
  // Once signed out, sending the form would only lose what was typed on the
  // way to the sign-in page: keep the page, and say why.
  document.addEventListener('submit', (event) => {
    if (signedOut && event.target.closest('main')) {
      event.preventDefault()
      showSignedOut()
    }
  })

  schedule({ secondsLeft: Number(settings.dataset.secondsLeft), ends: settings.dataset.ends })
}

// 90 -> "1 minute 30 seconds"
function inWords (seconds) {
  const minutes = Math.floor(seconds / 60)
  const rest = seconds % 60
  const parts = []
  if (minutes) parts.push(`${minutes} minute${minutes === 1 ? '' : 's'}`)
  if (rest || !minutes) parts.push(`${rest} second${rest === 1 ? '' : 's'}`)
  return parts.join(' ')
}

// An import being checked or written (templates/imports/import_detail.html):
// asks its status address every 1.5 seconds, says how far it has got in the
// page's live region, and reloads the page once the job is done, to show the
// preview or the outcome. Without JavaScript the page refreshes itself instead.
function importProgress () {
  const box = document.querySelector('[data-import-status-url]')
  if (!box) return
  const text = box.querySelector('[data-import-progress]')
  const poll = async () => {
    let body = null
    try {
      const response = await fetch(box.dataset.importStatusUrl, {
        headers: { Accept: 'application/json' },
        credentials: 'same-origin',
        cache: 'no-store'
      })
      if (response.ok) body = await response.json()
    } catch {
      body = null // the network blinked: ask again next time
    }
    if (body && !body.running) {
      window.location.reload()
      return
    }
    if (body && text && body.progress && text.textContent !== body.progress) text.textContent = body.progress
    setTimeout(poll, 1500)
  }
  setTimeout(poll, 1500)
}

sessionTimeoutWarning()
importProgress()
