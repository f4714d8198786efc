// Passkeys on the pages: enrolling one, and signing a form's statements with one. Loaded as a
// static script (the CSP allows scripts from 'self' only, never inline) after
// @simplewebauthn/browser's bundle, which defines the global SimpleWebAuthnBrowser.
//
// A form that signs carries data-statement-url. On submit this script:
//   1. posts the form's fields to that URL; the server builds the statements the form's commands
//      will carry (the same builder the command is checked with) and answers
//      { statements: [{ statement, summary: [[label, value], ...] }], rounds: [[credentialId, ...], ...], fields: {...} }
//      (a problem document when the form is refused, with `enrol` when the person has no passkey yet);
//   2. shows what is signed, and on "Sign with your passkey" asks the browser's WebAuthn prompt,
//      once per statement and round, with the challenge base64url(SHA-256(statement));
//   3. puts the proofs (JSON: proofs[statement][round]) and the server's fields in hidden inputs and
//      submits the form; the server verifies every signature before it accepts anything.
// An enrolment form carries data-registration-url too: the browser first creates the passkey
// (navigator.credentials.create), and the registration goes to the statement URL with the form.
'use strict';

(function () {
  const webauthn = window.SimpleWebAuthnBrowser;

  function base64url(bytes) {
    let text = '';
    for (const b of new Uint8Array(bytes)) text += String.fromCharCode(b);
    return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  async function challengeOf(statement) {
    return base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(statement)));
  }

  function element(tag, className, text) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  /** A form with files goes as multipart (the server hashes the files for the statements); others urlencoded. */
  async function postForm(url, fields, multipart) {
    const sent = multipart ? fields : new URLSearchParams(fields);
    const res = await fetch(url, { method: 'POST', headers: { Accept: 'application/json' }, body: sent, credentials: 'same-origin' });
    // A refusal the server answers with a page of its own (private key material in the form, found
    // before any route runs): the form goes as it is, to be refused and shown the same way.
    if (!(res.headers.get('content-type') || '').includes('json')) throw new PageAnswer();
    const body = await res.json().catch(() => ({ title: 'Unexpected answer', detail: `the server answered ${res.status}` }));
    if (!res.ok) {
      if (typeof body.enrol === 'string') window.location.assign(body.enrol);
      throw new Error(`${body.title || 'Refused'}: ${body.detail || ''}`);
    }
    return body;
  }

  class PageAnswer extends Error {}

  function hidden(form, name, value) {
    let input = form.querySelector(`input[type="hidden"][name="${name}"]`);
    if (input === null) {
      input = element('input');
      input.type = 'hidden';
      input.name = name;
      form.appendChild(input);
    }
    input.value = value;
  }

  function panelFor(form) {
    let panel = form.querySelector('.signing-panel');
    if (panel === null) {
      panel = element('section', 'signing-panel');
      panel.setAttribute('aria-live', 'polite');
      form.appendChild(panel);
    }
    panel.replaceChildren();
    return panel;
  }

  function showError(form, message) {
    const panel = panelFor(form);
    const box = element('div', 'banner banner-error');
    box.setAttribute('role', 'alert');
    box.append(element('strong', '', 'Not signed. '), document.createTextNode(message));
    panel.appendChild(box);
  }

  /**
   * A round only a personal key (the CLI's Ed25519 key) can sign: the person runs
   * `keygate signer approve` on their own machine with the statement and pastes the approval it
   * prints. The key never comes near the page.
   */
  function pastedApproval(form, statement) {
    const panel = panelFor(form);
    panel.appendChild(element('h3', '', 'Approve with your personal key'));
    panel.appendChild(element('p', '', 'You already hold a personal signing key, so this passkey must be approved with it. On the machine that holds the key, run keygate signer approve (with --config-dir if the key is not in your default config dir) and give it this statement as input:'));
    const pre = element('pre', 'statement-text', statement);
    pre.id = 'enrolment-statement';
    panel.appendChild(pre);
    const label = element('label', '', 'The approval it printed');
    label.htmlFor = 'personal-approval';
    const input = element('textarea');
    input.id = 'personal-approval';
    input.rows = 3;
    const ok = element('button', 'button', 'Approve and enrol');
    ok.type = 'button';
    panel.append(label, input, element('p', 'signing-buttons'));
    panel.lastChild.appendChild(ok);
    return new Promise((resolve, reject) => {
      ok.addEventListener('click', () => {
        try {
          const proof = JSON.parse(input.value);
          if (proof === null || typeof proof !== 'object' || proof.statement !== statement) throw new Error('the approval is for another statement');
          resolve(proof);
        } catch (err) {
          reject(new Error(`that is not the approval of this statement (${err instanceof Error ? err.message : err}); run keygate signer approve again`));
        }
      }, { once: true });
    });
  }

  async function sign(form, statements, rounds, personalKeys) {
    const proofs = [];
    for (const { statement } of statements) {
      const challenge = await challengeOf(statement);
      const signed = [];
      for (const allowed of rounds) {
        if (allowed.every((id) => personalKeys.includes(id))) {
          signed.push(await pastedApproval(form, statement));
          continue;
        }
        const optionsJSON = { challenge, allowCredentials: allowed.map((id) => ({ id, type: 'public-key' })), userVerification: 'preferred', timeout: 120000 };
        const r = await webauthn.startAuthentication({ optionsJSON });
        signed.push({ credentialId: r.id, statement, signature: r.response.signature, authenticatorData: r.response.authenticatorData, clientDataJSON: r.response.clientDataJSON });
      }
      proofs.push(signed);
    }
    return proofs;
  }

  /** Shows the statements and waits for the person to confirm; resolves false on "Cancel". */
  function confirmSigning(form, statements) {
    const panel = panelFor(form);
    panel.appendChild(element('h3', '', statements.length === 1 ? 'You are about to sign' : `You are about to sign ${statements.length} statements`));
    for (const { summary } of statements) {
      const list = element('dl', 'statement-summary');
      for (const [label, value] of summary) list.append(element('dt', '', label), element('dd', '', value));
      panel.appendChild(list);
    }
    const ok = element('button', 'button', 'Sign with your passkey');
    ok.type = 'button';
    const cancel = element('button', 'button secondary', 'Cancel');
    cancel.type = 'button';
    const buttons = element('p', 'signing-buttons');
    buttons.append(ok, document.createTextNode(' '), cancel);
    panel.appendChild(buttons);
    ok.focus();
    return new Promise((resolve) => {
      ok.addEventListener('click', () => resolve(true), { once: true });
      cancel.addEventListener('click', () => { panel.replaceChildren(); resolve(false); }, { once: true });
    });
  }

  async function onSubmit(event) {
    const form = event.currentTarget;
    event.preventDefault();
    const submitter = form.querySelector('button[type="submit"]');
    if (submitter) submitter.disabled = true;
    try {
      const fields = new FormData(form);
      fields.delete('proofs');
      if (form.dataset.registrationUrl) {
        const { options, ticket } = await postForm(form.dataset.registrationUrl, { _csrf: fields.get('_csrf') });
        const registration = await webauthn.startRegistration({ optionsJSON: options });
        fields.set('ticket', JSON.stringify(ticket));
        fields.set('registration', JSON.stringify(registration));
      }
      const answer = await postForm(form.dataset.statementUrl, fields, form.enctype === 'multipart/form-data');
      // No rounds: the policy makes signatures optional and the person holds no credential.
      if (answer.rounds.length === 0) {
        form.submit();
        return;
      }
      if (!(await confirmSigning(form, answer.statements))) return;
      const proofs = await sign(form, answer.statements, answer.rounds, answer.personalKeys || []);
      for (const [name, value] of Object.entries(answer.fields || {})) hidden(form, name, value);
      hidden(form, 'proofs', JSON.stringify(proofs));
      panelFor(form).appendChild(element('p', 'muted', 'Signed. Sending…'));
      form.submit();
    } catch (err) {
      if (err instanceof PageAnswer) {
        form.submit();
        return;
      }
      showError(form, err instanceof Error ? err.message : String(err));
    } finally {
      if (submitter) submitter.disabled = false;
    }
  }

  function start() {
    if (!webauthn || !webauthn.browserSupportsWebAuthn()) {
      for (const form of document.querySelectorAll('form[data-statement-url]')) showError(form, 'this browser cannot use passkeys (WebAuthn); open the pages at the address the server names, over https or on localhost.');
      return;
    }
    for (const form of document.querySelectorAll('form[data-statement-url]')) form.addEventListener('submit', onSubmit);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
